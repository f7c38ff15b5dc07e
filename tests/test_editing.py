"""The edit engine: byte-exact round trips, refusals that leave files alone, atomic
writes, locking, and new files from scaffolds."""

from __future__ import annotations

import datetime as dt
import difflib
import fcntl
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml

from conftest import DATA
from notice_tracker import edit as editing
from notice_tracker.cli.inputs import parse_day, parse_rag, parse_status, parse_value
from notice_tracker.edit import document, safewrite
from notice_tracker.errors import NoticeError
from notice_tracker.read import load, load_texts
from notice_tracker.read.loader import Text
from notice_tracker.records.folders import data_files
from notice_tracker.records.models import Measure, MeasureStatus, Obligation
from notice_tracker.records.targets import Target

FIXTURES = Path(__file__).parent / "fixtures" / "editing"
STYLED = "notices/styled-2020.yaml"
WIDE = "notices/wide-2021.yaml"
D = dt.date
NOTE = "Sent to the DfE’s case lead"  # noqa: RUF001 - typographic quotes are the point
EVIDENCE = "“Quoted” evidence’s text"  # noqa: RUF001 - typographic quotes are the point


@pytest.fixture
def styled(tmp_path: Path) -> Path:
    """A private copy of the hand-styled fixture data folder."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", root)
    return root


def _edit_styled(root: Path) -> None:
    editing.record_completion(root, "styled-2020", "initial-plan", D(2020, 2, 10), note=NOTE)
    editing.record_completion(root, "styled-2020", "monthly-report", D(2020, 3, 13))
    editing.update_measure(
        root,
        "styled-2020",
        "1",
        status=parse_status("in_progress"),
        evidence=EVIDENCE,
        day=D(2020, 3, 1),
    )
    editing.update_measure(root, "styled-2020", "2", status=parse_status("complete"))
    editing.lift(root, "styled-2020", D(2021, 6, 30))


def _added_only(before: str, after: str) -> list[str]:
    """The lines ``after`` adds; fails if it removes or changes any line."""
    diff = list(difflib.ndiff(before.splitlines(True), after.splitlines(True)))
    removed = [d for d in diff if d.startswith("- ")]
    assert not removed, removed
    return [d[2:] for d in diff if d.startswith("+ ")]


# --- does not reformat ---------------------------------------------------------------


def test_does_not_reformat(styled: Path) -> None:
    """Comments, both quote styles, flow lists, unicode, a long line, blank lines, null
    written as null and as ~: after five edits the file is exactly the golden file."""
    _edit_styled(styled)
    expected = (FIXTURES / "styled-2020.edited.yaml").read_bytes()
    assert (styled / STYLED).read_bytes() == expected


def test_does_not_reformat_crlf(styled: Path) -> None:
    path = styled / STYLED
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    _edit_styled(styled)
    expected = (FIXTURES / "styled-2020.edited.yaml").read_bytes().replace(b"\n", b"\r\n")
    assert path.read_bytes() == expected


def test_keeps_bom_and_missing_final_newline(styled: Path) -> None:
    path = styled / STYLED
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().rstrip(b"\n"))
    _edit_styled(styled)
    expected = (FIXTURES / "styled-2020.edited.yaml").read_bytes().rstrip(b"\n")
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected


def test_keeps_four_space_indents(styled: Path) -> None:
    editing.record_completion(
        styled, "wide-2021", "stocktake", D(2021, 9, 20), occurrence=D(2021, 9, 30)
    )
    editing.record_completion(styled, "wide-2021", "board", D(2021, 5, 28), note="First meeting")
    editing.record_completion(styled, "wide-2021", "stocktake", D(2021, 9, 1), ad_hoc=True)
    expected = (FIXTURES / "wide-2021.edited.yaml").read_bytes()
    assert (styled / WIDE).read_bytes() == expected


def test_flow_list_stays_flow(styled: Path) -> None:
    before = (styled / STYLED).read_text()
    editing.record_completion(styled, "styled-2020", "monthly-report", D(2020, 3, 13))
    after = (styled / STYLED).read_text()
    changed = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[0] in "+-"]
    assert changed == [
        "-   completions: [{date: 2020-02-14}]   # flow style: must stay flow",
        "+   completions: [{date: 2020-02-14}, {date: 2020-03-13}] # flow style: must stay flow",
    ]


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: p.name)
def test_no_op_rewrite_is_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert editing.rewrite(text, lambda doc: None) == text
    crlf = text.replace("\n", "\r\n")
    assert editing.rewrite(crlf, lambda doc: None) == crlf


@pytest.mark.parametrize("name", ["bexley-2014", "bexley-2024-send", "sutton-2012"])
def test_recording_on_shipped_data_only_adds_lines(name: str) -> None:
    """For every obligation of every shipped notice: a completion adds exactly its own
    lines; a measure status adds exactly one line. Nothing else moves."""
    text = (DATA / "notices" / f"{name}.yaml").read_text(encoding="utf-8")
    catalog = load_texts([Text("notices", f"{name}.yaml", text)])
    notice = catalog.notices[name].record
    for i in range(len(notice.obligations)):

        def add(doc: Any, i: int = i) -> None:
            entry = {"date": D(2020, 1, 1), "note": "done"}
            document.add_entry(doc["obligations"][i], "completions", entry, Obligation)

        assert len(_added_only(text, editing.rewrite(text, add))) == 3
    for i in range(0, len(notice.measures), 3):

        def status(doc: Any, i: int = i) -> None:
            document.put(doc["measures"][i], "status", "complete", Measure)

        assert _added_only(text, editing.rewrite(text, status)) == ["    status: complete\n"]


def test_bexley_trailing_comment_stays_before_the_next_key(data_copy: Path) -> None:
    """board-meetings is the last obligation and a comment about targets_due follows it:
    the new completions go above that comment."""
    path = data_copy / "notices" / "bexley-2014.yaml"
    before = path.read_text()
    editing.record_completion(data_copy, "bexley-2014", "board-meetings", D(2014, 11, 5))
    after = path.read_text()
    assert _added_only(before, after) == ["    completions:\n", "      - date: 2014-11-05\n"]
    assert "      - date: 2014-11-05\n# Paragraph 13:" in after


def test_existing_quote_style_is_kept(styled: Path) -> None:
    editing.update_measure(styled, "styled-2020", "1", status=parse_status("complete"))
    assert '  status: "complete"\n' in (styled / STYLED).read_text()


# --- refused edits leave the bytes alone ---------------------------------------------


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


REFUSED: list[tuple[str, Callable[[Path], object], str]] = [
    (
        "unknown notice",
        lambda r: editing.record_completion(r, "bexley-2041", "initial-report", D(2014, 11, 1)),
        "no notice 'bexley-2041' (did you mean 'bexley-2014'?)",
    ),
    (
        "unknown obligation",
        lambda r: editing.record_completion(r, "bexley-2014", "initial-reprot", D(2014, 11, 1)),
        r"^data/notices/bexley-2014\.yaml:\d+:1: obligations: no obligation 'initial-reprot' "
        r"\(did you mean 'initial-report'\?\)$",
    ),
    (
        "not a due date",
        lambda r: editing.record_completion(
            r, "bexley-2014", "reviews", D(2014, 11, 1), occurrence=D(2014, 11, 24)
        ),
        "--occurrence 2014-11-24 is not a due date of reviews: its due dates are "
        "2014-11-23, 2015-05-23",
    ),
    (
        "no known due date",
        lambda r: editing.record_completion(
            r, "sutton-2012", "improvement-plan", D(2012, 12, 1), occurrence=D(2012, 12, 31)
        ),
        "none of its due dates is known (the date of receipt is not recorded)",
    ),
    (
        "unknown measure",
        lambda r: editing.update_measure(r, "bexley-2014", "99", status=parse_status("complete")),
        "measures: no measure '99'",
    ),
    (
        "same status",
        lambda r: editing.update_measure(r, "bexley-2014", "9", status=MeasureStatus.NOT_RECORDED),
        "already has that status",
    ),
    (
        "invalid evidence",
        lambda r: editing.update_measure(r, "bexley-2014", "9", evidence="", day=D(2015, 1, 1)),
        r"^refused: the edit would make the data invalid \(the file is unchanged\):\n"
        r"  data/notices/bexley-2014\.yaml:\d+:15: measures\[10\]\.evidence\[0\]\.text: ",
    ),
    (
        "unknown target",
        lambda r: editing.add_reading(r, "bexley-2014", "care-proceedings", D(2015, 1, 1), 30),
        "no target 'care-proceedings' (did you mean 'care-proceedings-duration'?)",
    ),
    (
        "no target set",
        lambda r: editing.add_reading(r, "sutton-2012", "x", D(2015, 1, 1), 30),
        "notice 'sutton-2012' has no target set",
    ),
    (
        "replaced by an unknown notice",
        lambda r: editing.replace(r, "bexley-2014", "bexley-2015-direction", D(2015, 1, 1)),
        "--by 'bexley-2015-direction': no other notice has that id",
    ),
    (
        "lifted before issue",
        lambda r: editing.lift(r, "bexley-2014", D(2014, 1, 1)),
        "2014-01-01 is before the notice was issued (2014-09-02)",
    ),
]


@pytest.mark.parametrize(("case", "edit", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_edit_leaves_bytes_unchanged(
    data_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    edit: Callable[[Path], object],
    message: str,
) -> None:
    monkeypatch.chdir(data_copy.parent)
    root = Path("data")
    before = _snapshot(root)
    with pytest.raises(NoticeError) as caught:
        edit(root)
    assert message in str(caught.value) or re.search(message, str(caught.value))
    assert _snapshot(root) == before


def test_second_identical_record_is_refused(data_copy: Path) -> None:
    editing.record_completion(data_copy, "bexley-2014", "initial-report", D(2014, 11, 1))
    before = _snapshot(data_copy)
    with pytest.raises(NoticeError, match="initial-report done 2014-11-01 is already recorded"):
        editing.record_completion(data_copy, "bexley-2014", "initial-report", D(2014, 11, 1))
    assert _snapshot(data_copy) == before


def test_occurrence_already_done_is_refused(data_copy: Path) -> None:
    editing.record_completion(data_copy, "bexley-2014", "reviews", D(2014, 11, 20))
    with pytest.raises(NoticeError, match="reviews due 2014-11-23 was already done 2014-11-20"):
        editing.record_completion(
            data_copy, "bexley-2014", "reviews", D(2014, 11, 21), occurrence=D(2014, 11, 23)
        )


def test_edit_of_an_invalid_notice_is_refused(data_copy: Path) -> None:
    path = data_copy / "notices" / "bexley-2014.yaml"
    path.write_text(path.read_text().replace("kind: childrens_services", "kind: bogus"))
    before = _snapshot(data_copy)
    with pytest.raises(NoticeError, match="notice 'bexley-2014' does not validate"):
        editing.lift(data_copy, "bexley-2014", D(2016, 1, 1))
    assert _snapshot(data_copy) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2014-02-30", "--date '2014-02-30' is not a real date (day is out of range for month)"),
        ("2014-13-01", "is not a real date"),
        ("01/11/2014", "--date '01/11/2014' is not a date: write YYYY-MM-DD"),
        ("2014-11", "is not a date: write YYYY-MM-DD"),
        ("20141101", "is not a date"),
    ],
)
def test_parse_day_refuses(value: str, message: str) -> None:
    with pytest.raises(typer.BadParameter, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_day(value)


def test_parse_inputs() -> None:
    assert parse_day("2014-11-01") == D(2014, 11, 1)
    assert parse_value("30") == 30
    assert isinstance(parse_value("30"), int)
    assert parse_value("30.5") == 30.5
    with pytest.raises(typer.BadParameter, match="not a finite number"):
        parse_value("nan")
    with pytest.raises(typer.BadParameter, match="did you mean 'in_progress'"):
        parse_status("in progress")
    with pytest.raises(typer.BadParameter, match="did you mean 'amber'"):
        parse_rag("ambre")


# --- atomic writes, locks and concurrent changes -------------------------------------


def test_interrupted_replace_leaves_original(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(data_copy)

    def broken(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(NoticeError, match="cannot write \\(file unchanged\\)"):
        editing.record_completion(data_copy, "bexley-2014", "initial-report", D(2014, 11, 1))
    assert _snapshot(data_copy) == before  # and no temporary file is left behind


def test_interrupted_write_leaves_original(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(data_copy)

    def broken(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(NoticeError, match="Input/output error"):
        editing.record_completion(data_copy, "bexley-2014", "initial-report", D(2014, 11, 1))
    assert _snapshot(data_copy) == before


def test_mode_is_kept(data_copy: Path) -> None:
    path = data_copy / "notices" / "bexley-2014.yaml"
    path.chmod(0o640)
    editing.record_completion(data_copy, "bexley-2014", "initial-report", D(2014, 11, 1))
    assert path.stat().st_mode & 0o777 == 0o640


def test_symlinked_file_stays_a_symlink(data_copy: Path, tmp_path: Path) -> None:
    path = data_copy / "notices" / "bexley-2014.yaml"
    real = tmp_path / "elsewhere.yaml"
    path.rename(real)
    path.symlink_to(real)
    editing.record_completion(data_copy, "bexley-2014", "initial-report", D(2014, 11, 1))
    assert path.is_symlink()
    assert "      - date: 2014-11-01\n" in real.read_text()


def test_change_on_disk_during_edit_is_merged_not_overwritten(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saves the file (without the lock) between our read and our write: the
    edit is re-applied to their version, and both changes survive."""
    path = data_copy / "notices" / "bexley-2014.yaml"
    real = safewrite._replace
    calls = []

    def meddle(target: Path, data: bytes, expected: bytes) -> bool:
        if not calls:
            text = path.read_text()
            path.write_text(text.replace("# Paragraph 13:", "# Edited by hand. Paragraph 13:"))
        calls.append(target)
        return real(target, data, expected)

    monkeypatch.setattr(safewrite, "_replace", meddle)
    editing.record_completion(data_copy, "bexley-2014", "initial-report", D(2014, 11, 1))
    text = path.read_text()
    assert len(calls) == 2
    assert "# Edited by hand. Paragraph 13:" in text
    assert "    completions:\n      - date: 2014-11-01\n" in text


def test_file_that_keeps_changing_is_never_overwritten(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_copy / "notices" / "bexley-2014.yaml"
    real = safewrite._replace
    counter = iter(range(100))

    def meddle(target: Path, data: bytes, expected: bytes) -> bool:
        path.write_text(path.read_text() + f"# save {next(counter)}\n")
        return real(target, data, expected)

    monkeypatch.setattr(safewrite, "_replace", meddle)
    with pytest.raises(NoticeError, match="kept changing"):
        editing.record_completion(data_copy, "bexley-2014", "initial-report", D(2014, 11, 1))
    assert "completions" not in path.read_text()
    assert path.read_text().endswith("# save 4\n")
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_waits_for_the_lock_then_gives_up(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_copy / "notices" / "bexley-2014.yaml"
    monkeypatch.setattr(safewrite, "LOCK_TIMEOUT", 0.2)
    before = _snapshot(data_copy)
    with path.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(NoticeError, match="another edit of this file is still running"):
            editing.lift(data_copy, "bexley-2014", D(2016, 1, 1))
    assert _snapshot(data_copy) == before
    editing.lift(data_copy, "bexley-2014", D(2016, 1, 1))  # free again


# --- the other edits -----------------------------------------------------------------


def test_reading_goes_in_date_order(data_copy: Path) -> None:
    for day, value in ((D(2015, 3, 31), 30), (D(2014, 12, 31), 33.5), (D(2015, 6, 30), 28)):
        outcome = editing.add_reading(
            data_copy, "bexley-2014", "care-proceedings-duration", day, value
        )
    assert (
        outcome.summary
        == "bexley-2014: target care-proceedings-duration reading 28 weeks on 2015-06-30"
    )
    target = load(data_copy).target_sets["bexley-2014-targets"].record.targets[0]
    assert [r.date for r in target.readings] == [D(2014, 12, 31), D(2015, 3, 31), D(2015, 6, 30)]


def test_replace_adds_lifecycle_before_source(data_copy: Path) -> None:
    shutil.copy(
        data_copy / "notices" / "bexley-2014.yaml", data_copy / "notices" / "bexley-2015.yaml"
    )
    path = data_copy / "notices" / "bexley-2015.yaml"
    path.write_text(path.read_text().replace("id: bexley-2014\n", "id: bexley-2015\n"))
    before = (data_copy / "notices" / "bexley-2014.yaml").read_text()
    outcome = editing.replace(data_copy, "bexley-2014", "bexley-2015", D(2015, 9, 1))
    assert outcome.summary == (
        "bexley-2014: replaced by bexley-2015 on 2015-09-01; bexley-2015 replaces bexley-2014"
    )
    assert outcome.also == (data_copy / "notices" / "bexley-2015.yaml",)
    successor = (data_copy / "notices" / "bexley-2015.yaml").read_text()
    assert "\nreplaces: bexley-2014\n" in successor
    assert outcome.message == "replace: bexley-2014 replaced by bexley-2015 on 2015-09-01"
    after = (data_copy / "notices" / "bexley-2014.yaml").read_text()
    assert _added_only(before, after) == [
        "lifecycle:\n",
        "  replaced_by: bexley-2015\n",
        "  replaced_on: 2015-09-01\n",
    ]
    assert after.endswith(
        "  replaced_on: 2015-09-01\nsource:\n  document: bexley-2014-improvement-notice.txt\n"
    )


def test_record_summary_says_which_due_date(data_copy: Path) -> None:
    first = editing.record_completion(data_copy, "bexley-2014", "initial-report", D(2014, 11, 1))
    assert first.summary == "bexley-2014: recorded initial-report done 2014-11-01 (due 2014-11-02)"
    assert first.message == "record: bexley-2014 initial-report done 2014-11-01"
    late = editing.record_completion(data_copy, "bexley-2014", "reviews", D(2014, 11, 25))
    assert late.summary.endswith("(due 2014-11-23, late)")
    first = editing.record_completion(data_copy, "bexley-2014", "board-meetings", D(2014, 10, 15))
    assert first.summary.endswith("(the first recorded: the cadence counts from it)")
    second = editing.record_completion(data_copy, "bexley-2014", "board-meetings", D(2014, 12, 10))
    assert second.summary.endswith("(due 2014-12-15)")


# --- new files -----------------------------------------------------------------------


FILLS = {
    "notice": [
        ("kind: TODO", "kind: send"),
        ('title: ""', "title: A notice"),
        ('name: ""', "name: A Council"),
        ("la_code: TODO", "la_code: E09000004"),
        ("issued: TODO", "issued: 2024-05-01"),
        ('text: ""', "text: Do it."),
        ("id: TODO", "id: initial-report"),
        ('title: ""', "title: Initial report"),
        ("type: TODO", "type: report"),
        ("offset: TODO", "offset: 2 months"),
    ],
    "inspection": [
        ('title: ""', "title: A report"),
        ('name: ""', "name: A Council"),
        ("la_code: TODO", "la_code: E09000004"),
        ('- ""', "- Ofsted"),
        ("framework: TODO", "framework: ilacs"),
        ("event: TODO", "event: full"),
        ("published: TODO", "published: 2024-02-23"),
    ],
    "targets": [
        ('title: ""', "title: Targets"),
        ("id: TODO", "id: timeliness"),
        ('name: ""', "name: EHC plans issued within 20 weeks"),
        ('unit: ""', "unit: '%'"),
        ("direction: TODO", "direction: higher"),
        ("value: TODO", "value: 40"),
        ("date: TODO", "date: 2024-03"),
        ("value: TODO", "value: 60"),
        ("by: TODO", "by: 2025-08"),
    ],
}


_PLACEHOLDER = r'(: |- )(TODO|"")(  #|$)'


@pytest.mark.parametrize("kind", ["notice", "inspection", "targets"])
def test_scaffold_fails_until_filled_then_validates(kind: str) -> None:
    folder = {"notice": "notices", "inspection": "inspections", "targets": "targets"}[kind]
    text = editing.scaffold(kind, "new-one", notice="bexley-2014")
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n")
    shipped = [Text(k, p.name, p.read_text()) for k, p in data_files(DATA)]
    unfilled = load_texts([*shipped, Text(folder, "new-one.yaml", text)])
    flagged = {p.where.line for p in unfilled.problems if p.where.file == "new-one.yaml"}
    lines = text.splitlines()
    placeholders = {i for i, line in enumerate(lines, 1) if re.search(_PLACEHOLDER, line)}
    assert len(placeholders) == len(FILLS[kind])
    assert placeholders <= flagged
    for old, new in FILLS[kind]:
        text = text.replace(old, new, 1)
    filled = load_texts([*shipped, Text(folder, "new-one.yaml", text)])
    assert filled.problems == ()


def test_create_writes_once_and_never_overwrites(data_copy: Path) -> None:
    outcome = editing.create(data_copy, "targets", "sutton-2012-targets")
    assert outcome.path == data_copy / "targets" / "sutton-2012-targets.yaml"
    assert "notice: sutton-2012  # the notice id" in outcome.path.read_text()
    before = outcome.path.read_bytes()
    with pytest.raises(NoticeError, match="already exists"):
        editing.create(data_copy, "targets", "sutton-2012-targets")
    assert outcome.path.read_bytes() == before
    with pytest.raises(NoticeError, match="already exists"):
        editing.create(data_copy, "notice", "bexley-2014")
    with pytest.raises(NoticeError, match="is not an id"):
        editing.create(data_copy, "notice", "Bexley 2030")


# --- a change within one key is spliced from that key alone ----------------------------

_CASES = Path(__file__).parent / "cases" / "valid"
_SCOPED_FILES = sorted(
    {
        *DATA.glob("notices/*.yaml"),
        *DATA.glob("targets/*.yaml"),
        *FIXTURES.glob("data/notices/*.yaml"),
        *_CASES.glob("*/data/notices/*.y*ml"),
        *_CASES.glob("*/data/targets/*.y*ml"),
    }
)


def _scoped_changes(text: str) -> list[tuple[editing.Scope, Callable[[Any], None]]]:
    """(scope, change) for every change an edit command makes in this file, scoped to
    its key and to its item: a completion of each obligation, a status and evidence for
    each measure, a reading of each target."""
    values = yaml.safe_load(text)
    changes: list[tuple[editing.Scope, Callable[[Any], None]]] = []
    for i in range(len(values.get("obligations") or [])):

        def complete(doc: Any, i: int = i) -> None:
            entry = {"date": D(2020, 1, 1), "note": "done"}
            document.add_entry(doc["obligations"][i], "completions", entry, Obligation)

        changes += [("obligations", complete), (("obligations", i), complete)]
    for i in range(len(values.get("measures") or [])):

        def progress(doc: Any, i: int = i) -> None:
            document.put(doc["measures"][i], "status", "complete", Measure)
            entry = {"date": D(2020, 1, 1), "text": "Audit report"}
            document.add_entry(doc["measures"][i], "evidence", entry, Measure)

        changes += [("measures", progress), (("measures", i), progress)]
    for i in range(len(values.get("targets") or [])):

        def reading(doc: Any, i: int = i) -> None:
            entry = {"date": D(2020, 1, 1), "value": 42}
            document.add_entry(doc["targets"][i], "readings", entry, Target)

        changes += [("targets", reading), (("targets", i), reading)]
    return changes


@pytest.mark.parametrize(
    "path",
    [p for p in _SCOPED_FILES if _scoped_changes(p.read_text(encoding="utf-8"))],
    ids=lambda p: f"{p.parent.parent.parent.name}/{p.parent.name}/{p.name}",
)
def test_a_change_within_one_key_is_the_same_dumped_alone(path: Path) -> None:
    """Dumping only the key a change is made in gives the very bytes dumping the whole
    document does, for every edit of every file, with LF, CRLF and a BOM."""
    text = path.read_text(encoding="utf-8")
    changes = _scoped_changes(text)
    assert changes, "only files an edit can change are listed"
    for variant in (text, text.replace("\n", "\r\n"), "\ufeff" + text):
        for scope, change in changes:
            assert editing.rewrite(variant, change, scope) == editing.rewrite(variant, change)


def test_a_scope_that_is_not_there_falls_back_to_the_whole_document() -> None:
    text = (DATA / "notices" / "bexley-2014.yaml").read_text(encoding="utf-8")

    def retitle(doc: Any) -> None:
        doc["title"] = "Changed"

    whole = editing.rewrite(text, retitle)
    assert editing.rewrite(text, retitle, "no-such-key") == whole

    def add_key(doc: Any) -> None:
        doc["obligations"][0]["note"] = "x"
        doc.insert(1, "extra", "value")

    assert editing.rewrite(text, add_key, "obligations") == editing.rewrite(text, add_key)


_ITEMS = (
    "id: x\n"
    "measures:  # the key's line is kept\n"
    "  # before the first item\n"
    "  - id: a  # first\n"
    "    status: open\n"
    "  # between\n"
    "  - id: b\n"
    "    status: 'open'\n"
    "    evidence: []\n"
    "# after\n"
    "other: 1\n"
)


def _set_status(item: int) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        doc["measures"][item]["status"] = "complete"

    return change


@pytest.mark.parametrize("item", [0, 1])
def test_a_change_in_one_item_is_made_from_that_item_alone(item: int) -> None:
    """The item's lines stand as a document with its key's line: the change sees that
    item alone, and the bytes are those the whole document gives."""
    seen: list[str] = []

    def change(doc: Any) -> None:
        seen.append(type(doc["measures"]).__name__)
        _set_status(item)(doc)

    for text in (_ITEMS, _ITEMS.replace("\n", "\r\n"), "\ufeff" + _ITEMS):
        assert editing.rewrite(text, change, ("measures", item)) == editing.rewrite(text, change)
    assert seen[::2] == ["_Item"] * 3  # every scoped call took the item's lines alone


@pytest.mark.parametrize(
    ("text", "scope", "change"),
    [
        (_ITEMS, ("measures", 0), _set_status(1)),  # reaches for another item
        (_ITEMS, ("measures", 7), _set_status(0)),  # no such item
        (
            _ITEMS.replace("  - id: a  # first\n", "  -\n    id: a\n"),
            ("measures", 0),
            _set_status(0),
        ),
        ("s: &s open\nmeasures:\n  - id: a\n    status: *s\n", ("measures", 0), _set_status(0)),
        ("measures: [{id: a, status: open}]\n", ("measures", 0), _set_status(0)),
    ],
    ids=["other item", "no such item", "dash alone", "alias from outside", "flow"],
)
def test_an_item_that_cannot_stand_alone_falls_back(
    text: str, scope: editing.Scope, change: Callable[[Any], None]
) -> None:
    assert editing.rewrite(text, change, scope) == editing.rewrite(text, change)
