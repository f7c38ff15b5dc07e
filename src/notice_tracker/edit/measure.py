"""``notice measure``: a measure's status and RAG rating, and evidence for it."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notice_tracker.edit.document import add_entry, put
from notice_tracker.edit.lookup import index_of, unknown
from notice_tracker.edit.safewrite import Outcome, Plan, Snapshot, transact
from notice_tracker.errors import NoticeError
from notice_tracker.read.catalog import Loaded
from notice_tracker.records.models import Measure, MeasureStatus, Notice, Rag


@dataclass(frozen=True)
class _MeasureChange:
    status: MeasureStatus | None
    rag: Rag | None
    evidence: dict[str, Any] | None


def update_measure(
    root: Path,
    notice_id: str,
    measure_id: str,
    *,
    status: MeasureStatus | None = None,
    rag: Rag | None = None,
    evidence: str | None = None,
    day: dt.date | None = None,
    link: str | None = None,
) -> Outcome:
    """Change a measure's status and/or RAG rating, and/or add an evidence entry dated
    ``day`` (required with ``evidence``)."""
    if status is None and rag is None and evidence is None:
        raise NoticeError("nothing to change: give --status, --rag or --evidence")
    if (evidence is None) != (day is None):
        raise NoticeError("--evidence and --date go together: give both or neither")
    entry = None
    if evidence is not None:
        entry = {"date": day, "text": evidence, "link": link}
    change = _MeasureChange(status, rag, entry)
    return transact(root, functools.partial(_plan_measure, root, notice_id, measure_id, change))


def _plan_measure(
    root: Path, notice_id: str, measure_id: str, change: _MeasureChange, snapshot: Snapshot
) -> Plan:
    loaded = snapshot.notice(notice_id)
    ids = [m.id for m in loaded.record.measures]
    index = index_of(ids, measure_id)
    if index is None:
        raise unknown(loaded, ("measures",), "measure", measure_id, ids)
    words = _measure_words(loaded, index, change)
    summary = f"{notice_id}: measure {measure_id} " + "; ".join(words)
    message = f"measure: {notice_id} {measure_id} " + ", ".join(words)
    mutate = functools.partial(_change_measure, index, change)
    return Plan(snapshot.path_of(loaded), mutate, lambda _: summary, message, ("measures", index))


def _change_measure(index: int, change: _MeasureChange, doc: Any) -> None:
    node = doc["measures"][index]
    for key, value in (("status", change.status), ("rag", change.rag)):
        if value is not None:
            put(node, key, value.value, Measure)
    if change.evidence is not None:
        add_entry(node, "evidence", change.evidence, Measure)


def _measure_words(loaded: Loaded[Notice], index: int, change: _MeasureChange) -> list[str]:
    """What will change, in words; ``NoticeError`` when nothing would."""
    measure = loaded.record.measures[index]
    words = []
    if change.status is not None and change.status != measure.status:
        words.append(f"status {measure.status.value} -> {change.status.value}")
    if change.rag is not None and change.rag != measure.rag:
        words.append(f"RAG {measure.rag.value if measure.rag else 'none'} -> {change.rag.value}")
    if change.evidence is not None:
        day, text = change.evidence["date"], change.evidence["text"]
        if any(e.date == day and e.text == text for e in measure.evidence):
            where = loaded.locate("measures", index, "evidence")
            raise NoticeError(f"{where}: this evidence for {day} is already recorded")
        words.append(f"evidence {day} added")
    if not words:
        where = loaded.locate("measures", index)
        raise NoticeError(f"{where}: measure {measure.id} already has that status and rating")
    return words
