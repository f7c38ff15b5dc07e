"""Inspection records: judgements on each framework's own scale, recommendations and
key figures."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from pydantic import Field, FiniteFloat

from notice_tracker.records.dates import DocDate
from notice_tracker.records.models import Council, Id, ItemId, Signatory, Source, Text
from notice_tracker.records.rules import Record


class Framework(StrEnum):
    APA = "apa"
    SAFEGUARDING_LAC = "safeguarding_lac"
    SIF = "sif"
    ILACS = "ilacs"
    AREA_SEND = "area_send"


class InspectionEvent(StrEnum):
    ANNUAL_ASSESSMENT = "annual_assessment"
    FULL = "full"
    FOCUSED_VISIT = "focused_visit"
    MONITORING_VISIT = "monitoring_visit"


FOUR_WORDS = ("outstanding", "good", "requires_improvement", "inadequate")
SCALES: dict[Framework, tuple[object, ...]] = {
    Framework.APA: (4, 3, 2, 1),
    Framework.SAFEGUARDING_LAC: ("outstanding", "good", "adequate", "inadequate"),
    Framework.SIF: FOUR_WORDS,
    Framework.ILACS: FOUR_WORDS,
    Framework.AREA_SEND: ("positive", "inconsistent", "systemic_failings"),
}
"""Each framework's own scale, best first. APA grades run 4 (outstanding) to 1."""


class Judgement(Record):
    """A graded judgement on the framework's own scale."""

    area: Text
    grade: int | str = Field(description="On the framework's scale; see SCALES.")
    text: str | None = Field(default=None, description="The report's own words.")


class RecommendationCategory(StrEnum):
    PRIORITY_ACTION = "priority_action"
    AREA_FOR_IMPROVEMENT = "area_for_improvement"
    NEXT_SIX_MONTHS = "next_six_months"
    LONGER_TERM = "longer_term"
    AREA_FOR_DEVELOPMENT = "area_for_development"
    UNKNOWN = "unknown"
    """The sources do not say which category it is in."""


class Recommendation(Record):
    id: ItemId = Field(description="Paragraph number, or a generated id for bullets.")
    category: RecommendationCategory = Field(
        description="As the report files it; 'unknown' when no source says."
    )
    area: str | None = Field(default=None, description="Section or judgement area.")
    text: Text
    note: str | None = Field(
        default=None, description="Where the text comes from, if not the report."
    )


class KeyFigure(Record):
    """A fact from the report usable as a baseline."""

    id: Id
    text: Text = Field(description="Verbatim.")
    value: FiniteFloat | None = None
    unit: str | None = None
    date: DocDate | None = None


class Inspection(Record):
    """An inspection report or assessment letter."""

    id: Id
    title: Text
    council: Council
    inspectorates: tuple[Text, ...] = Field(min_length=1)
    framework: Framework
    event: InspectionEvent
    onsite_start: DocDate | None = None
    onsite_end: DocDate | None = None
    report_date: DocDate | None = None
    published: DocDate | None = None
    overall: Judgement | None = None
    judgements: tuple[Judgement, ...] = ()
    lscb: Judgement | None = Field(default=None, description="Separate LSCB judgement.")
    recommendations: tuple[Recommendation, ...] = ()
    key_figures: tuple[KeyFigure, ...] = ()
    signatory: Signatory | None = None
    source: Source | None = None

    def references(self) -> Iterator[tuple[str, str]]:
        """The other records an inspection names: none (notices name inspections)."""
        return iter(())
