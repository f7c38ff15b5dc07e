"""The editing commands end to end: real files, real git, real concurrent processes."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from conftest import ROOT, cli_invoke, git
from notice_tracker.cli import app
from notice_tracker.read import load

NOTICE = Path("data/notices/bexley-2014.yaml")
AUTHOR = {
    "GIT_AUTHOR_NAME": "Bea Board",
    "GIT_AUTHOR_EMAIL": "bea@example.org",
    "GIT_COMMITTER_NAME": "Bea Board",
    "GIT_COMMITTER_EMAIL": "bea@example.org",
}


def _diff_lines(repo: Path) -> list[str]:
    """The + and - lines of ``git diff``, headers left out."""
    out = git(repo, "diff", "--unified=0").splitlines()
    return [line for line in out if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_done_when(data_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's acceptance scenario, in a clone of the data."""
    monkeypatch.chdir(data_repo)
    result = cli_invoke("record", "bexley-2014", "initial-report", "--date", "2014-11-01")
    assert result.output == (
        "bexley-2014: recorded initial-report done 2014-11-01 (due 2014-11-02)\n"
    )
    assert _diff_lines(data_repo) == ["+    completions:", "+      - date: 2014-11-01"]

    check = cli_invoke("check", "bexley-2014", "--as-of", "2014-11-10", "--data", "data")
    assert "NT301 undetermined: bexley-2014: Improvement Board meetings" in check.output
    assert "initial-report" not in check.output

    edited = NOTICE.read_bytes()
    refused = cli_invoke("record", "bexley-2014", "reviews", "--date", "2014-02-30", expect=2)
    assert "--date '2014-02-30' is not a real date" in refused.output
    assert NOTICE.read_bytes() == edited

    git(data_repo, "commit", "-q", "-am", "Initial report received")
    shown = cli_invoke("history", "bexley-2014").output
    assert shown.splitlines()[:5] == [
        "bexley-2014: 2 commits, newest first",
        "",
        shown.splitlines()[2],
        "    Initial report received",
        "    - obligation initial-report: done 2014-11-01",
    ]
    assert shown.splitlines()[2].endswith("  Ada Analyst <ada@example.org>")


def test_commit_option(data_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data_repo)
    result = cli_invoke(
        "measure", "bexley-2014", "9", "--status", "in_progress", "--commit", env=AUTHOR
    )
    lines = result.output.splitlines()
    assert lines[0] == "bexley-2014: measure 9 status not_recorded -> in_progress"
    sha = git(data_repo, "rev-parse", "--short", "HEAD").strip()
    assert lines[1] == f"committed {sha}: measure: bexley-2014 9 status not_recorded -> in_progress"
    assert git(data_repo, "log", "-1", "--format=%an|%s") == (
        "Bea Board|measure: bexley-2014 9 status not_recorded -> in_progress\n"
    )
    assert git(data_repo, "status", "--porcelain") == ""
    history = json.loads(cli_invoke("history", "bexley-2014", "--format", "json").output)
    assert history["commits"][0]["author"] == "Bea Board"
    assert history["commits"][0]["changes"][0]["detail"] == "not_recorded -> in_progress"


def test_commit_outside_a_repository_is_refused_before_editing(data_copy: Path) -> None:
    before = (data_copy / "notices" / "bexley-2014.yaml").read_bytes()
    args = ["lift", "bexley-2014", "--date", "2016-01-01", "--commit", "--data", str(data_copy)]
    assert "not in a git repository" in cli_invoke(*args, expect=1).output
    assert (data_copy / "notices" / "bexley-2014.yaml").read_bytes() == before


def test_commit_refuses_a_file_with_uncommitted_changes(
    data_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commit would carry someone's unfinished work under this edit's message."""
    monkeypatch.chdir(data_repo)
    NOTICE.write_text(NOTICE.read_text() + "# work in progress\n")
    before = NOTICE.read_bytes()
    args = ["record", "bexley-2014", "initial-report", "--date", "2014-11-01", "--commit"]
    result = cli_invoke(*args, expect=1, env=AUTHOR)
    assert "data/notices/bexley-2014.yaml has uncommitted changes: commit them first" in (
        result.output
    )
    assert NOTICE.read_bytes() == before
    assert cli_invoke(*args[:-1]).output.startswith("bexley-2014: recorded initial-report")
    reading = ["reading", "bexley-2014", "care-proceedings-duration", "--date", "2015-03-31"]
    assert "committed" in cli_invoke(*reading, "--value", "30", "--commit", env=AUTHOR).output


def test_each_command_says_what_changed(data_copy: Path) -> None:
    data = ["--data", str(data_copy)]
    runs = [
        (
            [
                "record",
                "bexley-2014",
                "reviews",
                "--date",
                "2015-05-20",
                "--occurrence",
                "2015-05-23",
            ],
            "bexley-2014: recorded reviews done 2015-05-20 (due 2015-05-23)",
        ),
        (
            [
                "measure",
                "bexley-2014",
                "9",
                "--evidence",
                "Review commissioned",
                "--date",
                "2015-01-10",
            ],
            "bexley-2014: measure 9 evidence 2015-01-10 added",
        ),
        (
            [
                "reading",
                "bexley-2014",
                "care-proceedings-duration",
                "--date",
                "2015-03-31",
                "--value",
                "30",
            ],
            "bexley-2014: target care-proceedings-duration reading 30 weeks on 2015-03-31",
        ),
        (
            ["replace", "bexley-2014", "--by", "bexley-2024-send", "--date", "2015-09-01"],
            "bexley-2014: replaced by bexley-2024-send on 2015-09-01; "
            "bexley-2024-send replaces bexley-2014",
        ),
    ]
    for args, expected in runs:
        assert cli_invoke(*args, *data).output == expected + "\n"
    assert load(data_copy).problems == ()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["record", "bexley-2014", "initial-report"], "Missing option '--date'"),
        (["measure", "bexley-2014", "9"], "nothing to change"),
        (["measure", "bexley-2014", "9", "--status", "done"], "--status 'done' is not a status"),
        (["measure", "bexley-2014", "9", "--evidence", "x"], "--evidence and --date go together"),
        (
            ["reading", "bexley-2014", "x", "--date", "2015-01-01", "--value", "lots"],
            "not a number",
        ),
        (["lift", "sutton-2013", "--date", "2015-01-01"], "did you mean 'sutton-2012'?"),
    ],
)
def test_refusals_exit_non_zero_and_change_nothing(
    data_copy: Path, args: list[str], message: str
) -> None:
    before = {p: p.read_bytes() for p in data_copy.rglob("*.yaml")}
    usage = ("Missing", "is not a status", "not a number")
    expect = 2 if any(word in message for word in usage) else 1
    result = cli_invoke(*args, "--data", str(data_copy), expect=expect)
    assert message in result.output
    assert {p: p.read_bytes() for p in data_copy.rglob("*.yaml")} == before


def test_new_scaffolds_then_refuses_to_overwrite(data_copy: Path) -> None:
    data = ["--data", str(data_copy)]
    result = cli_invoke("new", "inspection", "sutton-2013-ilacs", *data)
    assert "created" in result.output
    assert "inspections/sutton-2013-ilacs.yaml" in result.output
    path = data_copy / "inspections" / "sutton-2013-ilacs.yaml"
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=../../schemas/inspection.schema.json\n"
    )
    first = path.read_bytes()
    again = cli_invoke("new", "inspection", "sutton-2013-ilacs", *data, expect=1)
    assert "already exists" in again.output
    assert path.read_bytes() == first
    invalid = cli_invoke("validate", str(path), expect=3)
    assert "framework: Input should be" in invalid.output


def test_history_json_is_stable(data_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data_repo)
    cli_invoke(
        "record", "bexley-2014", "initial-report", "--date", "2014-11-01", "--commit", env=AUTHOR
    )
    first = cli_invoke("history", "bexley-2014", "--format", "json").output
    second = cli_invoke("history", "bexley-2014", "--format", "json").output
    assert first == second
    shape = json.loads(first)
    assert first == json.dumps(shape, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert [c["subject"] for c in shape["commits"]] == [
        "record: bexley-2014 initial-report done 2014-11-01",
        "Initial data",
    ]


def test_history_outside_git(data_copy: Path) -> None:
    result = cli_invoke("history", "bexley-2014", "--data", str(data_copy), expect=1)
    assert "not in a git repository" in result.output


def _record(data: Path, obligation: str, day: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "notice_tracker", "record", "bexley-2014", obligation]
    return subprocess.Popen(
        [*command, "--date", day, "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_concurrent_edits_from_real_processes_all_survive(data_copy: Path) -> None:
    """Six processes record on the same file at once: every completion is there after."""
    wanted = [
        ("initial-report", "2014-11-01"),
        ("progress-reports", "2015-03-01"),
        ("reviews", "2014-11-20"),
        ("board-meetings", "2014-11-02"),
        ("board-meetings", "2015-01-02"),
        ("board-meetings", "2015-03-02"),
    ]
    before = (data_copy / "notices" / "bexley-2014.yaml").read_text()
    procs = [_record(data_copy, ob, day) for ob, day in wanted]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * len(wanted), outputs
    catalog = load(data_copy)
    assert catalog.problems == ()
    notice = catalog.notices["bexley-2014"].record
    done = sorted((o.id, str(c.date)) for o in notice.obligations for c in o.completions)
    assert done == sorted(wanted)
    after = (data_copy / "notices" / "bexley-2014.yaml").read_text()
    assert set(before.splitlines()) <= set(after.splitlines())
    assert len(after.splitlines()) == len(before.splitlines()) + 4 * 2 + 2
    assert [p.name for p in (data_copy / "notices").iterdir() if p.name.startswith(".")] == []


def test_every_command_and_option_has_help() -> None:
    group = typer.main.get_command(app)
    assert hasattr(group, "commands")
    for name in ("record", "measure", "reading", "lift", "replace", "new", "history"):
        command = group.commands[name]
        assert command.help, name
        for param in command.params:
            assert getattr(param, "help", None), f"{name} {param.name}"


# --- docs/editing.md runs as written -------------------------------------------------

ADA = {
    "GIT_AUTHOR_NAME": "Ada Analyst",
    "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_COMMITTER_NAME": "Ada Analyst",
    "GIT_COMMITTER_EMAIL": "ada@example.org",
}


def _session() -> list[tuple[str, list[str]]]:
    """Every ``$`` line of the console blocks in docs/editing.md, with the output lines
    shown after it."""
    text = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
    return steps


def _shows(expected: list[str], actual: list[str]) -> bool:
    """Each expected line matches an actual line, in order; ``…`` matches anything."""
    lines = iter(actual)
    for line in expected:
        pattern = re.compile(".*".join(re.escape(part) for part in line.split("…")))
        if not any(pattern.fullmatch(candidate) for candidate in lines):
            return False
    return True


def test_docs_session_runs_as_written(data_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data_repo)
    steps = _session()
    assert len(steps) >= 15
    for line, expected in steps:
        exits = re.search(r"\s+# exits (\d)$", line)
        args = shlex.split(line[: exits.start()] if exits else line)
        if args[0] == "git":
            output = git(data_repo, *args[1:])
        else:
            output = cli_invoke(
                *args[1:], expect=int(exits.group(1)) if exits else 0, env=ADA
            ).output
        assert _shows(expected, output.splitlines()), f"$ {line}\n{output}"
