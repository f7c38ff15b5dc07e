"""An index of validated records for one data folder, so that an unchanged file is
neither parsed nor validated again.

One JSON file per data folder holds, for each data file that was valid on its own, its
size, modification time and SHA-256, and its record as JSON. A file is taken from the
index only when all three match what is on disk now and the index was written by this
version of the tool; anything else (a new, edited, renamed or deleted file, another
version, a corrupt or foreign index, an entry of the wrong shape) is read afresh and the
index rewritten. The index holds data only: it is JSON, never pickle, so an entry
planted in the cache folder cannot run code. Positions are not stored: the few that a
problem or a finding needs are parsed again from the file itself, so every message is
the same with and without the index.

An index is the tool's own: it is used only by the build of the tool that wrote it
(``fingerprint``: the version, every file of the package, the installed distributions
and the Python version), so upgrading a library or changing the code starts afresh.

``NOTICE_CACHE=off`` disables it (and the kept answers, ``cli.answers``);
``NOTICE_CACHE=DIR`` moves both (default: ``$XDG_CACHE_HOME/notice-tracker``, usually
``~/.cache/notice-tracker``).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notice_tracker import __version__, files
from notice_tracker.records.folders import FOLDERS, is_data_file

FORMAT = 4
"""Bumped whenever what an index holds changes."""


def cache_dir() -> Path | None:
    setting = os.environ.get("NOTICE_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "notice-tracker"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def fingerprint() -> str:
    """This build of the tool: its version, the name, size and modification time of
    every file of the package (code, templates, schemas), the folder names of the
    installed distributions (which carry their versions) and the Python version. A
    cache written by any other build is not used."""
    seen = hashlib.sha256(f"{__version__}\0{FORMAT}\0{sys.version}\n".encode())
    package = Path(__file__).resolve().parent.parent
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            with contextlib.suppress(OSError):
                st = os.stat(os.path.join(folder, name))
                where = os.path.relpath(os.path.join(folder, name), package)
                seen.update(
                    f"{where}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(errors="surrogateescape")
                )
    for entry in sys.path:
        with contextlib.suppress(OSError):
            for name in sorted(os.listdir(entry or ".")):
                if name.endswith((".dist-info", ".egg-info", ".pth")):
                    seen.update(f"{name}\n".encode(errors="surrogateescape"))
    return seen.hexdigest()


def state(files: Iterable[tuple[str, str]]) -> str:
    """The hash of a folder's state: each data file's key and SHA-256."""
    lines = "".join(f"{key}\0{sha}\n" for key, sha in sorted(files))
    return digest(lines.encode(errors="surrogateescape"))


def folder_digest(root: Path) -> str | None:
    """The SHA-256 of every data file below ``root`` (its folder, name, size and
    content), read afresh: any edit, new file, rename or deletion changes it. None when
    a data file cannot be read (the command reading it will say why)."""
    seen = hashlib.sha256()
    for folder in FOLDERS:
        where = root / folder
        if not where.is_dir():
            continue
        for name in sorted(n for n in os.listdir(where) if is_data_file(n)):
            try:
                data = files.read_bytes(where / name)
            except files.Unreadable:
                return None
            line = f"{folder}/{name}\0{len(data)}\0{digest(data)}\n"
            seen.update(line.encode(errors="surrogateescape"))
    return seen.hexdigest()


Positions = dict[tuple[str | int, ...], tuple[int, int]]
"""Line and column by document path (as ``read.yaml_io`` gives them)."""

Facts = dict[str, Any]
"""What the checks across records need to know of a record without building it: the
records it refers to (``refs``: [folder, id] pairs) and, for an inspection, the day it
was published. Small, and JSON."""


@dataclass(frozen=True)
class Stored:
    """An unchanged file's entry: its facts now; its record (JSON) and its shallow
    positions when asked for."""

    facts: Facts
    body: Callable[[], bytes | None]
    positions: Callable[[], Positions | None]


class Index:
    """The records of one data folder as last read, and the records read this time.

    Two files in the cache folder: ``records-NAME.json``, the header (for each file its
    size, time, SHA-256, facts and where its record is), small enough to read whole on
    every run; and the records themselves, one after another in the bodies file the
    header names, each read only when its record is built. Each body begins with its
    file's key and hash, checked when it is read, so a body can never be taken for
    another file's. New bodies are appended (under a lock); the file is written afresh
    when more than half of it is records no longer in the header.
    """

    def __init__(self, root: Path) -> None:
        folder = cache_dir()
        self.name = digest(str(root.resolve()).encode("utf-8", "surrogateescape"))[:24]
        self.folder = folder
        self.path = folder / f"records-{self.name}.json" if folder else None
        self.old: dict[str, Any] = {}
        self.bodies: str | None = None
        self.checked: str | None = None
        self._fd: int | None = None
        self.base_valid = False
        """The files as last saved were found valid across records (``checked``)."""
        if self.path is not None:
            self._read()
        self.new: dict[str, list[Any]] = {}
        self.pending: dict[str, tuple[bytes, Facts]] = {}
        self.seen: dict[str, tuple[int, int, str]] = {}

    def _read(self) -> None:
        assert self.path is not None
        assert self.folder is not None
        try:
            index = json.loads(files.read_bytes(self.path, limit=MAX_HEADER))
        except (files.Unreadable, ValueError, RecursionError):
            return
        bodies = index.get("bodies") if isinstance(index, dict) else None
        if (
            not isinstance(index, dict)
            or index.get("tool") != fingerprint()
            or index.get("format") != FORMAT
            or not isinstance(index.get("files"), dict)
            or not isinstance(bodies, str)
            or not re.fullmatch(rf"records-{self.name}-[0-9a-f]{{16}}\.bodies", bodies)
        ):
            return
        try:
            self._fd = os.open(self.folder / bodies, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
            if not stat.S_ISREG(os.fstat(self._fd).st_mode):
                raise OSError("not a regular file")
        except OSError:
            self._close()
            return
        self.old = index["files"]
        self.bodies = bodies
        checked = index.get("checked")
        self.checked = checked if isinstance(checked, str) else None
        entries = self.old.values()
        if self.checked is not None and all(isinstance(e, list) and len(e) == 6 for e in entries):
            shas = [(key, str(entry[2])) for key, entry in self.old.items()]
            self.base_valid = state(shas) == self.checked

    def _close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        self._fd = None

    def look_up(self, key: str, stat_: os.stat_result, data: bytes) -> Stored | None:
        """The stored entry of the file ``key`` if it is unchanged, else None. Either
        way the file's size, time and hash are kept for ``store``."""
        seen = (stat_.st_size, stat_.st_mtime_ns, digest(data))
        self.seen[key] = seen
        entry = self.old.get(key)
        if (
            isinstance(entry, list)
            and len(entry) == 6
            and tuple(entry[:3]) == seen
            and all(isinstance(n, int) and n >= 0 for n in entry[3:5])
            and entry[4] <= MAX_BODY
            and isinstance(entry[5], dict)
        ):
            self.new[key] = entry
            where = (key, seen[2], *entry[3:5])
            return Stored(
                entry[5],
                functools.partial(self._body, *where),
                functools.partial(self._positions, *where),
            )
        return None

    def _read_body(self, key: str, sha: str, offset: int, length: int) -> list[bytes] | None:
        """The positions and record stored for ``key`` at ``offset``, or None when what
        is there is not that file's (a damaged or planted bodies file)."""
        if self._fd is None:
            return None
        try:
            raw = os.pread(self._fd, length, offset)
        except OSError:
            return None
        parts = raw.split(b"\n", 2)
        if len(raw) != length or len(parts) != 3:
            return None
        if parts[0] != f"{key}\0{sha}".encode(errors="surrogateescape"):
            return None
        return parts[1:]

    def _body(self, key: str, sha: str, offset: int, length: int) -> bytes | None:
        found = self._read_body(key, sha, offset, length)
        return None if found is None else found[1]

    def _positions(self, key: str, sha: str, offset: int, length: int) -> Positions | None:
        found = self._read_body(key, sha, offset, length)
        if found is None:
            return None
        try:
            rows = json.loads(found[0])
            return {tuple(path): (line, col) for path, line, col in rows}
        except (ValueError, TypeError, RecursionError):
            return None

    def holds(self, path: Path, data: bytes) -> bool:
        """``data`` is what was read from the data file ``path`` this time."""
        seen = self.seen.get(f"{path.parent.name}/{path.name}")
        return seen is not None and seen[2] == digest(data)

    def learn(self, path: Path, data: bytes) -> str:
        """The data file ``path`` now holds ``data`` (an edit wrote it): its size, time
        and hash are taken; returns its key, for ``store``."""
        key = f"{path.parent.name}/{path.name}"
        st = path.stat()
        self.seen[key] = (st.st_size, st.st_mtime_ns, digest(data))
        return key

    def changed(self) -> list[tuple[str, Facts]] | None:
        """(folder, facts) of what changed since the files as last saved, each side of
        a change: the old facts of a file changed or gone, the new ones of a file read
        afresh (given by the loader). None when they are not all known."""
        found: list[tuple[str, Facts]] = []
        for key, entry in self.old.items():
            if self.new.get(key) is not entry:
                if not isinstance(entry[5], dict):
                    return None
                found.append((key.partition("/")[0], entry[5]))
        return found

    def forget(self, key: str) -> None:
        """The stored record did not load after all: it is not kept."""
        self.new.pop(key, None)

    def store(self, key: str, record_json: str, facts: Facts, positions: Positions) -> None:
        """Keep the record read from the file ``key`` (valid on its own), its facts and
        its shallow positions for next time."""
        if key in self.seen:
            sha = self.seen[key][2]
            head = f"{key}\0{sha}\n".encode(errors="surrogateescape")
            rows = json.dumps([[list(p), *pos] for p, pos in positions.items()])
            body = head + rows.encode() + b"\n" + record_json.encode("utf-8")
            self.pending[key] = (body, facts)

    def save(self, checked: str | None = None) -> None:
        """Write the index when anything in it changed (``checked``: the digest of the
        folder when the checks across its records found nothing); a cache that cannot
        be written is simply skipped."""
        live = {k: v for k, v in self.new.items() if k not in self.pending}
        if self.path is None or (not self.pending and live == self.old and checked == self.checked):
            return
        with contextlib.suppress(OSError):
            self._write(live, checked)

    def _write(self, live: dict[str, list[Any]], checked: str | None) -> None:
        assert self.path is not None
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        kept = sum(entry[4] for entry in live.values())
        size = os.fstat(self._fd).st_size if self._fd is not None else 0
        if self.bodies is None or size > 2 * kept + (1 << 20):
            bodies, live = self._fresh(live)
        else:
            bodies = self.bodies
        with _appending(self.folder / bodies) as (fd, offset):
            for key, (body, facts) in self.pending.items():
                os.write(fd, body)
                live[key] = [*self.seen[key], offset, len(body), facts]
                offset += len(body)
            header = {"tool": fingerprint(), "format": FORMAT, "bodies": bodies}
            header |= {"checked": checked, "files": live}
            files.write(self.path, json.dumps(header, separators=(",", ":")).encode())
        if bodies != self.bodies and self.bodies is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.folder / self.bodies)

    def _fresh(self, live: dict[str, list[Any]]) -> tuple[str, dict[str, list[Any]]]:
        """A new bodies file holding the records still in use, copied from the old one."""
        assert self.folder is not None
        bodies = f"records-{self.name}-{secrets.token_hex(8)}.bodies"
        moved: dict[str, list[Any]] = {}
        with _appending(self.folder / bodies) as (fd, offset):
            for key, entry in live.items():
                body = self._raw(entry[3], entry[4])
                if body is None:
                    continue
                os.write(fd, body)
                moved[key] = [*entry[:3], offset, len(body), entry[5]]
                offset += len(body)
        return bodies, moved

    def _raw(self, offset: int, length: int) -> bytes | None:
        if self._fd is None:
            return None
        with contextlib.suppress(OSError):
            raw = os.pread(self._fd, length, offset)
            return raw if len(raw) == length else None
        return None


MAX_HEADER = 64 * 1024 * 1024
"""The largest index header read (a national register's is a few MB)."""
MAX_BODY = files.MAX_FILE_BYTES * 8
"""The largest stored record read (a record's JSON is about the size of its file)."""


@contextlib.contextmanager
def _appending(path: Path) -> Iterator[tuple[int, int]]:
    """The bodies file open for appending, locked against other writers, and where the
    next body will start."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd, os.fstat(fd).st_size
    finally:
        os.close(fd)
