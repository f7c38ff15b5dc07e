"""The pre-commit hooks, run by pre-commit itself against a temporary git repository.

``.pre-commit-hooks.yaml`` must be a valid manifest. Its hooks are then run offline: the
test writes a ``repo: local`` configuration with each hook exactly as the manifest
defines it (entry, files, arguments, filenames), except that the language runs the
``notice`` already installed here instead of installing a copy from a package index.
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

BIN = Path(sys.executable).parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _pre_commit(repo: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {
        **{k: v for k, v in os.environ.items() if k not in ("NOTICE_DATA", "NOTICE_AS_OF")},
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "NO_COLOR": "1",
        **env,
    }
    return subprocess.run(
        [str(BIN / "pre-commit"), *args],
        cwd=repo,
        env=full,
        capture_output=True,
        text=True,
        check=False,
    )


def _local_language() -> str:
    from pre_commit import constants

    major, minor = (int(part) for part in constants.VERSION.split(".")[:2])
    return "unsupported" if (major, minor) >= (4, 4) else "system"


@pytest.fixture
def data_repo_with_hooks(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    hooks = YAML(typ="safe").load(MANIFEST.read_text(encoding="utf-8"))
    local = [{**hook, "language": _local_language()} for hook in hooks]
    config = {"repos": [{"repo": "local", "hooks": local}]}
    yaml = YAML()
    with (repo / ".pre-commit-config.yaml").open("w", encoding="utf-8") as out:
        yaml.dump(config, out)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    return repo


def test_the_manifest_is_valid() -> None:
    done = subprocess.run(
        [str(BIN / "pre-commit"), "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = YAML(typ="safe").load(MANIFEST.read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["notice-validate", "notice-check"]
    assert all(hook["language"] == "python" for hook in hooks)


def test_the_hooks_pass_on_good_data(data_repo_with_hooks: Path) -> None:
    done = _pre_commit(data_repo_with_hooks, "run", "--all-files", NOTICE_AS_OF="2012-09-01")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "notice validate" in done.stdout
    assert "notice check" in done.stdout
    assert done.stdout.count("Passed") == 2


def test_notice_validate_hook_fails_on_a_broken_file(data_repo_with_hooks: Path) -> None:
    repo = data_repo_with_hooks
    path = repo / "data" / "notices" / "bexley-2014.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("issued: 2014-09-02", "issued: 02/09/2014"),
        encoding="utf-8",
    )
    git(repo, "add", "-A")
    done = _pre_commit(repo, "run", "notice-validate", NOTICE_AS_OF="2012-09-01")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "data/notices/bexley-2014.yaml:" in done.stdout
    assert "02/09/2014" in done.stdout


def test_notice_check_hook_fails_when_something_is_overdue(data_repo_with_hooks: Path) -> None:
    done = _pre_commit(
        data_repo_with_hooks, "run", "notice-check", "--all-files", NOTICE_AS_OF="2014-11-10"
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "NT101 obligation-overdue" in done.stdout


def test_the_hooks_run_on_commit(data_repo_with_hooks: Path) -> None:
    repo = data_repo_with_hooks
    installed = _pre_commit(repo, "install")
    assert installed.returncode == 0, installed.stderr
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "NOTICE_AS_OF": "2012-09-01",
    }
    os_env = {**os.environ, **env}
    os_env.pop("NOTICE_DATA", None)
    done = subprocess.run(
        ["git", "-c", "user.name=Ada", "-c", "user.email=ada@example.org", "commit", "-qm", "x"],
        cwd=repo,
        env=os_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
