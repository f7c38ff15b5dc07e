"""The ``notice`` application, its shared options and its one error boundary.

Only the ``cli`` package imports Typer. Each command parses its options, calls one
library function, renders the result and returns an exit code. Expected failures
(``NoticeError``) print one line and exit 1; a usage mistake exits 2; anything else is a
bug in the tool: one line saying so and how to report it, exit 70, and the traceback
only with ``--debug`` (or ``NOTICE_DEBUG=1``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from typer.core import TyperArgument, _TyperParameter
from typer.exceptions import TyperException

from notice_tracker import __version__
from notice_tracker.cli import output
from notice_tracker.cli.options import (
    AS_OF_ENV,
    AS_OF_FORMS,
    PERIOD_FORMS,
    Window,
    data_folder,
    parse_as_of,
    window,
)
from notice_tracker.cli.output import page, say
from notice_tracker.errors import NoticeError
from notice_tracker.inert import inert

if TYPE_CHECKING:
    from notice_tracker.read.catalog import Catalog
    from notice_tracker.read.problems import Problem

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
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

_PLAIN_TYPES = {"str": "TEXT", "int": "N", "float": "NUMBER", "path": "PATH"}


def _display_type(self: Any, ctx: Any) -> str:
    """Help names what to write, not the Python type: an argument's name says it all
    (no ``<str>``), an option shows TEXT, N, PATH or its choices."""
    if isinstance(self, TyperArgument):
        return ""
    label = _typer_display_type(self, ctx).strip("<>")
    return _PLAIN_TYPES.get(label.removesuffix(" range"), f"[{label}]")


_typer_display_type = _TyperParameter.display_type
_TyperParameter.display_type = _display_type  # type: ignore[method-assign]


DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="NOTICE_DATA",
        metavar="FOLDER",
        help="The data folder (holds notices/, inspections/, targets/). Default: found from "
        "the working folder upwards, as git finds its repository.",
        show_default=False,
    ),
]

AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        envvar=AS_OF_ENV,
        metavar="DATE",
        help=f"Evaluate as of this date: {AS_OF_FORMS} (default: today in the UK).",
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
            typer.echo(f"notice: error: {inert(str(exc), lines=True)}", err=True)
            raise typer.Exit(Exit.ERROR) from None
        except (TyperException, typer.Exit, typer.Abort, KeyboardInterrupt):
            raise  # usage errors (exit 2), exits and interrupts are Typer's to handle
        except OSError as exc:
            if exc.errno not in _OUTPUT_FAILED:
                _report_bug(exc)
                raise typer.Exit(Exit.BUG) from None
            _output_failed(exc)
            raise typer.Exit(Exit.ERROR) from None
        except Exception as exc:
            _report_bug(exc)
            raise typer.Exit(Exit.BUG) from None

    return wrapper


_OUTPUT_FAILED = {errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EDQUOT, errno.EFBIG}
"""Why writing the output can fail (files are written through ``files``, which reports
its own failures): a full disk or device, a closed pipe, a broken terminal."""


def _output_failed(exc: OSError) -> None:
    """Say that the output could not be written, and send whatever is still buffered
    nowhere, so that Python's own flush at exit does not fail (and complain) again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    if exc.errno != errno.EPIPE:  # a closed pipe (`notice status | head`) is no error
        typer.echo(f"notice: error: cannot write the output: {exc.strerror}", err=True)


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


@dataclass
class Output:
    """How this run prints: set by the global options, read by the commands."""

    color: bool = True
    pager: bool = True


OUTPUT = Output()


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
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour (also: the NO_COLOR variable).")
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long views on a terminal.")
    ] = False,
) -> None:
    """Track DfE improvement notices: due dates, status, a CI gate and board papers."""
    _debug["on"] = debug
    OUTPUT.color = not no_color
    OUTPUT.pager = not no_pager


def show(*parts: Any) -> None:
    """Print a view (rich renderables from ``render.terminal``) on this run's console;
    long views page on a terminal (not with ``--no-pager``)."""
    from notice_tracker.render.terminal import make_console, pages, view

    console = make_console(color=OUTPUT.color)
    out = view(console, parts)
    if OUTPUT.pager and pages(out, console):
        page(out)
    else:
        output.show(out)


def as_of_or_today(value: str | None) -> dt.date:
    """The ``--as-of`` date (or ``NOTICE_AS_OF``), else today's date in the UK: the only
    read of the clock."""
    from notice_tracker.cli.clock import uk_today

    today = uk_today()
    if value is None:
        return today
    try:
        return parse_as_of(value, today)
    except NoticeError as exc:
        raise typer.BadParameter(str(exc).removeprefix("--as-of "), param_hint="--as-of") from None


WindowOpt = Annotated[
    str,
    typer.Option(
        "--window",
        metavar="PERIOD",
        help=f"How far ahead counts as due soon: {PERIOD_FORMS}.",
    ),
]

DUE_SOON_DAYS = 30
"""The default ``--window``; the same as the library's default (``evaluate.status``)."""
DEFAULT_WINDOW = f"{DUE_SOON_DAYS}d"


def from_here(value: Path | None) -> Path | None:
    """A path the user typed, made absolute at once (``-`` stays standard output): a
    command run from a subfolder moves to the repository's root (``data_folder``), and
    ``-o here.ics`` must still mean here. The callback of every file option."""
    if value is None or str(value) == "-":
        return value
    return Path.cwd() / value


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        metavar="FILE",
        callback=from_here,
        help="Write here, never inside the data folder (default, or -: standard output).",
    ),
]
"""``-o FILE``: every command that writes a file takes it this way (``emit``)."""


class KindName(StrEnum):
    """The kinds of data file by their singular names (``records.kinds``: spelt out
    here so that ``--help`` imports no models; a test holds the two together)."""

    NOTICE = "notice"
    INSPECTION = "inspection"
    TARGETS = "targets"


def all_from_here(values: list[Path] | None) -> list[Path] | None:
    """``from_here`` for an argument that takes several paths."""
    return None if values is None else [Path.cwd() / v for v in values]


def emit(content: str | bytes, output: Path | None, data: Path | None) -> None:
    """What a command produced: to standard output (no ``-o``, or ``-o -``), or written
    whole and atomically to ``output``, which must lie outside the data folder (a report
    over a data file would destroy a record; beside them it would be read as one)."""
    if output is None or str(output) == "-":
        text = content if isinstance(content, str) else content.decode("utf-8")
        say(text, nl=False)
        return
    from notice_tracker import files

    try:
        root = data_folder(data).resolve()
    except NoticeError:
        root = None  # no data folder here: nothing to keep the output out of
    target = output.parent.resolve() / output.name
    if root is not None and (target == root or root in target.parents):
        raise NoticeError(
            f"{files.display_path(output)}: refusing to write inside the data folder "
            f"{files.display_path(root)} (choose a file outside it)"
        )
    raw = content.encode("utf-8") if isinstance(content, str) else content
    try:
        files.write(output, raw)
    except OSError as exc:
        raise NoticeError(f"{files.display_path(output)}: cannot write: {exc}") from None


def window_of(value: str, day: dt.date) -> Window:
    """``--window`` as a period and the days it spans from ``day``."""
    try:
        return window(value, day)
    except NoticeError as exc:
        raise typer.BadParameter(str(exc), param_hint="--window") from None


def load_catalog(data: Path | None, at: str | None = None) -> Catalog:
    """The data folder's records and problems (as committed at ``at`` when given)."""
    from notice_tracker.read import load

    data = data_folder(data)
    if at is not None:
        from notice_tracker.history.git import load_at

        return load_at(data, at)
    from notice_tracker.cli.progress import Progress

    progress = Progress()
    try:
        return load(data, progress=progress)
    finally:
        progress.finish()


def problem_text(problems: Iterable[Problem], at: str | None = None) -> str:
    """Problems with the offending line and a caret; without the excerpt for data read
    from a git revision (the working tree may differ)."""
    from notice_tracker.render.problems import disk_lines, render

    return render(problems, disk_lines if at is None else lambda name: None)


def load_valid(data: Path | None, at: str | None = None) -> Catalog:
    """Load the data folder (as committed at ``at`` when given); on any problem print
    them all and exit 3, since no status is trustworthy on invalid data."""
    catalog = load_catalog(data, at)
    if catalog.problems:
        say(problem_text(catalog.problems, at), err=True, nl=False)
        say(
            f"{len(catalog.problems)} problem(s): the data is invalid (see notice validate)",
            err=True,
        )
        raise typer.Exit(Exit.INVALID)
    return catalog


AtOpt = Annotated[
    str | None,
    typer.Option("--at", metavar="REV", help="Use the data as committed at this git revision."),
]
