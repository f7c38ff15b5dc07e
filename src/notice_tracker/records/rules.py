"""Schedule rules: how an obligation, a measure deadline or a target date yields due dates.

Each rule is a YAML mapping with a ``kind`` key. This module defines and validates them;
``schedule`` turns them into occurrences.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from notice_tracker.records.dates import DocDate, Period, Unit, Written
from notice_tracker.records.limits import MAX_OCCURRENCES

Text = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Base of every record: immutable, and unknown keys are errors (typos are caught)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


_EVERY_FIELD: dict[type[BaseModel], set[str]] = {}


def compact(value: object) -> None:
    """Let every model inside ``value`` (a record just read) share one set of all its
    fields, in place of the set pydantic keeps per object of the fields that were
    given: a fifth of a register's memory, and read by nothing here (records are
    frozen; only edits ask which fields were given, of the objects they make). The set
    holds every field, so pydantic's own additions to it (a copy with changes adds to
    its copy) never change it."""
    if isinstance(value, BaseModel):
        kind = type(value)
        every = _EVERY_FIELD.get(kind)
        if every is None:
            every = _EVERY_FIELD[kind] = set(kind.model_fields)
        object.__setattr__(value, "__pydantic_fields_set__", every)
        for item in value.__dict__.values():
            compact(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            compact(item)
    elif isinstance(value, dict):
        for item in value.values():
            compact(item)


class AnchorKind(StrEnum):
    DATE = "date"
    ISSUED = "issued"
    RECEIVED = "received"
    PUBLISHED = "published"
    DUE = "due"
    DONE = "done"


_ANCHOR = re.compile(r"^(issued|received)$|^(published|due|done) +([a-z0-9][a-z0-9._-]*)$")
_DATE_ANCHOR = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


@dataclass(frozen=True)
class Anchor(Written):
    """What an offset counts from.

    ``issued`` / ``received``: the notice's issue or receipt date.
    ``published INSPECTION``: an inspection's publication date.
    ``due OBLIGATION``: each due date of another obligation of the same notice.
    ``done OBLIGATION``: each recorded completion of another obligation.
    ``YYYY-MM-DD`` / ``YYYY-MM``: a date the document states ("the first in March 2019").
    """

    PATTERN: ClassVar[str] = f"{_ANCHOR.pattern}|{_DATE_ANCHOR.pattern}"

    kind: AnchorKind
    ref: str = ""
    date: DocDate | None = None

    @classmethod
    def parse(cls, value: object) -> Anchor:
        if isinstance(value, Anchor):
            return value
        if isinstance(value, dt.date) or (isinstance(value, str) and _DATE_ANCHOR.match(value)):
            return cls(AnchorKind.DATE, date=DocDate.parse(value))
        m = _ANCHOR.match(value) if isinstance(value, str) else None
        if not m:
            raise ValueError(
                f"{value!r} is not an anchor: write issued, received, a date (YYYY-MM-DD "
                "or YYYY-MM), 'published INSPECTION-ID', 'due OBLIGATION-ID' or "
                "'done OBLIGATION-ID'"
            )
        if m.group(1):
            return cls(AnchorKind(m.group(1)))
        return cls(AnchorKind(m.group(2)), m.group(3))

    def __str__(self) -> str:
        if self.date is not None:
            return str(self.date)
        return f"{self.kind.value} {self.ref}" if self.ref else self.kind.value


class FixedRule(Record):
    """Fixed dates, each a day or a month ("in October 2012, April 2013 and October 2013")."""

    kind: Literal["fixed"]
    dates: tuple[DocDate, ...] = Field(min_length=1, description="Due dates, day or month.")


class OffsetRule(Record):
    """One due date at an offset from an anchor ("2 months after the commencement").

    A negative offset counts backwards ("before each review"). With a ``due`` or
    ``done`` anchor there is one occurrence per anchor occurrence.
    """

    kind: Literal["offset"]
    anchor: Anchor = Field(alias="from", description="What the offset counts from.")
    offset: Period = Field(description="Signed period, e.g. '2 months' or '-10 working days'.")


class OffsetsRule(Record):
    """Several offsets from one anchor ("after six and 12 months from the publication")."""

    kind: Literal["offsets"]
    anchor: Anchor = Field(alias="from")
    offsets: tuple[Period, ...] = Field(min_length=1)


class CadenceChange(Record):
    """From ``from`` onwards the recurrence runs at a new interval, starting on that date."""

    start: DocDate = Field(alias="from", description="First occurrence at the new cadence.")
    every: Period
    note: str | None = None


NOTICE_ENDS = "notice ends"
"""``until: notice ends``: "until further notice", i.e. until the notice is lifted or
replaced (the same as leaving ``until`` out)."""


class RecurringRule(Record):
    """Every N days, weeks or months from an anchor ("at six monthly intervals from the
    date of this notice"). The first occurrence is one interval after the anchor unless
    ``include_anchor`` is true. Without ``count`` or ``until`` it runs until the notice is
    lifted or replaced.

    Without ``from`` the cadence has no stated start ("The Board is expected to meet
    every 2 months"): nothing is predicted until an occurrence is recorded, then each is
    due one interval after the last one recorded."""

    kind: Literal["recurring"]
    anchor: Anchor | None = Field(
        default=None, alias="from", description="Leave out when no start is stated."
    )
    every: Period
    include_anchor: bool = False
    count: int | None = Field(default=None, ge=1, le=MAX_OCCURRENCES)
    until: DocDate | Literal["notice ends"] | None = None
    changes: tuple[CadenceChange, ...] = ()

    @model_validator(mode="after")
    def _positive(self) -> RecurringRule:
        if self.every.count <= 0 or any(c.every.count <= 0 for c in self.changes):
            raise ValueError("'every' must be a positive period, e.g. '2 months'")
        unphased = ("include_anchor", "count", "changes")
        if self.anchor is None and any(getattr(self, k) for k in unphased):
            raise ValueError(
                "with no 'from' (no stated start) a recurrence takes no include_anchor, "
                "count or changes: give 'from' to use them"
            )
        return self

    @property
    def until_day(self) -> dt.date | None:
        """The last day an occurrence may fall on, when a date is given."""
        return self.until.due if isinstance(self.until, DocDate) else None


class MaxIntervalRule(Record):
    """At least every N ("at least every six months"): the next is due one interval after
    the last recorded completion, or after the anchor when there is none."""

    kind: Literal["max_interval"]
    anchor: Anchor = Field(alias="from")
    every: Period

    @model_validator(mode="after")
    def _positive(self) -> MaxIntervalRule:
        if self.every.count <= 0:
            raise ValueError("'every' must be a positive period, e.g. '6 months'")
        return self


class DeadlineRule(Record):
    """One occurrence at the end of a window: ``by`` a date ("by January 2014"), or
    ``within`` a period ``from`` an anchor ("within 12 months of the date of this notice")."""

    kind: Literal["deadline"]
    by: DocDate | None = None
    anchor: Anchor | None = Field(default=None, alias="from")
    within: Period | None = None

    @model_validator(mode="after")
    def _one_form(self) -> DeadlineRule:
        relative = (self.anchor is not None, self.within is not None)
        if (self.by is None) != (relative == (True, True)) or (self.by and any(relative)):
            raise ValueError("give either 'by: DATE', or both 'from: ANCHOR' and 'within: PERIOD'")
        return self


class AdHocOccurrence(Record):
    """One occasion that arose ("at the specific request of the Department")."""

    due: DocDate
    requested: DocDate | None = None
    note: str | None = None


class AdHocRule(Record):
    """Occurrences recorded as they arise; none are predicted."""

    kind: Literal["ad_hoc"]
    occurrences: tuple[AdHocOccurrence, ...] = ()


TimedRule = (
    FixedRule
    | OffsetRule
    | OffsetsRule
    | RecurringRule
    | MaxIntervalRule
    | DeadlineRule
    | AdHocRule
)
"""The rules an agreed timetable may be written in."""


class Timetable(Record):
    """An agreed timetable, once it is known: the rules that give its dates."""

    agreed: DocDate | None = Field(default=None, description="When it was agreed, if known.")
    rules: tuple[Annotated[TimedRule, Field(discriminator="kind")], ...] = Field(min_length=1)
    note: str | None = None


class AgreedRule(Record):
    """Dates "to a timetable agreed with the Department": undetermined, with that reason,
    until the agreed ``timetable`` is recorded (``notice timetable`` writes it)."""

    kind: Literal["agreed"]
    agreed_with: Text = Field(alias="with", description="Who agrees the timetable.")
    timetable: Timetable | None = None


DEFAULT_LEAD = Period(1, Unit.WORKING_DAYS)
"""How far before the other occurrence "in advance" is due when the notice does not say."""


class EachRule(Record):
    """One occurrence for every occurrence of another obligation, as held: the day a
    completion records, else the due date; ad hoc occasions included ("at each meeting",
    "in advance of each meeting", "prior to any review", "on each occasion").

    ``offset`` counts from each one (``0 days``: on the day). ``in_advance: true`` is
    strictly before it, by ``lead`` (default 1 working day)."""

    kind: Literal["each"]
    of: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")] = Field(
        description="The obligation whose occurrences this one follows."
    )
    offset: Period | None = None
    in_advance: bool = False
    lead: Period | None = Field(default=None, description="With in_advance; default 1 working day.")

    @model_validator(mode="after")
    def _one_form(self) -> EachRule:
        if (self.offset is None) == (not self.in_advance):
            raise ValueError("give either 'offset: PERIOD' or 'in_advance: true'")
        if self.lead is not None and (not self.in_advance or self.lead.count <= 0):
            raise ValueError("'lead' goes with 'in_advance: true' and must be positive")
        return self

    @property
    def shift(self) -> Period:
        """The signed period from each occurrence of ``of``."""
        if self.offset is not None:
            return self.offset
        lead = self.lead or DEFAULT_LEAD
        return Period(-lead.count, lead.unit)


AnyRule = TimedRule | AgreedRule | EachRule
Rule = Annotated[AnyRule, Field(discriminator="kind")]
