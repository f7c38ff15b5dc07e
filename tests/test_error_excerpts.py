"""Problems read like hledger's: place, what is wrong and what to do, then the line with
a caret; the same from every command; suggestions for near misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import cli_invoke

CASES = Path(__file__).parent / "cases" / "invalid"
INVALID = sorted(p for p in CASES.iterdir() if p.is_dir())


def _edit(data: Path, old: str, new: str) -> None:
    path = data / "notices" / "bexley-2014.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_misspelt_period_gets_the_line_a_caret_and_a_suggestion(data_copy: Path) -> None:
    _edit(data_copy, "offset: 2 months", "offset: 2 monts")
    out = cli_invoke("validate", str(data_copy), expect=3).stdout.splitlines()
    (i,) = [n for n, line in enumerate(out) if "'2 monts' is not a period" in line]
    assert out[i].endswith("did you mean '2 months'?")
    row, col = (int(x) for x in out[i].split(": ", 1)[0].rsplit(":", 2)[1:])
    gutter = " " * len(str(row))
    assert out[i + 1] == f"{gutter} |"
    assert out[i + 2].startswith(f"{row} | ")
    assert out[i + 2].endswith("offset: 2 monts")
    assert out[i + 3] == f"{gutter} | " + " " * (col - 1) + "^"
    assert out[i + 2][len(f"{row} | ") + col - 1 :] == "2 monts"


def test_a_misspelt_value_gets_a_suggestion(data_copy: Path) -> None:
    _edit(data_copy, "kind: childrens_services", "kind: childrens_service")
    out = cli_invoke("validate", str(data_copy), expect=3).stdout
    assert "got 'childrens_service' (did you mean 'childrens_services'?)" in out


def test_control_characters_in_the_excerpt_are_shown_as_question_marks() -> None:
    """YAML refuses such files, but the line is still shown: inert, with the caret
    still under the column (tabs kept)."""
    from notice_tracker.render.problems import excerpt

    assert excerpt(12, 4, "\tid: \x1b[31mx\x07\n") == [
        "   |",
        "12 | \tid: ?[31mx?",
        "   | \t  ^",
    ]


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_every_command_reports_the_same_place(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``status``, ``check`` and ``due`` print on stderr exactly what ``validate`` prints,
    in whichever order they run (a warm cache says the same as a cold one)."""
    monkeypatch.chdir(case)
    first = cli_invoke("status", "--data", "data", "--as-of", "2015-01-15", expect=3).stderr
    validate = cli_invoke("validate", "data", expect=3).stdout
    for args in (("check",), ("due",)):
        again = cli_invoke(*args, "--data", "data", "--as-of", "2015-01-15", expect=3).stderr
        assert again == first
    assert first.splitlines()[:-1] == validate.splitlines()
