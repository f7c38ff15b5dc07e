"""A notice's audit trail: who changed what, when, from the git history of its files.

Each entry is a commit that touched the notice's file, or changed one of its targets,
with the field-level changes it made compared with its first parent. Of each commit,
only the files it changed are read, and of those only the notice's own file and the
target sets whose text could name the notice, so that the cost of a history is that of
its changes, however large the register.
"""

from __future__ import annotations

from collections.abc import Iterable
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
        changes = diff(*reader.pair(before, commit.sha), notice_id)
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
    reader = _Reader(data_root, notice_id)
    own = [str(t.facts["id"]) for t in now.targets_for(notice_id)]
    net = diff(reader.at(since, own), now, notice_id)
    made: dict[tuple[str, str, str], git.Commit] = {}
    for commit in reversed(
        git.log_range([*files, data_root / TARGETS.folder], since, until or "HEAD")
    ):
        before = git.parent(data_root, commit.sha)
        for change in diff(*reader.pair(before, commit.sha), notice_id):
            made[(change.kind, change.subject, change.detail)] = commit
    return [Attributed(c, made.get((c.kind, c.subject, c.detail))) for c in net]


def _never(data_root: Path, notice_id: str) -> NoticeError:
    known = [p.stem for kind, p in data_files(data_root) if kind == NOTICES.folder]
    hint = did_you_mean(notice_id, known)
    hint = f" ({hint})" if hint else ""
    where = display_path(data_root / NOTICES.folder / f"{notice_id}{SUFFIXES[0]}")
    return NoticeError(f"{where}: no commit has touched notice {notice_id!r}{hint}")


class _Reader:
    """What one commit changed of a notice's data, from git.

    A commit's changes to the notice come only from the files it changed: an unchanged
    file gives the same record on both sides. Of those, the notice's own file counts,
    and so does a target set whose text, on either side, could name the notice. A
    record's ``notice`` is the id written out (or, in a double-quoted scalar, spelt
    with escapes), so a text holding neither the id nor a backslash belongs to another
    notice. Each kept file is read with any file of the same name in another suffix
    (``.yml`` beside ``.yaml``), because the loader keeps the first of two records
    with one id."""

    def __init__(self, data_root: Path, notice_id: str) -> None:
        self.data_root = data_root
        self.notice_id = notice_id
        self.needles = (notice_id.encode("utf-8"), b"\\")

    def _wanted(self, kind: str, name: str) -> bool:
        return kind == TARGETS.folder or (
            kind == NOTICES.folder and Path(name).stem == self.notice_id
        )

    def pair(self, before: str | None, after: str) -> tuple[Catalog, Catalog]:
        """The notice's data that changed from ``before`` (None: a root commit's parent,
        nothing) to ``after``, as a catalog of each side."""
        kept = self._kept(git.revised(self.data_root, before, after, self._wanted))
        near = _near(kept)
        return self._at(before, near), self._at(after, near)

    def at(self, rev: str, sets: Iterable[str]) -> Catalog:
        """The notice's data at ``rev``: its file, the target sets that may be its then,
        and the target sets ``sets`` (its own now, which may have been another's)."""
        folder = f"{git.folder_in_repo(self.data_root)}{TARGETS.folder}/"
        kept = self._kept(git.tree(self.data_root, rev, self._wanted))
        kept |= {folder + set_id for set_id in sets}
        return self._at(rev, _near(kept))

    def _kept(self, changed: list[git.Blob]) -> set[str]:
        """The repository paths, without their suffix, of the changed files that may
        be the notice's; target sets are read a batch at a time to be looked in."""
        kept = {_stem(b.path) for b in changed if b.kind == NOTICES.folder}
        sets = [b for b in changed if b.kind == TARGETS.folder and _stem(b.path) not in kept]
        for start in range(0, len(sets), git.BATCH):
            batch = sets[start : start + git.BATCH]
            found = git.contents(self.data_root, [b.oid for b in batch])
            for blob, data in zip(batch, found, strict=True):
                if any(needle in data for needle in self.needles):
                    kept.add(_stem(blob.path))
        return kept

    def _at(self, rev: str | None, paths: list[str]) -> Catalog:
        if rev is None or not paths:
            return Catalog()
        blobs = git.listed(self.data_root, rev, paths)
        found = git.contents(self.data_root, [b.oid for b in blobs])
        return load_texts(git.texts(self.data_root, blobs, found))


def _near(stems: set[str]) -> list[str]:
    """The repository paths of ``stems`` in every suffix of a data file."""
    return sorted(f"{stem}{suffix}" for stem in stems for suffix in SUFFIXES)


def _stem(path: str) -> str:
    return path.rpartition(".")[0]
