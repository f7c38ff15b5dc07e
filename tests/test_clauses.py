"""Clauses the documents state without a plain date: a cadence with no stated start,
recurrences from a stated date, agreed timetables and obligations per occurrence of
another. Each test writes a small notice, loads it through the real loader and
evaluates it as the commands do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import cli_invoke, d
from notice_tracker.evaluate.gate import findings
from notice_tracker.read import load
from test_status import catalog_of, notice_yaml, obligation, states, status_of

BOARD = "{kind: recurring, every: 2 months}"


def test_a_cadence_with_no_stated_start_is_undetermined_until_one_is_recorded(
    tmp_path: Path,
) -> None:
    notice_yaml(tmp_path, "obligations:\n" + obligation("board", BOARD))
    st = status_of(tmp_path, "2014-12-01")
    assert states(st, "board") == [("None", "undetermined")]
    (item,) = st.obligations[0].items
    assert item.occurrence.reason == "no occurrence recorded yet (every 2 months, no stated start)"
    assert st.overdue == 0


def test_a_cadence_with_no_stated_start_counts_from_the_last_one_recorded(
    tmp_path: Path,
) -> None:
    done = "[{date: 2014-10-15}, {date: 2014-12-20}]"
    notice_yaml(tmp_path, "obligations:\n" + obligation("board", BOARD, done))
    assert states(status_of(tmp_path, "2014-12-01"), "board") == [
        ("2014-10-15", "done_on_time"),
        ("2014-12-15", "due_soon"),
    ]
    # Held late: the next is two months after the meeting held, not after the due date.
    assert states(status_of(tmp_path, "2015-01-01"), "board") == [
        ("2014-10-15", "done_on_time"),
        ("2014-12-15", "done_late"),
        ("2015-02-20", "upcoming"),
    ]


def test_an_ad_hoc_meeting_does_not_restart_the_cadence(tmp_path: Path) -> None:
    done = "[{date: 2014-10-15}, {date: 2014-11-01, ad_hoc: true}]"
    notice_yaml(tmp_path, "obligations:\n" + obligation("board", BOARD, done))
    assert states(status_of(tmp_path, "2014-12-01"), "board") == [
        ("2014-10-15", "done_on_time"),
        ("2014-11-01", "done_on_time"),
        ("2014-12-15", "due_soon"),
    ]


def test_no_stated_start_refuses_count(tmp_path: Path) -> None:
    rule = "{kind: recurring, every: 2 months, count: 3}"
    notice_yaml(tmp_path, "obligations:\n" + obligation("board", rule))
    (problem,) = load(tmp_path).problems
    assert "no stated start" in str(problem)


def test_a_recurrence_from_a_stated_month_falls_at_month_ends(tmp_path: Path) -> None:
    rule = "{kind: recurring, from: 2019-03, include_anchor: true, every: 6 months}"
    notice_yaml(tmp_path, "obligations:\n" + obligation("reviews", rule), issued="2018-11-02")
    assert [due for due, _ in states(status_of(tmp_path, "2020-01-01"), "reviews")] == [
        "2019-03-31",
        "2019-09-30",
        "2020-03-31",
    ]


def test_a_recurrence_from_a_stated_day(tmp_path: Path) -> None:
    rule = "{kind: recurring, from: 2020-07-06, every: 4 weeks, until: notice ends}"
    body = "lifecycle: {lifted: 2020-09-01}\nobligations:\n" + obligation("report", rule)
    notice_yaml(tmp_path, body, issued="2020-06-01")
    assert states(status_of(tmp_path, "2020-12-01"), "report") == [
        ("2020-08-03", "missed"),
        ("2020-08-31", "missed"),
    ]


def test_an_agreed_timetable_is_undetermined_until_recorded(tmp_path: Path) -> None:
    rule = "{kind: agreed, with: the Department}"
    notice_yaml(tmp_path, "obligations:\n" + obligation("board", rule))
    st = status_of(tmp_path, "2014-12-01")
    (item,) = st.obligations[0].items
    assert item.due is None
    assert "agreed with the Department and is not recorded yet" in item.occurrence.reason


def test_an_agreed_timetable_once_recorded(tmp_path: Path) -> None:
    rule = (
        "{kind: agreed, with: the Department, timetable: {agreed: 2014-09-20, rules: "
        "[{kind: fixed, dates: [2014-10-01, 2014-12-03]}]}}"
    )
    notice_yaml(tmp_path, "obligations:\n" + obligation("board", rule))
    assert states(status_of(tmp_path, "2014-11-01"), "board") == [
        ("2014-10-01", "overdue"),
        ("2014-12-03", "upcoming"),
    ]


EACH = "{kind: each, of: board, offset: 0 days}"
ADVANCE = "{kind: each, of: board, in_advance: true}"


def test_each_follows_the_other_obligation_as_held_ad_hoc_included(tmp_path: Path) -> None:
    board = "{kind: fixed, dates: [2024-06-12, 2024-09-11]}"
    done = "[{date: 2024-06-14}, {date: 2024-07-30, ad_hoc: true}]"
    body = (
        "obligations:\n"
        + obligation("board", board, done)
        + obligation("log", EACH)
        + obligation("papers", ADVANCE)
    )
    notice_yaml(tmp_path, body, issued="2024-05-01")
    st = status_of(tmp_path, "2024-08-01")
    assert states(st, "log") == [
        ("2024-06-14", "overdue"),
        ("2024-07-30", "overdue"),
        ("2024-09-11", "upcoming"),
    ]
    # "in advance": strictly before, one working day by default (Friday before a Monday).
    assert [due for due, _ in states(st, "papers")] == ["2024-06-13", "2024-07-29", "2024-09-10"]


def test_in_advance_with_a_lead_the_data_gives(tmp_path: Path) -> None:
    board = "{kind: fixed, dates: [2024-06-12]}"
    papers = "{kind: each, of: board, in_advance: true, lead: 5 working days}"
    body = "obligations:\n" + obligation("board", board) + obligation("papers", papers)
    notice_yaml(tmp_path, body, issued="2024-05-01")
    assert states(status_of(tmp_path, "2024-06-01"), "papers") == [("2024-06-05", "due_soon")]


def test_each_of_an_undetermined_obligation_is_undetermined_with_its_reason(
    tmp_path: Path,
) -> None:
    body = (
        "obligations:\n"
        + obligation("board", "{kind: agreed, with: the Department}")
        + obligation("log", EACH)
    )
    notice_yaml(tmp_path, body)
    st = status_of(tmp_path, "2014-12-01")
    log = st.obligations[1].items[0]
    assert log.due is None
    assert log.occurrence.reason.startswith("board: the timetable is to be agreed")
    assert st.undetermined == 2
    assert st.rag.value == "amber"


def test_each_of_an_unknown_obligation_is_a_located_problem(tmp_path: Path) -> None:
    notice_yaml(
        tmp_path, "obligations:\n" + obligation("log", "{kind: each, of: bored, offset: 0 days}")
    )
    (problem,) = load(tmp_path).problems
    assert "unknown obligation 'bored'" in str(problem)
    assert str(problem).startswith(str(tmp_path / "notices" / "t.yaml") + ":")


@pytest.mark.parametrize(
    "rule",
    [
        "{kind: each, of: board}",
        "{kind: each, of: board, offset: 0 days, in_advance: true}",
        "{kind: each, of: board, offset: 0 days, lead: 2 days}",
    ],
)
def test_each_needs_one_form(tmp_path: Path, rule: str) -> None:
    body = "obligations:\n" + obligation("board", BOARD) + obligation("log", rule)
    notice_yaml(tmp_path, body)
    assert len(load(tmp_path).problems) == 1


def test_undetermined_items_are_notes_that_fail_only_when_strict(tmp_path: Path) -> None:
    notice_yaml(tmp_path, "obligations:\n" + obligation("board", BOARD))
    catalog = catalog_of(tmp_path)
    st = status_of(tmp_path, "2014-12-01")
    (note,) = findings([st], catalog, strict=False)
    assert note.rule == "NT301"
    assert "no occurrence recorded yet" in note.message
    assert not note.fails(strict=False)
    assert note.fails(strict=True)


# --- on the shipped data, through the command line ------------------------------------------


def test_bexley_2014_board_meetings_as_the_notice_means_them(data_copy: Path) -> None:
    """Para 11: "The Board is expected to meet every 2 months" (no start stated)."""
    data = ("--data", str(data_copy))
    shown = json.loads(
        cli_invoke(
            "status", "bexley-2014", "--as-of", "2014-12-01", "--format", "json", *data
        ).stdout
    )
    (board,) = [o for o in shown["notices"][0]["obligations"] if o["id"] == "board-meetings"]
    assert [(o["due"], o["state"], o["reason"]) for o in board["occurrences"]] == [
        (None, "undetermined", "no occurrence recorded yet (every 2 months, no stated start)")
    ]
    check = cli_invoke("check", "bexley-2014", "--as-of", "2014-12-01", *data, expect=4)
    assert "board-meetings" not in "".join(
        line for line in check.stdout.splitlines() if " NT101 " in line
    )
    cli_invoke("record", "bexley-2014", "board-meetings", "--date", "2014-10-15", *data)
    explained = cli_invoke(
        "explain",
        "bexley-2014",
        "board-meetings",
        "--as-of",
        "2014-12-01",
        "--format",
        "json",
        *data,
    )
    occurrences = json.loads(explained.stdout)["occurrences"]
    assert [(o["due"], o["state"]) for o in occurrences] == [
        ("2014-10-15", "done_on_time"),
        ("2014-12-15", "due_soon"),
    ]
    assert occurrences[1]["derivation"] == "last done 2014-10-15 + 2 months = 2014-12-15"


def test_sutton_strict_check_fails_on_the_undetermined_plan() -> None:
    loose = cli_invoke("check", "sutton-2012", "--as-of", "2012-07-01")
    assert "NT301 undetermined: sutton-2012: Improvement plan" in loose.stdout
    strict = cli_invoke("check", "sutton-2012", "--as-of", "2012-07-01", "--strict", expect=4)
    assert "the date of receipt is not recorded" in strict.stdout


def test_sutton_check_reports_the_january_2014_deadline() -> None:
    result = cli_invoke("check", "sutton-2012", "--as-of", "2014-02-15", expect=4)
    assert (
        "NT101 obligation-overdue: sutton-2012: All performance indicators and milestones met "
        "(indicators-and-milestones) was due 2014-01-31"
    ) in result.stdout


def test_bexley_send_board_waits_for_its_agreed_timetable(data_copy: Path) -> None:
    """4a: "to a timetable agreed with the Department"; 4c, 4e and 5 follow the meetings."""
    data = ("--data", str(data_copy))
    args = ("status", "bexley-2024-send", "--as-of", "2024-09-01", "--format", "json", *data)
    before = json.loads(cli_invoke(*args).stdout)["notices"][0]
    assert before["rag"] != "green"
    board = {o["id"]: o["occurrences"] for o in before["obligations"]}
    (meeting,) = board["board-meetings"]
    assert (meeting["due"], meeting["state"]) == (None, "undetermined")
    assert meeting["reason"] == (
        "the timetable is to be agreed with the Department and is not recorded yet"
    )
    text = (data_copy / "notices" / "bexley-2024-send.yaml").read_text(encoding="utf-8")
    recorded = cli_invoke(
        "timetable",
        "bexley-2024-send",
        "board-meetings",
        "--dates",
        "2024-09-11,2024-06-12",
        "--agreed",
        "2024-05-20",
        *data,
    )
    assert recorded.stdout == (
        "bexley-2024-send: board-meetings timetable recorded: 2024-06-12, 2024-09-11\n"
    )
    after_text = (data_copy / "notices" / "bexley-2024-send.yaml").read_text(encoding="utf-8")
    added = [line for line in after_text.splitlines() if line not in text.splitlines()]
    assert added == [
        "        timetable:",
        "          agreed: 2024-05-20",
        "          rules:",
        "            - kind: fixed",
        "              dates:",
        "                - 2024-06-12",
        "                - 2024-09-11",
    ]
    after = json.loads(cli_invoke(*args).stdout)["notices"][0]
    due = {
        o["id"]: [(x["due"], x["state"]) for x in o["occurrences"]] for o in after["obligations"]
    }
    assert due["board-meetings"] == [("2024-06-12", "overdue"), ("2024-09-11", "due_soon")]
    assert due["risk-register-update"] == [("2024-06-11", "overdue"), ("2024-09-10", "due_soon")]
    assert due["action-impact-log"] == [("2024-06-12", "overdue"), ("2024-09-11", "due_soon")]
    assert due["meeting-invitations"] == [("2024-06-11", "overdue"), ("2024-09-10", "due_soon")]
    again = cli_invoke(
        "timetable", "bexley-2024-send", "board-meetings", "--dates", "2024-10-01", *data, expect=1
    )
    assert "already has a timetable" in again.output


# --- one lifecycle in every view -------------------------------------------------------------


def test_a_lifted_notice_every_view_agrees(data_copy: Path) -> None:
    """Lifted on 2015-01-10; as of 2015-06-01 nothing is overdue and what fell due before
    the lift and was never done is missed, in status, due, check and the paper."""
    data = ("--data", str(data_copy))
    cli_invoke("lift", "bexley-2014", "--date", "2015-01-10", *data)
    as_of = ("--as-of", "2015-06-01")
    missed = [("2014-11-02", "initial-report"), ("2014-11-23", "reviews")]

    status = json.loads(
        cli_invoke("status", "bexley-2014", *as_of, "--format", "json", *data).stdout
    )["notices"][0]
    assert (status["state"], status["state_text"], status["ended"]) == (
        "lifted",
        "lifted on 10 January 2015",
        "2015-01-10",
    )
    assert (status["overdue"], status["missed"], status["rag"]) == (0, 2, "green")
    listed = [
        (o["due"], ob["id"])
        for ob in status["obligations"]
        for o in ob["occurrences"]
        if o["state"] == "missed"
    ]
    assert listed == missed

    due = json.loads(cli_invoke("due", *as_of, "--format", "json", *data).stdout)["items"]
    bexley = [(i["due"], i["subject"], i["state"]) for i in due if i["notice"] == "bexley-2014"]
    assert bexley == [(day, subject, "missed") for day, subject in missed]

    check = cli_invoke("check", "bexley-2014", *as_of, *data)
    assert [line.split()[1] for line in check.stdout.splitlines()] == ["NT302", "NT302"]
    assert "missed before the notice was lifted on 10 January 2015" in check.stdout
    assert check.stderr == "check passed as of 2015-06-01: nothing overdue (notes: 2 missed)\n"

    explained = cli_invoke(
        "explain", "bexley-2014", "initial-report", *as_of, "--format", "json", *data
    )
    shown = json.loads(explained.stdout)
    assert shown["notice_state"] == "lifted on 10 January 2015"
    assert [o["state"] for o in shown["occurrences"]] == ["missed"]

    paper = cli_invoke("report", "bexley-2014", *as_of, *data).stdout
    assert "The notice is lifted on 10 January 2015." in paper
    assert "| Overdue (obligations and measure deadlines) | 0 |" in paper
    assert "| Missed (due before the notice ended, never done) | 2 |" in paper
    section = paper.split("### Missed", 1)[1].split("###", 1)[0]
    row = "| Initial report from the Board Chair | paragraph 14 | 2 November 2014 | missed |"
    assert row in section
    assert "Nothing is overdue." in paper


def test_a_notice_not_yet_issued_is_so_in_every_view() -> None:
    as_of = ("--as-of", "2024-04-01")
    status = json.loads(
        cli_invoke("status", "bexley-2024-send", *as_of, "--format", "json").stdout
    )["notices"][0]
    assert (status["state"], status["state_text"], status["rag"]) == (
        "not_yet_issued",
        "not yet issued",
        "green",
    )
    check = cli_invoke("check", "bexley-2024-send", *as_of)
    assert check.stdout == ""
    paper = cli_invoke("report", "bexley-2024-send", *as_of).stdout
    assert "The notice is not yet issued." in paper


def test_a_successors_replaces_ends_the_predecessor(tmp_path: Path) -> None:
    board = "{kind: fixed, dates: [2015-02-01, 2015-04-01]}"
    notice_yaml(tmp_path, "obligations:\n" + obligation("report", board))
    notice_yaml(tmp_path, "replaces: t\n", notice_id="d", issued="2015-03-01", kind="direction")
    old = status_of(tmp_path, "2015-05-01")
    assert (old.state.value, old.life.end, old.life.successor) == ("replaced", d("2015-03-01"), "d")
    assert old.life.words == "replaced by d on 1 March 2015"
    assert states(old, "report") == [("2015-02-01", "missed"), ("2015-04-01", "not_applicable")]


@pytest.mark.parametrize(
    ("old_lifecycle", "new_replaces", "message"),
    [
        ("{replaced_by: d, replaced_on: 2015-03-01}", "", "but 'd' does not say it replaces it"),
        ("{replaced_by: e, replaced_on: 2015-03-01}", "replaces: t\n", "but 'd' says it replaces"),
    ],
)
def test_both_sides_of_a_replacement_must_agree(
    tmp_path: Path, old_lifecycle: str, new_replaces: str, message: str
) -> None:
    notice_yaml(tmp_path, f"lifecycle: {old_lifecycle}\n")
    notice_yaml(tmp_path, new_replaces, notice_id="d", issued="2015-03-01", kind="direction")
    notice_yaml(tmp_path, "", notice_id="e", issued="2015-03-01", kind="direction")
    problems = [str(p) for p in load(tmp_path).problems]
    assert len(problems) == 1, problems
    assert message in problems[0]
    assert problems[0].startswith(str(tmp_path / "notices" / "t.yaml") + ":")


# --- measures, recommendations and explain ---------------------------------------------------


def test_a_measure_with_no_recorded_status_is_not_recorded(tmp_path: Path) -> None:
    body = "measures:\n  - id: '1'\n    text: Continue to support the Board.\n"
    notice_yaml(tmp_path, body)
    (m,) = status_of(tmp_path, "2015-01-01").measures
    assert (m.measure.status.value, m.rag.value, m.rag_rule) == (
        "not_recorded",
        "not_recorded",
        "no status recorded",
    )


def test_a_board_cannot_rate_a_measure_not_recorded(tmp_path: Path) -> None:
    body = "measures:\n  - id: '1'\n    text: Do it.\n    rag: not_recorded\n"
    notice_yaml(tmp_path, body)
    (problem,) = load(tmp_path).problems
    assert "a board's rating is red, amber or green" in str(problem)


def test_a_deadline_stated_for_a_group_applies_to_each(tmp_path: Path) -> None:
    body = (
        "measures:\n"
        "  - id: '3'\n    text: The plan.\n"
        "  - id: '3.1'\n    text: One area.\n"
        "  - id: '10'\n    text: Actions delivered by the end of August 2025.\n"
        "    deadline: {kind: deadline, by: 2025-08}\n"
        "    deadline_applies_to: ['3', '3.1']\n"
    )
    notice_yaml(tmp_path, body, issued="2024-05-01")
    st = status_of(tmp_path, "2025-09-15")
    assert [(m.measure.id, m.overdue) for m in st.measures] == [
        ("3", True),
        ("3.1", True),
        ("10", True),
    ]
    assert st.measures[0].deadline is not None
    assert st.measures[0].deadline.occurrence.derivation.startswith("as stated in measure 10: ")


def test_a_group_deadline_names_measures_that_exist(tmp_path: Path) -> None:
    body = (
        "measures:\n  - id: '10'\n    text: By August.\n"
        "    deadline: {kind: deadline, by: 2025-08}\n    deadline_applies_to: ['3']\n"
    )
    notice_yaml(tmp_path, body)
    (problem,) = load(tmp_path).problems
    assert "unknown measure '3'" in str(problem)


def test_send_measures_answer_the_reports_five_areas_of_unknown_category() -> None:
    catalog = load(Path(__file__).resolve().parent.parent / "data")
    inspection = catalog.inspections["bexley-2024-area-send"].record
    assert [(r.id, r.category.value) for r in inspection.recommendations] == [
        (f"area-{k}", "unknown") for k in range(1, 6)
    ]
    notice = catalog.notices["bexley-2024-send"].record
    answers = {m.id: m.answers for m in notice.measures if m.answers}
    assert answers == {f"3.{k}": (f"bexley-2024-area-send#area-{k}",) for k in range(1, 6)}
    texts = {m.id: m.text for m in notice.measures}
    for k, r in enumerate(inspection.recommendations, start=1):
        assert r.text == texts[f"3.{k}"]


def test_explain_lists_beyond_the_window() -> None:
    args = ("explain", "bexley-2014", "progress-reports", "--as-of", "2015-01-15")
    dues = lambda *more: [  # noqa: E731 - a one-line helper
        o["due"]
        for o in json.loads(cli_invoke(*args, *more, "--format", "json").stdout)["occurrences"]
    ]
    assert dues() == ["2015-03-02"]
    assert dues("--until", "2016-03-02") == ["2015-03-02", "2015-09-02", "2016-03-02"]
    assert dues("--count", "4") == ["2015-03-02", "2015-09-02", "2016-03-02", "2016-09-02"]


def test_explain_a_target() -> None:
    result = cli_invoke(
        "explain",
        "bexley-2014",
        "care-proceedings-duration",
        "--as-of",
        "2015-01-15",
        "--format",
        "json",
    )
    shown = json.loads(result.stdout)
    assert (shown["subject"], shown["title"]) == (
        "target care-proceedings-duration",
        "Average duration of care proceedings",
    )
    assert "baseline 37 weeks at 2014-05-23" in shown["rules"]
    assert shown["rules"][-1] == "state: no data (no reading yet)"


def test_explain_a_measure_without_summary_shows_its_words(tmp_path: Path) -> None:
    text = (
        "Improve the quality and consistency of assessments, by carrying out an assessment "
        "of risk in a timely manner."
    )
    notice_yaml(tmp_path, f"measures:\n  - id: b1\n    text: {text}\n")
    args = ("explain", "t", "b1", "--format", "json", "--as-of", "2015-01-01")
    shown = json.loads(cli_invoke(*args, "--data", str(tmp_path)).stdout)
    assert shown["title"] == (
        "Improve the quality and consistency of assessments, by carrying out an…"
    )
