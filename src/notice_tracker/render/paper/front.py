"""The front page of a board paper: what the board needs on one screen.

What is overdue, what falls due before the board's next meeting, the targets off track,
the decisions the board is asked to take, and how much changed since the last paper.
Built from the parts of the paper already made, so it says exactly what they say.
"""

from __future__ import annotations

import datetime as dt

from notice_tracker.evaluate.status import OPEN, NoticeStatus, State
from notice_tracker.render.paper.model import (
    Changes,
    FrontPage,
    ItemRow,
    Schedule,
    TargetRow,
    Theme,
)
from notice_tracker.render.paper.names import Names
from notice_tracker.render.paper.schedule import every_item, rows
from notice_tracker.render.paper.text import day_text

OFF_TRACK = ("Off track", "Stale")


def next_meeting(status: NoticeStatus) -> dt.date | None:
    """The board's next meeting still to come (its meetings obligation), if dated."""
    board = status.notice.board
    meetings = board.meetings if board else None
    for o in status.obligations:
        if o.obligation.id != meetings:
            continue
        coming = [i.due for i in o.items if i.due and i.due >= status.as_of and i.state in OPEN]
        return min(coming) if coming else None
    return None


def _before(status: NoticeStatus, names: Names, until: dt.date) -> tuple[ItemRow, ...]:
    found = [f for f in every_item(status, names) if f[0].due and f[0].due <= until]
    return tuple(rows(found, status.as_of, State.DUE_SOON, State.UPCOMING, names=names))


def _dates(found: list[ItemRow]) -> str:
    if len(found) == 1:
        return f"due {found[0].due}"
    return f"{len(found)} dates, the first {found[0].due}"


def _decisions(
    schedule: Schedule, targets: tuple[TargetRow, ...], themes: tuple[Theme, ...]
) -> tuple[str, ...]:
    late: dict[str, list[ItemRow]] = {}
    for row in schedule.overdue:
        late.setdefault(row.what, []).append(row)
    asks = [
        f"Agree how and when the overdue {what} will be done ({_dates(found)})."
        for what, found in late.items()
    ]
    asks += [
        f"Agree the action to bring “{t.name}” back to its trajectory ({t.state.lower()})."
        for t in targets
        if t.state in OFF_TRACK
    ]
    unowned = sum(r.owner == "not assigned" for theme in themes for r in theme.measures)
    if unowned:
        asks.append(f"Assign an owner to the {unowned} measure(s) that have none.")
    asks += [f"Agree the date of {r.what} ({r.note})." for r in schedule.undetermined]
    return tuple(asks)


def _changes_text(changes: Changes | None, note: str) -> str:
    if changes is None:
        return note or "This paper does not list the changes since the last paper."
    if not changes.rows:
        return f"Nothing in this notice's data has changed since {changes.since}."
    who = ", ".join(changes.authors)
    return f"{len(changes.rows)} change(s) since {changes.since}, by {who} (listed below)."


def front_page(
    status: NoticeStatus,
    names: Names,
    schedule: Schedule,
    targets: tuple[TargetRow, ...],
    themes: tuple[Theme, ...],
    changes: Changes | None,
    changes_note: str,
) -> FrontPage:
    meeting = next_meeting(status)
    until = meeting or status.as_of + dt.timedelta(days=status.window)
    return FrontPage(
        overdue=schedule.overdue,
        next_meeting=day_text(meeting) if meeting else "",
        until=until,
        before_next=_before(status, names, until),
        off_track=tuple(t for t in targets if t.state in OFF_TRACK),
        decisions=_decisions(schedule, targets, themes),
        changes=_changes_text(changes, changes_note),
    )
