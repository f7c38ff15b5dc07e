"""Status as of a date: occurrence states, completion matching, measures, roll-ups.

Each test writes a small notice as YAML into a temporary ``data/`` folder, loads it
through the real loader and evaluates it with ``portfolio.evaluate`` (which calls
``status.notice_status``), as the commands do.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import d, write
from notice_tracker.errors import NoticeError
from notice_tracker.evaluate.gate import findings
from notice_tracker.evaluate.matching import match
from notice_tracker.evaluate.portfolio import due_within, evaluate, statuses
from notice_tracker.evaluate.schedule import Occurrence
from notice_tracker.evaluate.status import Item, NoticeState, NoticeStatus, State, state_of
from notice_tracker.read import load, loader
from notice_tracker.read.catalog import Catalog
from notice_tracker.records.models import Completion, Rag
from notice_tracker.render import json as views

DATA = Path(__file__).resolve().parent.parent / "data"


def notice_yaml(
    root: Path,
    body: str,
    notice_id: str = "t",
    issued: str = "2014-09-02",
    kind: str = "childrens_services",
) -> None:
    head = (
        f"id: {notice_id}\n"
        f"kind: {kind}\n"
        f"title: Test notice {notice_id}\n"
        "recipient:\n  name: London Borough of Testing\n"
        f"issued: {issued}\n"
    )
    write(root, "notices", notice_id, head + textwrap.dedent(body).lstrip())


def catalog_of(root: Path) -> Catalog:
    catalog = load(root)
    assert [str(p) for p in catalog.problems] == []
    return catalog


def status_of(root: Path, as_of: str, window: int = 30, notice_id: str = "t") -> NoticeStatus:
    (st,) = evaluate(catalog_of(root), d(as_of), window, [notice_id])
    return st


def states(st: NoticeStatus, ob_id: str) -> list[tuple[str, str]]:
    (ob,) = [o for o in st.obligations if o.obligation.id == ob_id]
    return [(str(i.due), i.state.value) for i in ob.items]


def obligation(ob_id: str, schedule: str, completions: str = "") -> str:
    """An obligation as YAML; ``schedule`` and ``completions`` are flow-style."""
    text = f"  - id: {ob_id}\n    title: {ob_id.title()}\n    type: report\n"
    text += f"    schedule: {schedule}\n"
    if completions:
        text += f"    completions: {completions}\n"
    return text


# --- the state of one occurrence ------------------------------------------------------


def test_states_in_rule_order(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "a",
            "{kind: fixed, dates: [2015-01-14, 2015-01-15, 2015-02-14, 2015-02-15, unknown]}",
        ),
    )
    assert states(status_of(tmp_path, "2015-01-15"), "a") == [
        ("2015-01-14", "overdue"),  # the due date has passed
        ("2015-01-15", "due_soon"),  # due today is not yet overdue
        ("2015-02-14", "due_soon"),  # 30 days ahead: inside the window
        ("2015-02-15", "upcoming"),  # 31 days ahead
        ("None", "undetermined"),
    ]


def test_the_due_soon_window_is_configurable(tmp_path: Path) -> None:
    notice_yaml(tmp_path, "obligations:\n" + obligation("a", "{kind: fixed, dates: [2015-01-22]}"))
    assert states(status_of(tmp_path, "2015-01-15", window=7), "a") == [("2015-01-22", "due_soon")]
    assert states(status_of(tmp_path, "2015-01-15", window=6), "a") == [("2015-01-22", "upcoming")]
    assert states(status_of(tmp_path, "2015-01-15", window=0), "a") == [("2015-01-22", "upcoming")]


def test_done_on_time_and_done_late(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "a",
            "{kind: fixed, dates: [2014-11-02, 2015-01-02]}",
            "[{date: 2014-11-02}, {date: 2015-01-05, note: a few days late}]",
        ),
    )
    st = status_of(tmp_path, "2015-01-15")
    assert states(st, "a") == [("2014-11-02", "done_on_time"), ("2015-01-02", "done_late")]
    late = st.obligations[0].items[1]
    assert late.done is not None
    assert late.done.note == "a few days late"


def test_completions_after_the_as_of_date_are_not_yet_known(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation("a", "{kind: fixed, dates: [2014-11-02]}", "[{date: 2014-12-01}]"),
    )
    assert states(status_of(tmp_path, "2014-11-20"), "a") == [("2014-11-02", "overdue")]
    assert states(status_of(tmp_path, "2014-12-01"), "a") == [("2014-11-02", "done_late")]


def test_undetermined_with_its_reason(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n" + obligation("plan", "{kind: deadline, from: received, within: 1 month}"),
    )
    st = status_of(tmp_path, "2015-01-15")
    (item,) = st.obligations[0].items
    assert item.state is State.UNDETERMINED
    assert item.occurrence.reason == "the date of receipt is not recorded"
    assert st.undetermined == 1
    assert st.rag is Rag.AMBER


def test_state_of_prefers_done_then_undetermined_then_not_applicable() -> None:
    comp = Completion(date=d("2015-02-01"))
    known = Occurrence(d("2015-01-01"), "x")
    unknown = Occurrence(None, "x", "no anchor")
    as_of, end = d("2015-03-01"), d("2014-12-01")
    assert state_of(known, comp, as_of, 30, end) is State.DONE_LATE
    assert state_of(unknown, comp, as_of, 30, end) is State.DONE_ON_TIME
    assert state_of(unknown, None, as_of, 30, end) is State.UNDETERMINED
    assert state_of(known, None, as_of, 30, end) is State.NOT_APPLICABLE
    assert state_of(known, None, as_of, 30, None) is State.OVERDUE


# --- matching completions to occurrences ----------------------------------------------


def test_a_completion_naming_its_occurrence_fulfils_that_one(tmp_path: Path) -> None:
    """Without ``occurrence`` the late January meeting would fulfil November's."""
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "board",
            "{kind: recurring, from: issued, every: 2 months}",
            "[{date: 2015-01-05, occurrence: 2015-01-02}]",
        ),
    )
    assert states(status_of(tmp_path, "2015-01-15"), "board") == [
        ("2014-11-02", "overdue"),
        ("2015-01-02", "done_late"),
        ("2015-03-02", "upcoming"),
    ]


def test_unnamed_completions_fulfil_the_earliest_open_occurrence(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "board",
            "{kind: recurring, from: issued, every: 2 months}",
            "[{date: 2015-01-05}]",
        ),
    )
    assert states(status_of(tmp_path, "2015-01-15"), "board")[:2] == [
        ("2014-11-02", "done_late"),
        ("2015-01-02", "overdue"),
    ]


def test_matching_does_not_depend_on_the_order_completions_are_written() -> None:
    occs = [Occurrence(d("2015-01-01"), "a"), Occurrence(d("2015-02-01"), "b")]
    comps = [
        Completion(date=d("2015-02-03")),
        Completion(date=d("2015-01-20"), occurrence=d("2015-02-01")),
        Completion(date=d("2014-12-30")),
        Completion(date=d("2015-01-10"), ad_hoc=True),
    ]
    first = match(occs, comps)
    assert match(occs, list(reversed(comps))) == first
    fulfilled, extra = first
    assert [c.date if c else None for c in fulfilled] == [d("2014-12-30"), d("2015-01-20")]
    assert [c.date for c in extra] == [d("2015-01-10"), d("2015-02-03")]


def test_a_completion_naming_a_date_that_is_not_due_is_an_extra() -> None:
    occs = [Occurrence(d("2015-01-01"), "a")]
    fulfilled, extra = match(occs, [Completion(date=d("2015-01-01"), occurrence=d("2015-01-02"))])
    assert fulfilled == [None]
    assert [c.date for c in extra] == [d("2015-01-01")]


def test_ad_hoc_completions_are_extra_occasions(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "reviews",
            "[{kind: fixed, dates: [2014-11-23, 2015-05-23]}, {kind: ad_hoc}]",
            "[{date: 2014-11-20}, {date: 2015-02-10, ad_hoc: true, note: at DfE request}]",
        ),
    )
    st = status_of(tmp_path, "2015-03-01")
    assert states(st, "reviews") == [
        ("2014-11-23", "done_on_time"),
        ("2015-02-10", "done_on_time"),
        ("2015-05-23", "upcoming"),
    ]
    extra = st.obligations[0].items[1]
    assert extra.occurrence.ad_hoc
    assert extra.occurrence.derivation == "done 2015-02-10 (no matching due date)"


def test_recorded_ad_hoc_occasions_fall_due(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "diagnostic",
            "{kind: ad_hoc, occurrences: [{due: 2015-02-10, requested: 2015-01-05}, "
            "{due: 2015-06-30}]}",
            "[{date: 2015-02-09}]",
        ),
    )
    assert states(status_of(tmp_path, "2015-07-01"), "diagnostic") == [
        ("2015-02-10", "done_on_time"),
        ("2015-06-30", "overdue"),
    ]


# --- rule kinds end to end ------------------------------------------------------------


def test_max_interval_counts_from_the_last_completion(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "review",
            "{kind: max_interval, from: issued, every: 6 months}",
            "[{date: 2014-12-10}, {date: 2015-07-01}]",
        ),
    )
    assert states(status_of(tmp_path, "2015-11-15"), "review") == [
        ("2015-03-02", "done_on_time"),
        ("2015-06-10", "done_late"),
        ("2016-01-01", "upcoming"),
    ]
    # Before the second completion is recorded, the next was due 6 months after the first.
    assert states(status_of(tmp_path, "2015-06-20"), "review") == [
        ("2015-03-02", "done_on_time"),
        ("2015-06-10", "overdue"),
    ]


def test_max_interval_ad_hoc_extra_does_not_restart_the_interval(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "review",
            "{kind: max_interval, from: issued, every: 6 months}",
            "[{date: 2014-12-10, ad_hoc: true}]",
        ),
    )
    assert states(status_of(tmp_path, "2015-03-10"), "review") == [
        ("2014-12-10", "done_on_time"),
        ("2015-03-02", "overdue"),
    ]


def test_max_interval_from_an_unknown_anchor(tmp_path: Path) -> None:
    """The first is undetermined until done; then the next counts from that completion."""
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "review",
            "{kind: max_interval, from: received, every: 6 months}",
            "[{date: 2015-01-10}]",
        ),
    )
    assert states(status_of(tmp_path, "2015-01-05"), "review") == [("None", "undetermined")]
    assert states(status_of(tmp_path, "2015-03-01"), "review") == [
        ("2015-07-10", "upcoming"),
        ("None", "done_on_time"),
    ]


def test_cadence_change_with_completions(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "board",
            "{kind: recurring, from: issued, every: 4 weeks, "
            "changes: [{from: 2012-03-01, every: 6 weeks, note: agreed with DfE}]}",
            "[{date: 2012-01-28}, {date: 2012-02-25}]",
        ),
        issued="2011-12-31",
    )
    assert states(status_of(tmp_path, "2012-04-01"), "board") == [
        ("2012-01-28", "done_on_time"),
        ("2012-02-25", "done_on_time"),
        ("2012-03-01", "overdue"),
        ("2012-04-12", "due_soon"),
        ("2012-05-24", "upcoming"),
    ]


def test_count_until_and_include_anchor(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation("counted", "{kind: recurring, from: issued, every: 1 month, count: 2}")
        + obligation("until", "{kind: recurring, from: issued, every: 1 month, until: 2014-11}")
        + obligation(
            "anchor", "{kind: recurring, from: issued, every: 3 months, include_anchor: true}"
        ),
    )
    st = status_of(tmp_path, "2015-01-15")
    assert [due for due, _ in states(st, "counted")] == ["2014-10-02", "2014-11-02"]
    assert [due for due, _ in states(st, "until")] == ["2014-10-02", "2014-11-02"]
    assert [due for due, _ in states(st, "anchor")] == [
        "2014-09-02",
        "2014-12-02",
        "2015-03-02",
    ]


def test_due_and_done_anchors(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation(
            "board",
            "{kind: fixed, dates: [2014-12-18, 2015-02-12]}",
            "[{date: 2014-12-18}]",
        )
        + obligation("papers", "{kind: offset, from: due board, offset: -5 working days}")
        + obligation("minutes", "{kind: offset, from: done board, offset: 10 working days}"),
    )
    st = status_of(tmp_path, "2015-01-15")
    assert states(st, "papers") == [("2014-12-11", "overdue"), ("2015-02-05", "due_soon")]
    # 10 working days after 18 December 2014, skipping 25, 26 December and 1 January.
    assert states(st, "minutes") == [("2015-01-06", "overdue")]
    (minutes,) = [o for o in st.obligations if o.obligation.id == "minutes"]
    assert minutes.items[0].occurrence.derivation == (
        "board done 2014-12-18 + 10 working days = 2015-01-06"
    )


def test_an_anchor_on_a_later_obligation_is_evaluated_first(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "obligations:\n"
        + obligation("papers", "{kind: offset, from: due board, offset: -1 week}")
        + obligation("board", "{kind: fixed, dates: [2015-02-12]}"),
    )
    st = status_of(tmp_path, "2015-01-15")
    assert [o.obligation.id for o in st.obligations] == ["papers", "board"]
    assert states(st, "papers") == [("2015-02-05", "due_soon")]


# --- lifted and replaced ---------------------------------------------------------------


LIFTED_BODY = (
    "lifecycle:\n  lifted: 2015-06-01\n"
    "measures:\n"
    "  - id: '1'\n    text: Do the thing.\n"
    "    deadline: {kind: deadline, by: 2015-09-02}\n"
    "obligations:\n"
    + obligation("board", "{kind: recurring, from: issued, every: 2 months}")
    + obligation("review", "{kind: fixed, dates: [2015-05-23, 2015-11-23]}", "[{date: 2015-05-20}]")
)


def test_a_lifted_notice_has_no_further_obligations(tmp_path: Path) -> None:
    notice_yaml(tmp_path, LIFTED_BODY)
    st = status_of(tmp_path, "2015-12-01")
    assert st.state is NoticeState.LIFTED
    assert states(st, "review") == [
        ("2015-05-23", "done_on_time"),
        ("2015-11-23", "not_applicable"),
    ]
    # The recurrence stops at the lift; what fell due before it stays in the history.
    assert [due for due, _ in states(st, "board")] == [
        "2014-11-02",
        "2015-01-02",
        "2015-03-02",
        "2015-05-02",
    ]
    assert st.measures[0].deadline is not None
    assert st.measures[0].deadline.state is State.NOT_APPLICABLE
    assert st.rag is Rag.GREEN
    # What fell due before the lift and was never done is missed: listed, never failing.
    found = findings([st], catalog_of(tmp_path), strict=True)
    assert {f.rule for f in found} == {"NT302"}
    assert not any(f.fails(strict=True) for f in found)
    assert st.overdue == 0
    assert st.missed == len(found)


def test_before_the_lift_the_notice_is_open(tmp_path: Path) -> None:
    notice_yaml(tmp_path, LIFTED_BODY)
    st = status_of(tmp_path, "2015-05-31")
    assert st.state is NoticeState.OPEN
    assert st.rag is Rag.RED
    assert {f.rule for f in findings([st], catalog_of(tmp_path), strict=False)} == {"NT101"}


def test_a_replaced_notice(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "lifecycle: {replaced_by: d, replaced_on: 2015-03-01}\n"
        "obligations:\n" + obligation("report", "{kind: fixed, dates: [2015-02-01, 2015-04-01]}"),
    )
    notice_yaml(
        tmp_path,
        "replaces: t\nobligations:\n"
        + obligation("report", "{kind: offset, from: issued, offset: 3 months}"),
        notice_id="d",
        issued="2015-03-01",
        kind="direction",
    )
    old, new = evaluate(catalog_of(tmp_path), d("2015-05-01"), 30, ["t", "d"])
    assert old.state is NoticeState.REPLACED
    assert states(old, "report") == [("2015-02-01", "missed"), ("2015-04-01", "not_applicable")]
    assert new.state is NoticeState.OPEN
    assert states(new, "report") == [("2015-06-01", "upcoming")]


# --- measures ---------------------------------------------------------------------------


MEASURES = """
measures:
  - id: board
    text: Rated by the board although overdue.
    rag: green
    deadline: {kind: deadline, by: 2014-12-01}
  - id: complete
    text: Complete although its deadline passed.
    status: complete
    deadline: {kind: deadline, by: 2014-12-01}
  - id: overdue
    text: Deadline passed.
    status: in_progress
    deadline: {kind: deadline, by: 2014-12-01}
  - id: soon
    text: Deadline soon.
    status: in_progress
    deadline: {kind: deadline, by: 2015-02-01}
  - id: unknown
    text: Deadline undetermined.
    status: in_progress
    deadline: {kind: deadline, from: received, within: 1 month}
  - id: not-started
    text: Nothing done.
    status: not_started
  - id: not-recorded
    text: Continue to support the Board.
  - id: in-progress
    text: Under way.
    status: in_progress
    owner: Director of Children's Services
    evidence:
      - {date: 2014-10-01, text: Plan drafted}
      - {date: 2015-02-01, text: Recorded after the as-of date}
  - id: ongoing
    text: Continuing.
    status: ongoing
    deadline: {kind: deadline, by: 2015-09-02}
"""


def test_measure_rag_rules_in_order(tmp_path: Path) -> None:
    notice_yaml(tmp_path, MEASURES)
    st = status_of(tmp_path, "2015-01-15")
    got = {m.measure.id: (m.rag.value, m.rag_rule) for m in st.measures}
    assert got == {
        "board": ("green", "rated by the board"),
        "complete": ("green", "complete"),
        "overdue": ("red", "deadline 2014-12-01 passed and not complete"),
        "soon": ("amber", "deadline 2015-02-01 within 30 days"),
        "unknown": ("amber", "deadline undetermined: the date of receipt is not recorded"),
        "not-started": ("amber", "not started"),
        "not-recorded": ("not_recorded", "no status recorded"),
        "in-progress": ("green", "in progress, no deadline passed"),
        "ongoing": ("green", "ongoing, no deadline passed"),
    }
    assert dict(st.rag_counts) == {Rag.RED: 1, Rag.AMBER: 3, Rag.GREEN: 4, Rag.NOT_RECORDED: 1}


def test_measure_overdue_when_its_deadline_passed_and_not_complete(tmp_path: Path) -> None:
    notice_yaml(tmp_path, MEASURES)
    st = status_of(tmp_path, "2015-01-15")
    overdue = {m.measure.id for m in st.measures if m.overdue}
    # The board's rating does not hide an overdue deadline; "complete" does.
    assert overdue == {"board", "overdue"}
    complete = next(m for m in st.measures if m.measure.id == "complete")
    assert complete.deadline is not None
    assert complete.deadline.state is State.DONE
    assert st.overdue == 2
    assert st.due_soon == 1


def test_evidence_after_the_as_of_date_is_not_yet_known(tmp_path: Path) -> None:
    notice_yaml(tmp_path, MEASURES)
    st = status_of(tmp_path, "2015-01-15")
    m = next(m for m in st.measures if m.measure.id == "in-progress")
    assert [e.text for e in m.evidence] == ["Plan drafted"]


# --- roll-ups ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "rag"),
    [
        ("[2015-01-01]", Rag.RED),  # overdue
        ("[2015-02-01]", Rag.AMBER),  # due soon
        ("[unknown]", Rag.AMBER),  # undetermined
        ("[2015-06-01]", Rag.GREEN),  # only upcoming
    ],
)
def test_notice_rag(tmp_path: Path, dates: str, rag: Rag) -> None:
    notice_yaml(tmp_path, "obligations:\n" + obligation("a", f"{{kind: fixed, dates: {dates}}}"))
    assert status_of(tmp_path, "2015-01-15").rag is rag


def test_notice_is_amber_when_a_target_is_off_track(tmp_path: Path) -> None:
    notice_yaml(tmp_path, "targets_due: {kind: deadline, by: 2015-09-02}\n")
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
            readings:
              - {date: 2015-01-01, value: 36}
        """,
    )
    st = status_of(tmp_path, "2015-01-15")
    assert [t.state.value for t in st.targets] == ["off_track"]
    assert st.targets_off_track == 1
    assert st.rag is Rag.AMBER
    assert st.targets_due is not None
    assert (st.targets_due.due, st.targets_due.state) == (d("2015-09-02"), State.UPCOMING)


def test_next_is_the_soonest_not_yet_due_and_the_group_lists_every_title(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "measures:\n  - id: '9'\n    text: Review.\n    summary: External review\n"
        "    deadline: {kind: deadline, by: 2015-03-02}\n"
        "obligations:\n"
        + obligation("overdue", "{kind: fixed, dates: [2015-01-01]}")
        + obligation("zeta", "{kind: fixed, dates: [2015-03-02]}")
        + obligation("alpha", "{kind: fixed, dates: [2015-03-02, 2015-04-01]}"),
    )
    st = status_of(tmp_path, "2015-01-15")
    assert st.next is not None
    assert (st.next[0], st.next[1].due) == ("Alpha", d("2015-03-02"))
    assert st.next_group is not None
    assert st.next_group[0] == ("Alpha", "Measure 9: External review", "Zeta")
    summary = views.notice_summary(st)["next"]
    assert summary == {
        "subject": "Alpha",
        "subjects": ["Alpha", "Measure 9: External review", "Zeta"],
        "due": "2015-03-02",
    }


def test_nothing_next(tmp_path: Path) -> None:
    notice_yaml(tmp_path, "obligations:\n" + obligation("a", "{kind: fixed, dates: [2014-01-01]}"))
    st = status_of(tmp_path, "2015-01-15")
    assert (st.next, st.next_group, views.notice_summary(st)["next"]) == (None, None, None)


def test_portfolio_in_id_order_and_by_name(tmp_path: Path) -> None:
    for notice_id in ("zulu", "alpha", "mike"):
        notice_yaml(tmp_path, "", notice_id=notice_id)
    catalog = catalog_of(tmp_path)
    assert [s.notice.id for s in evaluate(catalog, d("2015-01-15"))] == ["alpha", "mike", "zulu"]
    assert [s.notice.id for s in evaluate(catalog, d("2015-01-15"), ids=["zulu", "alpha"])] == [
        "zulu",
        "alpha",
    ]
    with pytest.raises(NoticeError, match=r"no notice 'mikey' \(did you mean 'mike'\?\)"):
        evaluate(catalog, d("2015-01-15"), ids=["mikey"])
    with pytest.raises(NoticeError, match=r"\(known: alpha, mike, zulu\)"):
        evaluate(catalog, d("2015-01-15"), ids=["bexley"])


def test_due_within_overdue_first_then_soonest(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path,
        "measures:\n  - id: '9'\n    text: Review.\n"
        "    deadline: {kind: deadline, by: 2015-01-20}\n"
        "obligations:\n"
        + obligation("b", "{kind: fixed, dates: [2015-02-01, 2014-12-01, 2015-03-01]}")
        + obligation("a", "{kind: fixed, dates: [2015-02-01, 2014-12-20]}"),
    )
    notice_yaml(
        tmp_path,
        "obligations:\n" + obligation("c", "{kind: fixed, dates: [2015-02-01, unknown]}"),
        notice_id="s",
    )
    statuses = evaluate(catalog_of(tmp_path), d("2015-01-15"), 30)
    got = [
        (i.notice, i.subject, str(i.item.due), i.item.state.value)
        for i in due_within(statuses, 30)[0]
    ]
    assert got == [
        ("t", "b", "2014-12-01", "overdue"),
        ("t", "a", "2014-12-20", "overdue"),
        ("t", "measure 9", "2015-01-20", "due_soon"),
        ("s", "c", "2015-02-01", "due_soon"),
        ("t", "a", "2015-02-01", "due_soon"),
        ("t", "b", "2015-02-01", "due_soon"),
    ]


# --- the shipped data -------------------------------------------------------------------


def shipped(notice_id: str, as_of: str, window: int = 30) -> NoticeStatus:
    return status_of(DATA, as_of, window, notice_id)


def test_bexley_2014_as_of_15_january_2015() -> None:
    st = shipped("bexley-2014", "2015-01-15")
    assert states(st, "initial-report") == [("2014-11-02", "overdue")]
    assert states(st, "progress-reports") == [("2015-03-02", "upcoming")]
    assert states(st, "reviews") == [("2014-11-23", "overdue"), ("2015-05-23", "upcoming")]
    assert st.next_group is not None
    assert "Six-monthly written reports from the Board Chair" in st.next_group[0]
    assert st.next_group[1].due == d("2015-03-02")
    assert st.rag is Rag.RED


def test_bexley_2014_measure_9_and_targets_due_2015_09_02() -> None:
    st = shipped("bexley-2014", "2015-09-10")
    m9 = next(m for m in st.measures if m.measure.id == "9")
    assert m9.deadline is not None
    assert (m9.deadline.due, m9.deadline.state) == (d("2015-09-02"), State.OVERDUE)
    assert st.targets_due is not None
    assert st.targets_due.due == d("2015-09-02")


def test_sutton_as_of_november_2013() -> None:
    st = shipped("sutton-2012", "2013-11-15")
    assert states(st, "information-to-ministers") == [
        ("2012-10-31", "overdue"),
        ("2013-04-30", "overdue"),
        ("2013-10-31", "overdue"),
    ]
    assert states(st, "reviews")[-1] == ("2014-02-28", "upcoming")
    (plan,) = [o for o in st.obligations if o.obligation.id == "improvement-plan"]
    assert plan.items[0].state is State.UNDETERMINED
    assert plan.items[0].occurrence.reason == "the date of receipt is not recorded"
    assert states(st, "indicators-and-milestones") == [("2014-01-31", "upcoming")]


def test_sutton_check_reports_the_january_2014_deadline() -> None:
    st = shipped("sutton-2012", "2014-02-15")
    (found,) = [f for f in findings([st], load(DATA), strict=False) if f.rule == "NT101"][-1:]
    assert found.subject == "indicators-and-milestones"
    assert "was due 2014-01-31" in found.message


def test_a_notice_level_deadline_with_no_target_set_is_an_obligation(tmp_path: Path) -> None:
    notice_yaml(tmp_path, "targets_due: {kind: deadline, by: 2015-01}\n")
    st = status_of(tmp_path, "2015-02-15")
    assert st.targets_due is None
    assert states(st, "targets") == [("2015-01-31", "overdue")]
    assert st.overdue == 1
    (found,) = findings([st], catalog_of(tmp_path), strict=False)
    assert (found.rule, found.subject) == ("NT101", "targets")
    assert found.where.line == 7  # the targets_due line
    (due,), _ = due_within([st], 30)
    assert due.subject == "targets"


def test_bexley_send_actions_by_august_2025_and_still_open_after() -> None:
    before = shipped("bexley-2024-send", "2025-08-01")
    m10 = next(m for m in before.measures if m.measure.id == "10")
    assert m10.deadline is not None
    assert (m10.deadline.due, m10.deadline.state) == (d("2025-08-31"), State.DUE_SOON)
    after = shipped("bexley-2024-send", "2025-09-15")
    m10 = next(m for m in after.measures if m.measure.id == "10")
    assert m10.overdue
    assert after.state is NoticeState.OPEN  # not stepped down until the Minister agrees
    assert after.rag is Rag.RED


def test_the_same_data_and_date_give_the_same_answer() -> None:
    catalog = catalog_of(DATA)
    first = views.dumps(views.status(evaluate(catalog, d("2015-01-15")), "2015-01-15", 30))
    again = views.dumps(views.status(evaluate(catalog_of(DATA), d("2015-01-15")), "2015-01-15", 30))
    assert first == again


def test_item_due_is_its_occurrence_due() -> None:
    item = Item(Occurrence(d("2015-01-01"), "x"), State.UPCOMING)
    assert item.due == d("2015-01-01")


def test_statuses_hold_one_notices_records_at_a_time(data_copy: Path) -> None:
    """Going through the register, only the notice being given and its target sets are
    built; each is let go when the next is asked for (memory at national scale)."""
    catalog = load(data_copy)
    given = []
    for st in statuses(catalog, d("2015-01-15")):
        built = {(r.kind.folder, r.facts["id"]) for r in loader.every(catalog) if r.built}
        sets = catalog.targets_for(st.notice.id)
        assert built <= {("notices", st.notice.id), *(("targets", t.facts["id"]) for t in sets)}
        assert ("notices", st.notice.id) in built
        given.append(st.notice.id)
    assert given == sorted(catalog.notices)
    assert not any(r.built for r in loader.every(catalog))
    assert [st.notice.id for st in evaluate(catalog, d("2015-01-15"))] == given


@pytest.mark.parametrize("ids", [None, ["bexley-2014"], []], ids=["all", "one", "none"])
def test_status_json_written_a_notice_at_a_time_is_the_same_text(ids: list[str] | None) -> None:
    """``status --format json`` is written notice by notice (a national register's is
    tens of MB): the same text as the whole document dumped at once, for all the
    notices, one, and none."""
    day = d("2015-01-15")
    shown = [] if ids == [] else evaluate(catalog_of(DATA), day, 30, ids or [])
    whole = views.dumps(views.status(shown, "2015-01-15", 30))
    assert "".join(views.status_text(iter(shown), "2015-01-15", 30)) == whole
    assert json.loads(whole)["notices"] == [views.notice_detail(st) for st in shown]
