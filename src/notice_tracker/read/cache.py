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
import functools
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from notice_tracker import __version__, files
from notice_tracker.records.folders import FOLDERS, is_data_file

FORMAT = 3
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


class Index:
    """The records of one data folder as last read, and the records read this time."""

    def __init__(self, root: Path) -> None:
        folder = cache_dir()
        name = digest(str(root.resolve()).encode("utf-8", "surrogateescape"))[:24]
        self.path = folder / f"records-{name}.json" if folder else None
        self.old: dict[str, Any] = self._read() if self.path else {}
        self.new: dict[str, list[Any]] = {}
        self.seen: dict[str, tuple[int, int, str]] = {}

    def _read(self) -> dict[str, Any]:
        assert self.path is not None
        try:
            index = json.loads(self.path.read_bytes())
        except (OSError, ValueError, RecursionError):
            return {}
        if (
            not isinstance(index, dict)
            or index.get("tool") != fingerprint()
            or index.get("format") != FORMAT
            or not isinstance(index.get("files"), dict)
        ):
            return {}
        stored: dict[str, Any] = index["files"]
        return stored

    def look_up(self, key: str, stat: os.stat_result, data: bytes) -> str | None:
        """The stored record (JSON) of the file ``key`` if it is unchanged, else None.
        Either way the file's size, time and hash are kept for ``store``."""
        seen = (stat.st_size, stat.st_mtime_ns, digest(data))
        self.seen[key] = seen
        entry = self.old.get(key)
        if (
            isinstance(entry, list)
            and len(entry) == 4
            and tuple(entry[:3]) == seen
            and isinstance(entry[3], str)
        ):
            self.new[key] = entry
            return entry[3]
        return None

    def forget(self, key: str) -> None:
        """The stored record did not load after all: it is not kept."""
        self.new.pop(key, None)

    def store(self, key: str, record_json: str) -> None:
        """Keep the record read from the file ``key`` (valid on its own) for next time."""
        if key in self.seen:
            self.new[key] = [*self.seen[key], record_json]

    def save(self) -> None:
        """Write the index when anything in it changed; a cache that cannot be written
        is simply skipped."""
        if self.path is None or self.new == self.old:
            return
        index = {"tool": fingerprint(), "format": FORMAT, "files": self.new}
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            files.write(self.path, json.dumps(index, separators=(",", ":")).encode("utf-8"))
