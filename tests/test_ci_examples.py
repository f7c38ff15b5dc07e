"""The example CI workflows in docs/examples/ are valid and their commands work.

Each file is YAML, passes the GitHub Actions or GitLab CI schema that check-jsonschema
ships (offline), and every ``notice`` command in it runs against a copy of the data in
a real git repository, giving an exit the workflow expects (0, or 4 for overdue).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import DATA, ROOT, git

EXAMPLES = ROOT / "docs" / "examples"
SCHEMAS = {"github-actions.yml": "vendor.github-workflows", "gitlab-ci.yml": "vendor.gitlab-ci"}
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_example_workflow_is_valid(name: str) -> None:
    path = EXAMPLES / name
    YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    done = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", SCHEMAS[name], str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _commands(name: str) -> list[str]:
    doc = YAML(typ="safe").load((EXAMPLES / name).read_text(encoding="utf-8"))
    lines: list[str] = []
    if name == "github-actions.yml":
        for job in doc["jobs"].values():
            for step in job["steps"]:
                lines += str(step.get("run", "")).splitlines()
    else:
        for job in doc.values():
            if isinstance(job, dict):
                lines += job.get("script", [])
    return [line.strip() for line in lines if line.strip().startswith("notice ")]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_notice_command_in_the_example_runs(name: str, tmp_path: Path) -> None:
    commands = _commands(name)
    assert len(commands) >= 2
    shutil.copytree(DATA, tmp_path / "data")
    git(tmp_path, "init", "-q", "-b", "main")
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "NOTICE_AS_OF": "2015-01-15",
    }
    env.pop("NOTICE_DATA", None)
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode in (0, 4), (command, done.stdout, done.stderr)
        if " -o " in command:
            written = command.split(" -o ")[1].split()[0]
            assert (tmp_path / written).stat().st_size > 0, command
