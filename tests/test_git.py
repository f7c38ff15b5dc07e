"""The git adapter, against real temporary repositories."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import cli_invoke, git
from notice_tracker import edit as editing
from notice_tracker.errors import NoticeError
from notice_tracker.evaluate.status import notice_status
from notice_tracker.history import git as notice_git
from notice_tracker.read import load
from notice_tracker.read.catalog import Catalog
from notice_tracker.read.problems import Problem, display_path
from notice_tracker.records.folders import data_files

AUTHOR = {
    "GIT_AUTHOR_NAME": "Cat Clerk",
    "GIT_AUTHOR_EMAIL": "cat@example.org",
    "GIT_COMMITTER_NAME": "Cat Clerk",
    "GIT_COMMITTER_EMAIL": "cat@example.org",
}


@pytest.fixture
def author(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in AUTHOR.items():
        monkeypatch.setenv(key, value)


def test_outside_a_repository(tmp_path: Path) -> None:
    assert notice_git.repo_root(tmp_path) is None
    assert notice_git.head(tmp_path) is None
    with pytest.raises(NoticeError, match="not in a git repository"):
        notice_git.texts_at(tmp_path, "HEAD")
    with pytest.raises(NoticeError, match="not in a git repository"):
        notice_git.commit([tmp_path / "x.yaml"], "message")


def test_repository_without_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    assert notice_git.repo_root(tmp_path / "data") == tmp_path.resolve()
    assert notice_git.head(tmp_path) is None
    assert notice_git.log([tmp_path / "data"]) == []


def test_head_and_resolve(data_repo: Path) -> None:
    sha = git(data_repo, "rev-parse", "HEAD").strip()
    assert notice_git.head(data_repo / "data") == sha[: len(notice_git.head(data_repo) or "")]
    assert notice_git.resolve(data_repo / "data", "HEAD") == sha
    assert notice_git.resolve(data_repo, "main") == sha
    assert notice_git.parent(data_repo, sha) is None
    with pytest.raises(NoticeError, match="'nope' is not a revision"):
        notice_git.resolve(data_repo, "nope")
    with pytest.raises(NoticeError, match="is not a revision"):
        notice_git.resolve(data_repo, "--all")


def test_commit_stages_only_the_named_file(data_repo: Path, author: None) -> None:
    notice = data_repo / "data" / "notices" / "bexley-2014.yaml"
    other = data_repo / "data" / "notices" / "sutton-2012.yaml"
    editing.lift(data_repo / "data", "bexley-2014", dt.date(2016, 1, 1))
    other.write_text(other.read_text() + "# work in progress\n")
    sha = notice_git.commit([notice], "lift: bexley-2014 lifted 2016-01-01")
    assert git(data_repo, "rev-parse", "HEAD").strip() == sha
    shown = git(data_repo, "show", "--name-only", "--format=%an <%ae>|%s", sha).split("\n")
    assert shown[0] == "Cat Clerk <cat@example.org>|lift: bexley-2014 lifted 2016-01-01"
    assert [line for line in shown[1:] if line] == ["data/notices/bexley-2014.yaml"]
    assert git(data_repo, "status", "--porcelain") == " M data/notices/sutton-2012.yaml\n"
    assert notice_git.is_dirty([other])
    assert not notice_git.is_dirty([notice])


def test_commit_failure_carries_gits_message(data_repo: Path, author: None) -> None:
    notice = data_repo / "data" / "notices" / "bexley-2014.yaml"
    with pytest.raises(NoticeError, match=r"nothing to commit: .*2014\.yaml has not changed"):
        notice_git.commit([notice], "nothing changed")
    with pytest.raises(NoticeError, match="git add failed: fatal: pathspec"):
        notice_git.commit([data_repo / "data" / "notices" / "nope.yaml"], "no such file")


def test_log_is_newest_first_with_authors(data_repo: Path, author: None) -> None:
    root = data_repo / "data"
    editing.lift(root, "bexley-2014", dt.date(2016, 1, 1))
    second = notice_git.commit([root / "notices" / "bexley-2014.yaml"], "lift it")
    commits = notice_git.log([root / "notices" / "bexley-2014.yaml"])
    assert [c.subject for c in commits] == ["lift it", "Initial data"]
    assert commits[0].sha == second
    assert commits[0].short == second[: len(commits[0].short)]
    assert (commits[0].author, commits[0].email) == ("Cat Clerk", "cat@example.org")
    assert (commits[1].author, commits[1].email) == ("Ada Analyst", "ada@example.org")
    assert dt.datetime.fromisoformat(commits[0].date).tzinfo is not None
    assert notice_git.log([root / "notices" / "no-such.yaml"]) == []


def test_texts_at_match_the_working_tree(data_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data_repo)
    root = Path("data")
    texts = notice_git.texts_at(root, "HEAD")
    expected = [(kind, display_path(path), path.read_text()) for kind, path in data_files(root)]
    assert [(t.kind, t.name, t.text) for t in texts] == expected
    assert texts[0].name.startswith("data/")


def test_texts_at_from_another_folder(data_repo: Path, tmp_path: Path) -> None:
    """Names are what ``loader.load`` would print from the current folder."""
    texts = notice_git.texts_at(data_repo / "data", "HEAD", lambda kind, _: kind == "targets")
    assert [t.name for t in texts] == [
        display_path(data_repo / "data/targets/bexley-2014-targets.yaml")
    ]


def test_load_at_reads_the_past_without_checkout(data_repo: Path, author: None) -> None:
    """Record a completion and commit it, change the working tree again, and the old
    revision still gives the old status, byte for byte the same answer as before."""
    root = data_repo / "data"
    as_of = dt.date(2014, 11, 10)

    def status_of(catalog: Catalog) -> list[str]:
        notice = catalog.notices["bexley-2014"].record
        published = {i: v.record.published for i, v in catalog.inspections.items()}
        result = notice_status(notice, published, [], as_of)
        return [f"{o.obligation.id}:{i.due}:{i.state}" for o in result.obligations for i in o.items]

    before = status_of(load(root))
    first = notice_git.head(root)
    assert first is not None
    editing.record_completion(root, "bexley-2014", "initial-report", dt.date(2014, 11, 1))
    notice_git.commit([root / "notices" / "bexley-2014.yaml"], "record")
    editing.lift(root, "bexley-2014", dt.date(2016, 1, 1))  # uncommitted
    dirty = git(data_repo, "status", "--porcelain")

    assert status_of(notice_git.load_at(root, first)) == before
    assert status_of(notice_git.load_at(root, "HEAD~1")) == before
    now = status_of(notice_git.load_at(root, "HEAD"))
    assert "initial-report:2014-11-02:done_on_time" in now
    assert notice_git.load_at(root, "HEAD").notices["bexley-2014"].record.lifecycle.lifted is None
    assert git(data_repo, "status", "--porcelain") == dirty  # nothing was checked out


def test_load_at_reports_problems_like_load(data_repo: Path, author: None) -> None:
    path = data_repo / "data" / "notices" / "sutton-2012.yaml"
    path.write_text(path.read_text().replace("kind: childrens_services", "kind: bogus"))
    notice_git.commit([path], "break sutton")
    path.write_text(path.read_text().replace("kind: bogus", "kind: childrens_services"))
    then = notice_git.load_at(data_repo / "data", "HEAD")
    assert [str(p) for p in then.problems] == [
        str(p) for p in _load_with(path, "kind: childrens_services", "kind: bogus")
    ]


def _load_with(path: Path, old: str, new: str) -> list[Problem]:
    text = path.read_text()
    path.write_text(text.replace(old, new))
    try:
        return list(load(path.parent.parent).problems)
    finally:
        path.write_text(text)


def test_load_at_without_data(data_repo: Path) -> None:
    with pytest.raises(NoticeError, match="no data files at HEAD"):
        notice_git.load_at(data_repo / "elsewhere", "HEAD")
    with pytest.raises(NoticeError, match="'v9' is not a revision"):
        notice_git.load_at(data_repo / "data", "v9")


def test_load_at_takes_the_files_committed_as_they_are_from_the_index(
    data_repo: Path, author: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file committed with the bytes the index holds for it is built from the index
    when used (none is built by reading); one that differs is parsed from git. The
    result is what reading every file from git gives, with or without the index."""
    root = data_repo / "data"
    editing.record_completion(root, "bexley-2014", "initial-report", dt.date(2014, 11, 1))
    notice_git.commit([root / "notices" / "bexley-2014.yaml"], "record")
    editing.lift(root, "bexley-2014", dt.date(2016, 1, 1))  # uncommitted
    cli_invoke("validate", "--data", str(root))  # the index, of the working tree

    then = notice_git.load_at(root, "HEAD")
    assert not then.problems
    assert not then.notices["sutton-2012"].built  # from the index, not yet built
    assert then.notices["bexley-2014"].built  # differs from the working tree: parsed
    assert then.notices["bexley-2014"].record.lifecycle.lifted is None
    assert then.notices["sutton-2012"].record == load(root).notices["sutton-2012"].record

    monkeypatch.setenv("NOTICE_CACHE", "off")
    without = notice_git.load_at(root, "HEAD")
    for name in ("notices", "inspections", "target_sets"):
        records = {k: v.record for k, v in getattr(then, name).items()}
        assert records == {k: v.record for k, v in getattr(without, name).items()}


def test_load_at_reads_from_git_a_record_the_index_cannot_give(data_repo: Path) -> None:
    root = data_repo / "data"
    cli_invoke("validate", "--data", str(root))
    for bodies in Path(os.environ["NOTICE_CACHE"]).glob("records-*.bodies"):
        bodies.write_bytes(b"\0" * bodies.stat().st_size)  # damaged, its size kept
    then = notice_git.load_at(root, "HEAD")
    assert not then.notices["sutton-2012"].built
    assert then.notices["sutton-2012"].record == load(root).notices["sutton-2012"].record
