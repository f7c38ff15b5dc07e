"""Targets against trajectory: met, on track, off track, stale, no data, and the trend.

Unit tests call ``targets.target_status`` on a ``Target`` built from the keys a data file
holds; the end-to-end tests write a notice and its target set as YAML and evaluate them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import d, write
from notice_tracker.evaluate.portfolio import evaluate
from notice_tracker.evaluate.targets import (
    TargetState,
    TargetStatus,
    Trend,
    at_least_as_good,
    expected,
    target_status,
    trajectory,
)
from notice_tracker.read import load
from notice_tracker.records.targets import Direction, Target


def target(**fields: Any) -> Target:
    """The Sutton-style example: 66% (September 2010) down to 30% by September 2012."""
    base: dict[str, Any] = {
        "id": "re-referrals",
        "name": "Re-referrals within 12 months",
        "unit": "%",
        "direction": "lower",
        "baseline": {"value": 66, "date": "2010-09"},
        "target": {"value": 30, "by": "2012-09"},
    }
    return Target.model_validate({**base, **fields})


def readings(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"date": day, "value": value} for day, value in pairs]


def status(as_of: str, default_due: str | None = None, **fields: Any) -> TargetStatus:
    due = d(default_due) if default_due else None
    return target_status("set", 0, target(**fields), due, d(as_of))


# --- the trajectory -------------------------------------------------------------------


def test_the_trajectory_runs_from_baseline_through_milestones_to_target() -> None:
    t = target(milestones=[{"value": 50, "date": "2011-09"}])
    assert trajectory(t, d("2012-09-30")) == [
        (d("2010-09-30"), 66),
        (d("2011-09-30"), 50),
        (d("2012-09-30"), 30),
    ]


def test_expected_interpolates_in_a_straight_line_and_is_flat_outside() -> None:
    points = [(d("2014-01-01"), 66.0), (d("2014-01-11"), 30.0), (d("2014-01-21"), 20.0)]
    assert expected(points, d("2014-01-06")) == pytest.approx(48.0)
    assert expected(points, d("2014-01-11")) == pytest.approx(30.0)
    assert expected(points, d("2014-01-16")) == pytest.approx(25.0)
    assert expected(points, d("2013-01-01")) == 66.0
    assert expected(points, d("2015-01-01")) == 20.0
    assert expected([], d("2014-01-01")) is None


@pytest.mark.parametrize(
    ("value", "benchmark", "direction", "good"),
    [
        (30, 31, Direction.LOWER, True),
        (31, 31, Direction.LOWER, True),
        (32, 31, Direction.LOWER, False),
        (80, 75, Direction.HIGHER, True),
        (70, 75, Direction.HIGHER, False),
    ],
)
def test_at_least_as_good(value: float, benchmark: float, direction: Direction, good: bool) -> None:
    assert at_least_as_good(value, benchmark, direction) is good


# --- states, in rule order --------------------------------------------------------------


def test_no_data() -> None:
    st = status("2011-09-30")
    assert (st.state, st.reason, st.trend, st.latest) == (
        TargetState.NO_DATA,
        "no reading yet",
        Trend.UNKNOWN,
        None,
    )
    assert st.expected_now == pytest.approx(48.0, abs=0.1)


def test_met_as_soon_as_a_reading_reaches_the_target() -> None:
    st = status("2011-09-30", readings=readings(("2011-06-30", 29)))
    assert st.state is TargetState.MET
    assert st.reason == "29 on 2011-06-30 meets the target 30"


def test_met_wins_over_stale() -> None:
    st = status("2014-01-01", readings=readings(("2011-06-30", 30)), expected_interval="3 months")
    assert st.state is TargetState.MET


def test_on_track_on_or_better_than_the_line() -> None:
    st = status("2011-10-15", readings=readings(("2011-09-30", 48)))
    assert st.state is TargetState.ON_TRACK
    assert st.reason == "48 vs trajectory 48.0 on 2011-09-30"


def test_off_track_worse_than_the_line_on_the_day_of_the_reading() -> None:
    st = status("2011-10-15", readings=readings(("2011-09-30", 50)))
    assert st.state is TargetState.OFF_TRACK
    assert st.reason == "50 vs trajectory 48.0 on 2011-09-30"


def test_milestones_bend_the_line() -> None:
    """50 is behind the straight line (48) but ahead of a 55 milestone."""
    st = status(
        "2011-10-15",
        readings=readings(("2011-09-30", 50)),
        milestones=[{"value": 55, "date": "2011-09"}],
    )
    assert st.state is TargetState.ON_TRACK
    assert st.reason == "50 vs trajectory 55.0 on 2011-09-30"


def test_off_track_when_the_target_date_has_passed_unmet() -> None:
    st = status("2012-10-15", readings=readings(("2012-09-01", 31)))
    assert st.state is TargetState.OFF_TRACK
    assert st.reason == "target date 2012-09-30 passed and not met"


def test_stale_when_no_reading_within_the_expected_interval() -> None:
    st = status("2011-09-30", readings=readings(("2011-03-01", 40)), expected_interval="3 months")
    assert st.state is TargetState.STALE
    assert st.reason == "no reading since 2011-03-01 (expected every 3 months)"
    fresh = status(
        "2011-06-01", readings=readings(("2011-03-01", 40)), expected_interval="3 months"
    )
    assert fresh.state is TargetState.ON_TRACK  # 1 June is exactly 3 months on: not yet stale


def test_stale_wins_over_off_track() -> None:
    st = status("2012-12-01", readings=readings(("2011-03-01", 60)), expected_interval="3 months")
    assert st.state is TargetState.STALE


def test_undetermined_without_a_target_date() -> None:
    st = status("2011-09-30", target={"value": 30}, readings=readings(("2011-09-30", 40)))
    assert (st.state, st.reason, st.due, st.expected_now) == (
        TargetState.UNDETERMINED,
        "the target date is unknown",
        None,
        None,
    )


def test_the_notice_date_is_the_default_and_the_target_own_date_wins() -> None:
    assert status("2011-01-01", "2015-09-02", target={"value": 30}).due == d("2015-09-02")
    assert status("2011-01-01", "2015-09-02").due == d("2012-09-30")


def test_readings_after_the_as_of_date_are_not_yet_known() -> None:
    st = status("2011-06-30", readings=readings(("2011-03-31", 60), ("2011-09-30", 29)))
    assert st.latest is not None
    assert st.latest.value == 60
    assert [r.value for r in st.readings] == [60]


def test_higher_is_better() -> None:
    kw: dict[str, Any] = {
        "direction": "higher",
        "baseline": {"value": 50, "date": "2014-01-01"},
        "target": {"value": 80, "by": "2015-01-01"},
    }
    assert status("2014-07-10", readings=readings(("2014-07-02", 66)), **kw).state is (
        TargetState.ON_TRACK
    )
    assert status("2014-07-10", readings=readings(("2014-07-02", 60)), **kw).state is (
        TargetState.OFF_TRACK
    )
    assert status("2014-07-10", readings=readings(("2014-07-02", 81)), **kw).state is (
        TargetState.MET
    )


# --- trend ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "trend"),
    [
        ([], Trend.UNKNOWN),
        ([60], Trend.IMPROVING),  # against the baseline of 66
        ([70], Trend.WORSENING),
        ([66], Trend.FLAT),
        ([60, 55], Trend.IMPROVING),
        ([55, 60], Trend.WORSENING),
        ([55, 55], Trend.FLAT),
    ],
)
def test_trend_is_the_last_reading_against_the_one_before(
    values: list[float], trend: Trend
) -> None:
    pairs = [(f"2011-0{i + 1}-01", v) for i, v in enumerate(values)]
    assert status("2011-12-01", readings=readings(*pairs)).trend is trend


def test_readings_are_taken_in_date_order_whatever_the_file_order() -> None:
    st = status("2011-12-01", readings=readings(("2011-06-01", 50), ("2011-03-01", 60)))
    assert st.latest is not None
    assert st.latest.value == 50
    assert st.trend is Trend.IMPROVING


# --- end to end: a notice and its target set in YAML ------------------------------------


def test_targets_of_a_notice(tmp_path: Path) -> None:
    write(
        tmp_path,
        "notices",
        "t",
        """
        id: t
        kind: childrens_services
        title: T
        recipient: {name: London Borough of Testing}
        issued: 2014-09-02
        targets_due: {kind: deadline, from: issued, within: 12 months}
        """,
    )
    write(
        tmp_path,
        "targets",
        "t-targets",
        """
        id: t-targets
        notice: t
        title: Targets
        targets:
          - id: duration
            name: Average duration of care proceedings
            unit: weeks
            direction: lower
            baseline: {value: 37, date: 2014-04-02}
            target: {value: 26}
            expected_interval: 3 months
            readings:
              - {date: 2014-12-31, value: 31}
          - id: visits
            name: Visits on time
            unit: "%"
            direction: higher
            baseline: {value: 60, date: 2014-09}
            target: {value: 90, by: 2015-03}
            milestones:
              - {value: 80, date: 2014-12}
          - id: stale
            name: Stale measure
            unit: "%"
            direction: higher
            baseline: {value: 60, date: 2014-09-01}
            target: {value: 90}
            expected_interval: 1 month
            readings:
              - {date: 2014-10-01, value: 70}
        """,
    )
    catalog = load(tmp_path)
    assert catalog.problems == ()
    (st,) = evaluate(catalog, d("2015-01-15"))
    got = {t.target.id: (t.state, str(t.due)) for t in st.targets}
    assert got == {
        "duration": (TargetState.ON_TRACK, "2015-09-02"),
        "visits": (TargetState.NO_DATA, "2015-03-31"),
        "stale": (TargetState.STALE, "2015-09-02"),
    }
    assert st.targets_off_track == 1  # stale counts as a target at risk
    assert [t.set_id for t in st.targets] == ["t-targets"] * 3
    assert [t.index for t in st.targets] == [0, 1, 2]


def test_target_date_undetermined_when_the_notice_date_is(tmp_path: Path) -> None:
    write(
        tmp_path,
        "notices",
        "t",
        """
        id: t
        kind: childrens_services
        title: T
        recipient: {name: London Borough of Testing}
        issued: unknown
        targets_due: {kind: deadline, from: issued, within: 12 months}
        """,
    )
    write(
        tmp_path,
        "targets",
        "t-targets",
        """
        id: t-targets
        notice: t
        title: Targets
        targets:
          - id: duration
            name: Duration
            unit: weeks
            direction: lower
            baseline: {value: 37, date: 2014-04-02}
            target: {value: 26}
            readings:
              - {date: 2014-12-31, value: 31}
        """,
    )
    catalog = load(tmp_path)
    assert catalog.problems == ()
    (st,) = evaluate(catalog, d("2015-01-15"))
    assert [(t.state, t.reason) for t in st.targets] == [
        (TargetState.UNDETERMINED, "the target date is unknown")
    ]
