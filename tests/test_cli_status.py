"""``notice status``, ``due``, ``check`` and ``explain`` end to end.

Golden output
-------------
``tests/golden/cli/`` holds what each command in ``GOLDEN`` prints on the shipped
``data/`` at a fixed ``--as-of`` date: ``NAME.txt`` for the terminal (no colour:
``NO_COLOR=1`` and ``COLUMNS=150``) and ``NAME.json`` for ``--format json``. Only stdout
is kept; the verdict ``notice check`` prints on stderr is tested separately.

When a change to the output is intended, regenerate the files and review the diff::

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_cli_status.py

A golden file that is missing is an error, never silently created, unless
``UPDATE_GOLDEN=1`` is set.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from conftest import assert_golden, cli_invoke
from notice_tracker.evaluate.gate import RULES

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "tests" / "golden" / "cli"
PLAIN = {"NO_COLOR": "1", "COLUMNS": "150"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# name, arguments (``--data data`` is added), expected exit code
GOLDEN: list[tuple[str, tuple[str, ...], int]] = [
    ("status-2015-01-15", ("status", "--as-of", "2015-01-15"), 0),
    ("status-bexley-2014-2015-01-15", ("status", "bexley-2014", "--as-of", "2015-01-15"), 0),
    ("status-sutton-2012-2013-11-15", ("status", "sutton-2012", "--as-of", "2013-11-15"), 0),
    (
        "status-bexley-2024-send-2025-09-15",
        ("status", "bexley-2024-send", "--as-of", "2025-09-15"),
        0,
    ),
    ("due-2015-01-15", ("due", "--as-of", "2015-01-15"), 0),
    ("due-within-6w-2014-10-01", ("due", "--within", "6w", "--as-of", "2014-10-01"), 0),
    ("check-bexley-2014-2014-11-10", ("check", "--as-of", "2014-11-10", "bexley-2014"), 4),
    (
        "check-bexley-2014-2014-10-15-strict",
        ("check", "--as-of", "2014-10-15", "--strict", "bexley-2014"),
        4,
    ),
    (
        "explain-bexley-2014-initial-report",
        ("explain", "bexley-2014", "initial-report", "--as-of", "2015-01-15"),
        0,
    ),
    (
        "explain-bexley-2014-progress-reports",
        ("explain", "bexley-2014", "progress-reports", "--as-of", "2015-01-15"),
        0,
    ),
    (
        "explain-bexley-2014-reviews",
        ("explain", "bexley-2014", "reviews", "--as-of", "2015-01-15"),
        0,
    ),
    ("explain-bexley-2014-measure-9", ("explain", "bexley-2014", "9", "--as-of", "2015-01-15"), 0),
    (
        "explain-bexley-2014-targets",
        ("explain", "bexley-2014", "targets", "--as-of", "2015-01-15"),
        0,
    ),
    (
        "explain-sutton-2012-improvement-plan",
        ("explain", "sutton-2012", "improvement-plan", "--as-of", "2013-11-15"),
        0,
    ),
]
JSON_GOLDEN = [
    (f"{name}", (*args, "--format", "json"), code)
    for name, args, code in GOLDEN
    if name
    in {
        "status-2015-01-15",
        "status-bexley-2014-2015-01-15",
        "due-2015-01-15",
        "check-bexley-2014-2014-11-10",
        "explain-bexley-2014-progress-reports",
        "explain-sutton-2012-improvement-plan",
    }
]


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository, so files show as ``data/notices/...``."""
    monkeypatch.chdir(ROOT)
    return ROOT


def run(*args: str, expect: int = 0, env: dict[str, str] | None = None) -> Result:
    return cli_invoke(*args, expect=expect, env={**PLAIN, **(env or {})})


def compare_golden(name: str, actual: str) -> None:
    assert_golden(GOLDEN_DIR / name, actual)


@pytest.mark.usefixtures("at_root")
@pytest.mark.parametrize(("name", "args", "code"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_terminal(name: str, args: tuple[str, ...], code: int) -> None:
    result = run(*args, "--data", "data", expect=code)
    assert not ANSI.search(result.stdout)
    compare_golden(f"{name}.txt", result.stdout)


@pytest.mark.usefixtures("at_root")
@pytest.mark.parametrize(("name", "args", "code"), JSON_GOLDEN, ids=[g[0] for g in JSON_GOLDEN])
def test_golden_json(name: str, args: tuple[str, ...], code: int) -> None:
    result = run(*args, "--data", "data", expect=code)
    json.loads(result.stdout)
    compare_golden(f"{name}.json", result.stdout)


@pytest.mark.usefixtures("at_root")
def test_golden_github_annotations() -> None:
    args = ("check", "--as-of", "2014-11-10", "bexley-2014", "--data", "data")
    result = run(*args, expect=4, env={"GITHUB_ACTIONS": "true"})
    compare_golden("check-bexley-2014-2014-11-10.github", result.stdout)


# --- the acceptance criteria --------------------------------------------------------------


def test_status_shows_the_initial_report_overdue_and_the_next_progress_report() -> None:
    portfolio = run("status", "--as-of", "2015-01-15", env={"COLUMNS": "250"}).stdout
    lines = portfolio.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith(" bexley-2014 "))
    # Overdue: the initial report and the first review. The board meets every 2 months
    # with no stated start, so no meeting is due (none is recorded).
    assert re.search(
        r" red +2 +0 +Six-monthly written reports from the Board Chair +2015-03-02 ", lines[row]
    )

    detail = run("status", "bexley-2014", "--as-of", "2015-01-15").stdout
    assert re.search(r"initial-report\s+2014-11-02\s+overdue", detail)
    assert re.search(r"progress-reports\s+2015-03-02\s+upcoming", detail)

    data = json.loads(run("status", "--as-of", "2015-01-15", "--format", "json").stdout)
    bexley = next(n for n in data["notices"] if n["id"] == "bexley-2014")
    assert "Six-monthly written reports from the Board Chair" in bexley["next"]["subjects"]
    assert bexley["next"]["due"] == "2015-03-02"
    initial = next(o for o in bexley["obligations"] if o["id"] == "initial-report")
    assert [(o["due"], o["state"]) for o in initial["occurrences"]] == [("2014-11-02", "overdue")]


def test_check_passes_before_the_initial_report_is_due() -> None:
    result = run("check", "--as-of", "2014-09-10", "bexley-2014")
    # The board's undetermined cadence is a note, not a failure.
    (note,) = result.stdout.splitlines()
    assert " NT301 undetermined: " in note
    assert note.endswith("no occurrence recorded yet (every 2 months, no stated start)")
    assert result.stderr == (
        "check passed as of 2014-09-10: nothing overdue (notes: 1 undetermined)\n"
    )


def test_check_fails_once_the_initial_report_is_late_naming_file_and_line() -> None:
    result = run("check", "--as-of", "2014-11-10", "bexley-2014", expect=4)
    first = result.stdout.splitlines()[0]
    m = re.match(
        r"^(data/notices/bexley-2014\.yaml):(\d+):(\d+): NT101 obligation-overdue: ", first
    )
    assert m, first
    assert "Initial report from the Board Chair (initial-report) was due 2014-11-02" in first
    line = (ROOT / m.group(1)).read_text(encoding="utf-8").splitlines()[int(m.group(2)) - 1]
    assert line.strip() == "- id: initial-report"
    assert result.stderr == (
        "check failed as of 2014-11-10: 1 overdue, 0 at risk (notes: 1 undetermined)\n"
    )


def test_explain_shows_each_derivation() -> None:
    out = run("explain", "bexley-2014", "initial-report", "--as-of", "2015-01-15").stdout
    assert "issued 2014-09-02 + 2 months = 2014-11-02" in out
    assert "rule 1: 2 months from issued" in out
    out = run("explain", "bexley-2014", "reviews", "--as-of", "2015-01-15").stdout
    assert "bexley-2014-ofsted published 2014-05-23 + 6 months = 2014-11-23" in out
    assert "bexley-2014-ofsted published 2014-05-23 + 12 months = 2015-05-23" in out
    out = run("explain", "sutton-2012", "improvement-plan", "--as-of", "2013-11-15").stdout
    assert "received + within 1 month" in out
    assert "undetermined: the date of receipt is not recorded" in out


# --- exit codes -----------------------------------------------------------------------------


def _break(data: Path) -> None:
    path = data / "notices" / "bexley-2014.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("issued: 2014-09-02", "issued: 02/09/2014"), encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--as-of", "2014-09-10"),
        ("status", "--as-of", "2014-09-10"),
        ("due", "--as-of", "2014-09-10"),
        ("explain", "bexley-2014", "reviews", "--as-of", "2014-09-10"),
    ],
)
def test_invalid_data_exits_3_and_says_where(data_copy: Path, args: tuple[str, ...]) -> None:
    _break(data_copy)
    result = run(*args, "--data", str(data_copy), expect=3)
    assert "bexley-2014.yaml:" in result.stderr
    assert "issued" in result.stderr
    assert "the data is invalid" in result.stderr


def test_a_missing_data_folder_exits_3(tmp_path: Path) -> None:
    result = run("check", "--data", str(tmp_path / "nowhere"), expect=3)
    assert "no such data folder" in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("status", "bexley-2041", "--as-of", "2015-01-15"), "did you mean 'bexley-2014'"),
        (("check", "nope", "--as-of", "2015-01-15"), "no notice 'nope'"),
        (("explain", "bexley-2014", "progress", "--as-of", "2015-01-15"), "progress-reports"),
    ],
)
def test_an_unknown_id_exits_1(args: tuple[str, ...], words: str) -> None:
    result = run(*args, expect=1)
    assert result.stderr.startswith("notice: error: ")
    assert words in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--as-of", "15.01.2015"),
        ("due", "--within", "a month", "--as-of", "2015-01-15"),
        ("check", "--window", "-1"),
        ("status", "--format", "yaml"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    run(*args, expect=2)


# --- check: strict, annotations, JSON -------------------------------------------------------


def test_strict_also_fails_on_due_soon() -> None:
    loose = run("check", "--as-of", "2014-10-15", "bexley-2014").stdout
    assert {line.split()[1] for line in loose.splitlines()} == {"NT301"}
    result = run("check", "--as-of", "2014-10-15", "--strict", "bexley-2014", expect=4)
    assert {line.split()[1] for line in result.stdout.splitlines()} == {"NT201", "NT301"}
    assert "due 2014-11-02" in result.stdout
    assert result.stderr == "check failed as of 2014-10-15: 0 overdue, 2 at risk\n"


TARGETS = """
id: bexley-2014-targets
notice: bexley-2014
title: Targets
targets:
  - id: off-track
    name: Average duration of care proceedings
    unit: weeks
    direction: lower
    baseline: {value: 37, date: 2014-04-02}
    target: {value: 26}
    readings:
      - {date: 2014-12-31, value: 36}
  - id: stale
    name: Assessments on time
    unit: "%"
    direction: higher
    baseline: {value: 60, date: 2014-04-02}
    target: {value: 90}
    expected_interval: 1 month
    readings:
      - {date: 2014-10-01, value: 80}
"""


def test_strict_also_fails_on_off_track_and_stale_targets(data_copy: Path) -> None:
    (data_copy / "targets" / "bexley-2014-targets.yaml").write_text(TARGETS, encoding="utf-8")
    args = ("check", "--as-of", "2015-01-15", "bexley-2014", "--data", str(data_copy))
    loose = run(*args, "--format", "json", expect=4)
    assert {f["rule"] for f in json.loads(loose.stdout)["findings"]} == {"NT101", "NT301"}
    strict = json.loads(run(*args, "--strict", "--format", "json", expect=4).stdout)
    by_rule = {f["rule"]: f for f in strict["findings"]}
    assert set(by_rule) == {"NT101", "NT202", "NT203", "NT301"}
    assert by_rule["NT202"]["subject"] == "off-track"
    assert by_rule["NT202"]["file"].endswith("targets/bexley-2014-targets.yaml")
    lines = TARGETS.splitlines()
    assert by_rule["NT202"]["line"] == lines.index("  - id: off-track") + 1
    assert by_rule["NT203"]["line"] == lines.index("  - id: stale") + 1
    assert "no reading since 2014-10-01 (expected every 1 month)" in by_rule["NT203"]["message"]


def test_strict_fails_on_undetermined_dates() -> None:
    result = run("check", "--as-of", "2014-09-10", "--strict", "bexley-2014", expect=4)
    assert {line.split()[1] for line in result.stdout.splitlines()} == {"NT301"}


def test_strict_passes_when_nothing_is_at_risk(data_copy: Path) -> None:
    run("record", "bexley-2014", "board-meetings", "--date", "2014-09-05", "--data", str(data_copy))
    run("check", "--as-of", "2014-09-10", "--strict", "bexley-2014", "--data", str(data_copy))


def test_a_measure_overdue_fails_check() -> None:
    """Bexley SEND: the actions of measure 10 were due by the end of August 2025."""
    result = run("check", "--as-of", "2025-09-15", "bexley-2024-send", expect=4)
    assert re.search(
        r"^data/notices/bexley-2024-send\.yaml:\d+:\d+: NT102 measure-overdue: "
        r"bexley-2024-send: measure 10 deadline 2025-08-31 passed",
        result.stdout,
        re.M,
    )
    # The deadline is stated for the plan's actions too: measures 3 and 3.1-3.5.
    overdue = re.findall(r"NT102 measure-overdue: bexley-2024-send: measure (\S+) ", result.stdout)
    assert overdue == ["3", "3.1", "3.2", "3.3", "3.4", "3.5", "10"]
    run("check", "--as-of", "2025-08-31", "bexley-2024-send")


def test_github_actions_annotations_automatically() -> None:
    result = run(
        "check", "--as-of", "2014-11-10", "bexley-2014", env={"GITHUB_ACTIONS": "true"}, expect=4
    )
    lines = result.stdout.splitlines()
    assert lines
    for line in lines:
        assert re.match(
            r"^::(error|notice) file=data/notices/bexley-2014\.yaml,line=\d+,col=\d+,"
            r"title=NT(101 obligation-overdue|301 undetermined)::bexley-2014: ",
            line,
        )
    assert [line.split()[0] for line in lines] == ["::error", "::notice"]
    text = run(
        "check",
        "--as-of",
        "2014-11-10",
        "bexley-2014",
        "--format",
        "text",
        env={"GITHUB_ACTIONS": "true"},
        expect=4,
    )
    assert not text.stdout.startswith("::")
    plain = run(
        "check", "--as-of", "2014-11-10", "bexley-2014", env={"GITHUB_ACTIONS": "false"}, expect=4
    )
    assert not plain.stdout.startswith("::")


def test_check_json_shape() -> None:
    data = json.loads(run("check", "--as-of", "2014-11-10", "--format", "json", expect=4).stdout)
    assert set(data) == {"command", "as_of", "strict", "failed", "invalid", "findings"}
    assert (data["as_of"], data["strict"], data["failed"]) == ("2014-11-10", False, True)
    for finding in data["findings"]:
        assert set(finding) == {
            "rule",
            "name",
            "level",
            "notice",
            "subject",
            "file",
            "line",
            "col",
            "message",
        }
        assert RULES[finding["rule"]] == finding["name"]
    passed = json.loads(
        run("check", "--as-of", "2014-09-10", "bexley-2014", "--format", "json").stdout
    )
    assert passed["failed"] is False
    assert [f["rule"] for f in passed["findings"]] == ["NT301"]


def test_check_without_ids_checks_every_notice() -> None:
    data = json.loads(run("check", "--as-of", "2015-01-15", "--format", "json", expect=4).stdout)
    assert {f["notice"] for f in data["findings"]} == {"bexley-2014", "sutton-2012"}
    findings = [(f["file"], f["line"], f["col"]) for f in data["findings"]]
    assert findings == sorted(findings)


# --- JSON shapes ------------------------------------------------------------------------------


OCCURRENCE_KEYS = {"due", "derivation", "reason", "month_only", "ad_hoc", "state", "done"}


def test_status_json_shape() -> None:
    data = json.loads(run("status", "--as-of", "2015-01-15", "--format", "json").stdout)
    assert set(data) == {"as_of", "window_days", "notices"}
    assert [n["id"] for n in data["notices"]] == ["bexley-2014", "bexley-2024-send", "sutton-2012"]
    notice = data["notices"][0]
    assert set(notice) == {
        "id", "council", "la_code", "kind", "issued", "state", "state_text", "ended", "missed",
        "rag", "overdue", "due_soon",
        "undetermined", "next", "measures_rag", "targets_off_track", "obligations",
        "measures", "targets", "targets_due",
    }  # fmt: skip
    assert set(notice["next"]) == {"subject", "subjects", "due"}
    assert set(notice["measures_rag"]) == {"red", "amber", "green", "not_recorded"}
    ob = notice["obligations"][0]
    assert set(ob) == {"id", "title", "type", "paragraph", "next_due", "occurrences"}
    assert set(ob["occurrences"][0]) == OCCURRENCE_KEYS
    assert set(notice["measures"][0]) == {
        "id", "theme", "summary", "owner", "status", "rag", "rag_rule", "deadline",
        "evidence_count", "latest_evidence",
    }  # fmt: skip
    assert set(notice["targets"][0]) == {
        "set", "id", "name", "unit", "direction", "state", "reason", "trend", "baseline",
        "target", "latest", "expected_now",
    }  # fmt: skip
    assert set(notice["targets_due"]) == OCCURRENCE_KEYS


def test_due_json_shape_overdue_first_then_soonest() -> None:
    data = json.loads(
        run("due", "--as-of", "2015-01-15", "--within", "60d", "--format", "json").stdout
    )
    assert set(data) == {"as_of", "within_days", "undetermined", "items"}
    assert data["within_days"] == 60
    items = data["items"]
    assert {*items[0]} == OCCURRENCE_KEYS | {"notice", "subject"}
    states = [i["state"] for i in items]
    assert states == sorted(states, key=lambda s: s != "overdue")
    overdue = [i["due"] for i in items if i["state"] == "overdue"]
    ahead = [i["due"] for i in items if i["state"] != "overdue"]
    assert overdue == sorted(overdue)
    assert ahead == sorted(ahead)
    assert ("bexley-2014", "progress-reports", "2015-03-02") in {
        (i["notice"], i["subject"], i["due"]) for i in items
    }


@pytest.mark.parametrize(("within", "days"), [("30d", 30), ("30", 30), ("6w", 42), (" 2 w ", 14)])
def test_due_within(within: str, days: int) -> None:
    data = json.loads(
        run("due", "--within", within, "--as-of", "2015-01-15", "--format", "json").stdout
    )
    assert data["within_days"] == days
    limit = (dt.date(2015, 1, 15) + dt.timedelta(days=days)).isoformat()
    assert all(i["due"] <= limit for i in data["items"])


def test_explain_json_shape() -> None:
    data = json.loads(
        run("explain", "bexley-2014", "9", "--as-of", "2015-01-15", "--format", "json").stdout
    )
    assert set(data) == {
        "as_of",
        "notice",
        "notice_state",
        "subject",
        "title",
        "rules",
        "occurrences",
    }
    assert (data["subject"], data["rules"]) == ("measure 9", ["within 12 months of issued"])
    (occ,) = data["occurrences"]
    assert set(occ) == OCCURRENCE_KEYS
    assert (occ["due"], occ["derivation"]) == (
        "2015-09-02",
        "issued 2014-09-02 + within 12 months = 2015-09-02",
    )
    measure = run(
        "explain", "bexley-2014", "measure:9", "--as-of", "2015-01-15", "--format", "json"
    )
    assert json.loads(measure.stdout) == data


# --- as of, colour, terminals -----------------------------------------------------------------


def test_the_due_soon_window_of_status() -> None:
    def initial(window: str) -> str:
        args = ("status", "bexley-2014", "--as-of", "2014-10-15", "--format", "json")
        data = json.loads(run(*args, "--window", window).stdout)
        (notice,) = data["notices"]
        assert notice["next"]["due"] == "2014-11-02"
        ob = next(o for o in notice["obligations"] if o["id"] == "initial-report")
        return str(ob["occurrences"][0]["state"])

    assert initial("18") == "due_soon"
    assert initial("17") == "upcoming"


def test_as_of_defaults_to_today_in_the_uk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("notice_tracker.cli.clock.uk_today", lambda: dt.date(2014, 11, 10))
    for args in (
        ("status",),
        ("due",),
        ("explain", "bexley-2014", "reviews"),
    ):
        data = json.loads(run(*args, "--format", "json").stdout)
        assert data["as_of"] == "2014-11-10"
    check = json.loads(run("check", "bexley-2014", "--format", "json", expect=4).stdout)
    assert check["as_of"] == "2014-11-10"


def test_colour_only_repeats_the_words() -> None:
    args = ("status", "bexley-2014", "--as-of", "2015-01-15")
    colour = run(*args, env={"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"})
    plain = run(*args)
    assert ANSI.search(colour.stdout)
    assert ANSI.sub("", colour.stdout) == plain.stdout


def test_no_colour_when_the_output_is_not_a_terminal() -> None:
    result = cli_invoke("status", "--as-of", "2015-01-15", env={"NO_COLOR": "", "COLUMNS": "150"})
    assert not ANSI.search(result.stdout)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"NO_COLOR", "FORCE_COLOR", "COLUMNS", "GITHUB_ACTIONS", "TTY_COMPATIBLE"}
    }
    return {**env, **extra}


def _subprocess(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "notice_tracker", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_subprocess_check_in_github_actions() -> None:
    done = _subprocess(
        "check", "--as-of", "2014-11-10", "bexley-2014", env=_clean_env(GITHUB_ACTIONS="true")
    )
    assert done.returncode == 4, done.stderr
    assert done.stdout.startswith("::error file=data/notices/bexley-2014.yaml,line=")
    assert "check failed as of 2014-11-10" in done.stderr
    ok = _subprocess("check", "--as-of", "2014-09-10", "bexley-2014", env=_clean_env())
    assert ok.returncode == 0
    assert " NT301 undetermined: " in ok.stdout


def test_subprocess_piped_output_is_plain_and_unpadded() -> None:
    """Piped (not a terminal), without NO_COLOR or COLUMNS: no colour, no padding at the
    ends of lines, and as wide as the rows, so each notice is one line."""
    done = _subprocess("status", "--as-of", "2015-01-15", env=_clean_env())
    assert done.returncode == 0, done.stderr
    assert not ANSI.search(done.stdout)
    lines = done.stdout.splitlines()
    assert all(line == line.rstrip() for line in lines)
    for notice, nxt in [("bexley-2014", "2015-03-02"), ("sutton-2012", "unknown")]:
        (row,) = [line for line in lines if line.startswith(f" {notice} ")]
        assert nxt in row
        assert "London Borough of" in row


# --- docs/status.md ----------------------------------------------------------------------------


DOC = ROOT / "docs" / "status.md"


def test_the_rule_ids_documented_are_the_rules() -> None:
    rows = re.findall(r"^\| (NT\d{3}) \| ([a-z-]+) \|", DOC.read_text(encoding="utf-8"), re.M)
    assert dict(rows) == RULES
    assert len(rows) == len(RULES)


def _examples() -> list[tuple[str, bool, str]]:
    """(command, abridged, JSON text) for every ```console / ```json pair in the doc."""
    text = DOC.read_text(encoding="utf-8")
    found = re.findall(
        r"```console\n\$ notice (.+?)\n```\n(<!-- abridged -->\n)?```json\n(.*?)```", text, re.S
    )
    return [(cmd, bool(abridged), body) for cmd, abridged, body in found]


def _excerpt(doc: Any, real: Any, where: str = "$") -> None:
    """``doc`` is ``real`` with lists cut short: every key kept, every value the same."""
    if isinstance(doc, dict):
        assert isinstance(real, dict), where
        assert set(doc) == set(real), where
        for key in doc:
            _excerpt(doc[key], real[key], f"{where}.{key}")
    elif isinstance(doc, list):
        assert isinstance(real, list), where
        assert len(doc) <= len(real), where
        assert bool(doc) == bool(real), where
        for i, (a, b) in enumerate(zip(doc, real, strict=False)):
            _excerpt(a, b, f"{where}[{i}]")
    else:
        assert doc == real, where


@pytest.mark.usefixtures("at_root")
def test_the_json_examples_in_the_docs_are_real_output() -> None:
    examples = _examples()
    assert {cmd.split()[0] for cmd, _, _ in examples} == {"status", "due", "check", "explain"}
    for cmd, abridged, body in examples:
        doc = json.loads(body)
        code = 4 if cmd.startswith("check") and doc["failed"] else 0
        real = json.loads(run(*cmd.split(), expect=code).stdout)
        if abridged:
            _excerpt(doc, real)
        else:
            assert doc == real, cmd


def test_the_exit_codes_documented_are_the_exit_codes() -> None:
    from notice_tracker.cli.app import Exit

    section = DOC.read_text(encoding="utf-8").split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| (\d) \| ([a-z ]+?) +\|", section, re.M))
    assert rows == {
        str(Exit.OK): "ok",
        str(Exit.ERROR): "error",
        str(Exit.USAGE): "usage",
        str(Exit.INVALID): "invalid data",
        str(Exit.FINDINGS): "findings",
    }


def test_module_docstring_documents_regeneration() -> None:
    assert "UPDATE_GOLDEN=1" in textwrap.dedent(__doc__ or "")


def test_the_due_soon_default_is_one_number() -> None:
    """The command line keeps its own copy so that --help imports no models; they agree."""
    from notice_tracker.cli.app import DUE_SOON_DAYS as CLI_DEFAULT
    from notice_tracker.evaluate.status import DUE_SOON_DAYS

    assert CLI_DEFAULT == DUE_SOON_DAYS


def test_the_schema_names_are_the_data_kinds() -> None:
    """`notice schema KIND` and `notice new KIND` share the command line's own list (so
    that --help imports no models); it is the table of data kinds."""
    from notice_tracker.cli.app import KindName
    from notice_tracker.records.kinds import KINDS

    assert [s.value for s in KindName] == [k.name for k in KINDS]
