"""Month arithmetic without dateutil: the same days as ``relativedelta(months=n)``."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from conftest import d
from notice_tracker.records.dates import DateRangeError, Period, add, add_months
from notice_tracker.records.limits import in_range


@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), st.integers(-600, 600))
def test_add_months_agrees_with_relativedelta(start: dt.date, n: int) -> None:
    assert add_months(start, n) == start + relativedelta(months=n)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), st.integers(-50, 50))
def test_years_agree_with_relativedelta(start: dt.date, n: int) -> None:
    expected = start + relativedelta(years=n)
    if not in_range(expected):  # past the date range, add refuses (test_dates_range.py)
        with pytest.raises(DateRangeError):
            add(start, Period.parse(f"{n} years"))
        return
    assert add(start, Period.parse(f"{n} years")) == expected


def test_month_ends_clamp() -> None:
    assert add_months(d("2014-08-31"), 6) == d("2015-02-28")
    assert add_months(d("2015-08-31"), 6) == d("2016-02-29")
    assert add_months(d("2014-01-31"), -2) == d("2013-11-30")
