"""``notice schema`` (for editors) and ``notice calendar`` (for calendars)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notice_tracker.cli.app import (
    DEFAULT_WINDOW,
    AsOfOpt,
    AtOpt,
    DataOpt,
    KindName,
    OutputOpt,
    WindowOpt,
    app,
    as_of_or_today,
    emit,
    error_boundary,
    load_valid,
    window_of,
)
from notice_tracker.cli.status_cmds import NoticeIds


@app.command(short_help="JSON Schema of a data file, for editors.")
@error_boundary
def schema(
    name: Annotated[
        KindName,
        typer.Argument(metavar="[KIND]", help="notice (default), inspection or targets."),
    ] = KindName.NOTICE,
    write: Annotated[
        Path | None,
        typer.Option("--write", metavar="FOLDER", help="Write all three schemas into this folder."),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of one kind of data file, or write all three
    into a folder for editors (see docs/editors.md). The same schemas ship in the package.

    \b
    Examples:
      notice schema notice > notice.schema.json
      notice schema --write schemas
    """
    from notice_tracker.read.problems import display_path
    from notice_tracker.records.schema import schema_text, write_all

    if write is not None:
        for path in write_all(write):
            typer.echo(f"wrote {display_path(path)}")
        return
    typer.echo(schema_text(name.value), nl=False)


@app.command(short_help="Every due date as an iCalendar file.")
@error_boundary
def calendar(
    notices: NoticeIds = None,
    output: OutputOpt = None,
    todo: Annotated[
        bool, typer.Option("--todo", help="To-dos (with a due date) instead of events.")
    ] = False,
    window: WindowOpt = DEFAULT_WINDOW,
    as_of: AsOfOpt = None,
    at: AtOpt = None,
    data: DataOpt = None,
) -> None:
    """Every scheduled occurrence as an iCalendar (.ics) event or to-do: one entry per
    due date, with a stable UID so importing a later export updates the same entries, an
    alarm when it comes within the due-soon window, and the derivation in the
    description. Occurrences whose date cannot be worked out are counted on stderr.

    \b
    Examples:
      notice calendar -o notices.ics
      notice calendar bexley-2014 --todo --window 2w -o bexley.ics
    """
    from notice_tracker.evaluate.portfolio import statuses
    from notice_tracker.render.ical import calendar as ics

    day = as_of_or_today(as_of)
    win = window_of(window, day)
    catalog = load_valid(data, at)
    text, undated = ics(statuses(catalog, day, win.days, notices or []), day, win.days, todo)
    emit(text, output, data)
    if undated:
        what = "occurrence has" if undated == 1 else "occurrences have"
        verb = "is" if undated == 1 else "are"
        typer.echo(
            f"{undated} {what} no date that can be worked out and {verb} not in the calendar "
            "(see notice status NOTICE)",
            err=True,
        )
