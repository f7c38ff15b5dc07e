"""The ``notice`` command line: one module per group of commands.

Importing a command module registers its commands on ``app``.
"""

from __future__ import annotations

import os
import sys

from notice_tracker.cli import (
    answers,
    ecosystem_cmds,
    edit_cmds,
    report_cmd,
    status_cmds,
    validate_cmd,
)
from notice_tracker.cli.app import app

__all__ = [
    "app",
    "ecosystem_cmds",
    "edit_cmds",
    "main",
    "report_cmd",
    "status_cmds",
    "validate_cmd",
]


def main() -> None:
    """Console-script entry point: a question asked before is answered from the cache
    (``answers``); anything else goes to the application."""
    answers.ask(sys.argv[1:])
    # No pydantic plugin is used; looking for them scans every installed distribution.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    sys.exit(app())
