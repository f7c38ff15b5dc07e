"""The "from wording to rule" cookbook in docs/data-format.md: every example is a test.

Each example is a ```yaml notice block followed by a ```text block that says what it
gives: the as-of date on the first line (``as of 2015-01-15``), then any inspection the
notice counts from (``published ID: DATE``), then one line per obligation with its due
dates in order (``initial-report: 2014-11-02``; ``undetermined`` for a date that cannot
be worked out; ``none`` for no occurrence at all).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import d, write
from notice_tracker.evaluate.portfolio import evaluate
from notice_tracker.read import load

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"
SECTION = "## From wording to rule"


def _fences(text: str) -> list[tuple[str, str, int]]:
    tokens = MarkdownIt().parse(text)
    return [(t.info.strip(), t.content, (t.map or [0])[0] + 1) for t in tokens if t.type == "fence"]


def examples() -> list[tuple[str, str, int]]:
    """(notice YAML, expectation, line) for every example of the cookbook section."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    offset = text[:start].count("\n")
    fences = _fences(text[start : end if end != -1 else None])
    found = []
    for (info, body, line), (next_info, expected, _) in itertools.pairwise(fences):
        if info == "yaml notice":
            assert next_info == "text", f"line {offset + line}: follow the example with ```text"
            found.append((body, expected, offset + line))
    return found


EXAMPLES = examples()


def test_the_cookbook_has_an_example_for_each_common_phrase() -> None:
    section = DOC.read_text(encoding="utf-8").split(SECTION, 1)[1].split("\n## ", 1)[0]
    words = " ".join(section.split())
    for phrase in (
        "within one month of",
        "at least every",
        "working days",
        "by the end of",
        "or sooner",
        "until further notice",
        "at the specific request of",
        "every 2 months",
        "the first in March 2019",
        "to a timetable agreed with the Department",
        "at each meeting",
        "in advance",
        "Prior to any reviews",
        "on each occasion",
    ):
        assert phrase in words, f"the cookbook has no example for {phrase!r}"
    assert len(EXAMPLES) >= 15


def _expected(text: str) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    m = re.fullmatch(r"as of (\d{4}-\d{2}-\d{2})", lines[0])
    assert m, f"the first line says 'as of YYYY-MM-DD', not {lines[0]!r}"
    published, dues = {}, {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        if key.startswith("published "):
            published[key.removeprefix("published ")] = value.strip()
        else:
            dues[key] = [v.strip() for v in value.split(",")]
    return m.group(1), published, dues


@pytest.mark.parametrize(
    ("notice", "expected"),
    [pytest.param(n, e, id=f"line-{line}") for n, e, line in EXAMPLES],
)
def test_cookbook_example(tmp_path: Path, notice: str, expected: str) -> None:
    as_of, published, dues = _expected(expected)
    notice_id = re.search(r"^id: (\S+)$", notice, re.M)
    assert notice_id
    write(tmp_path, "notices", notice_id.group(1), notice)
    for inspection, day in published.items():
        write(
            tmp_path,
            "inspections",
            inspection,
            f"""
            id: {inspection}
            title: An inspection
            council: {{name: London Borough of Testing}}
            inspectorates: [Ofsted]
            framework: sif
            event: full
            published: {day}
            """,
        )
    catalog = load(tmp_path)
    assert [str(p) for p in catalog.problems] == []
    (st,) = evaluate(catalog, d(as_of), 30, [notice_id.group(1)])
    got = {
        o.obligation.id: [str(i.due) if i.due else "undetermined" for i in o.items] or ["none"]
        for o in st.obligations
    }
    assert got == dues
