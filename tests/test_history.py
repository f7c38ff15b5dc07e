"""Field-level changes between catalogs, and a notice's audit trail from real git."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest

from conftest import DATA, git
from notice_tracker import edit as editing
from notice_tracker.cli.inputs import parse_rag, parse_status
from notice_tracker.errors import NoticeError
from notice_tracker.history import git as notice_git
from notice_tracker.history import trail
from notice_tracker.history.changes import Change, changes_since, diff
from notice_tracker.history.trail import history
from notice_tracker.read import load, load_texts
from notice_tracker.read.catalog import Catalog
from notice_tracker.read.loader import Text
from notice_tracker.records.folders import data_files
from notice_tracker.render import json as views

D = dt.date
NOTICE = "data/notices/bexley-2014.yaml"


def _as(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    email = name.split()[0].lower() + "@example.org"
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", name)
        monkeypatch.setenv(f"GIT_{role}_EMAIL", email)


def _shipped() -> Catalog:
    return load_texts(Text(k, p.name, p.read_text()) for k, p in data_files(DATA))


# --- diff ----------------------------------------------------------------------------


def test_no_change_is_no_change() -> None:
    assert diff(_shipped(), _shipped()) == []


def test_every_kind_of_edit_is_one_change(data_copy: Path) -> None:
    old = load(data_copy)
    editing.record_completion(data_copy, "bexley-2014", "initial-report", D(2014, 11, 1))
    editing.record_completion(
        data_copy, "bexley-2014", "reviews", D(2015, 5, 20), occurrence=D(2015, 5, 23), note="ok"
    )
    editing.update_measure(data_copy, "bexley-2014", "9", status=parse_status("in_progress"))
    editing.update_measure(data_copy, "bexley-2014", "13", rag=parse_rag("amber"))
    editing.update_measure(
        data_copy, "bexley-2014", "9", evidence="Commissioned", day=D(2015, 1, 5)
    )
    editing.add_reading(data_copy, "bexley-2014", "care-proceedings-duration", D(2015, 3, 31), 30.5)
    editing.lift(data_copy, "bexley-2014", D(2016, 1, 1))
    assert [str(c) for c in diff(old, load(data_copy))] == [
        "lifecycle: lifted: none -> 2016-01-01",
        "measure 9: status not_recorded -> in_progress",
        "measure 13: RAG none -> amber",
        "measure 9: evidence added 2015-01-05: Commissioned",
        "obligation initial-report: done 2014-11-01",
        "obligation reviews: done 2015-05-20 (for 2015-05-23): ok",
        "target care-proceedings-duration: reading 2015-03-31: 30.5 weeks",
    ]
    assert {c.notice for c in diff(old, load(data_copy))} == {"bexley-2014"}
    assert diff(old, load(data_copy), "sutton-2012") == []


def test_added_removed_invalid_and_other(data_copy: Path) -> None:
    empty = Catalog()
    added = diff(empty, _shipped())
    assert Change("bexley-2014", "notice_added", "notice", _title()) in added
    assert [c.kind for c in added if c.notice == "bexley-2014"] == ["notice_added", "target_added"]
    assert {c.kind for c in diff(_shipped(), empty)} == {"notice_removed", "target_removed"}
    path = data_copy / "notices" / "bexley-2014.yaml"
    path.write_text(path.read_text().replace("kind: childrens_services", "kind: bogus"))
    broken = diff(_shipped(), load(data_copy), "bexley-2014")
    assert [c.kind for c in broken] == ["invalid"]
    path.write_text(path.read_text().replace("kind: bogus", "kind: direction"))
    assert [str(c) for c in diff(_shipped(), load(data_copy), "bexley-2014")] == [
        "notice: changed: kind"
    ]


def _title() -> str:
    return "Improvement Notice: London Borough of Bexley, children's services, September 2014"


def test_changes_since(data_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, "Ada Analyst")
    root = data_repo / "data"
    editing.record_completion(root, "bexley-2014", "initial-report", D(2014, 11, 1))
    notice_git.commit([root / "notices" / "bexley-2014.yaml"], "record")
    editing.lift(root, "bexley-2014", D(2016, 1, 1))
    assert [str(c) for c in changes_since(root, "HEAD~1", "bexley-2014")] == [
        "lifecycle: lifted: none -> 2016-01-01",
        "obligation initial-report: done 2014-11-01",
    ]
    assert [str(c) for c in changes_since(root, "HEAD")] == [
        "lifecycle: lifted: none -> 2016-01-01"
    ]
    with pytest.raises(NoticeError, match="not a revision"):
        changes_since(root, "no-such-board")


# --- history -------------------------------------------------------------------------


def _commit(data_repo: Path, path: str, message: str) -> None:
    notice_git.commit([data_repo / path], message)


def test_history_newest_first_with_authors(
    data_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = data_repo / "data"
    _as(monkeypatch, "Bea Board")
    editing.record_completion(root, "bexley-2014", "initial-report", D(2014, 11, 1))
    _commit(data_repo, NOTICE, "record: bexley-2014 initial-report done 2014-11-01")
    _as(monkeypatch, "Cal Clerk")
    editing.add_reading(root, "bexley-2014", "care-proceedings-duration", D(2015, 3, 31), 30)
    _commit(data_repo, "data/targets/bexley-2014-targets.yaml", "reading")
    editing.update_measure(root, "sutton-2012", "i", status=parse_status("complete"))
    _commit(data_repo, "data/notices/sutton-2012.yaml", "sutton only")
    path = data_repo / NOTICE
    path.write_text(path.read_text().replace("# No step-down", "# Still no step-down"))
    _commit(data_repo, NOTICE, "comment only")

    entries = history(root, "bexley-2014")
    assert [e.commit.subject for e in entries] == [
        "comment only",
        "reading",
        "record: bexley-2014 initial-report done 2014-11-01",
        "Initial data",
    ]
    assert [e.commit.author for e in entries] == [
        "Cal Clerk",
        "Cal Clerk",
        "Bea Board",
        "Ada Analyst",
    ]
    assert [[str(c) for c in e.changes] for e in entries[:3]] == [
        [],
        ["target care-proceedings-duration: reading 2015-03-31: 30 weeks"],
        ["obligation initial-report: done 2014-11-01"],
    ]
    assert [c.kind for c in entries[3].changes] == ["notice_added", "target_added"]


def test_history_json_shape(data_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, "Bea Board")
    root = data_repo / "data"
    editing.lift(root, "bexley-2014", D(2016, 1, 1))
    _commit(data_repo, NOTICE, "lift")
    latest = views.history("bexley-2014", history(root, "bexley-2014"))["commits"][0]
    assert sorted(latest) == ["author", "changes", "date", "email", "sha", "short", "subject"]
    assert latest["changes"] == [
        {
            "notice": "bexley-2014",
            "kind": "lifecycle",
            "subject": "lifecycle",
            "detail": "lifted: none -> 2016-01-01",
        }
    ]
    assert latest["sha"] == git(data_repo, "rev-parse", "HEAD").strip()


def test_history_errors(data_repo: Path, tmp_path: Path) -> None:
    with pytest.raises(NoticeError, match="no commit has touched notice 'bexley-2041'"):
        history(data_repo / "data", "bexley-2041")
    with pytest.raises(NoticeError, match=r"did you mean 'bexley-2014'\?"):
        history(data_repo / "data", "bexley-2041")
    with pytest.raises(NoticeError, match="not in a git repository"):
        history(tmp_path / "elsewhere", "bexley-2014")


def _whole_tree_history(root: Path, notice_id: str) -> list[tuple[str, list[str]]]:
    """The audit trail worked out the slow way: every data file read at both sides of
    every commit (what ``history`` did before it read only what a commit changed)."""
    files = [root / "notices" / f"{notice_id}{s}" for s in (".yaml", ".yml")]
    touched = {c.sha for c in notice_git.log(files)}
    out = []
    for commit in notice_git.log([*files, root / "targets"]):
        before = notice_git.parent(root, commit.sha)
        old = Catalog() if before is None else load_texts(notice_git.texts_at(root, before))
        new = load_texts(notice_git.texts_at(root, commit.sha))
        changes = diff(old, new, notice_id)
        if changes or commit.sha in touched:
            out.append((commit.subject, [str(c) for c in changes]))
    return out


def _noting(read: list[str], texts: Iterable[Text]) -> Catalog:
    texts = list(texts)
    read += [t.name for t in texts]
    return load_texts(texts)


def test_history_reads_only_what_each_commit_changed_and_misses_nothing(
    data_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Target sets that change hands, a notice id spelt with escapes, a second file of
    the same name (the first is the record), a broken file and a deletion: the trail
    read from each commit's changes is the trail read from whole trees."""
    root = data_repo / "data"
    targets = root / "targets"
    shipped = (targets / "bexley-2014-targets.yaml").read_text(encoding="utf-8")
    other = shipped.replace("bexley-2014", "sutton-2012")  # no trace of bexley's id
    sutton = targets / "sutton-2012-targets.yaml"
    yml = targets / "bexley-2014-targets.yml"
    escaped = other.replace("notice: sutton-2012", 'notice: "bexley\\x2D2014"')
    steps: list[tuple[str, Path, str | None]] = [
        ("sutton's set", sutton, other),
        ("moved to bexley, escaped", sutton, escaped),
        ("a .yml beside", yml, shipped.replace("value: 26", "value: 20")),
        ("only the .yml", yml, shipped.replace("value: 26", "value: 18")),
        ("the .yaml gone", targets / "bexley-2014-targets.yaml", None),
        ("broken", sutton, "id: [unclosed\n"),
        ("moved back", sutton, other),
    ]
    for subject, path, text in steps:
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
        git(data_repo, "add", "-A")
        git(data_repo, "commit", "-q", "-m", subject)

    expected = _whole_tree_history(root, "bexley-2014")
    read: list[str] = []
    monkeypatch.setattr(trail, "load_texts", lambda texts: _noting(read, texts))
    got = [(e.commit.subject, [str(c) for c in e.changes]) for e in history(root, "bexley-2014")]
    assert got == expected
    assert got[:3] == [
        ("broken", ["target care-proceedings-duration: removed"]),
        ("the .yaml gone", ["target care-proceedings-duration: changed: target"]),
        ("moved to bexley, escaped", ["target set sutton-2012-targets: changed: notice"]),
    ]
    assert not [name for name in read if "sutton-2012.yaml" in name or "send" in name]
    assert _whole_tree_history(root, "sutton-2012") == [
        (e.commit.subject, [str(c) for c in e.changes]) for e in history(root, "sutton-2012")
    ]
