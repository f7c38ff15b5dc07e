"""The one error boundary: expected failures exit 1 with one line, usage mistakes exit 2,
and a bug exits 70 with one line that says how to report it; the traceback only with
--debug or NOTICE_DEBUG."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, cli_invoke

# Runs the real console entry point with one library function replaced by one that
# fails as a bug would: the error is raised deep inside a command, not by the test.
CRASH = """
import sys
from notice_tracker.evaluate import portfolio
def broken(*args, **kwargs):
    raise RuntimeError("deliberate internal error")
portfolio.statuses = broken
from notice_tracker.cli import main
sys.argv = ["notice", *sys.argv[1:]]
main()
"""


def _crash(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "NOTICE_DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", CRASH, *args],
        capture_output=True,
        text=True,
        env={**environment, **(env or {})},
        check=False,
        timeout=60,
    )


def test_a_bug_exits_70_with_one_line() -> None:
    done = _crash("status", "--data", str(DATA), "--as-of", "2015-01-15")
    assert done.returncode == 70
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("notice: internal error: RuntimeError: deliberate internal error")
    assert "this is a bug in notice-tracker" in lines[0]
    assert "--debug" in lines[0]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("flag", "env"),
    [(["--debug"], {}), ([], {"NOTICE_DEBUG": "1"})],
    ids=["--debug", "NOTICE_DEBUG"],
)
def test_debug_shows_the_traceback(flag: list[str], env: dict[str, str]) -> None:
    done = _crash(*flag, "status", "--data", str(DATA), "--as-of", "2015-01-15", env=env)
    assert done.returncode == 70
    assert "Traceback (most recent call last)" in done.stderr
    assert "in broken" in done.stderr  # the frame that raised
    assert "RuntimeError: deliberate internal error" in done.stderr
    assert done.stderr.rstrip().splitlines()[-1].startswith("notice: internal error:")


def test_expected_failure_exits_1_with_one_line(tmp_path: Path) -> None:
    result = cli_invoke("status", "nowhere-2099", "--data", str(DATA), expect=1)
    assert result.output.count("\n") == 1
    assert result.output.startswith("notice: error:")


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--as-of", "15/13/2015"],
        ["record", "bexley-2014", "reviews", "--date", "2015-02-30"],
        ["measure", "bexley-2014", "9", "--rag", "ambre"],
        ["reading", "bexley-2014", "x", "--date", "2015-01-01", "--value", "lots"],
        ["status", "--no-such-option"],
    ],
)
def test_usage_mistakes_exit_2_everywhere(args: list[str], data_copy: Path) -> None:
    before = {p: p.read_bytes() for p in data_copy.rglob("*.yaml")}
    result = cli_invoke(*args, "--data", str(data_copy), expect=2)
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in data_copy.rglob("*.yaml")} == before
