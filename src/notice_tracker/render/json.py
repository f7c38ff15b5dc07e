"""Plain-data views of status: the ``--format json`` shapes, documented in docs/cli.md.

Every value is a string, number, boolean, null, list or object; dates are ISO
(YYYY-MM-DD). Keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from notice_tracker.evaluate.explain import Explanation
from notice_tracker.evaluate.portfolio import DueItem
from notice_tracker.evaluate.schedule import Occurrence
from notice_tracker.evaluate.status import Item, MeasureView, NoticeStatus, ObligationStatus
from notice_tracker.evaluate.targets import TargetStatus

Json = dict[str, Any]


def dumps(value: Any) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 text, a final newline."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _iso(day: Any) -> str | None:
    return None if day is None else day.isoformat()


def occurrence(occ: Occurrence) -> Json:
    return {
        "due": _iso(occ.due),
        "derivation": occ.derivation,
        "reason": occ.reason or None,
        "month_only": occ.month_only,
        "ad_hoc": occ.ad_hoc,
    }


def item(it: Item) -> Json:
    done = None
    if it.done is not None:
        done = {"date": _iso(it.done.date), "note": it.done.note, "link": it.done.link}
    return {**occurrence(it.occurrence), "state": it.state.value, "done": done}


def obligation(ob: ObligationStatus) -> Json:
    o = ob.obligation
    nxt = ob.next
    return {
        "id": o.id,
        "title": o.title,
        "type": o.type.value,
        "paragraph": o.paragraph,
        "next_due": _iso(nxt.due) if nxt else None,
        "occurrences": [item(i) for i in ob.items],
    }


def measure(m: MeasureView) -> Json:
    latest = m.evidence[-1] if m.evidence else None
    return {
        "id": m.measure.id,
        "theme": m.measure.theme,
        "summary": m.measure.summary,
        "owner": m.measure.owner,
        "status": m.measure.status.value,
        "rag": m.rag.value,
        "rag_rule": m.rag_rule,
        "deadline": item(m.deadline) if m.deadline else None,
        "evidence_count": len(m.evidence),
        "latest_evidence": (
            {"date": _iso(latest.date), "text": latest.text, "link": latest.link}
            if latest
            else None
        ),
    }


def target(t: TargetStatus) -> Json:
    tg = t.target
    latest = t.latest
    return {
        "set": t.set_id,
        "id": tg.id,
        "name": tg.name,
        "unit": tg.unit,
        "direction": tg.direction.value,
        "state": t.state.value,
        "reason": t.reason,
        "trend": t.trend.value,
        "baseline": {"value": tg.baseline.value, "date": str(tg.baseline.date)},
        "target": {"value": tg.target.value, "due": _iso(t.due)},
        "latest": {"value": latest.value, "date": _iso(latest.date)} if latest else None,
        "expected_now": None if t.expected_now is None else round(t.expected_now, 2),
    }


def notice_summary(st: NoticeStatus) -> Json:
    n = st.notice
    nxt = st.next
    group = st.next_group
    return {
        "id": n.id,
        "council": n.recipient.name,
        "la_code": n.recipient.la_code,
        "kind": n.kind.value,
        "issued": str(n.issued),
        "state": st.state.value,
        "state_text": st.life.words,
        "ended": _iso(st.life.end),
        "missed": st.missed,
        "rag": st.rag.value,
        "overdue": st.overdue,
        "due_soon": st.due_soon,
        "undetermined": st.undetermined,
        "next": (
            {"subject": nxt[0], "subjects": list(group[0]), "due": _iso(nxt[1].due)}
            if nxt and group
            else None
        ),
        "measures_rag": {rag.value: count for rag, count in st.rag_counts.items()},
        "targets_off_track": st.targets_off_track,
    }


def notice_detail(st: NoticeStatus) -> Json:
    return {
        **notice_summary(st),
        "obligations": [obligation(o) for o in st.obligations],
        "measures": [measure(m) for m in st.measures],
        "targets": [target(t) for t in st.targets],
        "targets_due": item(st.targets_due) if st.targets_due else None,
    }


def status(statuses: Iterable[NoticeStatus], as_of: str, window: int) -> Json:
    return {
        "as_of": as_of,
        "window_days": window,
        "notices": [notice_detail(st) for st in statuses],
    }


def status_text(statuses: Iterable[NoticeStatus], as_of: str, window: int) -> Iterator[str]:
    """``dumps(status(...))``, a notice at a time: the same text, without the whole
    register's status held at once."""
    head, tail = dumps(status((), as_of, window)).split('"notices": []')
    yield head + '"notices": ['
    first = True
    for st in statuses:
        body = json.dumps(notice_detail(st), indent=2, sort_keys=True, ensure_ascii=False)
        yield ("\n" if first else ",\n") + textwrap.indent(body, "    ")
        first = False
    yield ("]" if first else "\n  ]") + tail


def due(items: list[DueItem], as_of: str, within: int) -> Json:
    return {
        "as_of": as_of,
        "within_days": within,
        "items": [{"notice": d.notice, "subject": d.subject, **item(d.item)} for d in items],
    }


def explanation(ex: Explanation, as_of: str) -> Json:
    """``notice explain --format json``."""
    return {
        "as_of": as_of,
        "notice": ex.notice,
        "subject": ex.subject,
        "title": ex.title,
        "notice_state": ex.state,
        "rules": list(ex.rules),
        "occurrences": [item(i) for i in ex.items],
    }


class _Entry(Protocol):
    """One commit of an audit trail (``history.trail.HistoryEntry``), as seen here."""

    @property
    def commit(self) -> Any: ...

    @property
    def changes(self) -> Sequence[Any]: ...


def history(notice: str, entries: Sequence[_Entry]) -> Json:
    """``notice history --format json``: each commit's fields, with its changes."""
    commits = [
        {**dataclasses.asdict(e.commit), "changes": [dataclasses.asdict(c) for c in e.changes]}
        for e in entries
    ]
    return {"notice": notice, "commits": commits}
