"""An index of validated records for one data folder, so that an unchanged file is
neither parsed nor validated again (nor read, when its times show it cannot have
changed).

Two files per data folder (see ``Index``): a header holding, for each data file that
was valid on its own, its size, times, inode and SHA-256 and its facts (what the checks
across records need); and a bodies file of the records themselves (JSON) with their
shallow positions, each read only when its record is built. A file is taken from the
index only when its hash matches what is on disk now (its times standing for the hash
when they are as they were, and settled, when it was hashed); anything else (a new,
edited, renamed or deleted file, a corrupt or foreign index, an entry of the wrong
shape, a body that is not its file's) is read afresh and the index rewritten. JSON,
never pickle: an entry planted in the cache folder cannot run code. Any position but
the shallow ones is parsed again from the file, so every message is the same with and
without the index. Only the build of the tool that wrote it uses it
(``read.build.fingerprint``). ``NOTICE_CACHE=off`` disables it (and the kept answers,
``cli.answers``); ``NOTICE_CACHE=DIR`` moves both (default:
``$XDG_CACHE_HOME/notice-tracker``, usually ``~/.cache/notice-tracker``).
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
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from notice_tracker import files
from notice_tracker.errors import NoticeError
from notice_tracker.read.build import FORMAT, cache_dir, fingerprint


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def state(files: Iterable[tuple[str, str]]) -> str:
    """The hash of a folder's state: each data file's key and SHA-256."""
    lines = "".join(f"{key}\0{sha}\n" for key, sha in sorted(files))
    return digest(lines.encode(errors="surrogateescape"))


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

    In the cache folder: ``records-NAME.json``, the header (each file's size, time,
    SHA-256, facts and where its record is), read whole on every run; and the bodies
    file it names, the records one after another, each read only when built. A body
    begins with its file's key and hash, checked when read, so it can never be taken
    for another file's. Bodies are appended (under a lock); the file is written afresh
    when more than half of it is records no longer in the header."""

    def __init__(self, root: Path) -> None:
        folder = cache_dir()
        self.name = digest(str(root.resolve()).encode("utf-8", "surrogateescape"))[:24]
        self.folder = folder
        self.path = folder / f"records-{self.name}.json" if folder else None
        self.old: dict[str, Any] = {}
        self.bodies: str | None = None
        self.checked: str | None = None
        # The bodies file the header names, opened with it (read even if another run has
        # replaced it since); the one this run appends to (and reads); what it appended.
        self._fd: int | None = None
        self._spool: int | None = None
        self._spooled: set[str] = set()
        self.started = time.time_ns()
        self.base_valid = False
        """The files as last saved were found valid across records (``checked``)."""
        if self.path is not None:
            self._read()
        self.new: dict[str, list[Any]] = {}
        self.changes = 0  # records stored (appended to the bodies file) this time
        self.reused: set[str] = set()  # the files taken from the index this time
        self.seen: dict[str, tuple[int, int, str]] = {}
        self.stats: dict[str, list[Any]] = {}
        """Each file's change time, inode and whether its times can be trusted."""

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
        stored: dict[str, Any] = index["files"]
        self.old = {key: e for key, e in stored.items() if _well_formed(e)}  # checked once
        self.bodies = bodies
        checked = index.get("checked")
        self.checked = checked if isinstance(checked, str) else None
        if self.checked is not None and len(self.old) == len(stored):
            shas = [(key, str(entry[2])) for key, entry in self.old.items()]
            self.base_valid = state(shas) == self.checked

    def close(self) -> None:
        """Let go of the bodies file (records not yet built can no longer be)."""
        self._close()

    def _close(self) -> None:
        for fd in {fd for fd in (self._fd, self._spool) if fd is not None}:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fd = self._spool = None

    def sha_of(
        self, key: str, st: os.stat_result, read: Callable[[], bytes]
    ) -> tuple[str, bytes | None]:
        """The SHA-256 of the file ``key``, and its bytes if they had to be read: an
        entry whose file has the same size, modification and change times and inode as
        when it was hashed, long enough before it was hashed (``RACY_NS``) that no later
        write can share its times, is trusted; any other file is read and hashed."""
        entry = self.old.get(key)
        stats = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        if entry is not None and entry[8] and (entry[0], entry[1], entry[6], entry[7]) == stats:
            sha: str = entry[2]
            self._note(key, st, sha)
            return sha, None
        data = read()
        sha = digest(data)
        self._note(key, st, sha)
        return sha, data

    def _note(self, key: str, st: os.stat_result, sha: str) -> None:
        self.seen[key] = (st.st_size, st.st_mtime_ns, sha)
        settled = max(st.st_mtime_ns, st.st_ctime_ns) < self.started - RACY_NS
        self.stats[key] = [st.st_ctime_ns, st.st_ino, settled]

    def look_up(
        self, key: str, st: os.stat_result, read: Callable[[], bytes]
    ) -> tuple[Stored | None, bytes | None]:
        """The stored entry of the file ``key`` if it is unchanged (else None), and the
        file's bytes if they had to be read. Either way the file's size, times and hash
        are kept for ``store``."""
        sha, data = self.sha_of(key, st, read)
        entry = self.old.get(key)
        if entry is None or entry[2] != sha:
            return None, data if data is not None else read()
        kept = [*self.seen[key], *entry[3:6], *self.stats[key]]
        self.new[key] = entry if kept == entry else kept
        self.reused.add(key)
        return self.stored(key), data

    def matching(self, key: str, data: bytes) -> Stored | None:
        """The entry of the file ``key`` if it was stored from ``data`` (bytes read from
        elsewhere: as committed in git); its times are not taken."""
        entry = self.old.get(key)
        if entry is None or entry[2] != digest(data):
            return None
        self.new[key] = entry
        return self.stored(key)

    def _read_body(self, key: str, sha: str, offset: int, length: int) -> list[bytes] | None:
        """The positions and record stored for ``key`` at ``offset``, or None when what
        is there is not that file's (a damaged or planted bodies file)."""
        raw = self._raw(key, offset, length)
        if raw is None:
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
        self._note(key, path.stat(), digest(data))
        return key

    def changed(self) -> list[tuple[str, Facts]]:
        """(folder, facts) of the files as last saved that were not taken from the index
        this time (changed or gone): the old side of each change (the loader adds the
        new side, from the files read afresh)."""
        return [(k.partition("/")[0], e[5]) for k, e in self.old.items() if k not in self.reused]

    def stored(self, key: str) -> Stored | None:
        """The entry this run holds for ``key`` (read or stored), as ``look_up`` gives it."""
        entry = self.new.get(key)  # checked when the header was read, or just stored
        if entry is None:
            return None
        where = (key, entry[2], entry[3], entry[4])
        return Stored(
            entry[5],
            functools.partial(self._body, *where),
            functools.partial(self._positions, *where),
        )

    def forget_file(self, key: str) -> None:
        """The file ``key`` is given in other bytes than on disk: its times are not
        to be trusted this time."""
        entry = self.old.get(key)
        if _well_formed(entry):
            self.old[key] = [*entry[:8], False]

    def store(self, key: str, record_json: str, facts: Facts, positions: Positions) -> None:
        """Keep the record read from the file ``key`` (valid on its own), its facts and
        its shallow positions for next time: appended to the bodies file at once, so
        that a large register's records are never all held in memory."""
        if key not in self.seen or self.path is None:
            return
        sha = self.seen[key][2]
        head = f"{key}\0{sha}\n".encode(errors="surrogateescape")
        rows = json.dumps([[list(p), *pos] for p, pos in positions.items()])
        body = head + rows.encode() + b"\n" + record_json.encode("utf-8")
        try:
            offset = self._append(body)
        except OSError:
            return
        self.new[key] = [*self.seen[key], offset, len(body), facts, *self.stats[key]]
        self._spooled.add(key)
        self.changes += 1

    def _append(self, body: bytes) -> int:
        """Append ``body`` to the bodies file (begun when there is none); its offset."""
        assert self.folder is not None
        if self.bodies is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.bodies = f"records-{self.name}-{secrets.token_hex(8)}.bodies"
        if self._spool is None:
            flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
            self._spool = os.open(self.folder / self.bodies, flags, 0o600)
        fcntl.flock(self._spool, fcntl.LOCK_EX)  # other runs append to the same file
        try:
            offset = os.fstat(self._spool).st_size
            os.write(self._spool, body)
        finally:
            fcntl.flock(self._spool, fcntl.LOCK_UN)
        return offset

    def save(self, checked: str | None = None) -> None:
        """Write the index when anything in it changed (``checked``: the digest of the
        folder when the checks across its records found nothing); a cache that cannot
        be written is simply skipped."""
        if self.path is None or self.bodies is None:
            return
        if not self.changes and self.new == self.old and checked == self.checked:
            return
        with contextlib.suppress(OSError, NoticeError):  # a full disk: no index this time
            self._write(checked)

    def _write(self, checked: str | None) -> None:
        assert self.path is not None
        assert self.folder is not None
        assert self.bodies is not None
        live = self.new
        kept = sum(entry[4] for entry in live.values())
        bodies = self.bodies
        if (self.folder / bodies).stat().st_size > 2 * kept + (1 << 20):
            bodies, live, fd = self._fresh(live)
            self._close()  # records still to be built are read from the new file
            self._fd, self._spooled = fd, set()
            self.bodies, self.new = bodies, live
        header = {"tool": fingerprint(), "format": FORMAT, "bodies": bodies}
        header |= {"checked": checked, "files": live}
        files.write(self.path, _json(header), durable=False)
        for stale in self.folder.glob(f"records-{self.name}-*.bodies"):
            if stale.name != bodies:  # left by an earlier build, or compacted away
                with contextlib.suppress(OSError):
                    stale.unlink()

    def _fresh(self, live: dict[str, list[Any]]) -> tuple[str, dict[str, list[Any]], int]:
        """A new bodies file holding the records still in use, copied from the old one;
        its name, the entries pointing into it, and a descriptor to read it by."""
        assert self.folder is not None
        bodies = f"records-{self.name}-{secrets.token_hex(8)}.bodies"
        moved: dict[str, list[Any]] = {}
        with _appending(self.folder / bodies) as (fd, offset):
            for key, entry in live.items():
                body = self._raw(key, entry[3], entry[4])
                if body is None:
                    continue
                os.write(fd, body)
                moved[key] = [*entry[:3], offset, len(body), *entry[5:]]
                offset += len(body)
            return bodies, moved, os.dup(fd)

    def _raw(self, key: str, offset: int, length: int) -> bytes | None:
        """The bytes stored for ``key`` at ``offset``, from the bodies file it was
        stored in (None when they cannot be read whole)."""
        fd = self._spool if key in self._spooled else self._fd
        if fd is None:
            return None
        try:
            raw = os.pread(fd, length, offset)
        except OSError:
            return None
        return raw if len(raw) == length else None


def _json(value: Any) -> bytes:
    """``value`` as compact JSON: by pydantic-core (loaded by then: records were read),
    three times as fast as ``json``; by ``json`` when a file name is not UTF-8 (its
    escaped surrogates are not text pydantic-core writes)."""
    import pydantic_core

    try:
        return pydantic_core.to_json(value)
    except ValueError:
        return json.dumps(value, separators=(",", ":")).encode()


def _well_formed(entry: object) -> TypeGuard[list[Any]]:
    """A header entry: [size, mtime, sha, offset, length, facts, ctime, inode, settled]."""
    if type(entry) is not list or len(entry) != 9:  # exact types: a header has thousands
        return False
    ints = type(entry[3]) is type(entry[4]) is type(entry[7]) is int
    shapes = type(entry[2]) is str and type(entry[5]) is dict and type(entry[8]) is bool
    return ints and shapes and entry[3] >= 0 and 0 <= entry[4] <= MAX_BODY and entry[7] >= 0


RACY_NS = 2_000_000_000
"""A file changed less than this long before it was hashed is hashed again next time:
a write in the same clock tick could leave its times as they were (as git does)."""

MAX_HEADER = 64 * 1024 * 1024
"""The largest index header read (a national register's is a few MB)."""
MAX_BODY = files.MAX_FILE_BYTES * 8
"""The largest stored record read (a record's JSON is about the size of its file)."""


@contextlib.contextmanager
def _appending(path: Path) -> Iterator[tuple[int, int]]:
    """The bodies file open for appending (and reading), locked against other writers,
    and where the next body will start."""
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd, os.fstat(fd).st_size
    finally:
        os.close(fd)
