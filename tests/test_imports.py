"""``notice --help`` (and ``--version``) load only the command line: no pydantic, no YAML
parser, no calendar of holidays, no terminal renderer. Each command imports what it uses
when it runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pydantic", "pydantic_core", "ruamel", "yaml", "holidays", "dateutil", "rich", "jinja2")

_PROBE = """
import json, sys
sys.argv = ["notice", *sys.argv[1:]]
from notice_tracker.cli import main
try:
    main()
except SystemExit:
    pass
loaded = [m for m, module in sys.modules.items() if getattr(module, "__file__", None)]
print(json.dumps(sorted(m for m in loaded if m.split(".")[0] in %r)), file=sys.stderr)
"""


def _loaded(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE % (HEAVY,), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stderr.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("args", [("--help",), ("--version",)])
def test_help_loads_no_heavy_library(args: tuple[str, ...]) -> None:
    assert _loaded(*args) == []


def test_a_command_that_reads_data_does_load_them() -> None:
    """The probe itself works: reading data does need the models and the parser."""
    loaded = _loaded("validate", "--data", "data")
    assert "pydantic" in loaded
    assert "yaml" in loaded


def test_pydantic_looks_for_no_plugins_when_they_are_off() -> None:
    """Plugins are off, so pydantic's loader (which imports the metadata of every
    installed distribution) is never imported; the records validate as ever. (The
    probe lists modules loaded from files: the loader standing in is not one.)"""
    probe = _PROBE.replace("%r", "('importlib', 'email', 'zipfile', 'pydantic')")
    result = subprocess.run(
        [sys.executable, "-c", probe, "validate", "--data", "data"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid:" in result.stdout
    loaded = json.loads(result.stderr.strip().splitlines()[-1])
    assert "pydantic" in loaded
    assert not {"importlib.metadata", "email", "zipfile"} & set(loaded)
