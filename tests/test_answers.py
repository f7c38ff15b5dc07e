"""Kept answers (cli/answers.py): the same question on the same data is answered from
the cache, and any change to what the command read is always seen.

Every run here is the real command line in a subprocess (answers are kept only for a
run started from the command line), with its own cache folder. Whether a run was
answered from the cache is seen from the inside: an answered run never imports
pydantic, since it reads no record.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import git
from notice_tracker.cli import answers, output

_RUN = """import sys
from notice_tracker.cli import main
sys.argv = ["notice", *sys.argv[1:]]
try:
    main()
finally:
    sys.stderr.write("[answered]" if "pydantic" not in sys.modules else "[worked out]")
"""

STATUS = ("status", "--as-of", "2015-01-15", "--data", "data")


class Notice:
    """``notice`` in a subprocess, run in ``cwd`` with one cache folder."""

    def __init__(self, cwd: Path, cache: Path) -> None:
        self.cwd = cwd
        self.env = {**os.environ, "NOTICE_CACHE": str(cache), "COLUMNS": "120"}
        self.env.pop("GITHUB_ACTIONS", None)

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> tuple[str, str, int]:
        """(stdout, stderr without the marker, exit code); ``answered`` says how."""
        done = subprocess.run(
            [sys.executable, "-c", _RUN, *args],
            cwd=self.cwd,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=120,
        )
        err, _, how = done.stderr.rpartition("[")
        self.answered = how == "answered]"
        return done.stdout, err, done.returncode

    def cold(self, *args: str) -> tuple[str, str, int]:
        """The same command with no cache at all."""
        return self(*args, env={"NOTICE_CACHE": "off"})


@pytest.fixture
def notice(data_copy: Path, tmp_path: Path) -> Notice:
    return Notice(data_copy.parent, tmp_path / "cache")


def test_the_same_question_is_answered_from_the_cache_with_the_same_bytes(
    notice: Notice,
) -> None:
    first = notice(*STATUS)
    assert not notice.answered
    again = notice(*STATUS)
    assert notice.answered
    assert again == first == notice.cold(*STATUS)
    assert "Bexley" in first[0]


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--as-of", "2015-01-15", "--data", "data"),
        ("check", "--as-of", "2015-01-15", "--format", "sarif", "--data", "data"),
        ("due", "--as-of", "2015-01-15", "--window", "3m", "--data", "data"),
        ("status", "bexley-2014", "--as-of", "2015-01-15", "--format", "json", "--data", "data"),
        ("explain", "bexley-2014", "initial-report", "--as-of", "2015-01-15", "--data", "data"),
        ("report", "bexley-2014", "--as-of", "2015-01-15", "--data", "data"),
    ],
    ids=["check", "check-sarif", "due", "status-json", "explain", "report"],
)
def test_every_reading_command_answers_again_as_it_did(
    notice: Notice, args: tuple[str, ...]
) -> None:
    first = notice(*args)
    again = notice(*args)
    assert notice.answered
    assert again == first == notice.cold(*args)


def test_an_exit_code_and_standard_error_are_kept_with_the_answer(notice: Notice) -> None:
    args = ("check", "--as-of", "2026-01-01", "--data", "data")
    first = notice(*args)
    assert first[2] == 4
    assert "overdue" in first[1]
    assert notice(*args) == first
    assert notice.answered


def _bump(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_of_the_same_size_and_time_is_seen(notice: Notice, data_copy: Path) -> None:
    notice(*STATUS)
    path = data_copy / "notices" / "bexley-2014.yaml"
    before = path.stat()
    _bump(path, "2014-09-02", "2014-09-03")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    after = notice(*STATUS)
    assert not notice.answered
    assert after == notice.cold(*STATUS)


def test_a_change_to_a_referenced_inspection_is_seen(notice: Notice, data_copy: Path) -> None:
    args = ("status", "bexley-2014", "--as-of", "2015-01-15", "--format", "json", "--data", "data")
    first = notice(*args)
    _bump(
        data_copy / "inspections" / "bexley-2014-ofsted.yaml",
        "published: 2014-05-23",
        "published: 2014-06-23",
    )
    after = notice(*args)
    assert not notice.answered
    assert after == notice.cold(*args)
    assert after != first


def test_a_new_file_a_rename_and_a_deletion_are_seen(notice: Notice, data_copy: Path) -> None:
    notice(*STATUS)
    notices = data_copy / "notices"
    extra = notices / "copy-2014.yaml"
    extra.write_text(
        (notices / "bexley-2014.yaml")
        .read_text(encoding="utf-8")
        .replace("id: bexley-2014", "id: copy-2014", 1),
        encoding="utf-8",
    )
    added = notice(*STATUS)
    assert not notice.answered
    assert "copy-2014" in added[0]
    extra.rename(notices / "copy-2014.yml")
    renamed = notice(*STATUS)
    assert not notice.answered
    assert renamed == notice.cold(*STATUS)
    (notices / "copy-2014.yml").unlink()
    removed = notice(*STATUS)
    assert not notice.answered
    assert "copy-2014" not in removed[0]
    assert removed == notice.cold(*STATUS)


@pytest.mark.parametrize(
    ("second", "env"),
    [
        (("status", "--as-of", "2015-01-16", "--data", "data"), {}),
        (("status", "--as-of", "2015-01-15", "--format", "csv", "--data", "data"), {}),
        (STATUS, {"COLUMNS": "80"}),
        (STATUS, {"NOTICE_AS_OF": "2016-01-01"}),
        (("--no-color", *STATUS), {}),
    ],
    ids=["as-of", "format", "width", "environment", "global-option"],
)
def test_another_question_is_worked_out(
    notice: Notice, second: tuple[str, ...], env: dict[str, str]
) -> None:
    notice(*STATUS)
    out = notice(*second, env=env)
    assert not notice.answered
    assert out == notice(*second, env={**env, "NOTICE_CACHE": "off"})


def test_a_paper_answers_again_only_at_the_same_commit(tmp_path: Path, data_repo: Path) -> None:
    notice = Notice(data_repo, tmp_path / "cache")
    args = ("report", "bexley-2014", "--as-of", "2015-01-15")
    first = notice(*args)
    notice(*args)
    assert notice.answered
    git(data_repo, "commit", "-q", "--allow-empty", "-m", "Another commit")
    after = notice(*args)
    assert not notice.answered
    assert after != first
    assert after == notice.cold(*args)


@pytest.mark.parametrize(
    "args",
    [
        ("status", "nobody-2014", "--as-of", "2015-01-15", "--data", "data"),
        ("status", "--as-of", "2015-01-15", "--at", "HEAD", "--data", "data"),
        ("check", "--as-of", "2015-01-15", "-o", "../check.txt", "--data", "data"),
        ("report", "bexley-2014", "--since", "HEAD", "--data", "data"),
    ],
    ids=["failed", "at", "output-file", "since"],
)
def test_no_answer_is_kept_for_a_failure_git_or_a_file(
    notice: Notice, tmp_path: Path, args: tuple[str, ...]
) -> None:
    notice(*args)
    assert not (tmp_path / "cache" / "answers").exists() or not any(
        (tmp_path / "cache" / "answers").iterdir()
    )


def test_a_corrupt_foreign_or_misfiled_answer_is_ignored(notice: Notice, tmp_path: Path) -> None:
    first = notice(*STATUS)
    store = tmp_path / "cache" / "answers"
    (kept,) = store.iterdir()
    good = kept.read_text(encoding="ascii")
    for planted in (
        "not json",
        "[]",
        '{"key": "another", "code": 0, "events": []}',
        good.replace('"code": 0', '"code": 70'),
        good.replace('"view"', '"exec"'),
        good.replace('"digest": "', '"digest": "0'),
    ):
        kept.write_text(planted, encoding="ascii")
        assert notice(*STATUS) == first
        assert not notice.answered, planted[:40]


def test_the_cache_off_keeps_no_answer(notice: Notice, tmp_path: Path) -> None:
    notice.cold(*STATUS)
    assert not (tmp_path / "cache").exists()


def test_only_the_most_recently_used_answers_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(answers.KEEP + 5):
        path = tmp_path / f"{i:03}.json"
        path.write_text("{}", encoding="ascii")
        os.utime(path, ns=(i * 10**9, i * 10**9))
    answers._evict(tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [f"{i:03}.json" for i in range(5, answers.KEEP + 5)]
    monkeypatch.setattr(answers, "MAX_KEPT", 10)  # two bytes each: five fit
    answers._evict(tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [f"{i:03}.json" for i in range(answers.KEEP, answers.KEEP + 5)]


def test_an_answer_past_its_cap_is_let_go_at_once() -> None:
    """An answer larger than ``MAX_ANSWER`` is not kept, and what was recorded of it is
    not held to the end of the run (a national register's JSON is tens of MB)."""
    answer = output.Answer()
    answer.add("out", "x" * 10)
    assert answer.events == [("out", "x" * 10)]
    answer.add("out", "y" * output.MAX_ANSWER)
    assert answer.events is None
    answer.add("out", "z")
    assert answer.events is None


@pytest.mark.parametrize("args", [("--help",), ("status", "--help"), ("record", "--help")])
def test_help_is_answered_from_the_cache_with_the_same_bytes(
    notice: Notice, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """``notice --help`` and ``notice COMMAND --help`` read nothing: their text is kept
    (both streams, in order) and printed again as it was."""
    first = notice(*args)
    assert first == notice.cold(*args)
    (kept,) = (tmp_path / "cache" / "answers").iterdir()
    assert notice(*args) == first
    planted = kept.read_text(encoding="ascii").replace("Usage", "Usage (kept)")
    kept.write_text(planted, encoding="ascii")
    out, err, _ = notice(*args)
    assert "Usage (kept)" in out + err, "the second run printed the kept answer"


def test_help_is_not_kept_for_other_options_or_other_encodings(
    notice: Notice, tmp_path: Path
) -> None:
    """Only a question that is nothing but help is kept (``--help`` might be the value
    of an option), and only help that was given (not a usage error); and not when the
    streams are not UTF-8 (Typer may then write around them)."""
    for args, env in (
        (("status", "--data", "data", "--help"), {}),
        (("bogus", "--help"), {}),
        (("--help",), {"PYTHONIOENCODING": "latin-1"}),
    ):
        assert notice(*args, env=env) == notice.cold(*args)
        assert not (tmp_path / "cache" / "answers").exists()


def test_help_of_another_width_is_worked_out_again(notice: Notice, tmp_path: Path) -> None:
    narrow = notice("--help", env={"COLUMNS": "60"})
    wide = notice("--help", env={"COLUMNS": "150"})
    assert narrow != wide
    assert narrow == notice("--help", env={"COLUMNS": "60"})
    assert wide == notice("--help", env={"COLUMNS": "150"})
    assert len(list((tmp_path / "cache" / "answers").iterdir())) == 2
