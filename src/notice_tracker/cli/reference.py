"""Generate docs/cli.md from the commands' own ``--help`` so the reference cannot drift.

Run ``python -m notice_tracker.cli.reference > docs/cli.md`` (``make docs``); a test
fails when the checked-in file differs from what this prints.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.main import get_command

from notice_tracker.cli.app import Exit, app

INTRO = """\
# Command reference

Generated from `notice --help` by `make docs`; do not edit by hand.

## Exit codes

| code | meaning |
|---|---|
| {ok} | success; for `notice check`, nothing overdue |
| {error} | an expected failure: a missing file or folder, an unknown id, a refused edit |
| {usage} | the command line is wrong: an unknown option, a missing argument, a bad value (a date, a status, a number) |
| {invalid} | the data does not validate (every problem is printed as `path:line:col: ...`) |
| {findings} | `notice check` found something overdue (with `--strict`, also at risk) |
| {bug} | an internal error: a bug in notice-tracker. One line says so; run the command again with `--debug` (or `NOTICE_DEBUG=1`) for the traceback, and report it with both |
"""


def _help(command: Any, name: str, parent: typer.Context | None = None) -> str:
    ctx = typer.Context(
        command, parent=parent, info_name=name, terminal_width=88, max_content_width=88
    )
    return str(command.get_help(ctx))


def reference() -> str:
    """The whole reference as Markdown."""
    root: Any = get_command(app)
    top = typer.Context(root, info_name="notice")
    parts = [
        INTRO.format(
            ok=Exit.OK,
            error=Exit.ERROR,
            usage=Exit.USAGE,
            invalid=Exit.INVALID,
            findings=Exit.FINDINGS,
            bug=Exit.BUG,
        ),
        "## notice\n\n```text\n" + _help(root, "notice") + "\n```\n",
    ]
    for name in sorted(root.commands):
        command = root.commands[name]
        parts.append(f"## notice {name}\n\n```text\n{_help(command, name, top)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
