"""``notice validate``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notice_tracker.cli.app import DataOpt, Exit, app, data_folder, error_boundary, problem_text
from notice_tracker.cli.status_cmds import CheckFormatOpt, OutputOpt, ci_style, emit
from notice_tracker.render.formats import CiFormat


@app.command(short_help="Check data files: YAML, schema and references.")
@error_boundary
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Data folders or files to check (default: the data folder).",
        ),
    ] = None,
    fmt: CheckFormatOpt = None,
    output: OutputOpt = None,
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
    """
    from notice_tracker.read.validation import validate_paths
    from notice_tracker.render.ci import Report, file_cases, problem_finding
    from notice_tracker.render.formats import render

    result = validate_paths(paths or [data_folder(data)])
    style = ci_style(fmt)
    if style is CiFormat.TEXT:
        emit(problem_text(result.problems), output)
    else:
        found = tuple(problem_finding(p) for p in result.problems)
        files = _files(paths or [data_folder(data)])
        report = Report("validate", found, file_cases(files, found))
        emit(render(report, style), output)
    typer.echo(result.summary(), err=bool(result.problems) or style is not CiFormat.TEXT)
    raise typer.Exit(Exit.INVALID if result.problems else Exit.OK)


def _files(paths: list[Path]) -> list[str]:
    """The data files below the named paths, named as problems name them."""
    from notice_tracker.read.loader import data_files
    from notice_tracker.read.problems import display_path
    from notice_tracker.read.validation import data_root

    names: list[str] = []
    for path in paths:
        if path.is_file():
            names.append(display_path(path))
            continue
        for _, file in data_files(data_root(path)):
            if path.resolve() in file.resolve().parents:
                names.append(display_path(file))
    return sorted(set(names))
