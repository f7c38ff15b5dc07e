"""The README's tour runs: every `$ notice ...` line exits as the README says."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import ROOT, cli_invoke

README = (ROOT / "README.md").read_text(encoding="utf-8")
LINES = re.findall(r"^\$ notice (.+)$", README, flags=re.MULTILINE)


def test_the_tour_has_commands() -> None:
    assert len(LINES) >= 8


@pytest.mark.parametrize("line", LINES)
def test_tour_command(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    command, _, comment = line.partition("#")
    expected = int(m.group(1)) if (m := re.search(r"exits (\d)", comment)) else 0
    monkeypatch.chdir(ROOT)
    result = cli_invoke(*shlex.split(command), expect=expected)
    assert result.output.strip()


def test_make_targets_named_in_the_readme_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"make (\w+)", README):
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target


def test_linked_docs_exist() -> None:
    for link in re.findall(r"\]\((docs/[\w.-]+)\)", README):
        assert Path(ROOT, link).is_file(), link
