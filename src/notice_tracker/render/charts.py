"""Charts for board papers: a target's readings against its trajectory, and the dates
around the as-of day, as a drawing (``Scene``) and as Mermaid text.

Pure and deterministic: dates and numbers in, a ``Scene`` of lines, marks and labels (in
pixels, rounded to one decimal) or Mermaid text out. ``svg`` and ``png`` draw a scene;
no clock, no fonts, no files here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from notice_tracker.evaluate.targets import on_line

Anchor = Literal["start", "middle", "end"]
Shape = Literal["dot", "diamond"]
Point = tuple[float, float]
Dated = tuple[dt.date, float]

INK, GRID, MUTED = "#1f2328", "#d0d7de", "#57606a"
READINGS, TRAJECTORY, TODAY = "#0b5cad", "#8250df", "#cf222e"
STATE_COLOURS = {
    "overdue": "#cf222e",
    "due soon": "#bf8700",
    "done": "#1a7f37",
    "upcoming": "#0b5cad",
    "as of": "#cf222e",
}


# --- the drawing ---------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    points: tuple[Point, ...]
    colour: str
    width: float = 2.0
    dashed: bool = False


@dataclass(frozen=True)
class Mark:
    at: Point
    colour: str
    shape: Shape = "dot"
    size: float = 4.0


@dataclass(frozen=True)
class Label:
    at: Point
    text: str
    anchor: Anchor = "start"
    size: float = 12.0
    colour: str = INK
    bold: bool = False


Item = Line | Mark | Label


@dataclass(frozen=True)
class Scene:
    """A chart in pixels: what ``svg`` and ``png`` draw, in order (later on top)."""

    width: int
    height: int
    title: str
    """What the chart shows, in words (the SVG's accessible name)."""
    items: tuple[Item, ...]


def rnd(value: float) -> float:
    return round(value, 1)


def _pt(x: float, y: float) -> Point:
    return (rnd(x), rnd(y))


# --- scales --------------------------------------------------------------------------


def short_date(day: dt.date) -> str:
    """``2 Apr 2014``."""
    return f"{day.day} {day.strftime('%b')} {day.year}"


def _nice_step(span: float, most: int) -> float:
    raw = span / max(most, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def value_ticks(values: Sequence[float], most: int = 5) -> tuple[float, ...]:
    """Round numbers spanning ``values``: lowest tick at or below the least value,
    highest at or above the greatest; a flat series gets a band around it."""
    low, high = min(values), max(values)
    if high - low < max(abs(low), abs(high), 1.0) * 1e-6:  # flat, to the eye
        low, high = low - 1, high + 1
    step = _nice_step(high - low, most)
    start = math.floor(low / step) * step
    digits = max(0, 3 - math.floor(math.log10(step)))  # rounding never moves a tick a step
    ticks = [round(start, digits)]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(round(start + step * len(ticks), digits))
    return tuple(ticks)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_ticks(first: dt.date, last: dt.date, most: int = 8) -> tuple[dt.date, ...]:
    """First days of months from ``first`` to ``last``, every 1, 2, 3, 6 or 12 months."""
    start, end = _month_index(first), _month_index(last) + 1
    step = next((s for s in (1, 2, 3, 6, 12) if (end - start) / s <= most), 24)
    start += (-start) % step
    return tuple(dt.date(i // 12, i % 12 + 1, 1) for i in range(start, end + 1, step))


@dataclass(frozen=True)
class Frame:
    """The plot area and its two scales: days across, values up."""

    left: float
    top: float
    right: float
    bottom: float
    first: dt.date
    last: dt.date
    low: float = 0.0
    high: float = 1.0

    def x(self, day: dt.date) -> float:
        span = max((self.last - self.first).days, 1)
        return self.left + (self.right - self.left) * (day - self.first).days / span

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return self.bottom - (self.bottom - self.top) * (value - self.low) / span

    def at(self, day: dt.date, value: float) -> Point:
        return _pt(self.x(day), self.y(value))


def date_axis(frame: Frame, gridlines: bool = True) -> list[Item]:
    items: list[Item] = []
    for tick in month_ticks(frame.first, frame.last):
        if not frame.first <= tick <= frame.last:
            continue
        x = rnd(frame.x(tick))
        if gridlines:
            items.append(Line(((x, frame.top), (x, frame.bottom)), GRID, 1.0))
        items.append(Label((x, frame.bottom + 16), f"{tick:%b %Y}", "middle", 11, MUTED))
    items.append(Line(((frame.left, frame.bottom), (frame.right, frame.bottom)), MUTED, 1.0))
    return items


def marker(frame: Frame, day: dt.date, text: str) -> list[Item]:
    """A vertical line at ``day`` across the plot, labelled at its top."""
    x = rnd(frame.x(day))
    return [
        Line(((x, frame.top - 4), (x, frame.bottom)), TODAY, 1.5, dashed=True),
        Label((x, frame.top - 8), text, "middle", 11, TODAY, bold=True),
    ]


# --- a target against its trajectory -------------------------------------------------


@dataclass(frozen=True)
class TargetSeries:
    """What a target chart shows. ``trajectory`` runs from the baseline through the
    milestones to the target (``targets.trajectory``); ``readings`` are to date."""

    name: str
    unit: str
    baseline: Dated
    trajectory: tuple[Dated, ...]
    milestones: tuple[Dated, ...]
    readings: tuple[Dated, ...]
    as_of: dt.date
    target: Dated | None = None

    @property
    def caption(self) -> str:
        unit = f" ({self.unit})" if self.unit else ""
        return f"{self.name}{unit}: readings against the trajectory to the target"


def _fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _target_frame(series: TargetSeries, width: int, height: int) -> Frame:
    days = [d for d, _ in (series.baseline, *series.trajectory, *series.readings)]
    days.append(series.as_of)
    values = [v for _, v in (series.baseline, *series.trajectory, *series.readings)]
    ticks = value_ticks(values)
    first, last = min(days), max(days)
    pad = dt.timedelta(days=max((last - first).days // 20, 7))
    return Frame(64, 44, width - 24, height - 64, first - pad, last + pad, ticks[0], ticks[-1])


def _value_axis(frame: Frame, ticks: Sequence[float], unit: str) -> list[Item]:
    items: list[Item] = []
    for tick in ticks:
        y = rnd(frame.y(tick))
        items.append(Line(((frame.left, y), (frame.right, y)), GRID, 1.0))
        items.append(Label((frame.left - 6, y + 4), _fmt(tick), "end", 11, MUTED))
    if unit:
        items.append(Label((frame.left - 6, frame.top - 14), unit, "end", 11, MUTED))
    return items


def _legend(y: float, left: float) -> list[Item]:
    return [
        Line(((left, y), (left + 24, y)), READINGS, 2.5),
        Label((left + 30, y + 4), "readings", size=11),
        Line(((left + 110, y), (left + 134, y)), TRAJECTORY, 2.0, dashed=True),
        Label((left + 140, y + 4), "trajectory to the target", size=11),
        Mark((left + 310, y), TRAJECTORY, "diamond", 5),
        Label((left + 320, y + 4), "milestone or target", size=11),
    ]


def target_chart(series: TargetSeries, width: int = 640, height: int = 320) -> Scene:
    """Readings (solid, with dots) against the straight-line trajectory (dashed, with a
    diamond at each milestone and at the target), and a line at the as-of date."""
    frame = _target_frame(series, width, height)
    ticks = value_ticks([v for _, v in (series.baseline, *series.trajectory, *series.readings)])
    heading = f"{series.name} ({series.unit})" if series.unit else series.name
    items: list[Item] = [Label((frame.left, 20), heading, size=13, bold=True)]
    items += _value_axis(frame, ticks, series.unit)
    items += date_axis(frame, gridlines=False)
    if frame.first <= series.as_of <= frame.last:
        items += marker(frame, series.as_of, f"as of {short_date(series.as_of)}")
    if len(series.trajectory) > 1:
        points = tuple(frame.at(d, v) for d, v in series.trajectory)
        items.append(Line(points, TRAJECTORY, 2.0, dashed=True))
    for day, value in (*series.milestones, *([series.target] if series.target else [])):
        items.append(Mark(frame.at(day, value), TRAJECTORY, "diamond", 5))
    if series.target is not None:
        day, value = series.target
        x, y = frame.at(day, value)
        items.append(Label((x - 8, y + 16), f"target {_fmt(value)}", "end", 11, TRAJECTORY))
    observed = (series.baseline, *series.readings)
    if len(observed) > 1:
        items.append(Line(tuple(frame.at(d, v) for d, v in observed), READINGS, 2.5))
    for day, value in observed:
        items.append(Mark(frame.at(day, value), READINGS, "dot", 4))
    items += _legend(height - 18, frame.left)
    return Scene(width, height, series.caption, tuple(items))


def _quoted(text: str) -> str:
    """A Mermaid string: no double quotes (which end it) or backticks (which could
    close the code fence), on one line."""
    return '"' + " ".join(text.replace('"', "'").replace("`", "'").split()) + '"'


def mermaid_xychart(series: TargetSeries) -> str:
    """The chart as Mermaid ``xychart-beta``: one category per date that matters
    (baseline, milestones, readings, target), the trajectory first, then the readings
    up to the last one (between two readings, the value on the line joining them)."""
    observed = (series.baseline, *series.readings)
    days = sorted({d for d, _ in (*series.trajectory, *observed)})
    values = [v for _, v in (*series.trajectory, *observed)]
    ticks = value_ticks(values)
    path = list(series.trajectory) or [series.baseline]
    trajectory = [_fmt(on_line(path, d)) for d in days]
    seen = [_fmt(on_line(observed, d)) for d in days if d <= observed[-1][0]]
    lines = [
        "xychart-beta",
        f"    title {_quoted(series.caption)}",
        "    x-axis [" + ", ".join(_quoted(short_date(d)) for d in days) + "]",
        f"    y-axis {_quoted(series.unit or 'value')} {_fmt(ticks[0])} --> {_fmt(ticks[-1])}",
        "    line [" + ", ".join(trajectory) + "]",
    ]
    if len(observed) > 1:
        lines.append("    line [" + ", ".join(seen) + "]")
    return "\n".join(lines)
