"""Targets against trajectory: met, on track, off track, stale or no data, and the trend.

The trajectory is the straight line from the baseline through any milestones to the
target, by date. A reading is on track when it is at least as good as the trajectory
on the day it was taken.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from notice_tracker.records.dates import add
from notice_tracker.records.targets import Direction, Reading, Target


class TargetState(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    STALE = "stale"
    NO_DATA = "no_data"
    UNDETERMINED = "undetermined"


class Trend(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    FLAT = "flat"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class TargetStatus:
    set_id: str
    index: int
    target: Target
    state: TargetState
    reason: str
    trend: Trend
    due: dt.date | None
    latest: Reading | None
    expected_now: float | None
    """Where the trajectory says the value should be on the as-of date."""
    readings: tuple[Reading, ...]


def trajectory(target: Target, due: dt.date | None) -> list[tuple[dt.date, float]]:
    """The dated points the straight-line trajectory runs through."""
    points = []
    if target.baseline.date.due is not None:
        points.append((target.baseline.date.due, target.baseline.value))
    points += [(m.date.due, m.value) for m in target.milestones if m.date.due is not None]
    if due is not None:
        points.append((due, target.target.value))
    return sorted(points)


def expected(points: list[tuple[dt.date, float]], day: dt.date) -> float | None:
    """Linear interpolation along ``points``; flat before the first and after the last;
    None when there are no points."""
    return on_line(points, day) if points else None


def on_line(points: Sequence[tuple[dt.date, float]], day: dt.date) -> float:
    """The value on the straight lines joining ``points`` (at least one, in date order)
    on ``day``; flat before the first and after the last."""
    if day <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in itertools.pairwise(points):
        if d0 <= day <= d1:
            span = (d1 - d0).days
            return v1 if span == 0 else v0 + (v1 - v0) * (day - d0).days / span
    return points[-1][1]


def at_least_as_good(value: float, benchmark: float, direction: Direction) -> bool:
    return value <= benchmark if direction is Direction.LOWER else value >= benchmark


def trend(target: Target, readings: tuple[Reading, ...]) -> Trend:
    """The last reading against the one before it (or the baseline)."""
    if not readings:
        return Trend.UNKNOWN
    before = readings[-2].value if len(readings) > 1 else target.baseline.value
    now = readings[-1].value
    if now == before:
        return Trend.FLAT
    better = at_least_as_good(now, before, target.direction)
    return Trend.IMPROVING if better else Trend.WORSENING


def target_status(
    set_id: str, index: int, target: Target, default_due: dt.date | None, as_of: dt.date
) -> TargetStatus:
    """The state rule, first match wins: no data > met > stale > off track (target date
    passed, or below the trajectory) > on track; undetermined without a target date."""
    due = target.target.by.due if target.target.by is not None else default_due
    readings = tuple(sorted((r for r in target.readings if r.date <= as_of), key=lambda r: r.date))
    points = trajectory(target, due)
    now = expected(points, as_of) if due else None
    latest = readings[-1] if readings else None
    state, reason = _state(target, latest, due, points, as_of)
    return TargetStatus(
        set_id, index, target, state, reason, trend(target, readings), due, latest, now, readings
    )


def _state(
    target: Target,
    latest: Reading | None,
    due: dt.date | None,
    points: list[tuple[dt.date, float]],
    as_of: dt.date,
) -> tuple[TargetState, str]:
    goal, direction = target.target.value, target.direction
    if latest is None:
        return TargetState.NO_DATA, "no reading yet"
    if at_least_as_good(latest.value, goal, direction):
        return TargetState.MET, f"{latest.value:g} on {latest.date} meets the target {goal:g}"
    interval = target.expected_interval
    if interval is not None and add(latest.date, interval) < as_of:
        return TargetState.STALE, f"no reading since {latest.date} (expected every {interval})"
    if due is None:
        return TargetState.UNDETERMINED, "the target date is unknown"
    if due < as_of:
        return TargetState.OFF_TRACK, f"target date {due} passed and not met"
    line = expected(points, latest.date)
    assert line is not None
    if at_least_as_good(latest.value, line, direction):
        return TargetState.ON_TRACK, f"{latest.value:g} vs trajectory {line:.1f} on {latest.date}"
    return TargetState.OFF_TRACK, f"{latest.value:g} vs trajectory {line:.1f} on {latest.date}"
