"""An edit checks only what the changed file can have changed (read.validation
.checked_edit): it must find exactly the problems a full check of the whole folder
finds, for a change to any kind of file, whichever way the reference points."""

from __future__ import annotations

from pathlib import Path

import pytest

from notice_tracker.read import load
from notice_tracker.read.increment import with_file
from notice_tracker.read.validation import checked_edit

BEXLEY = "notices/bexley-2014.yaml"
SEND = "notices/bexley-2024-send.yaml"
SUTTON = "notices/sutton-2012.yaml"
OFSTED = "inspections/bexley-2014-ofsted.yaml"
TARGETS = "targets/bexley-2014-targets.yaml"

CHANGES = {
    "answers an unknown recommendation": (
        BEXLEY,
        "- bexley-2014-ofsted#28\n",
        "- bexley-2014-ofsted#999\n",
    ),
    "rests on an unknown inspection": (BEXLEY, "- bexley-2014-ofsted\n", "- nowhere-2014\n"),
    "a duplicate obligation id": (BEXLEY, "id: progress-reports", "id: initial-report"),
    "drops the date its targets count to": (
        BEXLEY,
        "targets_due:\n  kind: deadline\n  from: issued\n  within: 12 months\n",
        "",
    ),
    "claims to replace a notice (valid on its own)": (
        SEND,
        "\nkind:",
        "\nreplaces: sutton-2012\nkind:",
    ),
    "no longer replaces the notice that names it": (SEND, "\nreplaces: sutton-2012", ""),
    "a second notice claims the same predecessor": (
        BEXLEY,
        "\nkind:",
        "\nreplaces: sutton-2012\nkind:",
    ),
    "names a successor that does not say so": (
        SUTTON,
        "\nkind:",
        "\nlifecycle:\n  replaced_by: bexley-2014\n  replaced_on: 2013-01-01\nkind:",
    ),
    "a recommendation the notice answers is renamed": (OFSTED, 'id: "28"', 'id: "28a"'),
    "a target set of an unknown notice": (
        TARGETS,
        "notice: bexley-2014",
        "notice: bexley-2015",
    ),
    "a valid change": (TARGETS, "value: 26", "value: 25"),
    "not YAML": (BEXLEY, "\nkind:", "\nkind: [\n"),
    "an id that is not the file name": (BEXLEY, "id: bexley-2014\n", "id: bexley-2015\n"),
}


def _messages(problems: tuple[object, ...] | list[object]) -> list[str]:
    return sorted(str(p) for p in problems)


VALID = {"a valid change", "claims to replace a notice (valid on its own)"}
REPLACED = (
    "no longer replaces the notice that names it",
    "a second notice claims the same predecessor",
)


def _replaced(data: Path) -> None:
    """Sutton's notice replaced by the SEND notice, both sides agreeing (valid)."""
    send, sutton = data / SEND, data / SUTTON
    send.write_text(
        send.read_text("utf-8").replace("\nkind:", "\nreplaces: sutton-2012\nkind:", 1), "utf-8"
    )
    lifecycle = "\nlifecycle:\n  replaced_by: bexley-2024-send\n  replaced_on: 2024-03-01\nkind:"
    sutton.write_text(sutton.read_text("utf-8").replace("\nkind:", lifecycle, 1), "utf-8")


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_an_edit_finds_what_a_full_check_finds(data_copy: Path, change: str) -> None:
    name, old, new = CHANGES[change]
    if change in REPLACED:
        _replaced(data_copy)
    path = data_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the shipped data changed: {old!r} is not in {name}"
    changed = text.replace(old, new, 1).encode("utf-8")
    before = load(data_copy)
    assert not before.problems
    found = checked_edit(before, with_file(before, path, changed), path)
    full = load(data_copy, contents={path: changed}).problems
    assert _messages(found) == _messages(full)
    assert bool(full) == (change not in VALID)


def test_the_edited_file_alone_is_parsed(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notice_tracker.read import loader

    load(data_copy)
    before = load(data_copy)  # warm: from the index, nothing built
    parsed: list[str] = []
    real = loader.parse
    monkeypatch.setattr(loader, "parse", lambda text, name: parsed.append(name) or real(text, name))
    path = data_copy / TARGETS
    changed = path.read_bytes().replace(b"value: 26", b"value: 25", 1)
    after = with_file(before, path, changed)
    assert checked_edit(before, after, path) == ()
    assert [Path(n).name for n in parsed] == [path.name]
    built = {i for i, r in after.inspections.items() if r.built}
    assert built <= {"bexley-2014-ofsted"}, "only what the set's notice names is built"


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_folder_changed_since_it_was_valid_is_checked_around_the_change(
    data_copy: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, old, new = CHANGES[change]
    if change in REPLACED:
        _replaced(data_copy)
    assert not load(data_copy).problems  # the index now knows the folder valid
    path = data_copy / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    around = load(data_copy)
    assert around.changed is not None, "checked only around the change"
    monkeypatch.setenv("NOTICE_CACHE", "off")
    assert _messages(around.problems) == _messages(load(data_copy).problems)


@pytest.mark.parametrize(
    "gone", [OFSTED, TARGETS, BEXLEY], ids=["inspection", "target-set", "notice"]
)
def test_a_file_deleted_since_the_folder_was_valid_is_seen_by_what_names_it(
    data_copy: Path, gone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not load(data_copy).problems
    (data_copy / gone).unlink()
    around = load(data_copy)
    assert around.changed is not None
    monkeypatch.setenv("NOTICE_CACHE", "off")
    full = load(data_copy).problems
    assert _messages(around.problems) == _messages(full)
    assert bool(full) == (gone != TARGETS)
