"""``notice status``, ``notice due``, ``notice check`` and ``notice explain``."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Annotated

import typer

from notice_tracker.cli.answers import remembered
from notice_tracker.cli.app import (
    DEFAULT_WINDOW,
    AsOfOpt,
    AtOpt,
    DataOpt,
    Exit,
    OutputOpt,
    WindowOpt,
    app,
    as_of_or_today,
    emit,
    error_boundary,
    load_catalog,
    load_valid,
    show,
    window_of,
)
from notice_tracker.cli.output import say
from notice_tracker.render.formats import CiFormat, DetailFormat, ViewFormat

if TYPE_CHECKING:
    from notice_tracker.evaluate.status import NoticeStatus


FormatOpt = Annotated[
    ViewFormat,
    typer.Option("--format", help="table (for people), json, csv or tsv (for programs)."),
]
NoticeIds = Annotated[
    list[str] | None, typer.Argument(metavar="NOTICE", help="Notice ids (default: all).")
]


@app.command(short_help="Status of every notice, or of one in detail.")
@error_boundary
@remembered()
def status(
    notice: Annotated[
        str | None, typer.Argument(metavar="NOTICE", help="One notice id for the detail.")
    ] = None,
    as_of: AsOfOpt = None,
    window: WindowOpt = DEFAULT_WINDOW,
    fmt: FormatOpt = ViewFormat.TABLE,
    at: AtOpt = None,
    data: DataOpt = None,
) -> None:
    """Status of every notice (a table), or of one notice in detail.

    \b
    Examples:
      notice status
      notice status bexley-2014 --as-of 2015-01-15
      notice status --format csv > notices.csv
    """
    from notice_tracker.evaluate.portfolio import statuses
    from notice_tracker.render import json as views
    from notice_tracker.render.terminal import notice_tables, portfolio_table

    day = as_of_or_today(as_of)
    catalog = load_valid(data, at)
    win = window_of(window, day)
    each = statuses(catalog, day, win.days, [notice] if notice else [])  # one at a time
    if fmt is ViewFormat.JSON:
        for text in views.status_text(each, day.isoformat(), win.days):
            say(text, nl=False)
    elif fmt in (ViewFormat.CSV, ViewFormat.TSV):
        from notice_tracker.render.tabular import status_rows

        say(status_rows(each, _sep(fmt)), nl=False)
    elif notice:
        show(*notice_tables(next(each)))
    else:
        show(portfolio_table(each, day.isoformat()))


def _sep(fmt: ViewFormat) -> str:
    return "\t" if fmt is ViewFormat.TSV else ","


@app.command(short_help="What is overdue or due soon, soonest first.")
@error_boundary
@remembered()
def due(
    notices: NoticeIds = None,
    window: WindowOpt = DEFAULT_WINDOW,
    within: Annotated[str | None, typer.Option("--within", hidden=True)] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = ViewFormat.TABLE,
    at: AtOpt = None,
    data: DataOpt = None,
) -> None:
    """What is overdue, then what falls due within the window, soonest first. Items
    whose date cannot be worked out are counted at the end (see notice status ID).

    \b
    Examples:
      notice due --window 2m
      notice due bexley-2014 --as-of 2015-01-15 --window '6 weeks'
    """
    from notice_tracker.evaluate.portfolio import due_within, statuses
    from notice_tracker.render import json as views
    from notice_tracker.render.terminal import due_table

    day = as_of_or_today(as_of)
    win = window_of(within or window, day)
    catalog = load_valid(data, at)
    items, undetermined = due_within(statuses(catalog, day, win.days, notices or []), win.days)
    if fmt is ViewFormat.JSON:
        body = views.due(items, day.isoformat(), win.days)
        say(views.dumps({**body, "undetermined": undetermined}), nl=False)
    elif fmt in (ViewFormat.CSV, ViewFormat.TSV):
        from notice_tracker.render.tabular import due_rows

        say(due_rows(items, _sep(fmt)), nl=False)
    else:
        show(due_table(items, day.isoformat(), str(win)))
    if undetermined and fmt is ViewFormat.TABLE:
        noun = "item has" if undetermined == 1 else "items have"
        say(
            f"{undetermined} {noun} no date that can be worked out and "
            "are not listed: see notice status NOTICE",
            err=True,
        )


CheckFormatOpt = Annotated[
    CiFormat | None,
    typer.Option(
        "--format",
        help="text, json, github, sarif, junit, gitlab or csv "
        "(default: github when GITHUB_ACTIONS=true, else text).",
    ),
]


def ci_style(fmt: CiFormat | None) -> CiFormat:
    if fmt is not None:
        return fmt
    return CiFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else CiFormat.TEXT


@app.command(short_help="The CI gate: fail when something is overdue.")
@error_boundary
@remembered()
def check(
    notices: NoticeIds = None,
    as_of: AsOfOpt = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Also fail on due soon, off track, stale and undetermined."),
    ] = False,
    window: WindowOpt = DEFAULT_WINDOW,
    fmt: CheckFormatOpt = None,
    output: OutputOpt = None,
    at: AtOpt = None,
    data: DataOpt = None,
) -> None:
    """The CI gate: exit 0 when nothing is overdue, 4 when something is, 3 when the data
    is invalid. Each finding names its rule and the file and line responsible; problems
    in the data are findings of rule NT001 in every format.

    \b
    Examples:
      notice check
      notice check --format sarif -o notice.sarif
      notice check --format junit -o notice-junit.xml --strict
    """
    from notice_tracker.evaluate.gate import verdict
    from notice_tracker.evaluate.portfolio import statuses
    from notice_tracker.render.ci import Report, gate, problem_finding
    from notice_tracker.render.formats import render

    day = as_of_or_today(as_of)
    style = ci_style(fmt)
    catalog = load_valid(data, at) if style is CiFormat.TEXT else load_catalog(data, at)
    if catalog.problems:
        found = tuple(problem_finding(p) for p in catalog.problems)
        emit(render(Report("check", found, (), day.isoformat(), strict), style), output, data)
        say(f"{len(found)} problem(s): the data is invalid (see notice validate)", err=True)
        raise typer.Exit(Exit.INVALID)
    each = statuses(catalog, day, window_of(window, day).days, notices or [])
    report = gate(each, catalog, strict, day.isoformat())
    emit(render(report, style), output, data)
    if style is not CiFormat.JSON or output is not None:
        say(verdict(list(report.findings), day.isoformat(), strict), err=True)
    raise typer.Exit(Exit.FINDINGS if report.failed else Exit.OK)


@app.command(short_help="How each due date of one item was worked out.")
@error_boundary
@remembered()
def explain(
    notice: Annotated[str, typer.Argument(metavar="NOTICE", help="Notice id.")],
    item: Annotated[
        str,
        typer.Argument(
            metavar="ITEM",
            help="Obligation id, measure id (or measure:ID), 'targets', or a target id.",
        ),
    ],
    as_of: AsOfOpt = None,
    window: WindowOpt = DEFAULT_WINDOW,
    until: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD", help="List open-ended recurrences up to this day."),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option(min=1, help="List at least this many occurrences from the as-of date on."),
    ] = None,
    fmt: Annotated[
        DetailFormat, typer.Option("--format", help="table (for people) or json.")
    ] = DetailFormat.TABLE,
    at: AtOpt = None,
    data: DataOpt = None,
) -> None:
    """How each due date of one obligation or measure was worked out, or how a target's
    trajectory and state were.

    \b
    Examples:
      notice explain bexley-2014 initial-report --as-of 2015-01-15
      notice explain bexley-2014 measure:9
      notice explain bexley-2014 progress-reports --as-of 2015-01-15 --count 6
      notice explain bexley-2014 care-proceedings-duration --as-of 2015-01-15
    """
    from notice_tracker.cli import inputs
    from notice_tracker.evaluate.explain import explain_far
    from notice_tracker.evaluate.portfolio import evaluate
    from notice_tracker.render import json as views
    from notice_tracker.render.terminal import explanation_table

    day = as_of_or_today(as_of)
    catalog = load_valid(data, at)
    days = window_of(window, day).days
    last = inputs.parse_day(until, "--until") if until else None

    def status_until(far: dt.date | None) -> NoticeStatus:
        return evaluate(catalog, day, days, [notice], far)[0]

    ex = explain_far(status_until, item, day, count, last)
    if fmt is DetailFormat.JSON:
        say(views.dumps(views.explanation(ex, day.isoformat())), nl=False)
        return
    show(*explanation_table(ex))
