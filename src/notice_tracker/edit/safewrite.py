"""One edit as one transaction: lock the file, read every data file, change, re-validate,
write atomically.

Before anything is written the data folder is checked with the new text in place
(through the index: only the changed file is parsed, and only what it can have changed
is checked again); an edit that adds a problem is refused and the file is left
untouched. After the write the index learns the new file, so the next command reads
nothing afresh. Writes go
to a temporary file in the same folder, are flushed and fsync'ed, and renamed over the
original. An exclusive lock on the file serialises concurrent edits, and the bytes on
disk are compared with those read just before the rename: a file changed meanwhile is
read again and the edit re-applied, never overwritten blindly.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notice_tracker import files
from notice_tracker.edit.roundtrip import Mutate, Scope, rewrite
from notice_tracker.errors import NoticeError
from notice_tracker.evaluate.portfolio import find_notice
from notice_tracker.read import load
from notice_tracker.read.catalog import Catalog, Loaded
from notice_tracker.read.increment import remember, with_file
from notice_tracker.read.problems import Problem, display_path
from notice_tracker.read.validation import checked_edit
from notice_tracker.records.kinds import NOTICES
from notice_tracker.records.models import Notice

LOCK_TIMEOUT = 30.0
"""Seconds to wait for another edit of the same file to finish."""
_ATTEMPTS = 5


@dataclass(frozen=True)
class Outcome:
    """What an edit did: the file it wrote, one line saying what changed, and the
    commit message ``--commit`` uses."""

    path: Path
    summary: str
    message: str
    also: tuple[Path, ...] = ()
    """Other files the same edit wrote (``replace`` writes both notices)."""


@dataclass(frozen=True)
class Plan:
    """An edit worked out on one snapshot: the file to change, the change, the summary
    (from the catalog with the change made), the commit message and where the change
    is made."""

    path: Path
    mutate: Mutate
    describe: Callable[[Catalog], str]
    message: str
    scope: Scope | None = None
    """The one top-level key, or item of its sequence, the change is made inside, when
    there is one: only that is dumped to find the lines it changes
    (``edit.roundtrip.rewrite``)."""


@dataclass(frozen=True)
class Snapshot:
    """Every data file read together (unchanged ones through the index, their records
    built only when used), and the catalog they make."""

    root: Path
    catalog: Catalog

    @classmethod
    def read(cls, root: Path) -> Snapshot:
        if not root.is_dir():
            raise NoticeError(f"{display_path(root)}: no such data folder (see --data)")
        try:
            return cls(root, load(root, strict=True))
        except files.Unreadable as exc:
            raise NoticeError(
                f"{exc} -- no edit is made while a data file cannot be read"
            ) from None

    def notice(self, notice_id: str) -> Loaded[Notice]:
        """The notice ``notice_id``; ``NoticeError`` when it is missing or invalid."""
        return find_notice(self.catalog, notice_id, display_path(self.root / NOTICES.folder))

    def path_of(self, loaded: Loaded[Any]) -> Path:
        """The file ``loaded`` was read from."""
        if loaded.path is None:  # only data read from git has no file, and edits read files
            raise NoticeError(f"{loaded.doc.file}: not a file on disk")
        return loaded.path

    def holds(self, path: Path, data: bytes) -> bool:
        """``data`` is what this snapshot read from ``path``."""
        return self.catalog.index is not None and self.catalog.index.holds(path, data)


Planner = Callable[[Snapshot], Plan]


def transact(root: Path, planner: Planner) -> Outcome:
    """Plan the edit, lock the file, apply, re-validate, write. The data is read once:
    under the lock it is read again only if the file changed since."""
    snapshot = Snapshot.read(root)
    path = planner(snapshot).path
    with _locked(path):
        for _ in range(_ATTEMPTS):
            if not snapshot.holds(path, _read(path)):
                snapshot = Snapshot.read(root)
            plan = planner(snapshot)
            old = _read(plan.path)
            new = _new_text(plan, old).encode("utf-8")
            catalog = _revalidate(snapshot, plan.path, new)
            if _write(plan.path, new, old):
                remember(snapshot.catalog, catalog, plan.path, new)
                return Outcome(plan.path, plan.describe(catalog), plan.message)
            snapshot = Snapshot.read(root)
    raise NoticeError(f"{display_path(path)}: the file kept changing during the edit; try again")


def _read(path: Path) -> bytes:
    """A data file's bytes for an edit; an unreadable file stops the edit."""
    try:
        return files.read_bytes(path)
    except files.Unreadable as exc:
        raise NoticeError(f"{exc} -- no edit is made while a data file cannot be read") from None


def _new_text(plan: Plan, old: bytes) -> str:
    try:
        text = old.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NoticeError(f"{display_path(plan.path)}: not UTF-8 text ({exc})") from None
    return rewrite(text, plan.mutate, plan.scope)


def _revalidate(snapshot: Snapshot, path: Path, data: bytes) -> Catalog:
    """The catalog with the new bytes; ``NoticeError`` listing every problem they add.
    When the data was valid, only the changed file is read, and only what it can have
    changed is checked (``read.validation.checked_edit``); else everything is."""
    before = snapshot.catalog
    if not before.problems:
        catalog = with_file(before, path, data)
        added = list(checked_edit(before, catalog, path))
    else:
        catalog = load(snapshot.root, contents={path: data})
        seen = Counter(_key(p) for p in before.problems)
        added = [p for p in catalog.problems if not _seen(seen, _key(p))]
    if added:
        listed = "\n".join(f"  {p}" for p in sorted(added, key=_order))
        raise NoticeError(
            f"refused: the edit would make the data invalid (the file is unchanged):\n{listed}"
        )
    return catalog


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.where.file, problem.where.line, problem.where.col, problem.message)


def _key(problem: Problem) -> tuple[str, str, str, str]:
    return (problem.where.file, problem.path, problem.message, problem.hint)


def _seen(before: Counter[tuple[str, str, str, str]], key: tuple[str, str, str, str]) -> bool:
    if before[key] > 0:
        before[key] -= 1
        return True
    return False


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` itself (no lock file is left behind), waiting
    up to ``LOCK_TIMEOUT`` seconds. Writers replace the file, so a lock won on a file
    that has since been replaced is retaken on the new one."""
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            raise NoticeError(f"{display_path(path)}: the file has gone") from None
        try:
            _flock(fd, path, deadline)
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                yield
                return
        finally:
            os.close(fd)


def _flock(fd: int, path: Path, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise NoticeError(
                    f"{display_path(path)}: another edit of this file is still running; try again"
                ) from None
            time.sleep(0.02)


def _write(path: Path, data: bytes, expected: bytes) -> bool:
    """``_replace`` on the real file (a symlink stays a symlink), with a failure to
    write reported as an expected failure."""
    try:
        files.refuse_unsafe_target(path, follow=True)
        return _replace(path.resolve(), data, expected)
    except OSError as exc:
        raise NoticeError(f"{display_path(path)}: cannot write (file unchanged): {exc}") from None


def _replace(path: Path, data: bytes, expected: bytes) -> bool:
    return files.replace_if_unchanged(path, data, expected)
