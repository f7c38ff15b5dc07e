"""Progress while reading a large folder: on a terminal only, after a second, cleared."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import cli_invoke
from notice_tracker.cli.progress import Progress
from notice_tracker.read import load


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _not_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")


def test_nothing_is_shown_in_the_first_second() -> None:
    out, clock = _Terminal(), _Clock()
    progress = Progress(out, clock=clock)
    for done in range(1, 50):
        clock.now += 0.01
        progress(done, 100)
    progress.finish()
    assert out.getvalue() == ""


def test_a_long_read_shows_progress_and_clears_it() -> None:
    out, clock = _Terminal(), _Clock()
    progress = Progress(out, clock=clock)
    progress(1, 3000)
    clock.now += 1.5
    progress(1500, 3000)
    clock.now += 0.01
    progress(1501, 3000)  # too soon after the last: not redrawn
    progress(3000, 3000)
    assert out.getvalue() == (
        "\rreading data files: 1,500 of 3,000\rreading data files: 3,000 of 3,000"
    )
    progress.finish()
    assert out.getvalue().endswith("\r" + " " * 34 + "\r")


def test_nothing_when_piped_or_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = _Clock()
    piped = io.StringIO()
    Progress(piped, clock=clock)(1, 2)
    clock.now += 5
    Progress(piped, clock=clock)(2, 2)
    assert piped.getvalue() == ""
    monkeypatch.setenv("CI", "true")
    terminal = _Terminal()
    ci = Progress(terminal, clock=clock)
    ci(1, 2)
    clock.now += 5
    ci(2, 2)
    assert terminal.getvalue() == ""


def test_the_loader_reports_every_file(data_copy: Path) -> None:
    seen: list[tuple[int, int]] = []
    load(data_copy, progress=lambda done, total: seen.append((done, total)))
    total = len(list(data_copy.glob("*/*.yaml")))
    assert seen == [(n, total) for n in range(1, total + 1)]


def test_a_command_piped_prints_no_progress(data_copy: Path) -> None:
    result = cli_invoke("status", "--as-of", "2015-01-15", "--data", str(data_copy))
    assert "reading data files" not in result.stdout + result.stderr
