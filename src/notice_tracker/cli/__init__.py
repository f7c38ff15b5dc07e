"""The ``notice`` command line: one module per group of commands."""

from __future__ import annotations

import sys

from . import status_cmds, validate_cmd
from .app import app

__all__ = ["app", "main", "status_cmds", "validate_cmd"]


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
