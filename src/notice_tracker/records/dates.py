"""Dates as the documents write them, periods, and calendar arithmetic.

Pure functions only: nothing here reads the clock. ``as_of`` is always passed in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, ClassVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from notice_tracker.records.limits import FIRST_DAY, LAST_DAY, MAX_PERIOD, RANGE, YEARS, in_range


class DateRangeError(ValueError):
    """A date outside the range the tool works with (``records.limits``)."""


def out_of_range(text: str) -> DateRangeError:
    return DateRangeError(
        f"{text} is outside the dates notice-tracker works with ({RANGE}; see docs/limits.md)"
    )


def check_day(day: dt.date, text: str | None = None) -> dt.date:
    """``day`` itself, or ``DateRangeError`` when it lies outside the date range."""
    if not in_range(day):
        raise out_of_range(text or day.isoformat())
    return day


class Precision(StrEnum):
    """How much of a date a document gives."""

    DAY = "day"
    MONTH = "month"
    UNKNOWN = "unknown"


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Written:
    """A value written in the data as one string (a date, a period, an anchor): pydantic
    reads it with the class's ``parse``, writes it back with ``str`` and describes it to
    editors by ``PATTERN``."""

    PATTERN: ClassVar[str]

    @classmethod
    def parse(cls, value: object) -> Any:
        raise NotImplementedError

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": cls.PATTERN}


@dataclass(frozen=True, order=True)
class DocDate(Written):
    """A date at the precision the source document gives it.

    Written in YAML as ``2014-09-02`` (day), ``2012-10`` (month: due at the end of
    that month) or ``unknown`` (a blank "Date:" line). ``due`` is the last day the
    date covers; it is ``None`` when the date is unknown.
    """

    PATTERN: ClassVar[str] = r"^(\d{4}-\d{2}(-\d{2})?|unknown)$"

    year: int = 0
    month: int = 0
    day: int = 0

    @classmethod
    def unknown(cls) -> DocDate:
        return cls()

    @classmethod
    def of(cls, value: dt.date) -> DocDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, value: object) -> DocDate:
        """Read a YAML value; raise ``ValueError`` with a fix-it hint when it is not a date.
        A date written as text is read once: a register repeats the same few thousand."""
        if type(value) is str and cls is DocDate:
            known = _TEXTS.get(value)
            if known is None:
                if len(_TEXTS) > 100_000:
                    _TEXTS.clear()
                known = _TEXTS[value] = cls._parse(value)
            return known
        return cls._parse(value)

    @classmethod
    def _parse(cls, value: object) -> DocDate:
        if isinstance(value, DocDate):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError("a date has no time of day: write YYYY-MM-DD")
        if isinstance(value, dt.date):
            return cls.of(check_day(value))
        if value is None:
            raise ValueError("a date is required: write YYYY-MM-DD, YYYY-MM or unknown")
        if not isinstance(value, str):
            raise ValueError(f"expected a date (YYYY-MM-DD, YYYY-MM or unknown), got {value!r}")
        text = value.strip()
        if text == "unknown":
            return cls.unknown()
        if m := _DAY.match(text):
            year, month, day = (int(g) for g in m.groups())
            try:
                check_day(dt.date(year, month, day), text)
            except DateRangeError:
                raise
            except ValueError as exc:
                raise ValueError(f"{text!r} is not a real date ({exc})") from None
            return cls(year, month, day)
        if m := _MONTH.match(text):
            year, month = (int(g) for g in m.groups())
            if not 1 <= month <= 12:
                raise ValueError(f"{text!r} has no month {month}: months run 01 to 12")
            if not FIRST_DAY.year <= year <= LAST_DAY.year:
                raise out_of_range(text)
            return cls(year, month, 0)
        raise ValueError(
            f"{text!r} is not a date: write YYYY-MM-DD (a day), YYYY-MM (a month, "
            "due at its end) or unknown; UK dates such as 01/05/2024 must be rewritten"
        )

    @property
    def precision(self) -> Precision:
        if not self.year:
            return Precision.UNKNOWN
        return Precision.DAY if self.day else Precision.MONTH

    @property
    def known(self) -> bool:
        return bool(self.year)

    @property
    def due(self) -> dt.date | None:
        """The last day this date covers: the day itself, or the end of the month."""
        if not self.year:
            return None
        if self.day:
            return dt.date(self.year, self.month, self.day)
        return end_of_month(self.year, self.month)

    @property
    def start(self) -> dt.date | None:
        """The first day this date covers."""
        if not self.year:
            return None
        return dt.date(self.year, self.month, self.day or 1)

    def __str__(self) -> str:
        if not self.year:
            return "unknown"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_TEXTS: dict[str, DocDate] = {}


class Unit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"
    WORKING_DAYS = "working days"


_PERIOD = re.compile(r"^([+-]?\d+)\s+(day|week|month|year|working day)s?$")


_NUMBER_AND_WORD = re.compile(r"^([+-]?\d+)\s*([a-z][a-z ]*?)\s*$")


def _close_period(value: str) -> str:
    """``'2 months'`` for ``'2 monts'``: the period meant, when the unit is a near miss."""
    m = _NUMBER_AND_WORD.match(value.strip().lower())
    if not m:
        return ""
    count, word = m.groups()
    units = [u.value for u in Unit] + [u.value[:-1] for u in Unit]
    close = difflib.get_close_matches(word, units, n=1, cutoff=0.6)
    if not close:
        return ""
    unit = close[0].removesuffix("s")
    return f"{count} {unit}" + ("" if abs(int(count)) == 1 else "s")


@dataclass(frozen=True)
class Period(Written):
    """A signed length of time: ``2 months``, ``-14 days``, ``10 working days``."""

    PATTERN: ClassVar[str] = _PERIOD.pattern

    count: int
    unit: Unit

    @classmethod
    def parse(cls, value: object) -> Period:
        if isinstance(value, Period):
            return value
        if not isinstance(value, str):
            raise ValueError(f"expected a period such as '2 months', got {value!r}")
        m = _PERIOD.match(value.strip())
        if not m:
            close = _close_period(value)
            if close:
                raise ValueError(f"{value!r} is not a period: did you mean {close!r}?")
            raise ValueError(
                f"{value!r} is not a period: write a whole number and a unit, e.g. "
                "'2 months', '6 weeks', '-14 days', '10 working days', '1 year'"
            )
        return cls(int(m.group(1)), Unit(m.group(2) + "s")).checked()

    def checked(self) -> Period:
        """The period itself; ``ValueError`` when it is longer than the whole date range
        (a longer one can only be a mistake, and counting it would take ages)."""
        limit = MAX_PERIOD[self.unit.value]
        if abs(self.count) > limit:
            raise ValueError(
                f"'{self}' is longer than the {YEARS} years of dates notice-tracker works "
                f"with: at most {limit:,} {self.unit.value} (see docs/limits.md)"
            )
        return self

    def times(self, k: int) -> Period:
        return Period(self.count * k, self.unit)

    def __str__(self) -> str:
        unit = self.unit.value if abs(self.count) != 1 else self.unit.value[:-1]
        return f"{self.count} {unit}"


def end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add(start: dt.date, period: Period) -> dt.date:
    """``start`` moved by ``period``; months clamp to the month's last day (31 Aug + 6 months
    = 28/29 Feb). Callers compute every occurrence from the anchor, never by repeated
    addition, so a clamp never drifts into later occurrences. ``DateRangeError`` when the
    result lies outside the date range (``records.limits``)."""
    what = f"{start} + {period}"
    if abs(period.count) > MAX_PERIOD[period.unit.value]:
        raise out_of_range(what)
    try:
        return check_day(_add(start, period), what)
    except (OverflowError, ValueError):
        raise out_of_range(what) from None


def _add(start: dt.date, period: Period) -> dt.date:
    n, unit = period.count, period.unit
    if unit is Unit.DAYS:
        return start + dt.timedelta(days=n)
    if unit is Unit.WEEKS:
        return start + dt.timedelta(weeks=n)
    if unit is Unit.MONTHS:
        return add_months(start, n)
    if unit is Unit.YEARS:
        return add_months(start, 12 * n)
    return add_working_days(start, n)


def add_months(start: dt.date, n: int) -> dt.date:
    """``n`` calendar months after ``start``, clamped to the month's last day, as
    dateutil's ``relativedelta(months=n)`` gives it (without building one per call)."""
    total = start.month - 1 + n
    year, month = start.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=512)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales bank holidays, from the maintained ``holidays`` package."""
    import holidays  # only when working days are counted: it is slow to import

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """``n`` working days after (or before, when negative) ``start``; weekends and England
    and Wales bank holidays are skipped. ``0`` rolls a non-working day forward."""
    step = 1 if n >= 0 else -1
    day = start
    if n == 0:
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        return day
    remaining = abs(n)
    while remaining > 15:  # jump whole weeks: 5 working days each, less bank holidays
        weeks = (remaining - 10) // 5
        end = day + dt.timedelta(weeks=weeks * step)
        # The days passed: (day, end] forwards, [end, day) backwards.
        passed = (day, end) if step > 0 else (end - _ONE_DAY, day - _ONE_DAY)
        remaining -= 5 * weeks - _weekday_holidays(*passed)
        day = end
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


_ONE_DAY = dt.timedelta(days=1)


def working_day_steps(start: dt.date, every: Period, first_k: int) -> Iterator[dt.date]:
    """For a cadence in working days, ``start + k x every`` for k = first_k, ... each
    counted on from the one before (the same days as counting each from ``start``, for
    k >= 1, without recounting); nothing for other units (months clamp, so they are
    always counted from the start). Stops at the end of the date range."""
    if every.unit is not Unit.WORKING_DAYS:
        return
    try:
        if first_k == 0:  # the start itself (rolled on to a working day)
            yield add(start, every.times(0))
        day = add(start, every.times(max(first_k, 1)))
        while True:
            yield day
            day = add(day, every)
    except DateRangeError:
        return


def _weekday_holidays(after: dt.date, upto: dt.date) -> int:
    """Bank holidays on a weekday in ``(after, upto]``."""
    return sum(
        1
        for year in range(after.year, upto.year + 1)
        for day in _bank_holidays(year)
        if after < day <= upto and day.weekday() < 5
    )


def uk_long(day: dt.date) -> str:
    """``2 November 2014``: the way the documents and board papers write a day."""
    return f"{day.day} {day.strftime('%B')} {day.year}"
