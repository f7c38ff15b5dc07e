"""Property and fuzz tests of hostile input, bounded to a few seconds in all.

- Random valid records load with no problem.
- Random mutations of a valid file never make a command raise: every outcome is an
  exit code the interface documents (0-4), never an internal error (70).
- Load, edit, load is stable: the edit adds what it says and nothing else changes.
- The rule engine ends, quickly, for any rule within the limits (docs/limits.md).
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA
from notice_tracker.evaluate.portfolio import evaluate
from notice_tracker.read import load, load_texts
from notice_tracker.read.loader import Text
from notice_tracker.records.limits import FIRST_DAY, LAST_DAY, MAX_OCCURRENCES, MAX_PERIOD

FAST = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
DOCUMENTED_EXITS = {0, 1, 2, 3, 4}

days = st.dates(FIRST_DAY, LAST_DAY)
units = st.sampled_from(["days", "weeks", "months", "years", "working days"])


@st.composite
def periods(draw: st.DrawFn, positive: bool = True) -> str:
    unit = draw(units)
    top = min(MAX_PERIOD[unit], 400)
    count = draw(st.integers(1 if positive else -top, top))
    return f"{count} {unit}"


@st.composite
def rules(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["offset", "recurring", "fixed", "deadline"]))
    if kind == "offset":
        return f"kind: offset\nfrom: issued\noffset: {draw(periods(positive=False))}"
    if kind == "recurring":
        count = draw(st.one_of(st.none(), st.integers(1, MAX_OCCURRENCES)))
        extra = f"\ncount: {count}" if count else ""
        return f"kind: recurring\nfrom: issued\nevery: {draw(periods())}{extra}"
    if kind == "fixed":
        return f"kind: fixed\ndates:\n  - {draw(days).isoformat()}"
    return f"kind: deadline\nfrom: issued\nwithin: {draw(periods())}"


@st.composite
def notices(draw: st.DrawFn) -> str:
    issued = draw(days)
    title = draw(st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40))
    lines = [
        "id: example-2014",
        "kind: childrens_services",
        f"title: {_quoted(title)}",
        "recipient:",
        "  name: London Borough of Example",
        f"issued: {issued.isoformat()}",
        "obligations:",
    ]
    for i, rule in enumerate(draw(st.lists(rules(), min_size=1, max_size=4))):
        lines += [f"  - id: ob-{i}", f"    title: Obligation {i}", "    type: report"]
        lines += ["    schedule:", *(f"      {line}" for line in rule.splitlines())]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    escaped = "".join(
        f"\\u{ord(c):04x}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c
        for c in text.replace("\\", "\\\\").replace('"', '\\"')
    )
    return f'"{escaped}"'


def _catalog(text: str):  # type: ignore[no-untyped-def]
    return load_texts([Text("notices", "data/notices/example-2014.yaml", text)])


@FAST
@given(notices())
def test_random_valid_records_load_with_no_problem(text: str) -> None:
    catalog = _catalog(text)
    assert not catalog.problems, "\n".join(map(str, catalog.problems)) + "\n" + text


@FAST
@given(notices(), days)
def test_the_rule_engine_ends_quickly_for_any_rule_within_the_limits(
    text: str, as_of: dt.date
) -> None:
    catalog = _catalog(text)
    start = time.process_time()
    (status,) = evaluate(catalog, as_of, 30)
    assert time.process_time() - start < 2.0
    for item in status.obligations:
        assert len(item.items) <= MAX_OCCURRENCES + 1


@st.composite
def mutations(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few random edits of the kinds hands and bots make."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        how = draw(st.sampled_from(["drop", "copy", "cut", "junk", "digits", "indent"]))
        line = lines[i] if lines else ""
        if how == "drop" and lines:
            del lines[i]
        elif how == "copy":
            lines.insert(i, line)
        elif how == "cut":
            lines[i:] = [line[: draw(st.integers(0, len(line)))]]
        elif how == "junk":
            lines.insert(i, draw(st.text(max_size=30)) + "\n")
        elif how == "digits" and lines:
            lines[i] = "".join(
                draw(st.sampled_from("0123456789-")) if c.isdigit() else c for c in line
            )
        elif lines:
            lines[i] = " " * draw(st.integers(0, 8)) + line.lstrip()
    return "".join(lines)


NOTICE = (DATA / "notices" / "bexley-2014.yaml").read_text(encoding="utf-8")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=mutations(NOTICE))
def test_mutated_files_never_make_a_command_raise(text: str, data_copy: Path) -> None:
    (data_copy / "notices" / "bexley-2014.yaml").write_text(text, encoding="utf-8")
    root = str(data_copy)
    for args in (
        ("validate", root),
        ("status", "--as-of", "2015-01-15", "--data", root),
        ("check", "--as-of", "2015-01-15", "--data", root, "--format", "json"),
        ("record", "bexley-2014", "initial-report", "--date", "2014-11-01", "--data", root),
    ):
        result = _run(*args)
        assert result in DOCUMENTED_EXITS, f"notice {' '.join(args)} exited {result}"


def _run(*args: str) -> int:
    from typer.testing import CliRunner

    from notice_tracker.cli import app

    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "internal error" not in result.output
    return result.exit_code


@settings(max_examples=10, deadline=None)
@given(st.dates(dt.date(2014, 9, 3), dt.date(2030, 12, 31)), st.text(max_size=40))
def test_load_edit_load_is_stable(day: dt.date, note: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(DATA, data)
        before = load(data)
        args = ["record", "bexley-2014", "initial-report", "--date", day.isoformat()]
        code = _run(*args, "--note", note, "--data", str(data)) if note.strip() else 0
        after = load(data)
        assert not after.problems, after.problems
        if code != 0:  # refused (e.g. a note the edit will not take): nothing changed
            assert after.notices["bexley-2014"].record == before.notices["bexley-2014"].record
            return
        if not note.strip():
            return
        old = before.notices["bexley-2014"].record
        new = after.notices["bexley-2014"].record
        pairs = enumerate(zip(old.obligations, new.obligations, strict=True))
        (changed,) = [i for i, (a, b) in pairs if a != b]
        assert new.obligations[changed].id == "initial-report"
        added = set(new.obligations[changed].completions) - set(
            old.obligations[changed].completions
        )
        assert [c.date for c in added] == [day]
        assert old.model_copy(update={"obligations": new.obligations}) == new
        again = load(data)
        assert again.notices["bexley-2014"].record == new
