"""A target's chart for the paper: its readings against the straight-line trajectory
from the baseline through the milestones to the target, and the same as a table."""

from __future__ import annotations

import datetime as dt

from notice_tracker.evaluate.targets import TargetStatus, expected, trajectory
from notice_tracker.render.charts import TargetSeries, mermaid_xychart, target_chart
from notice_tracker.render.paper.model import Figure, ReadingRow
from notice_tracker.render.paper.text import number


def target_series(status: TargetStatus, as_of: dt.date) -> TargetSeries | None:
    """What the chart shows; None when the baseline has no date to place it."""
    t = status.target
    if t.baseline.date.due is None:
        return None
    line = tuple(trajectory(t, status.due))
    milestones = tuple((m.date.due, m.value) for m in t.milestones if m.date.due is not None)
    return TargetSeries(
        name=t.name,
        unit=t.unit,
        baseline=(t.baseline.date.due, t.baseline.value),
        trajectory=line,
        milestones=milestones,
        readings=tuple((r.date, r.value) for r in status.readings),
        as_of=as_of,
        target=(status.due, t.target.value) if status.due else None,
    )


def target_figure(status: TargetStatus, as_of: dt.date) -> Figure | None:
    """The chart of a target with at least one reading to date."""
    series = target_series(status, as_of)
    if series is None or not status.readings:
        return None
    return Figure(mermaid_xychart(series), target_chart(series), series.caption)


def reading_rows(status: TargetStatus) -> tuple[ReadingRow, ...]:
    points = trajectory(status.target, status.due)
    unit = status.target.unit
    rows = []
    for reading in status.readings:
        line = expected(points, reading.date) if status.due else None
        shown = number(line, unit) if line is not None else "unknown"
        rows.append(ReadingRow(reading.date, number(reading.value, unit), shown))
    return tuple(rows)
