"""Field-level changes between two catalogs: what a commit, or a board period, changed.

``diff`` compares records, not text: a reworded comment or a re-wrapped line is no
change; a status that moved, an evidence entry, a completion, a reading or a lifecycle
event is. Changes come sorted by notice, kind (in ``CHANGE_KINDS`` order), subject and detail,
so the same two catalogs always give the same list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from notice_tracker.history.git import texts_at
from notice_tracker.read import load, load_texts
from notice_tracker.read.catalog import Catalog, Loaded
from notice_tracker.records.models import Completion, Evidence, Measure, Notice, Obligation
from notice_tracker.records.targets import Reading, Target, TargetSet

CHANGE_KINDS = (
    "notice_added",
    "notice_removed",
    "invalid",
    "lifecycle",
    "measure_added",
    "measure_removed",
    "measure_status",
    "measure_rag",
    "evidence_added",
    "evidence_removed",
    "obligation_added",
    "obligation_removed",
    "completion_added",
    "completion_removed",
    "target_added",
    "target_removed",
    "reading_added",
    "reading_removed",
    "other",
)
"""Every kind of change, in the order they are listed."""

_LABELS = {
    "notice_added": "added",
    "notice_removed": "removed",
    "invalid": "does not validate",
    "lifecycle": "",
    "measure_added": "added",
    "measure_removed": "removed",
    "measure_status": "status",
    "measure_rag": "RAG",
    "evidence_added": "evidence added",
    "evidence_removed": "evidence removed",
    "obligation_added": "added",
    "obligation_removed": "removed",
    "completion_added": "done",
    "completion_removed": "completion removed",
    "target_added": "added",
    "target_removed": "removed",
    "reading_added": "reading",
    "reading_removed": "reading removed",
    "other": "changed:",
}


@dataclass(frozen=True)
class Change:
    """One field-level change. ``kind`` is one of ``CHANGE_KINDS``; ``subject`` names the part
    ("measure 9", "obligation initial-report", "target care-proceedings-duration",
    "lifecycle", "notice"); ``detail`` says what ("not_started -> in_progress",
    "2014-11-01: note")."""

    notice: str
    kind: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return " ".join(w for w in (f"{self.subject}:", _LABELS[self.kind], self.detail) if w)


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key putting "measure 9" before "measure 10"."""
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in re.split(r"(\d+)", text))


def _order(change: Change) -> tuple[object, ...]:
    return (change.notice, CHANGE_KINDS.index(change.kind), _natural(change.subject), change.detail)


def diff(old: Catalog, new: Catalog, notice_id: str | None = None) -> list[Change]:
    """What changed from ``old`` to ``new``, for every notice or only ``notice_id``
    (target sets count for the notice they belong to)."""
    found = list(_notices(old, new, notice_id)) + list(_target_sets(old, new, notice_id))
    wanted = [c for c in found if notice_id is None or c.notice == notice_id]
    return sorted(wanted, key=_order)


def changes_since(
    data_root: Path, rev: str, notice_id: str | None = None, now: Catalog | None = None
) -> list[Change]:
    """What changed in ``data_root`` from commit ``rev`` to ``now`` (by default the
    working tree): ``notice report --since REV``. ``NoticeError`` when ``rev`` is unknown."""
    before = load_texts(texts_at(data_root, rev))
    return diff(before, now if now is not None else load(data_root), notice_id)


# --- notices -------------------------------------------------------------------------


def _notices(old: Catalog, new: Catalog, notice_id: str | None) -> Iterator[Change]:
    ids = set(old.notices) | set(new.notices)
    if notice_id is not None:  # only its record is built
        ids &= {notice_id}
    for nid in sorted(ids):
        before, after = old.notices.get(nid), new.notices.get(nid)
        if before is None and after is not None:
            yield Change(nid, "notice_added", "notice", after.record.title)
        elif before is not None and after is None:
            yield _gone(nid, new)
        elif before is not None and after is not None:
            yield from _notice(nid, before.record, after.record)


def _gone(nid: str, new: Catalog) -> Change:
    """A notice missing from ``new``: removed, or still there but not valid."""
    bad = [p for p in new.problems if Path(p.where.file).stem == nid]
    if bad:
        return Change(nid, "invalid", "notice", f"{bad[0].where.file} ({len(bad)} problem(s))")
    return Change(nid, "notice_removed", "notice", "")


def _notice(nid: str, old: Notice, new: Notice) -> Iterator[Change]:
    yield from _fields(nid, "notice", old, new, {"measures", "obligations", "lifecycle"})
    yield from _lifecycle(nid, old, new)
    yield from _by_id(nid, "measure", old.measures, new.measures, _measure)
    yield from _by_id(nid, "obligation", old.obligations, new.obligations, _obligation)


def _lifecycle(nid: str, old: Notice, new: Notice) -> Iterator[Change]:
    before, after = old.lifecycle, new.lifecycle
    for name in ("lifted", "replaced_by", "replaced_on"):
        was, now = getattr(before, name), getattr(after, name)
        if was != now:
            yield Change(nid, "lifecycle", "lifecycle", f"{name}: {_show(was)} -> {_show(now)}")
    for revision in _added(before.revisions, after.revisions):
        yield Change(nid, "lifecycle", "lifecycle", f"revision {revision.date}: {revision.note}")


def _show(value: object) -> str:
    return "none" if value is None else str(value)


M = TypeVar("M", Measure, Obligation, Target)


def _by_id(
    nid: str,
    noun: str,
    old: Sequence[M],
    new: Sequence[M],
    compare: Callable[[str, str, M, M], Iterator[Change]],
) -> Iterator[Change]:
    """Items added, removed, and changed (as ``compare`` says), matched by id."""
    before, after = {i.id: i for i in old}, {i.id: i for i in new}
    for ident, item in after.items():
        subject = f"{noun} {ident}"
        if ident not in before:
            yield Change(nid, f"{noun}_added", subject, _title(item))
        else:
            yield from compare(nid, subject, before[ident], item)
    for ident in before.keys() - after.keys():
        yield Change(nid, f"{noun}_removed", f"{noun} {ident}", "")


def _title(item: Measure | Obligation | Target) -> str:
    if isinstance(item, Measure):
        return item.summary or item.text[:60]
    if isinstance(item, Obligation):
        return item.title
    return item.name


def _measure(nid: str, subject: str, old: Measure, new: Measure) -> Iterator[Change]:
    if old.status != new.status:
        yield Change(nid, "measure_status", subject, f"{old.status.value} -> {new.status.value}")
    if old.rag != new.rag:
        was, now = (r.value if r else "none" for r in (old.rag, new.rag))
        yield Change(nid, "measure_rag", subject, f"{was} -> {now}")
    for entry in _added(old.evidence, new.evidence):
        yield Change(nid, "evidence_added", subject, _evidence(entry))
    for entry in _added(new.evidence, old.evidence):
        yield Change(nid, "evidence_removed", subject, _evidence(entry))
    yield from _fields(nid, subject, old, new, {"status", "rag", "evidence"})


def _evidence(entry: Evidence) -> str:
    return f"{entry.date}: {entry.text}" + (f" ({entry.link})" if entry.link else "")


def _obligation(nid: str, subject: str, old: Obligation, new: Obligation) -> Iterator[Change]:
    for comp in _added(old.completions, new.completions):
        yield Change(nid, "completion_added", subject, _completion(comp))
    for comp in _added(new.completions, old.completions):
        yield Change(nid, "completion_removed", subject, _completion(comp))
    yield from _fields(nid, subject, old, new, {"completions"})


def _completion(comp: Completion) -> str:
    text = str(comp.date)
    if comp.occurrence is not None:
        text += f" (for {comp.occurrence})"
    if comp.ad_hoc:
        text += " (ad hoc)"
    return text + (f": {comp.note}" if comp.note else "")


# --- target sets ---------------------------------------------------------------------


def _target_sets(old: Catalog, new: Catalog, notice_id: str | None) -> Iterator[Change]:
    for tid in sorted(set(old.target_sets) | set(new.target_sets)):
        before, after = old.target_sets.get(tid), new.target_sets.get(tid)
        current = after or before
        assert current is not None
        if notice_id is None or current.facts["notice"] == notice_id:
            # from the facts, as ``_target_set`` counts a change: only its sets are built
            yield from _target_set(_records(before), _records(after))


def _records(loaded: Loaded[TargetSet] | None) -> TargetSet | None:
    return None if loaded is None else loaded.record


def _target_set(old: TargetSet | None, new: TargetSet | None) -> Iterator[Change]:
    """Changes to one target set, counted for the notice it belongs to (now)."""
    current = new or old
    assert current is not None
    nid = current.notice
    if old is not None and new is not None:
        yield from _fields(nid, f"target set {new.id}", old, new, {"targets"})
    yield from _by_id(nid, "target", _targets(old), _targets(new), _target)


def _targets(target_set: TargetSet | None) -> tuple[Target, ...]:
    return () if target_set is None else target_set.targets


def _target(nid: str, subject: str, old: Target, new: Target) -> Iterator[Change]:
    for reading in _added(old.readings, new.readings):
        yield Change(nid, "reading_added", subject, _reading(reading, new.unit))
    for reading in _added(new.readings, old.readings):
        yield Change(nid, "reading_removed", subject, _reading(reading, new.unit))
    yield from _fields(nid, subject, old, new, {"readings"})


def _reading(reading: Reading, unit: str) -> str:
    return f"{reading.date}: {reading.value:g} {unit}" + (
        f" ({reading.source})" if reading.source else ""
    )


# --- shared --------------------------------------------------------------------------

H = TypeVar("H", bound=Hashable)


def _added(old: Iterable[H], new: Iterable[H]) -> list[H]:
    """Entries of ``new`` not in ``old``, counting duplicates, in ``new``'s order."""
    left = Counter(old)
    out = []
    for entry in new:
        if left[entry]:
            left[entry] -= 1
        else:
            out.append(entry)
    return out


def _fields(
    nid: str, subject: str, old: BaseModel, new: BaseModel, skip: set[str]
) -> Iterator[Change]:
    """One ``other`` change naming every other field that differs."""
    names = [n for n in type(new).model_fields if n not in skip]
    changed = [n for n in names if getattr(old, n) != getattr(new, n)]
    if changed:
        yield Change(nid, "other", subject, ", ".join(changed))
