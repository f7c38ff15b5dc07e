"""The schedule and timeline parts of a board paper: what was done, what is overdue,
what comes next, and a Mermaid gantt chart of it all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from notice_tracker.evaluate.status import OPEN, Item, NoticeStatus, ObligationStatus, State
from notice_tracker.render.charts import short_date
from notice_tracker.render.gantt import Milestone, gantt_chart, mermaid_gantt
from notice_tracker.render.gantt import timeline as cut_to_window
from notice_tracker.render.paper.model import (
    Figure,
    ItemRow,
    ObligationRow,
    Schedule,
    Timeline,
)
from notice_tracker.render.paper.names import Names, humane
from notice_tracker.render.paper.text import day_text, days, due_text, shorten

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


def _note(item: Item, names: Names) -> str:
    occ = item.occurrence
    return humane(occ.reason if occ.due is None else occ.derivation, names)


def item_row(found: Found, as_of: dt.date, names: Names | None = None) -> ItemRow:
    item, what, paragraph = found
    names = names or Names()
    return ItemRow(
        what=what,
        paragraph=names.paragraph(paragraph),
        due=due_text(item.occurrence),
        state=item_state_text(item, as_of),
        done=day_text(item.done.date) if item.done else "",
        note=_note(item, names),
    )


def measure_label(label: str, summary: str | None, text: str) -> str:
    """``Measure in paragraph 9: Independent external review…``."""
    return f"Measure in {label}: {summary or shorten(text, 60)}"


def every_item(status: NoticeStatus, names: Names | None = None) -> list[Found]:
    """Every occurrence of the notice: obligations' due dates, then measure deadlines."""
    names = names or Names()
    found = [
        (item, o.obligation.title, o.obligation.paragraph or "")
        for o in status.obligations
        for item in o.items
    ]
    found += [
        (
            m.deadline,
            measure_label(names.paragraph(m.measure.id), m.measure.summary, m.measure.text),
            m.measure.id,
        )
        for m in status.measures
        if m.deadline is not None
    ]
    return found


def rows(
    found: Iterable[Found], as_of: dt.date, *states: State, names: Names | None = None
) -> list[ItemRow]:
    """Rows for the occurrences in ``states``, soonest first, then by name."""
    picked = sorted(
        (f for f in found if f[0].state in states),
        key=lambda f: (f[0].due or dt.date.max, f[1]),
    )
    return [item_row(f, as_of, names) for f in picked]


def _next_text(status: ObligationStatus) -> str:
    coming = [i for i in status.items if i.state in OPEN and i.state is not State.OVERDUE]
    if coming:
        return due_text(coming[0].occurrence)
    if status.count(State.UNDETERMINED):
        return "undetermined"
    if not status.items:
        return "none scheduled"
    return "none"


def obligation_row(status: ObligationStatus, names: Names) -> ObligationRow:
    ob = status.obligation
    return ObligationRow(
        id=ob.id,
        title=ob.title,
        paragraph=names.paragraph(ob.paragraph),
        done_on_time=status.count(State.DONE_ON_TIME),
        done_late=status.count(State.DONE_LATE),
        overdue=status.count(State.OVERDUE),
        next=_next_text(status),
    )


def schedule(status: NoticeStatus, names: Names) -> Schedule:
    """Done (on time or late), overdue, the next three still to come, and undetermined."""
    found, as_of = every_item(status, names), status.as_of
    done = (State.DONE_ON_TIME, State.DONE_LATE, State.DONE)
    return Schedule(
        obligations=tuple(obligation_row(o, names) for o in status.obligations),
        done=tuple(rows(found, as_of, *done, names=names)),
        overdue=tuple(rows(found, as_of, State.OVERDUE, names=names)),
        next=tuple(rows(found, as_of, State.DUE_SOON, State.UPCOMING, names=names)[:3]),
        undetermined=tuple(rows(found, as_of, State.UNDETERMINED, names=names)),
        missed=tuple(rows(found, as_of, State.MISSED, names=names)),
    )


# --- the timeline chart --------------------------------------------------------------

LANES = {
    "report": "Reports",
    "review": "Reviews",
    "meeting": "Board meetings",
    "plan": "Plans",
    "assessment": "Assessments",
    "audit": "Audits",
    "deadline": "Deadlines",
    "other": "Other dates",
}
"""Lanes of the timeline: obligations grouped by what they are, in this order."""

MILESTONE_STATES: Mapping[State, str] = {
    State.DONE_ON_TIME: "done",
    State.DONE_LATE: "done",
    State.DONE: "done",
    State.OVERDUE: "overdue",
    State.DUE_SOON: "due soon",
}


def _milestone(what: str, item: Item) -> Milestone:
    assert item.due is not None  # callers pass dated items only
    state = MILESTONE_STATES.get(item.state, "upcoming")
    return Milestone(item.due, f"{what} {short_date(item.due)}", state)


def _lanes(status: NoticeStatus, names: Names) -> list[tuple[str, list[Milestone]]]:
    grouped: dict[str, list[Milestone]] = {lane: [] for lane in LANES.values()}
    for o in status.obligations:
        lane = LANES.get(o.obligation.type.value, "Other dates")
        grouped[lane] += [_milestone(o.obligation.title, i) for i in o.items if i.due]
    deadlines = [
        _milestone(f"Measure in {names.paragraph(m.measure.id)}", m.deadline)
        for m in status.measures
        if m.deadline is not None and m.deadline.due is not None
    ]
    return [*grouped.items(), ("Measure deadlines", deadlines)]


def timeline(status: NoticeStatus, names: Names) -> Timeline:
    """The dates from four months before the as-of day to eight months after, one lane
    per kind of obligation and one for measure deadlines, as a chart and as a table;
    occurrences without a date are listed apart."""
    cut = cut_to_window(status.as_of, _lanes(status, names))
    found = [f for f in every_item(status, names) if f[0].due and cut.first <= f[0].due <= cut.last]
    table = rows(found, status.as_of, *State, names=names)
    undetermined = tuple(
        f"{o.obligation.title}: {humane(i.occurrence.reason, names)}"
        for o in status.obligations
        for i in o.items
        if i.due is None
    )
    figure = Figure(
        mermaid_gantt(cut), gantt_chart(cut), f"Dates due around {short_date(status.as_of)}"
    )
    return Timeline(
        title=figure.caption,
        first=cut.first,
        last=cut.last,
        hidden=cut.hidden,
        figure=figure if cut.lanes else None,
        rows=tuple(table),
        undetermined=undetermined,
    )
