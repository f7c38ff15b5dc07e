"""Notices (and statutory directions) and the parts every record shares.

Pydantic models, frozen, unknown keys forbidden. Invariants inside one record live
here (and in ``inspections`` and ``targets``); checks across records live in
``read.crosschecks``. No I/O and no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import core_schema

from notice_tracker.records.dates import DocDate, check_day
from notice_tracker.records.rules import (
    AgreedRule,
    Anchor,
    AnchorKind,
    AnyRule,
    EachRule,
    Record,
    Rule,
)

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        description="Lower-case letters, digits, '.', '_' and '-'.",
    ),
]
ItemId = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="An id as the document numbers it ('1', '4a', 'ii') or a generated one.",
    ),
]
Text = Annotated[str, Field(min_length=1)]


def _to_day(value: object) -> dt.date:
    if type(value) is dt.date:  # the common case, read from YAML: only the range to check
        return check_day(value)
    if type(value) is str and len(value) == 10 and value[4] == value[7] == "-":
        try:  # the common case from the record index (JSON): an ISO day
            return check_day(dt.date.fromisoformat(value))
        except ValueError:
            pass  # not a real day: DocDate.parse says why
    parsed = DocDate.parse(value)
    if parsed.precision != "day" or parsed.due is None:
        raise ValueError(f"{parsed} must be a full date, YYYY-MM-DD")
    return parsed.due


class _Days:
    """A ``Day``: ``_to_day`` from the data, pydantic-core's date from the index's JSON."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.json_or_python_schema(
            json_schema=core_schema.date_schema(),
            python_schema=core_schema.no_info_plain_validator_function(_to_day),
            serialization=core_schema.plain_serializer_function_ser_schema(dt.date.isoformat),
        )


Day = Annotated[
    dt.date,
    _Days,
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}, mode="validation"),
]
"""A whole day, written YYYY-MM-DD (completions, evidence, readings, lifecycle)."""


def _listify(value: object) -> object:
    return [value] if isinstance(value, dict) else value


RuleList = Annotated[
    tuple[Rule, ...], BeforeValidator(_listify, json_schema_input_type=Rule | list[Rule])
]
"""One rule, or a list of them (a lone mapping is read as a list of one)."""


# --- shared parts ---------------------------------------------------------------------


class Source(Record):
    """Where a record comes from."""

    document: Text = Field(description="Title or file name of the source document.")
    url: str | None = None
    note: str | None = None


class Council(Record):
    """A local authority."""

    name: Text
    la_code: str | None = Field(
        default=None, pattern=r"^E\d{8}$", description="ONS code, e.g. E09000004."
    )
    address: str | None = None


# --- notices -------------------------------------------------------------------------


class NoticeKind(StrEnum):
    CHILDRENS_SERVICES = "childrens_services"
    SEND = "send"
    DIRECTION = "direction"


class MeasureStatus(StrEnum):
    NOT_RECORDED = "not_recorded"
    """Nobody has recorded a status (the default): not the same as not started."""
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    ONGOING = "ongoing"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NOT_RECORDED = "not_recorded"
    """A measure whose status nobody has recorded; never a board's rating."""


BOARD_RATINGS = (Rag.RED, Rag.AMBER, Rag.GREEN)


class Partner(Record):
    name: Text
    role: str | None = None


class Signatory(Record):
    name: str | None = Field(default=None, description="Blank when the document is unsigned.")
    role: str | None = None


class Basis(Record):
    """The evidence a notice is issued on."""

    inspections: tuple[Id, ...] = Field(default=(), description="Ids of inspection records.")
    other: tuple[Text, ...] = Field(default=(), description="Other reports, verbatim.")
    text: str | None = Field(default=None, description="The document's own words.")


class Evidence(Record):
    """One entry in a measure's evidence log."""

    date: Day
    text: Text
    link: str | None = None


class Measure(Record):
    """A requirement of the notice, with its verbatim text."""

    id: ItemId
    theme: str | None = Field(default=None, description="The heading it stands under.")
    text: Text = Field(description="Verbatim text from the document.")
    summary: str | None = Field(default=None, description="A short title for tables.")
    deadline: Rule | None = Field(default=None, description="When it must be done, if stated.")
    owner: str | None = None
    status: MeasureStatus = MeasureStatus.NOT_RECORDED
    rag: Rag | None = Field(default=None, description="A rating set by the board; overrides.")
    evidence: tuple[Evidence, ...] = ()
    deadline_applies_to: tuple[ItemId, ...] = Field(
        default=(),
        description="Measures its deadline is stated for too ('actions in the plan ... by').",
    )
    answers: tuple[str, ...] = Field(
        default=(),
        description="Recommendations it answers, as INSPECTION-ID#PARAGRAPH.",
    )

    @model_validator(mode="after")
    def _answers_form(self) -> Measure:
        bad = [a for a in self.answers if a.count("#") != 1 or a.startswith("#")]
        if bad:
            raise ValueError(f"answers {bad} must look like INSPECTION-ID#PARAGRAPH")
        if self.rag is Rag.NOT_RECORDED:
            raise ValueError("a board's rating is red, amber or green; leave 'rag' out if none")
        if self.deadline_applies_to and self.deadline is None:
            raise ValueError("deadline_applies_to needs a 'deadline' to apply")
        return self


class ClauseRole(StrEnum):
    PREAMBLE = "preamble"
    SUPPORT = "support"
    ASSESSMENT = "assessment"
    TIMESCALE = "timescale"
    CONSEQUENCE = "consequence"
    OTHER = "other"


class Clause(Record):
    """A paragraph that is not itself a measure: assessment, consequences, support."""

    id: ItemId
    theme: str | None = None
    role: ClauseRole = ClauseRole.OTHER
    text: Text


class Completion(Record):
    """An occurrence done: a report submitted, a review held, a board met."""

    date: Day
    occurrence: Day | None = Field(
        default=None, description="The due date it fulfils, when not the earliest open one."
    )
    ad_hoc: bool = Field(
        default=False, description="An extra occasion (e.g. at the Department's request)."
    )
    note: str | None = None
    link: str | None = None


class ObligationType(StrEnum):
    REPORT = "report"
    REVIEW = "review"
    MEETING = "meeting"
    PLAN = "plan"
    ASSESSMENT = "assessment"
    AUDIT = "audit"
    DEADLINE = "deadline"
    OTHER = "other"


def flat_rules(rule: AnyRule) -> tuple[AnyRule, ...]:
    """The rule itself, and for an agreed timetable the rules recorded in it."""
    if isinstance(rule, AgreedRule) and rule.timetable is not None:
        return (rule, *rule.timetable.rules)
    return (rule,)


def rule_refs(rule: AnyRule) -> Iterator[str]:
    """The obligations a rule (with its timetable) counts from."""
    for one in flat_rules(rule):
        if isinstance(one, EachRule):
            yield one.of
        anchor = getattr(one, "anchor", None)
        if anchor is not None and anchor.kind in (AnchorKind.DUE, AnchorKind.DONE):
            yield anchor.ref


class Obligation(Record):
    """Something due once or repeatedly, with the rule(s) that give its due dates."""

    id: Id
    title: Text
    type: ObligationType
    paragraph: ItemId | None = Field(default=None, description="The measure or clause it is in.")
    text: str | None = Field(default=None, description="The words that set it, verbatim.")
    responsible: str | None = None
    recipient: str | None = None
    schedule: RuleList
    completions: tuple[Completion, ...] = ()

    @property
    def depends_on(self) -> frozenset[str]:
        """Ids of the obligations its rules count from (``due X`` / ``done X`` anchors,
        ``each`` of X), agreed timetables included."""
        return frozenset(ref for rule in self.schedule for ref in rule_refs(rule))

    @model_validator(mode="after")
    def _has_rule(self) -> Obligation:
        if not self.schedule:
            raise ValueError("schedule needs at least one rule; use {kind: ad_hoc} if none")
        return self


class Board(Record):
    """The improvement board the notice requires."""

    chair: str | None = None
    independent_chair: bool | None = None
    chair_agreed_by: str | None = None
    meetings: Id | None = Field(default=None, description="Id of the meetings obligation.")
    membership: tuple[Text, ...] = ()
    observers: tuple[Text, ...] = ()
    invitations: tuple[Text, ...] = ()
    text: str | None = None


class StepDown(Record):
    """When the notice may be lifted."""

    text: Text
    requires_minister: bool = False


class Revision(Record):
    date: DocDate
    note: Text


class Lifecycle(Record):
    """What happened to the notice after it was issued."""

    revisions: tuple[Revision, ...] = ()
    lifted: Day | None = None
    replaced_by: Id | None = None
    replaced_on: Day | None = None

    @model_validator(mode="after")
    def _replaced_pair(self) -> Lifecycle:
        if (self.replaced_by is None) != (self.replaced_on is None):
            raise ValueError("give both replaced_by and replaced_on, or neither")
        return self

    def ended(self) -> dt.date | None:
        """The day after which nothing more falls due (lifted or replaced)."""
        days = [d for d in (self.lifted, self.replaced_on) if d is not None]
        return min(days) if days else None


def _anchor(rule: object) -> Anchor | None:
    """What a rule counts from, if it is a rule that counts from something."""
    anchor = getattr(rule, "anchor", None)
    return anchor if isinstance(anchor, Anchor) else None


class Notice(Record):
    """An improvement notice (or a statutory direction) and everything it requires."""

    id: Id
    kind: NoticeKind
    title: Text
    recipient: Council
    partners: tuple[Partner, ...] = ()
    issuer: Text = "Department for Education"
    signatory: Signatory = Signatory()
    issued: DocDate = Field(description="Date of the notice: YYYY-MM-DD, YYYY-MM or unknown.")
    received: DocDate = Field(default=DocDate(), description="Receipt by the Council, if known.")
    reason: str | None = Field(default=None, description="Why it was issued, verbatim.")
    legal_basis: str | None = None
    basis: Basis = Basis()
    replaces: Id | None = Field(default=None, description="The notice this one replaces.")
    measures: tuple[Measure, ...] = ()
    clauses: tuple[Clause, ...] = ()
    board: Board | None = None
    obligations: tuple[Obligation, ...] = ()
    targets_due: Rule | None = Field(default=None, description="When all targets must be met.")
    step_down: StepDown | None = None
    consequence: str | None = Field(default=None, description="What failure may lead to.")
    lifecycle: Lifecycle = Lifecycle()
    source: Source | None = None

    def anchored(self) -> Iterator[tuple[tuple[str | int, ...], Anchor]]:
        """Every anchor in the notice, with the document path of its rule's ``from``."""
        for oi, ob in enumerate(self.obligations):
            for ri, rule in enumerate(ob.schedule):
                if (anchor := _anchor(rule)) is not None:
                    yield ("obligations", oi, "schedule", ri, "from"), anchor
                if isinstance(rule, AgreedRule) and rule.timetable is not None:
                    for ti, agreed in enumerate(rule.timetable.rules):
                        if (anchor := _anchor(agreed)) is not None:
                            path = ("obligations", oi, "schedule", ri, "timetable", "rules", ti)
                            yield (*path, "from"), anchor
        for mi, measure in enumerate(self.measures):
            if (anchor := _anchor(measure.deadline)) is not None:
                yield ("measures", mi, "deadline", "from"), anchor
        if (anchor := _anchor(self.targets_due)) is not None:
            yield ("targets_due", "from"), anchor

    def references(self) -> Iterator[tuple[str, str]]:
        """The other records the notice names, as (folder, id): the inspections it rests
        on, answers and counts from, and the notices it replaces or was replaced by."""
        for ref in self.basis.inspections:
            yield "inspections", ref
        for _, anchor in self.anchored():
            if anchor.kind is AnchorKind.PUBLISHED:
                yield "inspections", anchor.ref
        for measure in self.measures:
            for ref in measure.answers:
                yield "inspections", ref.partition("#")[0]
        for notice in (self.replaces, self.lifecycle.replaced_by):
            if notice is not None:
                yield "notices", notice
