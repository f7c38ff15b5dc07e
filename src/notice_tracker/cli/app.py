"""The ``notice`` application, its shared options and its one error boundary.

Only the ``cli`` package imports Typer. Each command parses its options, calls one
library function, renders the result and returns an exit code. Expected failures
(``NoticeError``) print one line and exit 1; a usage mistake exits 2; anything else is a
bug in the tool: one line saying so and how to report it, exit 70, and the traceback
only with ``--debug`` (or ``NOTICE_DEBUG=1``).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from typer.exceptions import TyperException

from notice_tracker import __version__
from notice_tracker.errors import NoticeError

if TYPE_CHECKING:
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
    BUG = 70  # an internal error: a bug in notice-tracker (EX_SOFTWARE)


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


AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Evaluate as of this date (default: today in the UK).",
    ),
]


def error_boundary(func: Callable[P, T]) -> Callable[P, T]:
    """The one error boundary, around every command: a ``NoticeError`` becomes its
    message and exit 1; any other exception is a bug, reported in one line (exit 70),
    with the traceback only under ``--debug``."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        except NoticeError as exc:
            typer.echo(f"notice: error: {exc}", err=True)
            raise typer.Exit(Exit.ERROR) from None
        except (TyperException, typer.Exit, typer.Abort, KeyboardInterrupt):
            raise  # usage errors (exit 2), exits and interrupts are Typer's to handle
        except Exception as exc:
            _report_bug(exc)
            raise typer.Exit(Exit.BUG) from None

    return wrapper


_debug = {"on": False}
"""Set by ``--debug`` on each run (the root callback)."""


def debugging() -> bool:
    """``--debug`` was given, or ``NOTICE_DEBUG`` is set (for CI logs)."""
    setting = os.environ.get("NOTICE_DEBUG", "").lower()
    return _debug["on"] or setting not in ("", "0", "no", "false", "off")


def _report_bug(exc: Exception) -> None:
    if debugging():
        traceback.print_exception(exc, file=sys.stderr)
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    typer.echo(
        f"notice: internal error: {what} -- this is a bug in notice-tracker {__version__}; "
        "please report it to the maintainers with the command you ran and its output "
        "with --debug (see README.md, Reporting a bug)",
        err=True,
    )


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
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show the full traceback of an internal error (or NOTICE_DEBUG=1)."
        ),
    ] = False,
) -> None:
    """Track DfE improvement notices: due dates, status, a CI gate and board papers."""
    _debug["on"] = debug


def as_of_or_today(value: str | None) -> dt.date:
    """The ``--as-of`` date, or today's date in the UK: the only read of the clock."""
    from notice_tracker.cli.clock import uk_today
    from notice_tracker.cli.inputs import parse_day

    return uk_today() if value is None else parse_day(value, "--as-of")


WindowOpt = Annotated[
    int,
    typer.Option("--window", min=0, help="Days ahead that count as 'due soon'."),
]

DUE_SOON_DAYS = 30
"""The default ``--window``; the same as the library's default (``evaluate.status``)."""


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
