"""The YAML reader: one YAML 1.2 reading on the read and edit paths, and the limits of a
data file (size, nesting, aliases) as located problems, never exceptions."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from notice_tracker.edit.roundtrip import rewrite
from notice_tracker.read.yaml_io import MAX_ALIASED, MAX_BYTES, MAX_DEPTH, parse

TRICKY = [
    ("no", "no"),
    ("on", "on"),
    ("yes", "yes"),
    ("010", 10),
    ("0o10", 8),
    ("0x1F", 31),
    ("1_000", 1000),
    ("1e3", 1000.0),
    ("-1.5e-3", -0.0015),
    ("2014-09-02", dt.date(2014, 9, 2)),
    ("12:30", "12:30"),
    ("1:30:00", "1:30:00"),
    (".inf", math.inf),
    ("true", True),
    ("False", False),
    ("~", None),
    ("null", None),
    ("", None),
    ("2014-9-2", "2014-9-2"),
    ("'010'", "010"),
    ('"no"', "no"),
]


def _edit_path_reads(text: str) -> Any:
    """What the edit path's round-trip loader sees in the document ``text``."""
    seen: list[Any] = []
    rewrite(text, lambda doc: seen.append(doc["a"]))
    return seen[0]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize(("written", "value"), TRICKY, ids=[t[0] or "empty" for t in TRICKY])
def test_tricky_scalars_read_as_yaml_1_2_on_both_paths(written: str, value: Any) -> None:
    text = f"a: {written}\n"
    doc = parse(text, "x.yaml")
    assert not doc.problems
    assert _same(doc.data["a"], value)
    edit = _edit_path_reads(text)
    assert edit == value
    assert isinstance(edit, type(value)) or (value is None and edit is None)


def test_an_explicit_tag_is_obeyed() -> None:
    assert parse("a: !!str 010\nb: !!float 1\n", "x.yaml").data == {"a": "010", "b": 1.0}


def test_an_unknown_tag_cannot_be_read() -> None:
    assert [str(p) for p in parse("a: !thing x\n", "x.yaml").problems] == [
        "x.yaml:1:4: a: cannot read 'x'"
    ]


def test_nan_reads_as_nan_on_both_paths() -> None:
    assert math.isnan(parse("a: .nan\n", "x.yaml").data["a"])
    assert math.isnan(_edit_path_reads("a: .nan\n"))


def test_an_impossible_date_is_a_located_problem() -> None:
    doc = parse("a: 1\nb: 2014-02-30\n", "x.yaml")
    assert [str(p) for p in doc.problems] == [
        "x.yaml:2:4: b: '2014-02-30' is not a real date (check day and month)"
    ]


def test_positions_of_keys_and_values() -> None:
    doc = parse("a:\n  b: [1, {c: x}]\n  d: |\n    text\n", "x.yaml")
    assert doc.positions[("a",)] == (1, 1)
    assert doc.positions[("a", "b", 1, "c")] == (2, 14)
    assert doc.keys[("a", "b", 1, "c")] == (2, 11)
    assert doc.positions[("a", "d")] == (3, 6)
    assert doc.data == {"a": {"b": [1, {"c": "x"}], "d": "text\n"}}


# --- limits -----------------------------------------------------------------------------


def _only_problem(text: str) -> str:
    doc = parse(text, "x.yaml")
    assert doc.data is None
    assert len(doc.problems) == 1
    return str(doc.problems[0])


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    text = "a: [" + "x" * MAX_BYTES + "\n"  # not even valid YAML: never parsed
    assert _only_problem(text) == (
        f"x.yaml:1:1: the file is larger than 4 MiB ({len(text):,} bytes) "
        "(the limit for a data file; see docs/limits.md)"
    )


def test_the_size_limit_counts_bytes_not_characters() -> None:
    text = "a: " + "é" * (MAX_BYTES // 2) + "\n"
    assert "larger than 4 MiB" in _only_problem(text)
    assert not parse("a: " + "é" * (MAX_BYTES // 2 - 10) + "\n", "x.yaml").problems


def test_nesting_just_under_the_limit_is_read() -> None:
    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert not parse(text, "x.yaml").problems


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 60 + "]" * 60 + "\n",
        "a: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "a: " + "{b: " * 10_000 + "}" * 10_000 + "\n",
        "a:\n  " + "- " * 10_000 + "x\n",
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 2000)),
        "a: &x [*x]\n",
    ],
    ids=["flow-60", "flow-10000", "flow-map-10000", "block-10000", "indented-2000", "self"],
)
def test_deep_nesting_is_a_located_problem(text: str) -> None:
    message = _only_problem(text)
    assert message.startswith("x.yaml:")
    assert message.endswith(
        f": the document nests deeper than {MAX_DEPTH} levels "
        "(the limit for a data file; see docs/limits.md)"
    )


def test_nesting_is_counted_from_the_top() -> None:
    text = "a:\n" + "".join("  " * i + "- \n" for i in range(1, 60))
    assert _only_problem(text).startswith("x.yaml:51:101: ")


def test_the_billion_laughs_stop_at_the_alias_limit() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    message = _only_problem("\n".join(lines) + "\n")
    assert message.endswith(
        f"the document expands aliases to more than {MAX_ALIASED:,} nodes "
        "(the limit for a data file; see docs/limits.md)"
    )


def test_a_few_aliases_are_read() -> None:
    doc = parse("a: &x {k: 1}\nb: *x\nc: *x\n", "x.yaml")
    assert not doc.problems
    assert doc.data == {"a": {"k": 1}, "b": {"k": 1}, "c": {"k": 1}}


NOT_YAML = [
    "a: [1, 2\n",
    "a: {b: 1\n",
    "a:\n\tb: 1\n",
    "a: *x\n",
    "a: &x 1\nb: &x 2\n",
    'a: "\\q"\n',
    "a: 1\n b: 2\n",
    "- a\nb: 1\n",
    "a: b: c\n",
    "a: 'x\n",
    "%YAML 2.0\n---\na: 1\n",
    "a: |\n  x\n y\n",
    "a: !<tag\n",
    "a: @x\n",
    "%TAG ! x\n%TAG ! y\n---\na: 1\n",
]


@pytest.mark.parametrize("text", NOT_YAML)
def test_a_syntax_error_is_worded_and_placed_as_the_edit_path_would(text: str) -> None:
    """The read path words a syntax error from libyaml as PyYAML gives it; ruamel.yaml,
    which edits the file, wraps the same libyaml and must say the same, at the same
    place."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    (problem,) = parse(text, "f.yaml").problems
    with pytest.raises(MarkedYAMLError) as raised:
        YAML(typ="safe").compose(text)
    mark = raised.value.problem_mark or raised.value.context_mark
    assert mark is not None
    assert (problem.where.line, problem.where.col) == (mark.line + 1, mark.column + 1)
    assert problem.message == f"YAML syntax error: {raised.value.problem}"
