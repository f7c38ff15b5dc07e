"""A notice's audit trail: who changed what, when, from the git history of its files.

Each entry is a commit that touched the notice's file, or changed one of its targets,
with the field-level changes it made compared with its first parent. Only the notice's
own file and the target-set files are read at each revision, so a long history of a
large register stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from notice_tracker.errors import NoticeError
from notice_tracker.history import git
from notice_tracker.history.changes import Change, diff
from notice_tracker.read import load_texts
from notice_tracker.read.catalog import Catalog
from notice_tracker.read.problems import did_you_mean, display_path
from notice_tracker.records.folders import data_files
from notice_tracker.records.kinds import NOTICES, SUFFIXES, TARGETS


@dataclass(frozen=True)
class HistoryEntry:
    """One commit and the changes it made to the notice (empty when the commit touched
    the file without changing a field: comments or layout)."""

    commit: git.Commit
    changes: tuple[Change, ...]


def history(data_root: Path, notice_id: str) -> list[HistoryEntry]:
    """Every commit that touched ``notice_id``'s file or changed its targets, newest
    first. ``NoticeError`` outside a git repository, or when no commit ever touched
    the notice."""
    files = [data_root / NOTICES.folder / f"{notice_id}{suffix}" for suffix in SUFFIXES]
    if git.repo_root(data_root) is None:
        raise NoticeError(f"{display_path(data_root)}: not in a git repository: no history")
    touched = {c.sha for c in git.log(files)}
    if not touched:
        raise _never(data_root, notice_id)
    reader = _Reader(data_root, notice_id)
    entries = []
    for commit in git.log([*files, data_root / TARGETS.folder]):
        before = git.parent(data_root, commit.sha)
        changes = diff(reader.at(before), reader.at(commit.sha), notice_id)
        if changes or commit.sha in touched:
            entries.append(HistoryEntry(commit, tuple(changes)))
    return entries


@dataclass(frozen=True)
class Attributed:
    """A change since a revision and the commit that made it (None: not committed yet)."""

    change: Change
    commit: git.Commit | None


def attributed_since(
    data_root: Path, notice_id: str, since: str, now: Catalog, until: str | None = None
) -> list[Attributed]:
    """What changed in ``notice_id``'s data from ``since`` to ``now`` (the working tree,
    or the data at ``until``), each change with the last commit after ``since`` that
    made it: ``notice report --since REV`` names who changed what, and when."""
    files = [data_root / NOTICES.folder / f"{notice_id}{suffix}" for suffix in SUFFIXES]
    net = diff(load_texts(git.texts_at(data_root, since)), now, notice_id)
    reader = _Reader(data_root, notice_id)
    made: dict[tuple[str, str, str], git.Commit] = {}
    for commit in reversed(
        git.log_range([*files, data_root / TARGETS.folder], since, until or "HEAD")
    ):
        before = git.parent(data_root, commit.sha)
        for change in diff(reader.at(before), reader.at(commit.sha), notice_id):
            made[(change.kind, change.subject, change.detail)] = commit
    return [Attributed(c, made.get((c.kind, c.subject, c.detail))) for c in net]


def _never(data_root: Path, notice_id: str) -> NoticeError:
    known = [p.stem for kind, p in data_files(data_root) if kind == NOTICES.folder]
    hint = did_you_mean(notice_id, known)
    hint = f" ({hint})" if hint else ""
    where = display_path(data_root / NOTICES.folder / f"{notice_id}{SUFFIXES[0]}")
    return NoticeError(f"{where}: no commit has touched notice {notice_id!r}{hint}")


class _Reader:
    """The notice's file and the target sets at a revision, each revision read once."""

    def __init__(self, data_root: Path, notice_id: str) -> None:
        self.data_root = data_root
        self.notice_id = notice_id
        self.cache: dict[str | None, Catalog] = {None: Catalog()}

    def _wanted(self, kind: str, name: str) -> bool:
        return kind == TARGETS.folder or (
            kind == NOTICES.folder and Path(name).stem == self.notice_id
        )

    def at(self, rev: str | None) -> Catalog:
        if rev not in self.cache:
            assert rev is not None
            self.cache[rev] = load_texts(git.texts_at(self.data_root, rev, self._wanted))
        return self.cache[rev]
