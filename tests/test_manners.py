"""Terminal manners: 80 columns, piped output, -h, completion, colour, pager, the window
and as-of forms, --at on every read command, and the data folder found from a subfolder.

The width and pager tests run the installed command in a real subprocess (and, for the
pager, under a real pseudo-terminal); the rest go through Typer's runner.
"""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT, cli_invoke, git

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NOTICES = {
    # id: (state, RAG word, next due) as of 15 January 2015
    "bexley-2014": ("open", "red", "2015-03-02"),
    "bexley-2024-send": ("not yet issued", "green", "2025-08-31"),
    "sutton-2012": ("open", "red", "-"),
}


def _env(**extra: str) -> dict[str, str]:
    drop = {"NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "GITHUB_ACTIONS", "NOTICE_AS_OF"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def _notice(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "notice_tracker", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_status_at_80_columns_piped_keeps_what_matters() -> None:
    """``COLUMNS=80 notice status | cat``: every notice's id, state, RAG word and next
    date, no line over 80 characters, no padding, and a line naming what was left out."""
    done = _notice("status", "--as-of", "2015-01-15", COLUMNS="80")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)
    for notice, (state, rag, nxt) in NOTICES.items():
        (row,) = [line for line in lines if line.split()[:1] == [notice]]
        assert re.match(rf" {notice} +{state} +{rag} +\d+ ", row), row
        assert row.split()[-1] == nxt, row
    assert any(line.startswith("Not shown at 80 columns: Council") for line in lines)


@pytest.mark.parametrize(
    "args",
    [
        ("status", "bexley-2014", "--as-of", "2015-01-15"),
        ("due", "--as-of", "2015-01-15"),
        ("explain", "bexley-2014", "reviews", "--as-of", "2015-01-15"),
    ],
)
def test_detail_views_fit_80_columns(args: tuple[str, ...]) -> None:
    done = _notice(*args, COLUMNS="80")
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80


def test_measure_deadline_is_whole_at_80_columns() -> None:
    result = cli_invoke(
        "status", "bexley-2014", "--as-of", "2015-01-15", "--data", "data", env={"COLUMNS": "80"}
    )
    (row,) = [line for line in result.stdout.splitlines() if line.startswith(" 9 ")]
    assert row.rstrip().endswith("2015-09-02 upcoming")


def test_dash_h_is_help() -> None:
    for args in (("-h",), ("status", "-h"), ("check", "-h")):
        result = cli_invoke(*args)
        assert result.stdout.startswith("Usage: notice")
    top = cli_invoke("-h").stdout
    assert "…" not in top
    assert "..." not in top.split("Commands:")[1]


def test_help_names_values_not_python_types() -> None:
    for command in ("status", "due", "check", "explain", "validate", "calendar", "schema"):
        text = cli_invoke(command, "--help").stdout
        assert not re.search(r"<(str|int|path|list\[|int range)", text), (command, text)
        assert "Examples:" in text, command


def test_shell_completion_is_on() -> None:
    script = Path(sys.executable).parent / "notice"
    # Typer finds the shell from the parent processes unless told not to; a run from `sh`
    # (make, flock) has none it supports, so the test names the shell itself.
    shell = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = subprocess.run(
        [str(script), "--show-completion", "bash"],
        env={**_env(), **shell},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "complete -o default -F _notice_completion notice" in done.stdout
    assert "--install-completion" in cli_invoke("--help").stdout


def test_no_color_and_NO_COLOR() -> None:
    args = ("status", "--as-of", "2015-01-15", "--data", "data")
    forced = {"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    assert ANSI.search(cli_invoke(*args, env=forced).stdout)
    assert not ANSI.search(cli_invoke("--no-color", *args, env=forced).stdout)
    assert not ANSI.search(cli_invoke(*args, env={"NO_COLOR": "1"}).stdout)


def _in_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run under a pseudo-terminal (so stdout is a tty) and return what it printed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "notice_tracker", *args],
        cwd=cwd,
        env=env,
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_long_view_pages_on_a_terminal_only(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = f"{shutil.which('cat')} > {paged}"
    env = _env(PAGER=pager, LINES="20", COLUMNS="100", TERM="dumb")
    args = ["status", "bexley-2014", "--as-of", "2015-01-15"]
    shown = _in_terminal(args, env, ROOT)
    assert "Obligations" in paged.read_text(encoding="utf-8")
    assert "Obligations" not in shown
    paged.unlink()
    _in_terminal(["--no-pager", *args], env, ROOT)
    assert not paged.exists()
    piped = _notice(*args, PAGER=pager, LINES="20")
    assert "Obligations" in piped.stdout
    assert not paged.exists()
    _in_terminal(["status", "--as-of", "2015-01-15"], env, ROOT)  # short: no pager
    assert not paged.exists()


def test_due_for_named_notices_and_the_undetermined_left_out() -> None:
    result = cli_invoke("due", "sutton-2012", "--as-of", "2013-11-15", "--data", "data")
    rows = [line for line in result.stdout.splitlines() if re.match(r" \d{4}-", line)]
    assert rows
    assert all("sutton-2012" in row for row in rows)
    assert "no date that can be worked out" in result.stderr
    body = json.loads(
        cli_invoke("due", "bexley-2014", "--as-of", "2015-01-15", "--format", "json").stdout
    )
    assert {item["notice"] for item in body["items"]} == {"bexley-2014"}
    status = cli_invoke("status", "bexley-2014", "--as-of", "2015-01-15", "--format", "json")
    assert body["undetermined"] == json.loads(status.stdout)["notices"][0]["undetermined"]


@pytest.mark.parametrize(
    ("written", "days"),
    [("30", 30), ("30d", 30), ("6w", 42), ("6 weeks", 42), ("2m", 59), ("2 months", 59)],
)
def test_the_window_is_a_human_period(written: str, days: int) -> None:
    body = json.loads(
        cli_invoke("due", "--as-of", "2015-01-15", "--window", written, "--format", "json").stdout
    )
    assert body["within_days"] == days
    status = json.loads(
        cli_invoke(
            "status", "--as-of", "2015-01-15", "--window", written, "--format", "json"
        ).stdout
    )
    assert status["window_days"] == days


def test_within_is_kept_as_a_hidden_alias() -> None:
    old = cli_invoke("due", "--as-of", "2014-10-01", "--within", "6w", "--format", "json")
    new = cli_invoke("due", "--as-of", "2014-10-01", "--window", "6w", "--format", "json")
    assert old.stdout == new.stdout
    assert "--within" not in cli_invoke("due", "--help").stdout


def test_a_misspelt_period_gets_a_suggestion() -> None:
    result = cli_invoke("due", "--window", "2 monts", expect=2)
    assert "did you mean '2 months'?" in result.output


@pytest.mark.parametrize("written", ["2015-01-15", "15/01/2015", "2015-01-15 "])
def test_as_of_forms(written: str) -> None:
    body = json.loads(cli_invoke("status", "--as-of", written, "--format", "json").stdout)
    assert body["as_of"] == "2015-01-15"


def test_as_of_a_month_is_its_last_day_and_today_is_the_clock() -> None:
    body = json.loads(cli_invoke("status", "--as-of", "2015-02", "--format", "json").stdout)
    assert body["as_of"] == "2015-02-28"
    from notice_tracker.cli.clock import uk_today

    today = json.loads(cli_invoke("status", "--as-of", "today", "--format", "json").stdout)
    assert today["as_of"] == uk_today().isoformat()


def test_the_date_is_pinned_by_NOTICE_AS_OF() -> None:
    env = {"NOTICE_AS_OF": "2014-11-10"}
    result = cli_invoke("check", "bexley-2014", "--format", "json", env=env, expect=4)
    assert json.loads(result.stdout)["as_of"] == "2014-11-10"
    flag = cli_invoke("check", "bexley-2014", "--as-of", "2014-09-10", env=env)
    assert "check passed as of 2014-09-10" in flag.stderr


def test_a_bad_as_of_says_what_to_write() -> None:
    result = cli_invoke("status", "--as-of", "31/02/2015", expect=2)
    assert "not a real date" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--format", "json"),
        ("due", "--format", "json"),
        ("check", "--format", "json"),
        ("explain", "bexley-2014", "reviews", "--format", "json"),
        ("calendar",),
        ("validate",),
    ],
)
def test_at_on_every_read_command(data_repo: Path, args: tuple[str, ...]) -> None:
    """After the data is broken in the work tree, ``--at HEAD`` still reads it as
    committed."""
    notice = data_repo / "data" / "notices" / "bexley-2014.yaml"
    notice.write_text("id: [broken\n", encoding="utf-8")
    data = str(data_repo / "data")
    code = {"check": 4}.get(args[0], 0)
    day = () if args[0] == "validate" else ("--as-of", "2014-11-10")
    cli_invoke(*args, *day, "--data", data, expect=3)
    cli_invoke(*args, *day, "--data", data, "--at", "HEAD", expect=code)


def test_the_data_folder_is_found_from_a_subfolder(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    (repo / "data" / "notices" / "bexley-2014.yaml").write_text("id: [\n", encoding="utf-8")
    for cwd in (repo, repo / "data", repo / "data" / "notices"):
        done = _notice("validate", cwd=cwd)
        assert done.returncode == 3, done.stderr
        assert done.stdout.startswith("data/notices/bexley-2014.yaml:2:1: YAML"), done.stdout


def test_file_options_mean_where_the_user_typed_them(tmp_path: Path) -> None:
    """Run from a subfolder, the command moves to the repository's root; a relative
    ``-o`` still names a file beside the user, and one inside the data folder is refused."""
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    (repo / "papers").mkdir()
    git(repo, "init", "-q", "-b", "main")
    as_of = ("--as-of", "2015-01-15")
    done = _notice("calendar", *as_of, "-o", "notices.ics", cwd=repo / "papers")
    assert done.returncode == 0, done.stderr
    assert (repo / "papers" / "notices.ics").read_text(encoding="utf-8").startswith("BEGIN:")
    assert not (repo / "notices.ics").exists()
    done = _notice("report", "bexley-2014", *as_of, "-o", "paper.md", cwd=repo / "data" / "notices")
    assert done.returncode == 1
    assert "refusing to write inside the data folder" in done.stderr
    assert not (repo / "paper.md").exists()
    assert not (repo / "data" / "notices" / "paper.md").exists()


def test_a_data_repository_without_a_data_folder(tmp_path: Path) -> None:
    for kind in ("notices", "inspections", "targets"):
        shutil.copytree(DATA / kind, tmp_path / kind)
    done = _notice("status", "--as-of", "2015-01-15", "--format", "json", cwd=tmp_path / "targets")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["notices"]) == 3


def test_no_data_folder_anywhere_says_what_to_do(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    done = _notice("status", cwd=tmp_path)
    assert done.returncode == 1
    assert "no data folder here or above" in done.stderr
    assert "--data" in done.stderr
