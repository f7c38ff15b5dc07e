"""Generated files are current: docs/cli.md from --help, schemas/ from the models."""

from __future__ import annotations

import pytest

from conftest import ROOT
from notice_tracker.cli.reference import reference
from notice_tracker.records.schema import SCHEMAS, schema_text


def test_cli_reference_is_current() -> None:
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == reference(), "run `make docs` and commit docs/cli.md"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_current(name: str) -> None:
    current = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert current == schema_text(name), "run `make docs` and commit schemas/"


def test_every_command_is_in_the_reference() -> None:
    from typer.main import get_command

    from notice_tracker.cli import app

    text = reference()
    for name in get_command(app).commands:  # type: ignore[attr-defined]
        assert f"## notice {name}\n" in text
