"""Shared fixtures: the real CLI through Typer's runner, copies of data, real git repos."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import textwrap
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from notice_tracker.cli import app

# Property tests draw the same examples on every run and every machine, so `make test`
# gives the same verdict twice; `HYPOTHESIS_PROFILE=explore` draws new ones (and keeps
# failures in .hypothesis/) when hunting for bugs.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT / "sources"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never write to the user's cache folder."""
    os.environ["NOTICE_CACHE"] = str(tmp_path_factory.mktemp("cache"))


def d(text: str) -> dt.date:
    """``d("2014-09-02")``: a date in a test, briefly."""
    return dt.date.fromisoformat(text)


def write(root: Path, folder: str, name: str, text: str) -> None:
    """Write ``root/folder/name.yaml`` from an indented triple-quoted string."""
    path = root / folder / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def assert_golden(path: Path, actual: str) -> None:
    """``actual`` equals the golden file; ``UPDATE_GOLDEN=1`` rewrites the file instead
    (review the diff before committing it)."""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}: UPDATE_GOLDEN=1 to regenerate"


def cli_invoke(*args: str, expect: int = 0, env: dict[str, str] | None = None) -> Result:
    """Run ``notice ARGS`` in-process; on an unexpected exit code, show what it printed and
    the traceback, so a failing test says why."""
    runner = CliRunner()
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1", **(env or {})})
    if result.exit_code != expect:
        print(result.output)
        if result.exc_info and result.exception and not isinstance(result.exception, SystemExit):
            traceback.print_exception(*result.exc_info)
    assert result.exit_code == expect, f"exit {result.exit_code}, expected {expect}"
    return result


@pytest.fixture
def invoke() -> Callable[..., Result]:
    return cli_invoke


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped data/ folder, safe to break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada Analyst",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada Analyst",
        "GIT_COMMITTER_EMAIL": "ada@example.org",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture
def data_repo(tmp_path: Path) -> Path:
    """A real git repository holding a copy of data/, with one commit. Returns the repo."""
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Initial data")
    return repo
