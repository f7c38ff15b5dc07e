"""The parsed-YAML cache: keyed by content, never stale, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from notice_tracker.read import cache, yaml_io

TEXT = "id: x\nlist:\n  - 1\n  - when: 2014-09-02\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NOTICE_CACHE", str(tmp_path / "c"))
    return tmp_path / "c"


def test_second_parse_comes_from_the_cache_with_the_same_positions(folder: Path) -> None:
    first = yaml_io.parse(TEXT, "a.yaml")
    assert cache.get(TEXT) is not None
    second = yaml_io.parse(TEXT, "b.yaml")
    assert second.data == first.data
    assert second.positions == first.positions
    assert second.file == "b.yaml"
    assert second.locate(("list", 1, "when")).line == 4


def test_a_changed_text_is_a_new_key(folder: Path) -> None:
    assert cache.key(TEXT) != cache.key(TEXT + "# comment\n")


def test_problems_are_not_cached(folder: Path) -> None:
    bad = "a: 1\na: 2\n"
    assert yaml_io.parse(bad, "x.yaml").problems
    assert cache.get(bad) is None
    assert yaml_io.parse(bad, "x.yaml").problems


def test_a_corrupt_entry_is_ignored(folder: Path) -> None:
    yaml_io.parse(TEXT, "a.yaml")
    name = cache.key(TEXT)
    (folder / name[:2] / name).write_bytes(b"not a pickle")
    assert cache.get(TEXT) is None
    assert yaml_io.parse(TEXT, "a.yaml").data["id"] == "x"


def test_off_disables_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTICE_CACHE", "off")
    assert cache.cache_dir() is None
    yaml_io.parse(TEXT, "a.yaml")
    assert cache.get(TEXT) is None
