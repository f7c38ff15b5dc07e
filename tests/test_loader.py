"""The read path as a library: YAML positions, problems as values, loading many files."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from notice_tracker.read import load, load_texts
from notice_tracker.read.loader import Text
from notice_tracker.read.problems import Location, Problem, dotted
from notice_tracker.read.yaml_io import parse
from notice_tracker.records.folders import data_files

NESTED = """\
id: x
recipient:
  name: Foo
when: 2014-09-02
list:
  - a
  - {b: 1, c: [2, 3]}
  - - nested
    - "quoted"
"""

NOTICE = """\
id: n
kind: childrens_services
title: A notice
recipient:
  name: London Borough of Example
issued: 2014-09-02
"""

INSPECTION = """\
id: i
title: An inspection
council:
  name: London Borough of Example
inspectorates: [Ofsted]
framework: ilacs
event: focused_visit
"""


# --- yaml_io.parse ---------------------------------------------------------------------


def test_parse_gives_plain_values() -> None:
    doc = parse(NESTED, "x.yaml")
    assert not doc.problems
    assert doc.data == {
        "id": "x",
        "recipient": {"name": "Foo"},
        "when": dt.date(2014, 9, 2),
        "list": ["a", {"b": 1, "c": [2, 3]}, ["nested", "quoted"]],
    }


@pytest.mark.parametrize(
    ("path", "line_col"),
    [
        (("id",), (1, 5)),  # a scalar value: where the value starts
        (("recipient",), (2, 1)),  # a block mapping: where its key is
        (("recipient", "name"), (3, 9)),
        (("when",), (4, 7)),
        (("list",), (5, 1)),
        (("list", 0), (6, 5)),
        (("list", 1), (7, 5)),
        (("list", 1, "b"), (7, 9)),
        (("list", 1, "c"), (7, 12)),  # a flow sequence under a key: the key
        (("list", 1, "c", 1), (7, 19)),
        (("list", 2), (8, 5)),
        (("list", 2, 0), (8, 7)),
        (("list", 2, 1), (9, 7)),
    ],
)
def test_parse_positions(path: tuple[str | int, ...], line_col: tuple[int, int]) -> None:
    assert parse(NESTED, "x.yaml").positions[path] == line_col


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    doc = parse(NESTED, "x.yaml")
    assert doc.locate(("recipient", "la_code")) == Location("x.yaml", 2, 1)
    assert doc.locate(("nothing", "here")) == Location("x.yaml", 1, 1)


def test_duplicate_keys_are_problems_at_the_second_key() -> None:
    doc = parse("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n", "d.yaml")
    assert [str(p) for p in doc.problems] == [
        "d.yaml:4:3: b.c: duplicate key 'c' (first at line 3) (keep one of them)",
        "d.yaml:5:1: a: duplicate key 'a' (first at line 1) (keep one of them)",
    ]
    assert doc.data == {"a": 1, "b": {"c": 2}}


def test_an_impossible_date_is_a_problem_not_an_exception() -> None:
    doc = parse("issued: 2014-02-30\n", "n.yaml")
    assert [str(p) for p in doc.problems] == [
        "n.yaml:1:9: issued: '2014-02-30' is not a real date (check day and month)"
    ]


def test_a_syntax_error_is_a_problem_with_a_position() -> None:
    doc = parse("a: [1, 2\nb: 3\n", "s.yaml")
    assert doc.data is None
    (problem,) = doc.problems
    assert problem.where.line == 2
    assert problem.message.startswith("YAML syntax error: ")


def test_a_tab_gets_a_hint_about_tabs() -> None:
    (problem,) = parse("a:\n\tb: 1\n", "t.yaml").problems
    assert problem.hint == "indent with spaces, not tabs"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("- a\n- b\n", "the top level must be a mapping of keys to values"),
        ("just words\n", "the top level must be a mapping of keys to values"),
    ],
)
def test_not_a_mapping(text: str, message: str) -> None:
    doc = parse(text, "e.yaml")
    assert doc.data is None
    assert [(p.where, p.message) for p in doc.problems] == [(Location("e.yaml", 1, 1), message)]


# --- loader ----------------------------------------------------------------------------


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_load_collects_problems_from_every_file(tmp_path: Path) -> None:
    data = write(
        tmp_path / "data",
        {
            "notices/n.yaml": NOTICE.replace("issued: 2014-09-02", "issued: 2014-13"),
            "notices/m.yaml": NOTICE.replace("id: n", "id: m").replace("kind: child", "kind: x"),
            "inspections/i.yaml": INSPECTION.replace("event: focused_visit", "event: [\n"),
            "targets/t.yaml": "id: t\nnotice: n\n",
        },
    )
    catalog = load(data, base=tmp_path)
    assert [(p.where.file, p.path) for p in catalog.problems] == [
        ("data/inspections/i.yaml", ""),
        ("data/notices/m.yaml", "kind"),
        ("data/notices/n.yaml", "issued"),
        ("data/targets/t.yaml", "title"),
    ]


def test_load_reports_every_problem_in_one_file(tmp_path: Path) -> None:
    text = NOTICE.replace("kind: childrens_services", "kind: x").replace("A notice", "''")
    data = write(tmp_path / "data", {"notices/n.yaml": text + "colour: red\n"})
    problems = load(data, base=tmp_path).problems
    assert [p.path for p in problems] == ["kind", "title", "colour"]


def test_load_keeps_valid_records_beside_broken_ones(tmp_path: Path) -> None:
    data = write(
        tmp_path / "data",
        {"notices/n.yaml": NOTICE, "notices/m.yaml": "id: m\n", "inspections/i.yaml": INSPECTION},
    )
    catalog = load(data, base=tmp_path)
    assert list(catalog.notices) == ["n"]
    assert list(catalog.inspections) == ["i"]
    assert {p.where.file for p in catalog.problems} == {"data/notices/m.yaml"}


def test_load_a_missing_folder(tmp_path: Path) -> None:
    (problem,) = load(tmp_path / "nowhere", base=tmp_path).problems
    assert str(problem) == (
        "nowhere: no such data folder "
        "(pass the folder that holds notices/, inspections/ and targets/)"
    )


def test_data_files_are_sorted_yaml_files_in_record_folders(tmp_path: Path) -> None:
    data = write(
        tmp_path / "data",
        {
            "notices/b.yaml": "",
            "notices/a.yml": "",
            "notices/README.md": "",
            "inspections/z.yaml": "",
            "other/x.yaml": "",
        },
    )
    assert [(kind, p.name) for kind, p in data_files(data)] == [
        ("inspections", "z.yaml"),
        ("notices", "a.yml"),
        ("notices", "b.yaml"),
    ]


def test_load_texts_works_from_text() -> None:
    catalog = load_texts(
        [Text("notices", "data/notices/n.yaml", NOTICE), Text("inspections", "i.yaml", INSPECTION)]
    )
    assert catalog.problems == ()
    assert catalog.notices["n"].record.title == "A notice"
    assert catalog.notices["n"].locate("issued") == Location("data/notices/n.yaml", 6, 9)
    assert catalog.inspections["i"].record.framework == "ilacs"


def test_problems_are_sorted_the_same_whatever_the_reading_order() -> None:
    texts = [
        Text("notices", "b.yaml", "id: b\nkind: x\n"),
        Text("notices", "a.yaml", "id: a\ntitle: [\n"),
        Text("targets", "c.yaml", "id: c\nnotice: nowhere\ntitle: T\n"),
        Text("notices", "n.yaml", NOTICE.replace("2014-09-02", "2014-02-30")),
    ]
    forward = load_texts(texts).problems
    backward = load_texts(reversed(texts)).problems
    assert forward == backward
    keys = [(p.where.file, p.where.line, p.where.col, p.message) for p in forward]
    assert keys == sorted(keys)
    assert len({p.where.file for p in forward}) == 4


def test_the_shipped_data_loads_cleanly(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    catalog = load(tmp_path / "data", base=tmp_path)
    assert catalog.problems == ()
    assert len(catalog.notices) >= 3


# --- problems --------------------------------------------------------------------------


def test_problem_str_has_where_path_message_and_hint() -> None:
    where = Location("data/notices/x.yaml", 14, 5)
    assert str(Problem(where, "obligations[2].schedule.from", "bad", "fix it")) == (
        "data/notices/x.yaml:14:5: obligations[2].schedule.from: bad (fix it)"
    )
    assert str(Problem(where, "", "the file is empty")) == (
        "data/notices/x.yaml:14:5: the file is empty"
    )
    assert str(Problem(Location("data"), "", "no such data folder")) == (
        "data: no such data folder"
    )


def test_dotted_paths() -> None:
    assert dotted(()) == ""
    assert dotted(("issued",)) == "issued"
    assert dotted(("obligations", 2, "schedule", 0, "from")) == "obligations[2].schedule[0].from"
