"""``notice validate``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notice_tracker.cli.app import (
    AtOpt,
    DataOpt,
    Exit,
    OutputOpt,
    all_from_here,
    app,
    emit,
    error_boundary,
    load_catalog,
    problem_text,
)
from notice_tracker.cli.options import data_folder
from notice_tracker.cli.status_cmds import CheckFormatOpt, ci_style
from notice_tracker.errors import NoticeError
from notice_tracker.render.formats import CiFormat

if TYPE_CHECKING:
    from notice_tracker.read.validation import Validation


@app.command(short_help="Check data files: YAML, schema and references.")
@error_boundary
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Data folders or files to check (default: the data folder).",
            callback=all_from_here,
        ),
    ] = None,
    fmt: CheckFormatOpt = None,
    output: OutputOpt = None,
    at: AtOpt = None,
    data: DataOpt = None,
) -> None:
    """Check data files: YAML syntax, the schema, and references between files.

    Prints every problem as PATH:LINE:COL: WHERE: WHAT (HINT). Exit 0 when all is
    valid, 3 when anything is not. The CI formats carry each problem as a finding of
    rule NT001.

    \b
    Examples:
      notice validate
      notice validate data/notices/bexley-2014.yaml
      notice validate --format sarif -o validate.sarif
      notice validate --at HEAD~1
    """
    from notice_tracker.read.validation import validate_paths
    from notice_tracker.render.ci import Report, file_cases, problem_finding
    from notice_tracker.render.formats import render

    if at is not None:
        result, names = _as_committed(paths, data, at)
    else:
        result = validate_paths(paths or [data_folder(data)])
        names = None
    style = ci_style(fmt)
    if style is CiFormat.TEXT:
        emit(problem_text(result.problems, at), output, data)
    else:
        found = tuple(problem_finding(p) for p in result.problems)
        files = names if names is not None else _files(paths or [data_folder(data)])
        report = Report("validate", found, file_cases(files, found))
        emit(render(report, style), output, data)
    typer.echo(result.summary(), err=bool(result.problems) or style is not CiFormat.TEXT)
    raise typer.Exit(Exit.INVALID if result.problems else Exit.OK)


def _as_committed(
    paths: list[Path] | None, data: Path | None, at: str
) -> tuple[Validation, list[str]]:
    """The whole data folder as committed at ``at`` (nothing is checked out)."""
    from notice_tracker.read.validation import Validation

    if paths:
        raise NoticeError("--at validates the whole data folder as committed: give no paths")
    catalog = load_catalog(data, at)
    counts = {
        "notices": len(catalog.notices),
        "inspections": len(catalog.inspections),
        "target sets": len(catalog.target_sets),
    }
    files = [
        loaded.doc.file
        for group in (catalog.notices, catalog.inspections, catalog.target_sets)
        for loaded in group.values()
    ]
    return Validation(tuple(catalog.problems), counts), sorted(files)


def _files(paths: list[Path]) -> list[str]:
    """The data files below the named paths, named as problems name them."""
    from notice_tracker.read.problems import display_path
    from notice_tracker.read.validation import data_root
    from notice_tracker.records.folders import data_files

    names: list[str] = []
    for path in paths:
        if path.is_file():
            names.append(display_path(path))
            continue
        for _, file in data_files(data_root(path)):
            if path.resolve() in file.resolve().parents:
                names.append(display_path(file))
    return sorted(set(names))
