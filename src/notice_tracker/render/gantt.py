"""The dates around the as-of day as a chart: one lane per group of obligations, a
diamond per due date coloured by its state, and a line at the as-of date.

Pure and deterministic, like ``charts``: a ``Timeline`` in, a ``charts.Scene`` or
Mermaid ``gantt`` text out. Only dates inside the window are drawn; the paper's table
lists them all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from notice_tracker.render.charts import (
    GRID,
    INK,
    MUTED,
    STATE_COLOURS,
    Frame,
    Item,
    Label,
    Line,
    Mark,
    Scene,
    date_axis,
    marker,
    rnd,
    short_date,
)

STATES = ("overdue", "due soon", "done", "upcoming")
MERMAID_TAGS = {"overdue": "crit", "due soon": "active", "done": "done", "upcoming": ""}


@dataclass(frozen=True)
class Milestone:
    day: dt.date
    label: str
    state: str
    """One of ``STATES``."""


@dataclass(frozen=True)
class Lane:
    name: str
    milestones: tuple[Milestone, ...]


@dataclass(frozen=True)
class Timeline:
    as_of: dt.date
    first: dt.date
    last: dt.date
    """The window: only dates from ``first`` to ``last`` are drawn."""
    lanes: tuple[Lane, ...]
    """Lanes with at least one date in the window, in the order given."""
    hidden: int = 0
    """How many dates fall outside the window."""


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def window(as_of: dt.date, before: int = 4, after: int = 8) -> tuple[dt.date, dt.date]:
    """From the first of the month ``before`` months back to the last day of the month
    ``after`` months on."""
    return _add_months(as_of, -before), _add_months(as_of, after + 1) - dt.timedelta(days=1)


def timeline(
    as_of: dt.date, lanes: list[tuple[str, list[Milestone]]], before: int = 4, after: int = 8
) -> Timeline:
    """The lanes cut to the window around ``as_of``; empty lanes dropped."""
    first, last = window(as_of, before, after)
    kept, hidden = [], 0
    for name, milestones in lanes:
        inside = tuple(sorted((m for m in milestones if first <= m.day <= last), key=_key))
        hidden += len(milestones) - len(inside)
        if inside:
            kept.append(Lane(name, inside))
    return Timeline(as_of, first, last, tuple(kept), hidden)


def _key(m: Milestone) -> tuple[dt.date, str]:
    return (m.day, m.label)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


ROW, TOP, LABELS = 30, 48, 250


def gantt_chart(tl: Timeline, width: int = 760) -> Scene:
    """Lanes down, time across; each due date a diamond in its state's colour, its day
    written above it unless it would touch the one before."""
    height = TOP + ROW * max(len(tl.lanes), 1) + 56
    frame = Frame(LABELS, TOP, width - 20, height - 56, tl.first, tl.last)
    title = f"Dates due around {short_date(tl.as_of)}"
    items: list[Item] = [Label((12, 20), title, size=13, bold=True)]
    items += date_axis(frame)
    for row, lane in enumerate(tl.lanes):
        items += _lane(frame, row, lane)
    items += marker(frame, tl.as_of, f"as of {short_date(tl.as_of)}")
    items += _legend(height - 16)
    return Scene(width, height, title, tuple(items))


def _lane(frame: Frame, row: int, lane: Lane) -> list[Item]:
    y = rnd(frame.top + ROW * row + ROW / 2)
    items: list[Item] = [
        Line(((frame.left, y), (frame.right, y)), GRID, 1.0),
        Label((12, y + 4), _cut(lane.name, 36), size=11, colour=INK),
    ]
    last_x = -1e9
    for m in lane.milestones:
        x = rnd(frame.x(m.day))
        items.append(Mark((x, y), STATE_COLOURS[m.state], "diamond", 6))
        if x - last_x >= 44:
            items.append(Label((x, y - 9), f"{m.day.day} {m.day:%b}", "middle", 9, MUTED))
            last_x = x
    return items


def _legend(y: float) -> list[Item]:
    items: list[Item] = []
    x = 12.0
    for state in STATES:
        items.append(Mark((x + 6, y - 4), STATE_COLOURS[state], "diamond", 6))
        items.append(Label((x + 16, y), state, size=11))
        x += 24 + 8 * len(state) + 16
    return items


# --- Mermaid -------------------------------------------------------------------------

_UNSAFE = re.compile(r"[:#;`\"\r\n]+")
_KEYWORD = re.compile(
    r"^(title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|"
    r"weekday|weekend|click|call|href|inclusiveenddates|topaxis|acctitle|accdescr|vert)\b",
    re.IGNORECASE,
)


def mermaid_name(text: str) -> str:
    """A gantt section or task name: no ``:``, ``#``, ``;``, quotes, backticks or line
    breaks, and not starting with a gantt keyword."""
    name = " ".join(_UNSAFE.sub(" ", text).split())
    return f"Due {name}" if _KEYWORD.match(name) else name


def mermaid_gantt(tl: Timeline) -> str:
    """The timeline as a Mermaid gantt: the as-of day as its own milestone (Mermaid's
    own today marker would show the reader's clock, not the paper's date)."""
    lines = [
        "gantt",
        f"    title {mermaid_name('Dates due around ' + short_date(tl.as_of))}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        "    tickInterval 1month",
        "    todayMarker off",
        "    section As of",
        f"    {mermaid_name(short_date(tl.as_of))} :milestone, crit, {tl.as_of}, 0d",
    ]
    for lane in tl.lanes:
        lines.append(f"    section {mermaid_name(lane.name)}")
        for m in lane.milestones:
            spec = ", ".join(p for p in ("milestone", MERMAID_TAGS[m.state], str(m.day), "0d") if p)
            lines.append(f"    {mermaid_name(m.label)} :{spec}")
    return "\n".join(lines)
