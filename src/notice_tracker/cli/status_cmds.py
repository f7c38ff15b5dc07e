"""``notice status``, ``notice due``, ``notice check`` and ``notice explain``."""

from __future__ import annotations

import os
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notice_tracker.cli.app import (
    DUE_SOON_DAYS,
    AsOfOpt,
    AtOpt,
    DataOpt,
    Exit,
    WindowOpt,
    app,
    as_of_or_today,
    error_boundary,
    load_valid,
)

if TYPE_CHECKING:
    pass


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


FormatOpt = Annotated[Format, typer.Option("--format", help="table (default) or json.")]


@app.command()
@error_boundary
def status(
    notice: Annotated[str | None, typer.Argument(help="One notice id for the detail.")] = None,
    as_of: AsOfOpt = None,
    window: WindowOpt = DUE_SOON_DAYS,
    fmt: FormatOpt = Format.TABLE,
    at: AtOpt = None,
    data: DataOpt = Path("data"),
) -> None:
    """Status of every notice (a table), or of one notice in detail."""
    from notice_tracker.evaluate.portfolio import evaluate
    from notice_tracker.render import json as views
    from notice_tracker.render.terminal import make_console, notice_tables, portfolio_table

    day = as_of_or_today(as_of)
    catalog = load_valid(data, at)
    statuses = evaluate(catalog, day, window, [notice] if notice else [])
    if fmt is Format.JSON:
        typer.echo(views.dumps(views.status(statuses, day.isoformat(), window)), nl=False)
        return
    console = make_console()
    if notice:
        for part in notice_tables(statuses[0]):
            console.print(part)
    else:
        console.print(portfolio_table(statuses, day.isoformat()))


def _days(value: str) -> int:
    m = re.fullmatch(r"(\d+)\s*([dw]?)", value.strip())
    if not m:
        raise typer.BadParameter(f"{value!r}: write a number of days (30 or 30d) or weeks (6w)")
    return int(m.group(1)) * (7 if m.group(2) == "w" else 1)


@app.command()
@error_boundary
def due(
    within: Annotated[
        str, typer.Option("--within", help="Window after the as-of date: 30d, 6w or 30.")
    ] = "30d",
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.TABLE,
    data: DataOpt = Path("data"),
) -> None:
    """What is overdue, then what falls due within the window, soonest first."""
    from notice_tracker.evaluate.portfolio import due_within, evaluate
    from notice_tracker.render import json as views
    from notice_tracker.render.terminal import due_table, make_console

    day, days = as_of_or_today(as_of), _days(within)
    catalog = load_valid(data)
    items = due_within(evaluate(catalog, day, days), days)
    if fmt is Format.JSON:
        typer.echo(views.dumps(views.due(items, day.isoformat(), days)), nl=False)
        return
    make_console().print(due_table(items, day.isoformat(), days))


@app.command()
@error_boundary
def check(
    notices: Annotated[
        list[str] | None, typer.Argument(help="Notice ids to check (default: all).")
    ] = None,
    as_of: AsOfOpt = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Also fail on due soon, off track, stale and undetermined."),
    ] = False,
    window: WindowOpt = DUE_SOON_DAYS,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            help="text, json or github (default: github when GITHUB_ACTIONS=true, else text).",
        ),
    ] = None,
    data: DataOpt = Path("data"),
) -> None:
    """The CI gate: exit 0 when nothing is overdue, 4 when something is, 3 when the data
    is invalid. Each finding names its rule and the file and line responsible."""
    from notice_tracker.evaluate.gate import findings, github_annotation, verdict
    from notice_tracker.evaluate.portfolio import evaluate
    from notice_tracker.render import json as views

    day = as_of_or_today(as_of)
    catalog = load_valid(data)
    found = findings(evaluate(catalog, day, window, notices or []), catalog, strict)
    failed = any(f.fails(strict) for f in found)
    style = fmt or (CheckFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else None)
    if style is CheckFormat.JSON:
        typer.echo(views.dumps(views.check(found, day.isoformat(), strict, failed)), nl=False)
    else:
        for f in found:
            typer.echo(github_annotation(f, strict) if style is CheckFormat.GITHUB else str(f))
        typer.echo(verdict(found, day.isoformat(), strict), err=True)
    raise typer.Exit(Exit.FINDINGS if failed else Exit.OK)


@app.command()
@error_boundary
def explain(
    notice: Annotated[str, typer.Argument(help="Notice id.")],
    item: Annotated[
        str, typer.Argument(help="Obligation id, measure id (or measure:ID), or 'targets'.")
    ],
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.TABLE,
    data: DataOpt = Path("data"),
) -> None:
    """How each due date of one obligation or measure was worked out."""
    from notice_tracker.evaluate.explain import explain as explain_item
    from notice_tracker.evaluate.portfolio import evaluate
    from notice_tracker.render import json as views
    from notice_tracker.render.terminal import explanation_table, make_console

    day = as_of_or_today(as_of)
    catalog = load_valid(data)
    ex = explain_item(evaluate(catalog, day, DUE_SOON_DAYS, [notice])[0], item)
    if fmt is Format.JSON:
        typer.echo(views.dumps(views.explanation(ex, day.isoformat())), nl=False)
        return
    console = make_console()
    for part in explanation_table(ex):
        console.print(part)
