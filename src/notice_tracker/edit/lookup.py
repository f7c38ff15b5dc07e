"""Finding what an edit names: a notice, an obligation, a target, and the file to
change. A name that is not there is an error that says where it was looked for, with
the closest known name."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from notice_tracker.edit.safewrite import Snapshot
from notice_tracker.errors import NoticeError
from notice_tracker.read.catalog import Catalog, Loaded
from notice_tracker.read.problems import Problem, did_you_mean
from notice_tracker.records.models import Notice
from notice_tracker.records.targets import TargetSet


def unknown(
    where: Loaded[Any], path: tuple[str | int, ...], what: str, ident: str, known: Sequence[str]
) -> NoticeError:
    """The error for ``ident``, not found among the ``known`` ids at ``path``."""
    hint = did_you_mean(ident, known) or f"known: {', '.join(known) or 'none'}"
    problem = Problem(where.locate(*path), ".".join(map(str, path)), f"no {what} {ident!r}", hint)
    return NoticeError(str(problem))


def index_of(ids: Sequence[str], ident: str) -> int | None:
    """Where ``ident`` is in ``ids``, if it is there."""
    return ids.index(ident) if ident in ids else None


def find_obligation(loaded: Loaded[Notice], ob_id: str) -> int:
    """The index of the notice's obligation ``ob_id``; ``NoticeError`` when unknown."""
    ids = [o.id for o in loaded.record.obligations]
    index = index_of(ids, ob_id)
    if index is None:
        raise unknown(loaded, ("obligations",), "obligation", ob_id, ids)
    return index


def find_target(
    catalog: Catalog, notice: Loaded[Notice], target_id: str
) -> tuple[Loaded[TargetSet], int]:
    """The target set holding the notice's target ``target_id``, and its index there."""
    sets = catalog.targets_for(notice.record.id)
    for target_set in sets:
        index = index_of([t.id for t in target_set.record.targets], target_id)
        if index is not None:
            return target_set, index
    if not sets:
        nid = notice.record.id
        broken = sorted(stem for folder, stem in catalog.broken if folder == "targets")
        if broken:
            names = ", ".join(f"targets/{stem}" for stem in broken)
            raise NoticeError(
                f"{notice.doc.file}: notice {nid!r} has no target set that loads: {names} "
                "does not validate (fix it first: see notice validate)"
            )
        raise NoticeError(
            f"{notice.doc.file}: notice {nid!r} has no target set: create one with "
            f"`notice new targets {nid}-targets`"
        )
    known = [t.id for s in sets for t in s.record.targets]
    raise unknown(sets[0], ("targets",), "target", target_id, known)


def file_of(root: Path, notice_id: str, target_id: str | None = None) -> Path:
    """The file an edit of ``notice_id`` changes (its target set's file for a reading of
    ``target_id``); ``NoticeError`` when either is unknown."""
    snapshot = Snapshot.read(root)
    notice = snapshot.notice(notice_id)
    if target_id is None:
        return snapshot.path_of(notice)
    return snapshot.path_of(find_target(snapshot.catalog, notice, target_id)[0])
