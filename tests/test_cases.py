"""``notice validate`` on folders of example data: a new case is a new folder, not new code.

``tests/cases/valid/CASE/data/`` must validate (exit 0).

``tests/cases/invalid/CASE/data/`` has exactly one thing wrong; ``notice validate data``,
run with CASE as the working folder, must exit 3 and print exactly
``tests/cases/invalid/CASE/expected.txt`` on stdout (one ``PATH:LINE:COL: ...`` line per
problem; the summary goes to stderr).

To add a case, make its folder with ``data/`` inside, then write (or, after a deliberate
change of wording, rewrite) the golden files with::

    UPDATE_GOLDEN=1 pytest tests/test_cases.py

and read every new or changed ``expected.txt`` before committing it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, assert_golden, cli_invoke

CASES = Path(__file__).parent / "cases"
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
INVALID_EXIT = 3


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    result = cli_invoke("validate", "data", expect=0)
    assert result.stdout.startswith("valid: ")


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    result = cli_invoke("validate", "data", expect=INVALID_EXIT)
    assert_golden(case / "expected.txt", result.stdout)


EXCERPT = re.compile(r"^ *(\d+)? \|")
"""The lines that follow a problem: the gutter, the file's line and the caret."""


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_every_message_says_where(case: Path) -> None:
    """Each problem line starts with a data file, a line and a column, and (when the
    file has that line) is followed by the line itself with a caret under the column."""
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not EXCERPT.match(line)], "no problem"
    for i, line in enumerate(lines):
        if EXCERPT.match(line):
            continue
        where = line.split(": ", 1)[0]
        file, row, col = where.rsplit(":", 2) if where.count(":") >= 2 else (where, "", "")
        assert file.startswith("data/"), line
        assert (case / file).is_file(), line
        assert row.isdigit(), f"no line: {line}"
        assert col.isdigit(), f"no column: {line}"
        if all(EXCERPT.match(x) for x in lines[i + 1 : i + 4]) and i + 3 < len(lines):
            _, shown, caret = lines[i + 1 : i + 4]
            assert shown.startswith(f"{row} | "), shown
            assert caret.index("^") - caret.index("|") - 2 == int(col) - 1, line


def test_there_are_enough_cases() -> None:
    assert len(VALID) >= 7
    assert len(INVALID) >= 30


def run_module(cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real entry point in a fresh interpreter: ``python -m notice_tracker validate data``."""
    return subprocess.run(
        [sys.executable, "-m", "notice_tracker", "validate", "data"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_console_script_on_an_invalid_case() -> None:
    case = CASES / "invalid" / "impossible-date-2014-02-30"
    done = run_module(case)
    assert done.returncode == INVALID_EXIT
    assert done.stdout == (case / "expected.txt").read_text(encoding="utf-8")
    assert done.stderr == "1 problem in 1 file\n"
    assert "Traceback" not in done.stderr


def test_console_script_on_the_shipped_data() -> None:
    done = run_module(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("valid: ")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_cold_and_warm_runs_say_the_same(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parse cache never changes a message: the first run fills one cache, the
    second reads from it, and both print the golden text (file, line, column, words)."""
    monkeypatch.chdir(case)
    env = {"NOTICE_CACHE": str(tmp_path / "cache")}
    cold = cli_invoke("validate", "data", expect=INVALID_EXIT, env=env).stdout
    warm = cli_invoke("validate", "data", expect=INVALID_EXIT, env=env).stdout
    assert warm == cold
    assert cold == (case / "expected.txt").read_text(encoding="utf-8")
