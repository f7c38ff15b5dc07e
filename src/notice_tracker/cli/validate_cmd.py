"""``notice validate``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notice_tracker.cli.app import DataOpt, Exit, app, error_boundary


@app.command()
@error_boundary
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Data folders or files to check (default: the --data folder)."),
    ] = None,
    data: DataOpt = Path("data"),
) -> None:
    """Check data files: YAML syntax, the schema, and references between files.

    Prints every problem as PATH:LINE:COL: WHERE: WHAT (HINT). Exit 0 when all is
    valid, 3 when anything is not.
    """
    from notice_tracker.read.validation import validate_paths

    result = validate_paths(paths or [data])
    for problem in result.problems:
        typer.echo(str(problem))
    typer.echo(result.summary(), err=bool(result.problems))
    raise typer.Exit(Exit.INVALID if result.problems else Exit.OK)
