"""A command runs with the cyclic garbage collector off (``cli.main``): that is only
safe while reading, checking and evaluating a register make no reference cycles, so
that reference counting alone frees what each step lets go. These tests hold the
pipeline to that, cold (records stored in the index) and warm (built from it)."""

from __future__ import annotations

import collections
import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import d
from notice_tracker.evaluate.portfolio import due_within, statuses
from notice_tracker.read import load
from notice_tracker.read.validation import checked
from notice_tracker.render.ci import gate


@pytest.fixture
def collector_off(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The collector off, and ``gc.freeze`` (which the loader calls) a no-op: a frozen
    cycle would be hidden from the count."""
    monkeypatch.setattr(gc, "freeze", lambda: None)
    was = gc.isenabled()
    gc.disable()
    gc.collect()
    try:
        yield
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()


def _cycles() -> collections.Counter[str]:
    """The kinds of the objects only the cyclic collector could free."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    gc.collect()
    found = collections.Counter(type(o).__name__ for o in gc.garbage)
    gc.garbage.clear()
    gc.set_debug(0)
    return found


def _every_view(data: Path) -> int:
    catalog = checked(load(data))
    report = gate(statuses(catalog, d("2025-06-30")), catalog, False, "2025-06-30")
    items, _ = due_within(statuses(catalog, d("2025-06-30")), 90)
    return len(report.findings) + len(items) + len(catalog.notices)


@pytest.mark.usefixtures("collector_off")
def test_reading_checking_and_evaluating_make_no_cycles(data_copy: Path) -> None:
    assert _every_view(data_copy) > 0  # cold: every record parsed and stored
    assert _cycles() == collections.Counter()
    assert _every_view(data_copy) > 0  # warm: every record built from the index
    assert _cycles() == collections.Counter()


@pytest.mark.usefixtures("collector_off")
def test_a_register_with_problems_makes_no_cycles(data_copy: Path) -> None:
    """Problems are collected and reported; none of them is kept alive by a cycle."""
    broken = data_copy / "notices" / "broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    (data_copy / "targets" / "stray.yaml").write_text("id: 3\n", encoding="utf-8")
    catalog = checked(load(data_copy))
    assert catalog.problems
    assert _cycles() == collections.Counter()


def test_the_command_runs_with_the_collector_off(data_copy: Path) -> None:
    script = (
        "import gc, sys\n"
        "from notice_tracker import cli\n"
        f"sys.argv = ['notice', 'status', '--data', {str(data_copy)!r}, '--as-of', '2025-06-30']\n"
        "try:\n"
        "    cli.main()\n"
        "except SystemExit as exc:\n"
        "    print('exit', exc.code, 'collector', gc.isenabled(), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "exit 0 collector False"
    assert done.stdout.startswith("Notices as of 2025-06-30")
