"""Target sets: targets with baselines, trajectories, milestones and readings, each set
linked to a notice."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from pydantic import Field, FiniteFloat

from notice_tracker.records.dates import DocDate, Period
from notice_tracker.records.models import Day, Id, Source, Text
from notice_tracker.records.rules import Record


class Direction(StrEnum):
    LOWER = "lower"
    HIGHER = "higher"


class Point(Record):
    """A value at a date."""

    value: FiniteFloat
    date: DocDate
    source: str | None = None


class TargetValue(Record):
    value: FiniteFloat
    by: DocDate | None = Field(
        default=None, description="Defaults to the notice's targets_due date."
    )
    source: str | None = None


class Reading(Record):
    date: Day
    value: FiniteFloat
    source: str | None = None


class Target(Record):
    """A performance indicator agreed with the board."""

    id: Id
    name: Text
    unit: Text
    direction: Direction
    baseline: Point
    target: TargetValue
    milestones: tuple[Point, ...] = ()
    readings: tuple[Reading, ...] = ()
    expected_interval: Period | None = Field(
        default=None, description="A reading older than this is stale, e.g. '3 months'."
    )
    note: str | None = None


class TargetSet(Record):
    """The dataset of performance targets for one notice."""

    id: Id
    notice: Id
    title: Text
    agreed: DocDate | None = None
    source: Source | None = None
    targets: tuple[Target, ...] = ()

    def references(self) -> Iterator[tuple[str, str]]:
        """The other records the set names, as (folder, id): its notice."""
        yield "notices", self.notice
