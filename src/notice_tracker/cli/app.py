"""The ``notice`` application, its shared options and its one error boundary.

Only the ``cli`` package imports Typer. Each command parses its options, calls one
library function, renders the result and returns an exit code. Expected failures
(``NoticeError``) print one line and exit 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from notice_tracker import __version__
from notice_tracker.errors import NoticeError
from notice_tracker.read.loader import Catalog

P = ParamSpec("P")
T = TypeVar("T")


class Exit:
    """Exit codes: part of the interface, documented in docs/cli.md."""

    OK = 0
    ERROR = 1  # an expected failure: bad option value, missing file, refused edit
    USAGE = 2  # the command line itself is wrong (Typer/Click)
    INVALID = 3  # the data does not validate
    FINDINGS = 4  # `notice check`: something is overdue (or, with --strict, at risk)


app = typer.Typer(
    name="notice",
    help="Track DfE improvement notices: due dates, status, a CI gate and board papers.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[
    Path,
    typer.Option(
        "--data",
        envvar="NOTICE_DATA",
        help="The data folder (holds notices/, inspections/, targets/).",
        show_default=True,
    ),
]


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: write YYYY-MM-DD") from None


AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Evaluate as of this date (default: today in the UK).",
    ),
]


def expected_failures(func: Callable[P, T]) -> Callable[P, T]:
    """The one error boundary: a ``NoticeError`` becomes a message and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        except NoticeError as exc:
            typer.echo(f"notice: error: {exc}", err=True)
            raise typer.Exit(Exit.ERROR) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"notice-tracker {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Track DfE improvement notices: due dates, status, a CI gate and board papers."""


def as_of_or_today(value: str | None) -> dt.date:
    """The ``--as-of`` date, or today's date in the UK: the only read of the clock."""
    from notice_tracker.cli.clock import uk_today

    return _as_of(value) or uk_today()


WindowOpt = Annotated[
    int,
    typer.Option("--window", min=0, help="Days ahead that count as 'due soon'."),
]


def load_valid(data: Path, at: str | None = None) -> Catalog:
    """Load the data folder (as committed at ``at`` when given); on any problem print
    them all and exit 3, since no status is trustworthy on invalid data."""
    from notice_tracker.read import load

    if at is not None:
        from notice_tracker.history.git import load_at

        catalog = load_at(data, at)
    else:
        catalog = load(data)
    if catalog.problems:
        for problem in catalog.problems:
            typer.echo(str(problem), err=True)
        typer.echo(
            f"{len(catalog.problems)} problem(s): the data is invalid (see notice validate)",
            err=True,
        )
        raise typer.Exit(Exit.INVALID)
    return catalog


AtOpt = Annotated[
    str | None,
    typer.Option("--at", metavar="REV", help="Use the data as committed at this git revision."),
]
