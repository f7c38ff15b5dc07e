"""The schedule and timeline parts of a board paper: what was done, what is overdue,
what comes next, and a Mermaid gantt chart of it all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from notice_tracker.evaluate.status import OPEN, Item, NoticeStatus, ObligationStatus, State
from notice_tracker.records.models import Obligation
from notice_tracker.render.paper.model import (
    GanttSection,
    GanttTask,
    ItemRow,
    ObligationRow,
    Schedule,
    Timeline,
)
from notice_tracker.render.paper.text import (
    day_text,
    days,
    due_text,
    mermaid_task,
    mermaid_text,
    shorten,
)

STATE_WORDS: Mapping[State, str] = {
    State.DONE_ON_TIME: "done on time",
    State.DONE_LATE: "done late",
    State.DONE: "done",
    State.OVERDUE: "overdue",
    State.DUE_SOON: "due soon",
    State.UPCOMING: "upcoming",
    State.UNDETERMINED: "undetermined",
    State.MISSED: "missed",
    State.NOT_APPLICABLE: "not applicable",
}

GANTT_TAGS: Mapping[State, str] = {
    State.DONE_ON_TIME: "done",
    State.DONE_LATE: "done",
    State.DONE: "done",
    State.OVERDUE: "crit",
    State.DUE_SOON: "active",
}
"""Mermaid task tags: done, overdue (critical), due soon (active); none for the rest."""

Found = tuple[Item, str, str]
"""An occurrence, what it is, and the paragraph that sets it."""


def item_state_text(item: Item, as_of: dt.date) -> str:
    """``overdue by 74 days``, ``done late (8 days)``, ``due soon``..."""
    text = STATE_WORDS[item.state]
    if item.state is State.OVERDUE and item.due is not None:
        return f"{text} by {days((as_of - item.due).days)}"
    if item.state is State.DONE_LATE and item.due is not None and item.done is not None:
        return f"{text} ({days((item.done.date - item.due).days)})"
    return text


def _note(item: Item) -> str:
    occ = item.occurrence
    return occ.reason if occ.due is None else occ.derivation


def item_row(found: Found, as_of: dt.date) -> ItemRow:
    item, what, paragraph = found
    return ItemRow(
        what=what,
        paragraph=paragraph,
        due=due_text(item.occurrence),
        state=item_state_text(item, as_of),
        done=day_text(item.done.date) if item.done else "",
        note=_note(item),
    )


def measure_label(measure_id: str, summary: str | None, text: str) -> str:
    return f"Measure {measure_id}: {summary or shorten(text, 60)}"


def every_item(status: NoticeStatus) -> list[Found]:
    """Every occurrence of the notice: obligations' due dates, then measure deadlines."""
    found = [
        (item, o.obligation.title, o.obligation.paragraph or "")
        for o in status.obligations
        for item in o.items
    ]
    found += [
        (m.deadline, measure_label(m.measure.id, m.measure.summary, m.measure.text), m.measure.id)
        for m in status.measures
        if m.deadline is not None
    ]
    return found


def rows(found: Iterable[Found], as_of: dt.date, *states: State) -> list[ItemRow]:
    """Rows for the occurrences in ``states``, soonest first, then by name."""
    picked = sorted(
        (f for f in found if f[0].state in states),
        key=lambda f: (f[0].due or dt.date.max, f[1]),
    )
    return [item_row(f, as_of) for f in picked]


def _next_text(status: ObligationStatus) -> str:
    coming = [i for i in status.items if i.state in OPEN and i.state is not State.OVERDUE]
    if coming:
        return due_text(coming[0].occurrence)
    if status.count(State.UNDETERMINED):
        return "undetermined"
    if not status.items:
        return "none scheduled"
    return "none"


def obligation_row(status: ObligationStatus) -> ObligationRow:
    ob = status.obligation
    return ObligationRow(
        id=ob.id,
        title=ob.title,
        paragraph=ob.paragraph or "",
        done_on_time=status.count(State.DONE_ON_TIME),
        done_late=status.count(State.DONE_LATE),
        overdue=status.count(State.OVERDUE),
        next=_next_text(status),
    )


def schedule(status: NoticeStatus) -> Schedule:
    """Done (on time or late), overdue, the next three still to come, and undetermined."""
    found, as_of = every_item(status), status.as_of
    return Schedule(
        obligations=tuple(obligation_row(o) for o in status.obligations),
        done=tuple(rows(found, as_of, State.DONE_ON_TIME, State.DONE_LATE, State.DONE)),
        overdue=tuple(rows(found, as_of, State.OVERDUE)),
        next=tuple(rows(found, as_of, State.DUE_SOON, State.UPCOMING)[:3]),
        undetermined=tuple(rows(found, as_of, State.UNDETERMINED)),
        missed=tuple(rows(found, as_of, State.MISSED)),
    )


# --- the gantt chart -----------------------------------------------------------------


def _task(name: str, item: Item) -> GanttTask:
    assert item.due is not None  # callers pass dated items only
    tag = GANTT_TAGS.get(item.state, "")
    spec = ", ".join(p for p in ("milestone", tag, item.due.isoformat(), "0d") if p)
    label = f"{name} due {item.due.isoformat()}"
    if item.done is not None:
        label += f", done {item.done.date.isoformat()}"
    return GanttTask(mermaid_task(label), spec)


def _section(name: str, tasks: Iterable[tuple[str, Item]]) -> GanttSection | None:
    dated = tuple(_task(label, item) for label, item in tasks if item.due is not None)
    return GanttSection(mermaid_text(name), dated) if dated else None


def _task_name(ob: Obligation) -> str:
    return ob.id.replace("-", " ").capitalize()


def timeline(status: NoticeStatus) -> Timeline:
    """One gantt section per obligation with a dated occurrence, one for measure
    deadlines; occurrences without a date are listed apart."""
    sections = [
        _section(o.obligation.title, ((_task_name(o.obligation), i) for i in o.items))
        for o in status.obligations
    ]
    deadlines = [
        (f"Measure {m.measure.id}", m.deadline) for m in status.measures if m.deadline is not None
    ]
    sections.append(_section("Measure deadlines", deadlines))
    undetermined = tuple(
        f"{o.obligation.title}: {i.occurrence.reason}"
        for o in status.obligations
        for i in o.items
        if i.due is None
    )
    title = mermaid_text(f"{status.notice.id} as of {status.as_of.isoformat()}")
    return Timeline(title, tuple(s for s in sections if s is not None), undetermined)
