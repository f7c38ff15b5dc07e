"""The ``notice`` command line: one module per group of commands.

Importing a command module registers its commands on ``app``.
"""

from __future__ import annotations

import gc
import os
import sys
import types

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
    (``answers``); anything else goes to the application.

    The cyclic garbage collector is off for the run. Reading, checking and evaluating a
    register make no reference cycles (``tests/test_memory.py`` proves it), so
    reference counting frees everything as it goes. The collector would only scan the
    heap again and again as the results grew: at twice the register its collections
    cost three times as much (0.25 s to 0.76 s of a cold `check`). A command
    is one short process, and the few cycles a library makes (the standard ``json``
    encoder with an indent, a Word document) are freed when it ends."""
    gc.disable()
    answers.ask(sys.argv[1:])
    # No pydantic plugin is used; looking for them scans every installed distribution.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_loader()
    with answers.keeping_help():
        sys.exit(app())


_PLUGINS_OFF = ("__all__", "1", "true")
"""The values of PYDANTIC_DISABLE_PLUGINS that turn every plugin off."""


def _no_plugin_loader() -> None:
    """With every pydantic plugin off, stand in for pydantic's plugin loader with one
    that finds none (what pydantic's own returns then): merely importing pydantic's
    imports ``importlib.metadata``, with email, zipfile and socket (about 15 ms of every
    command that reads data)."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _PLUGINS_OFF and "pydantic" not in sys.modules:
        loader = types.ModuleType("pydantic.plugin._loader", "No plugins: they are off.")
        setattr(loader, "get_plugins", tuple)  # noqa: B010 (a module made here)
        sys.modules.setdefault(loader.__name__, loader)
