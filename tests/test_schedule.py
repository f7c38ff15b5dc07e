"""The due-date engine: every rule kind, anchors known and unknown, and the dates the
source documents give.

Rules are written as the YAML mappings the data files hold and validated through the
same pydantic models; ``schedule.occurrences`` is pure (a ``Context`` carries every date
it may count from, and the horizon), so no clock is involved.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from conftest import d
from notice_tracker.evaluate.schedule import Context, Occurrence, describe, occurrences
from notice_tracker.read import load
from notice_tracker.records.dates import DocDate, Period, Unit, add, is_working_day
from notice_tracker.records.models import Notice
from notice_tracker.records.rules import AnyRule, Rule

DATA = Path(__file__).resolve().parent.parent / "data"
PROPERTY = settings(max_examples=200, deadline=None)
RULE: TypeAdapter[AnyRule] = TypeAdapter(Rule)


def rule(**fields: Any) -> AnyRule:
    """A rule from the keys a data file would hold (``from`` included)."""
    return RULE.validate_python(fields)


def ctx(
    issued: str = "2014-09-02",
    received: str = "unknown",
    published: Mapping[str, str | None] | None = None,
    horizon: str = "2016-12-31",
    end: str | None = None,
    due: Mapping[str, Sequence[Occurrence]] | None = None,
    done: Mapping[str, Sequence[dt.date]] | None = None,
) -> Context:
    return Context(
        DocDate.parse(issued),
        DocDate.parse(received),
        {k: None if v is None else DocDate.parse(v) for k, v in (published or {}).items()},
        d(horizon),
        d(end) if end else None,
        due or {},
        done or {},
    )


def dues(rules: AnyRule | Sequence[AnyRule], context: Context, ob_id: str = "") -> list[str]:
    seq = [rules] if not isinstance(rules, Sequence) else list(rules)
    return [str(o.due) for o in occurrences(seq, context, ob_id)]


def only(rules: AnyRule, context: Context) -> Occurrence:
    (occ,) = occurrences([rules], context)
    return occ


# --- fixed dates ----------------------------------------------------------------------


def test_fixed_days_and_months() -> None:
    r = rule(kind="fixed", dates=["2012-10", "2013-04-15", "2013-10"])
    occs = occurrences([r], ctx())
    assert [str(o.due) for o in occs] == ["2012-10-31", "2013-04-15", "2013-10-31"]
    assert [o.month_only for o in occs] == [True, False, True]
    assert occs[0].derivation == "fixed date 2012-10 (end of month 2012-10-31)"
    assert occs[1].derivation == "fixed date 2013-04-15"


def test_fixed_unknown_date_is_undetermined() -> None:
    occ = only(rule(kind="fixed", dates=["unknown"]), ctx())
    assert (occ.due, occ.reason) == (None, "the date is unknown")


# --- offsets --------------------------------------------------------------------------


def test_offset_from_issue() -> None:
    occ = only(rule(kind="offset", **{"from": "issued"}, offset="2 months"), ctx())
    assert occ.due == d("2014-11-02")
    assert occ.derivation == "issued 2014-09-02 + 2 months = 2014-11-02"


def test_offset_backwards() -> None:
    occ = only(rule(kind="offset", **{"from": "issued"}, offset="-14 days"), ctx())
    assert occ.due == d("2014-08-19")
    assert occ.derivation == "issued 2014-09-02 - 14 days = 2014-08-19"


def test_offset_from_receipt() -> None:
    r = rule(kind="offset", **{"from": "received"}, offset="1 month")
    assert only(r, ctx(received="2014-09-05")).due == d("2014-10-05")


def test_offset_from_an_unknown_receipt_is_undetermined_with_the_reason() -> None:
    occ = only(rule(kind="offset", **{"from": "received"}, offset="1 month"), ctx())
    assert occ.due is None
    assert occ.reason == "the date of receipt is not recorded"
    assert occ.derivation == "received + 1 month"


def test_offset_from_an_unknown_issue_date_is_undetermined() -> None:
    occ = only(rule(kind="offset", **{"from": "issued"}, offset="2 months"), ctx(issued="unknown"))
    assert (occ.due, occ.reason) == (None, "the notice's issue date is unknown")


def test_offset_from_publication() -> None:
    r = rule(kind="offset", **{"from": "published ofsted"}, offset="6 months")
    occ = only(r, ctx(published={"ofsted": "2014-05-23"}))
    assert occ.due == d("2014-11-23")
    assert occ.derivation == "ofsted published 2014-05-23 + 6 months = 2014-11-23"


@pytest.mark.parametrize("published", [{"ofsted": None}, {"ofsted": "unknown"}, {}])
def test_offset_from_a_missing_publication_is_undetermined(
    published: Mapping[str, str | None],
) -> None:
    r = rule(kind="offset", **{"from": "published ofsted"}, offset="6 months")
    occ = only(r, ctx(published=published))
    assert (occ.due, occ.reason) == (None, "inspection ofsted has no publication date")


def test_offset_before_each_occurrence_of_another_obligation() -> None:
    """ "before each review": one occurrence per due date of the other obligation."""
    reviews = occurrences([rule(kind="fixed", dates=["2015-03-16", "2015-06"])], ctx())
    r = rule(kind="offset", **{"from": "due reviews"}, offset="-10 working days")
    occs = occurrences([r], ctx(due={"reviews": reviews}))
    assert [str(o.due) for o in occs] == ["2015-03-02", "2015-06-16"]
    assert occs[0].derivation == "reviews due 2015-03-16 - 10 working days = 2015-03-02"
    assert all(is_working_day(o.due) for o in occs if o.due)


def test_offset_from_an_undetermined_occurrence_is_undetermined() -> None:
    plan = occurrences([rule(kind="offset", **{"from": "received"}, offset="1 month")], ctx())
    r = rule(kind="offset", **{"from": "due plan"}, offset="2 weeks")
    occ = only(r, ctx(due={"plan": plan}))
    assert (occ.due, occ.reason) == (None, "the date of receipt is not recorded")


def test_offset_after_each_completion_of_another_obligation() -> None:
    r = rule(kind="offset", **{"from": "done board"}, offset="10 working days")
    context = ctx(done={"board": [d("2014-12-18"), d("2015-02-02")]})
    occs = occurrences([r], context)
    # 10 working days after 18 December 2014 skips Christmas, Boxing Day and New Year's Day.
    assert [str(o.due) for o in occs] == ["2015-01-06", "2015-02-16"]
    assert occs[0].derivation == "board done 2014-12-18 + 10 working days = 2015-01-06"


def test_offset_from_a_completion_not_yet_recorded_gives_nothing() -> None:
    r = rule(kind="offset", **{"from": "done board"}, offset="10 working days")
    assert occurrences([r], ctx()) == []


def test_offsets_list() -> None:
    r = rule(kind="offsets", **{"from": "published ofsted"}, offsets=["6 months", "12 months"])
    assert dues(r, ctx(published={"ofsted": "2014-05-23"})) == ["2014-11-23", "2015-05-23"]


def test_offsets_from_an_unknown_anchor_are_each_undetermined() -> None:
    r = rule(kind="offsets", **{"from": "received"}, offsets=["1 month", "2 months"])
    occs = occurrences([r], ctx())
    assert [(o.due, o.derivation) for o in occs] == [
        (None, "received + 1 month"),
        (None, "received + 2 months"),
    ]


def test_months_from_a_month_only_anchor_are_months() -> None:
    """February 2014 + 6 months is August 2014, due at its end (the 31st, not the 28th);
    days from it are a precise day."""
    months = only(rule(kind="offset", **{"from": "issued"}, offset="6 months"), ctx("2014-02"))
    assert (months.due, months.month_only) == (d("2014-08-31"), True)
    assert months.derivation == (
        "issued 2014-02 (end of month 2014-02-28) + 6 months = 2014-08 (end of month 2014-08-31)"
    )
    days = only(rule(kind="offset", **{"from": "issued"}, offset="14 days"), ctx("2014-02"))
    assert (days.due, days.month_only) == (d("2014-03-14"), False)


# --- recurrence -----------------------------------------------------------------------


def test_recurring_open_ended_runs_to_the_first_occurrence_after_the_horizon() -> None:
    r = rule(kind="recurring", **{"from": "issued"}, every="6 months")
    assert dues(r, ctx(horizon="2015-10-01")) == ["2015-03-02", "2015-09-02", "2016-03-02"]


def test_six_monthly_from_31_august_gives_february_then_31_august() -> None:
    r = rule(kind="recurring", **{"from": "issued"}, every="6 months", count=5)
    assert dues(r, ctx(issued="2014-08-31")) == [
        "2015-02-28",
        "2015-08-31",
        "2016-02-29",
        "2016-08-31",
        "2017-02-28",
    ]


def test_recurring_stops_when_the_notice_ends() -> None:
    r = rule(kind="recurring", **{"from": "issued"}, every="2 months")
    assert dues(r, ctx(end="2015-03-01")) == ["2014-11-02", "2015-01-02"]


def test_recurring_with_count() -> None:
    r = rule(kind="recurring", **{"from": "issued"}, every="1 month", count=3)
    assert dues(r, ctx()) == ["2014-10-02", "2014-11-02", "2014-12-02"]


def test_recurring_until_a_month_includes_that_month() -> None:
    r = rule(kind="recurring", **{"from": "issued"}, every="1 month", until="2014-12")
    assert dues(r, ctx()) == ["2014-10-02", "2014-11-02", "2014-12-02"]


def test_recurring_including_the_anchor() -> None:
    r = rule(kind="recurring", **{"from": "issued"}, every="2 months", include_anchor=True, count=3)
    occs = occurrences([r], ctx())
    assert [str(o.due) for o in occs] == ["2014-09-02", "2014-11-02", "2015-01-02"]
    assert occs[0].derivation == "issued 2014-09-02 + 0 months = 2014-09-02"


def test_recurring_weekly_and_daily() -> None:
    weekly = rule(kind="recurring", **{"from": "issued"}, every="4 weeks", count=2)
    daily = rule(kind="recurring", **{"from": "issued"}, every="10 days", count=2)
    assert dues(weekly, ctx()) == ["2014-09-30", "2014-10-28"]
    assert dues(daily, ctx()) == ["2014-09-12", "2014-09-22"]


def test_recurring_from_an_unknown_anchor_is_one_undetermined_occurrence() -> None:
    r = rule(kind="recurring", **{"from": "issued"}, every="4 weeks")
    occ = only(r, ctx(issued="unknown"))
    assert occ.due is None
    assert occ.derivation == "every 4 weeks from issued"
    assert occ.reason == "the notice's issue date is unknown"


def test_change_of_cadence() -> None:
    """ "every 4 weeks initially", 6-weekly from 1 March 2013 (agreed with the Department)."""
    r = rule(
        kind="recurring",
        **{"from": "issued"},
        every="4 weeks",
        changes=[{"from": "2013-03-01", "every": "6 weeks"}],
    )
    occs = occurrences([r], ctx(issued="2012-12-01", horizon="2013-05-01"))
    assert [str(o.due) for o in occs] == [
        "2012-12-29",
        "2013-01-26",
        "2013-02-23",
        "2013-03-01",
        "2013-04-12",
        "2013-05-24",
    ]
    assert occs[3].derivation == "cadence change 2013-03-01 + 0 weeks = 2013-03-01"
    assert occs[4].derivation == "cadence change 2013-03-01 + 6 weeks = 2013-04-12"


def test_change_of_cadence_counts_towards_count() -> None:
    r = rule(
        kind="recurring",
        **{"from": "issued"},
        every="1 month",
        count=3,
        changes=[{"from": "2014-11-15", "every": "2 months"}],
    )
    assert dues(r, ctx()) == ["2014-10-02", "2014-11-02", "2014-11-15"]


def test_change_of_cadence_on_an_unknown_date_is_undetermined() -> None:
    r = rule(
        kind="recurring",
        **{"from": "issued"},
        every="4 weeks",
        count=2,
        changes=[{"from": "unknown", "every": "6 weeks"}],
    )
    occs = occurrences([r], ctx())
    assert [str(o.due) for o in occs] == ["2014-09-30", "2014-10-28", "None"]
    assert occs[-1].reason == "the date the cadence changes to every 6 weeks is unknown"


def test_every_must_be_positive() -> None:
    with pytest.raises(ValidationError, match="positive"):
        rule(kind="recurring", **{"from": "issued"}, every="0 months")
    with pytest.raises(ValidationError, match="positive"):
        rule(kind="max_interval", **{"from": "issued"}, every="-6 months")


# --- maximum interval -----------------------------------------------------------------


def test_max_interval_without_completions_counts_from_the_anchor() -> None:
    r = rule(kind="max_interval", **{"from": "issued"}, every="6 months")
    occ = only(r, ctx())
    assert occ.due == d("2015-03-02")
    assert occ.derivation == "issued 2014-09-02 + 6 months = 2015-03-02"


def test_max_interval_counts_from_the_last_completion_not_the_last_due_date() -> None:
    r = rule(kind="max_interval", **{"from": "issued"}, every="6 months")
    context = ctx(done={"reviews": [d("2014-12-10"), d("2015-07-01")]})
    occs = occurrences([r], context, "reviews")
    assert [str(o.due) for o in occs] == ["2015-03-02", "2015-06-10", "2016-01-01"]
    assert occs[-1].derivation == "last done 2015-07-01 + 6 months = 2016-01-01"


def test_max_interval_stops_when_the_notice_ends() -> None:
    r = rule(kind="max_interval", **{"from": "issued"}, every="6 months")
    context = ctx(done={"reviews": [d("2014-12-10")]}, end="2015-05-01")
    assert dues(r, context, "reviews") == ["2015-03-02"]


def test_max_interval_from_an_unknown_anchor_waits_for_a_completion() -> None:
    r = rule(kind="max_interval", **{"from": "received"}, every="6 months")
    assert [o.reason for o in occurrences([r], ctx(), "x")] == [
        "the date of receipt is not recorded"
    ]
    occs = occurrences([r], ctx(done={"x": [d("2015-01-10")]}), "x")
    # Known dates first: the next is counted from the completion, and only a later
    # completion can fulfil it; the first stays undetermined (the completion fulfils it).
    assert [(o.due, o.after) for o in occs] == [(d("2015-07-10"), d("2015-01-10")), (None, None)]


# --- deadlines and ad hoc -------------------------------------------------------------


def test_deadline_by_a_month() -> None:
    occ = only(rule(kind="deadline", by="2014-01"), ctx())
    assert (occ.due, occ.month_only) == (d("2014-01-31"), True)
    assert occ.derivation == "by 2014-01 (end of month 2014-01-31)"


def test_deadline_within() -> None:
    occ = only(rule(kind="deadline", **{"from": "issued"}, within="12 months"), ctx())
    assert occ.due == d("2015-09-02")
    assert occ.derivation == "issued 2014-09-02 + within 12 months = 2015-09-02"


def test_deadline_within_an_unknown_receipt() -> None:
    occ = only(rule(kind="deadline", **{"from": "received"}, within="1 month"), ctx())
    assert (occ.due, occ.reason) == (None, "the date of receipt is not recorded")


@pytest.mark.parametrize(
    "fields",
    [
        {"by": "2014-01", "from": "issued", "within": "1 month"},
        {"from": "issued"},
        {"within": "1 month"},
        {},
    ],
)
def test_deadline_needs_exactly_one_form(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="either 'by: DATE'"):
        rule(kind="deadline", **fields)


def test_ad_hoc_occurrences_are_those_recorded() -> None:
    r = rule(
        kind="ad_hoc",
        occurrences=[{"due": "2015-02-10", "requested": "2015-01-20", "note": "at DfE request"}],
    )
    occ = only(r, ctx())
    assert (occ.due, occ.ad_hoc, occ.derivation) == (
        d("2015-02-10"),
        True,
        "requested, due 2015-02-10",
    )
    assert occurrences([rule(kind="ad_hoc")], ctx()) == []


def test_several_rules_merge_in_date_order_undetermined_last() -> None:
    rules = [
        rule(kind="fixed", dates=["2015-01-10"]),
        rule(kind="offset", **{"from": "received"}, offset="1 month"),
        rule(kind="offset", **{"from": "issued"}, offset="2 months"),
    ]
    assert dues(rules, ctx()) == ["2014-11-02", "2015-01-10", "None"]


def test_the_engine_never_reads_the_clock() -> None:
    """The same rules and context give the same occurrences, whatever the day."""
    r = rule(kind="recurring", **{"from": "issued"}, every="2 months")
    assert occurrences([r], ctx()) == occurrences([r], ctx())
    assert dues(r, ctx(issued="1990-01-31", horizon="1990-06-01"))[0] == "1990-03-31"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"kind": "fixed", "dates": ["2012-10", "2013-04"]}, "fixed dates: 2012-10, 2013-04"),
        ({"kind": "offset", "from": "issued", "offset": "2 months"}, "2 months from issued"),
        (
            {"kind": "offsets", "from": "published x", "offsets": ["6 months", "12 months"]},
            "6 months, 12 months from published x",
        ),
        (
            {"kind": "recurring", "from": "issued", "every": "6 months"},
            "every 6 months from issued, until the notice is lifted or replaced",
        ),
        (
            {
                "kind": "recurring",
                "from": "issued",
                "every": "4 weeks",
                "include_anchor": True,
                "count": 5,
                "until": "2015-01",
                "changes": [{"from": "2014-12-01", "every": "6 weeks"}],
            },
            "every 4 weeks from issued (the anchor itself included), 5 times, until 2015-01; "
            "every 6 weeks from 2014-12-01",
        ),
        (
            {"kind": "max_interval", "from": "issued", "every": "6 months"},
            "at least every 6 months, counted from issued or the last completion",
        ),
        ({"kind": "deadline", "by": "2025-08"}, "by 2025-08"),
        (
            {"kind": "deadline", "from": "issued", "within": "12 months"},
            "within 12 months of issued",
        ),
        (
            {"kind": "ad_hoc"},
            "ad hoc: 0 occasion(s) recorded, plus completions marked ad hoc",
        ),
    ],
)
def test_describe(fields: dict[str, Any], words: str) -> None:
    assert describe(RULE.validate_python(fields)) == words


# --- properties -----------------------------------------------------------------------


def increasing(days: Sequence[dt.date | None], strictly: bool = True) -> bool:
    """All known, and each after (or, not strictly, on or after) the one before."""
    known = [day for day in days if day is not None]
    pairs = itertools.pairwise(known)
    ordered = all(a < b if strictly else a <= b for a, b in pairs)
    return len(known) == len(days) and ordered


@PROPERTY
@given(
    anchor=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)),
    every=st.integers(min_value=1, max_value=12),
    include_anchor=st.booleans(),
    count=st.integers(min_value=1, max_value=40),
)
def test_monthly_recurrence_is_increasing_and_the_day_never_drifts(
    anchor: dt.date, every: int, include_anchor: bool, count: int
) -> None:
    r = rule(
        kind="recurring",
        **{"from": "issued"},
        every=f"{every} months",
        include_anchor=include_anchor,
        count=count,
    )
    context = ctx(issued=anchor.isoformat(), horizon="2199-12-31")
    got = [o.due for o in occurrences([r], context)]
    assert len(got) == count
    assert increasing(got)
    first_k = 0 if include_anchor else 1
    for k, day in enumerate(got, start=first_k):
        assert day is not None
        year, month0 = divmod(anchor.year * 12 + anchor.month - 1 + k * every, 12)
        assert (day.year, day.month) == (year, month0 + 1)
        assert day.day == min(anchor.day, calendar.monthrange(day.year, day.month)[1])


@PROPERTY
@given(
    anchor=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
    every=st.sampled_from(["3 days", "2 weeks", "4 weeks", "1 month", "2 months", "6 months"]),
    later=st.sampled_from(["1 week", "6 weeks", "3 months"]),
    gap=st.integers(min_value=0, max_value=400),
)
def test_recurrence_with_a_change_of_cadence_is_strictly_increasing(
    anchor: dt.date, every: str, later: str, gap: int
) -> None:
    change = anchor + dt.timedelta(days=gap)
    r = rule(
        kind="recurring",
        **{"from": "issued"},
        every=every,
        changes=[{"from": change.isoformat(), "every": later}],
    )
    horizon = (change + dt.timedelta(days=365)).isoformat()
    got = [o.due for o in occurrences([r], ctx(issued=anchor.isoformat(), horizon=horizon))]
    assert got
    assert increasing(got)
    assert change in got  # the new cadence starts on the day of the change


@PROPERTY
@given(
    anchor=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
    gaps=st.lists(st.integers(min_value=1, max_value=400), max_size=6),
)
def test_max_interval_is_one_per_completion_plus_the_next(anchor: dt.date, gaps: list[int]) -> None:
    done, day = [], anchor
    for gap in gaps:
        day += dt.timedelta(days=gap)
        done.append(day)
    r = rule(kind="max_interval", **{"from": "issued"}, every="6 months")
    got = [o.due for o in occurrences([r], ctx(issued=anchor.isoformat(), done={"x": done}), "x")]
    assert len(got) == len(done) + 1
    assert increasing(got, strictly=False)
    last = done[-1] if done else anchor
    assert got[-1] == add(last, Period(6, Unit.MONTHS))


# --- the dates the source documents give ----------------------------------------------


def _shipped(notice_id: str) -> tuple[Notice, dict[str, DocDate | None]]:
    catalog = load(DATA)
    assert catalog.problems == ()
    published = {i: loaded.record.published for i, loaded in catalog.inspections.items()}
    return catalog.notices[notice_id].record, published


def _obligation_dues(notice_id: str, ob_id: str, horizon: str = "2016-01-01") -> list[str]:
    notice, published = _shipped(notice_id)
    (ob,) = [o for o in notice.obligations if o.id == ob_id]
    context = Context(notice.issued, notice.received, published, d(horizon))
    return [str(o.due) for o in occurrences(ob.schedule, context, ob.id)]


def test_bexley_2014_initial_report() -> None:
    assert _obligation_dues("bexley-2014", "initial-report") == ["2014-11-02"]


def test_bexley_2014_progress_reports_six_monthly_from_issue() -> None:
    assert _obligation_dues("bexley-2014", "progress-reports", "2016-06-01") == [
        "2015-03-02",
        "2015-09-02",
        "2016-03-02",
        "2016-09-02",
    ]


def test_bexley_2014_dfe_reviews_six_and_twelve_months_from_publication() -> None:
    assert _obligation_dues("bexley-2014", "reviews") == ["2014-11-23", "2015-05-23"]


def test_bexley_2014_board_every_two_months_has_no_guessed_phase() -> None:
    """Para 11: "The Board is expected to meet every 2 months", of a board that already
    exists; no start is stated, so nothing is due until a meeting is recorded."""
    assert _obligation_dues("bexley-2014", "board-meetings", "2015-06-01") == ["None"]


def test_bexley_2014_lscb_review_and_all_targets_by_2015_09_02() -> None:
    notice, published = _shipped("bexley-2014")
    context = Context(notice.issued, notice.received, published, d("2016-01-01"))
    (measure9,) = [m for m in notice.measures if m.id == "9"]
    assert measure9.deadline is not None
    assert notice.targets_due is not None
    for r in (measure9.deadline, notice.targets_due):
        (occ,) = occurrences([r], context)
        assert occ.due == d("2015-09-02")


def test_sutton_information_to_ministers_at_the_end_of_each_month_named() -> None:
    assert _obligation_dues("sutton-2012", "information-to-ministers") == [
        "2012-10-31",
        "2013-04-30",
        "2013-10-31",
    ]


def test_sutton_reviews_april_and_october_2013_final_february_2014() -> None:
    assert _obligation_dues("sutton-2012", "reviews") == ["2013-04-30", "2013-10-31", "2014-02-28"]


def test_sutton_everything_by_31_january_2014() -> None:
    notice, published = _shipped("sutton-2012")
    (ob,) = [o for o in notice.obligations if o.id == "indicators-and-milestones"]
    context = Context(notice.issued, notice.received, published, d("2016-01-01"))
    (occ,) = occurrences(ob.schedule, context)
    assert occ.due == d("2014-01-31")


def test_sutton_plan_is_undetermined_because_receipt_is_unknown() -> None:
    notice, published = _shipped("sutton-2012")
    (plan,) = [o for o in notice.obligations if o.id == "improvement-plan"]
    context = Context(notice.issued, notice.received, published, d("2016-01-01"))
    (occ,) = occurrences(plan.schedule, context)
    assert occ.due is None
    assert occ.reason == "the date of receipt is not recorded"


def test_bexley_send_actions_by_the_end_of_august_2025() -> None:
    notice, published = _shipped("bexley-2024-send")
    (measure10,) = [m for m in notice.measures if m.id == "10"]
    assert measure10.deadline is not None
    context = Context(notice.issued, notice.received, published, d("2026-01-01"))
    (occ,) = occurrences([measure10.deadline], context)
    assert (occ.due, occ.month_only) == (d("2025-08-31"), True)
