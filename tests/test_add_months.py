"""Month arithmetic without dateutil: the same days as ``relativedelta(months=n)``."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from conftest import d
from notice_tracker.records.dates import Period, add, add_months


@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), st.integers(-600, 600))
def test_add_months_agrees_with_relativedelta(start: dt.date, n: int) -> None:
    assert add_months(start, n) == start + relativedelta(months=n)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), st.integers(-50, 50))
def test_years_agree_with_relativedelta(start: dt.date, n: int) -> None:
    assert add(start, Period.parse(f"{n} years")) == start + relativedelta(years=n)


def test_month_ends_clamp() -> None:
    assert add_months(d("2014-08-31"), 6) == d("2015-02-28")
    assert add_months(d("2015-08-31"), 6) == d("2016-02-29")
    assert add_months(d("2014-01-31"), -2) == d("2013-11-30")
