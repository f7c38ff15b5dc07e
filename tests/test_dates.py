"""Dates as the documents write them, periods, month arithmetic and working days.

The property tests pin the calendar rules the schedule engine relies on: month
arithmetic clamps to the month's last day without drifting, and working days skip
weekends and England and Wales bank holidays.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import d
from notice_tracker.records.dates import (
    DocDate,
    Period,
    Precision,
    Unit,
    add,
    add_working_days,
    end_of_month,
    is_working_day,
    uk_long,
)

PROPERTY = settings(max_examples=200, deadline=None)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))


# --- DocDate ------------------------------------------------------------------------


def test_a_day_is_due_on_that_day() -> None:
    date = DocDate.parse("2014-09-02")
    assert (date.precision, date.due, date.start, str(date)) == (
        Precision.DAY,
        d("2014-09-02"),
        d("2014-09-02"),
        "2014-09-02",
    )


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("2012-10", "2012-10-01", "2012-10-31"),
        ("2013-04", "2013-04-01", "2013-04-30"),
        ("2014-02", "2014-02-01", "2014-02-28"),
        ("2016-02", "2016-02-01", "2016-02-29"),
        ("2025-08", "2025-08-01", "2025-08-31"),
    ],
)
def test_a_month_is_due_at_its_end(text: str, start: str, due: str) -> None:
    date = DocDate.parse(text)
    assert date.precision is Precision.MONTH
    assert (date.start, date.due, str(date)) == (d(start), d(due), text)


def test_unknown_is_carried_not_guessed() -> None:
    date = DocDate.parse("unknown")
    assert date == DocDate.unknown()
    assert (date.known, date.precision, date.due, date.start, str(date)) == (
        False,
        Precision.UNKNOWN,
        None,
        None,
        "unknown",
    )


def test_a_yaml_date_is_accepted() -> None:
    assert DocDate.parse(dt.date(2014, 9, 2)) == DocDate(2014, 9, 2)
    assert DocDate.of(dt.date(2014, 9, 2)).due == d("2014-09-02")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("01/05/2024", "UK dates such as 01/05/2024 must be rewritten"),
        ("2014-13", "has no month 13"),
        ("2014-02-30", "is not a real date"),
        ("October 2012", "is not a date"),
        (None, "a date is required"),
        (20140902, "expected a date"),
        (dt.datetime(2014, 9, 2, 10, 0), "no time of day"),
    ],
)
def test_a_bad_date_says_how_to_write_it(value: object, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        DocDate.parse(value)


def test_month_dates_sort_with_day_dates() -> None:
    assert DocDate.parse("2012-10") < DocDate.parse("2012-10-05") < DocDate.parse("2012-11")


# --- Period -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "unit", "shown"),
    [
        ("2 months", 2, Unit.MONTHS, "2 months"),
        ("1 month", 1, Unit.MONTHS, "1 month"),
        ("6 weeks", 6, Unit.WEEKS, "6 weeks"),
        ("-14 days", -14, Unit.DAYS, "-14 days"),
        ("10 working days", 10, Unit.WORKING_DAYS, "10 working days"),
        ("1 working day", 1, Unit.WORKING_DAYS, "1 working day"),
        ("1 year", 1, Unit.YEARS, "1 year"),
    ],
)
def test_periods(text: str, count: int, unit: Unit, shown: str) -> None:
    period = Period.parse(text)
    assert (period.count, period.unit, str(period)) == (count, unit, shown)


@pytest.mark.parametrize("value", ["two months", "2 fortnights", "2", 2, None])
def test_a_bad_period_says_how_to_write_it(value: object) -> None:
    with pytest.raises(ValueError, match="period"):
        Period.parse(value)


def test_times_multiplies_the_count() -> None:
    assert Period.parse("6 months").times(3) == Period(18, Unit.MONTHS)


# --- add ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "period", "expected"),
    [
        ("2014-09-02", "2 months", "2014-11-02"),
        ("2014-09-02", "6 months", "2015-03-02"),
        ("2014-05-23", "12 months", "2015-05-23"),
        ("2014-08-31", "6 months", "2015-02-28"),
        ("2015-08-31", "6 months", "2016-02-29"),
        ("2014-08-31", "12 months", "2015-08-31"),
        ("2014-01-31", "1 month", "2014-02-28"),
        ("2016-02-29", "1 year", "2017-02-28"),
        ("2014-09-02", "-2 months", "2014-07-02"),
        ("2014-09-02", "4 weeks", "2014-09-30"),
        ("2014-09-02", "-14 days", "2014-08-19"),
    ],
)
def test_add(start: str, period: str, expected: str) -> None:
    assert add(d(start), Period.parse(period)) == d(expected)


def test_six_monthly_from_31_august_does_not_drift() -> None:
    """From the anchor each time: 31 Aug, 28/29 Feb, 31 Aug. Repeated addition would
    drift to the 28th for ever after the first February."""
    anchor = d("2014-08-31")
    from_anchor = [add(anchor, Period(6 * k, Unit.MONTHS)) for k in range(1, 5)]
    assert from_anchor == [d("2015-02-28"), d("2015-08-31"), d("2016-02-29"), d("2016-08-31")]
    repeated = add(add(anchor, Period(6, Unit.MONTHS)), Period(6, Unit.MONTHS))
    assert repeated == d("2015-08-28")  # what the engine must never do


def test_end_of_month() -> None:
    assert end_of_month(2014, 2) == d("2014-02-28")
    assert end_of_month(2016, 2) == d("2016-02-29")
    assert end_of_month(2014, 12) == d("2014-12-31")


def test_uk_long() -> None:
    assert uk_long(d("2014-11-02")) == "2 November 2014"


@PROPERTY
@given(start=days, months=st.integers(min_value=-240, max_value=240))
def test_month_arithmetic_clamps_to_the_month_and_never_drifts(start: dt.date, months: int) -> None:
    result = add(start, Period(months, Unit.MONTHS))
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last)


@PROPERTY
@given(start=days, years=st.integers(min_value=-50, max_value=50))
def test_years_are_twelve_months(start: dt.date, years: int) -> None:
    assert add(start, Period(years, Unit.YEARS)) == add(start, Period(12 * years, Unit.MONTHS))


@PROPERTY
@given(start=days, weeks=st.integers(min_value=-520, max_value=520))
def test_weeks_are_seven_days(start: dt.date, weeks: int) -> None:
    assert add(start, Period(weeks, Unit.WEEKS)) == add(start, Period(7 * weeks, Unit.DAYS))
    assert (add(start, Period(weeks, Unit.WEEKS)) - start).days == 7 * weeks


# --- working days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "holiday",
    [
        "2014-12-25",  # Christmas Day
        "2014-12-26",  # Boxing Day
        "2015-05-04",  # Early May bank holiday
        "2015-04-03",  # Good Friday
        "2015-04-06",  # Easter Monday
        "2015-08-31",  # Summer bank holiday (England and Wales)
        "2020-05-08",  # VE Day: the May bank holiday moved that year
        "2021-12-28",  # Christmas Day on a Saturday: substitute day
    ],
)
def test_england_and_wales_bank_holidays_are_not_working_days(holiday: str) -> None:
    assert d(holiday).weekday() < 5
    assert not is_working_day(d(holiday))


def test_scottish_only_holidays_are_working_days() -> None:
    assert is_working_day(d("2015-01-02"))  # 2 January: a bank holiday in Scotland only
    assert is_working_day(d("2015-08-03"))  # first Monday of August: Scotland only


def test_weekends_are_not_working_days() -> None:
    assert not is_working_day(d("2014-11-01"))  # Saturday
    assert not is_working_day(d("2014-11-02"))  # Sunday
    assert is_working_day(d("2014-11-03"))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2014-12-24", 1, "2014-12-29"),  # over Christmas, Boxing Day and the weekend
        ("2014-12-23", 3, "2014-12-30"),
        ("2015-05-01", 1, "2015-05-05"),  # over the weekend and the May bank holiday
        ("2014-12-29", -1, "2014-12-24"),
        ("2015-05-05", -1, "2015-05-01"),
        ("2014-11-03", 10, "2014-11-17"),
        ("2014-11-01", 0, "2014-11-03"),  # zero rolls a weekend forward
        ("2014-12-25", 0, "2014-12-29"),
        ("2014-11-03", 0, "2014-11-03"),
    ],
)
def test_add_working_days(start: str, n: int, expected: str) -> None:
    assert add_working_days(d(start), n) == d(expected)
    assert add(d(start), Period(n, Unit.WORKING_DAYS)) == d(expected)


def _working_days_between(first: dt.date, last: dt.date) -> int:
    """Working days in the closed range [first, last]."""
    span = (last - first).days + 1
    return sum(is_working_day(first + dt.timedelta(days=i)) for i in range(max(span, 0)))


@PROPERTY
@given(start=days, n=st.integers(min_value=-60, max_value=60))
def test_working_day_result_is_a_working_day(start: dt.date, n: int) -> None:
    assert is_working_day(add_working_days(start, n))


@PROPERTY
@given(start=days, n=st.integers(min_value=1, max_value=60))
def test_exactly_n_working_days_after(start: dt.date, n: int) -> None:
    result = add_working_days(start, n)
    assert result > start
    # n - 1 working days strictly between, and the result is the n-th.
    strictly_between = _working_days_between(start + dt.timedelta(days=1), result) - 1
    assert strictly_between == n - 1
    assert _working_days_between(start + dt.timedelta(days=1), result) == n


@PROPERTY
@given(start=days, n=st.integers(min_value=1, max_value=60))
def test_exactly_n_working_days_before(start: dt.date, n: int) -> None:
    result = add_working_days(start, -n)
    assert result < start
    assert _working_days_between(result, start - dt.timedelta(days=1)) == n


@PROPERTY
@given(a=days, b=days, n=st.integers(min_value=-30, max_value=30))
def test_working_days_are_monotonic_in_the_start(a: dt.date, b: dt.date, n: int) -> None:
    early, late = sorted((a, b))
    assert add_working_days(early, n) <= add_working_days(late, n)


@PROPERTY
@given(start=days, m=st.integers(min_value=-30, max_value=30), n=st.integers(-30, 30))
def test_working_days_are_monotonic_in_n(start: dt.date, m: int, n: int) -> None:
    low, high = sorted((m, n))
    assert add_working_days(start, low) <= add_working_days(start, high)
    if low < high and (low >= 1 or high <= 0):
        assert add_working_days(start, low) < add_working_days(start, high)


@PROPERTY
@given(start=days, n=st.integers(min_value=-40, max_value=40))
def test_working_days_go_there_and_back(start: dt.date, n: int) -> None:
    working = add_working_days(start, 0)
    assert add_working_days(add_working_days(working, n), -n) == working


@PROPERTY
@given(
    start=st.dates(min_value=dt.date(2014, 11, 1), max_value=dt.date(2015, 5, 31)),
    n=st.integers(min_value=-120, max_value=120),
)
def test_known_bank_holidays_are_always_skipped(start: dt.date, n: int) -> None:
    """Whatever the start and the count, no working-day offset lands on these holidays."""
    holidays = {d("2014-12-25"), d("2014-12-26"), d("2015-05-04")}
    assert add_working_days(start, n) not in holidays
    assert add(start, Period(n, Unit.WORKING_DAYS)) not in holidays
