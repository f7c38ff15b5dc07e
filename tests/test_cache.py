"""The index of validated records: it is only ever a shortcut. Every change to the data
is seen, every message is the same with and without it, and nothing in the cache folder
can make the tool crash or run code."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA
from notice_tracker import files
from notice_tracker.read import cache, load, loader
from notice_tracker.read.document import Parsed

NOTICE = "notices/bexley-2014.yaml"
INSPECTION = "inspections/bexley-2014-ofsted.yaml"
CASES_VALID = Path(__file__).parent / "cases" / "valid"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NOTICE_CACHE", str(tmp_path / "somewhere" / "else"))
    return tmp_path / "somewhere" / "else"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed afresh (not taken from the index) since the fixture began."""
    names: list[str] = []
    real = loader.parse

    def counting(text: str, name: str) -> Parsed:
        names.append(Path(name).name)
        return real(text, name)

    monkeypatch.setattr(loader, "parse", counting)
    return names


def _messages(data: Path) -> list[str]:
    return [str(p) for p in load(data, base=data.parent).problems]


def test_an_unchanged_folder_is_read_from_the_index(
    folder: Path, data_copy: Path, parsed: list[str]
) -> None:
    cold = load(data_copy)
    assert len(list(folder.glob("records-*.json"))) == 1
    count = len(parsed)
    assert count == len(list(data_copy.glob("*/*.yaml")))
    warm = load(data_copy)
    assert len(parsed) == count, "nothing is parsed again"
    assert warm.notices.keys() == cold.notices.keys()
    for nid, loaded in cold.notices.items():
        assert warm.notices[nid].record == loaded.record
    for tid, loaded in cold.target_sets.items():
        assert warm.target_sets[tid].record == loaded.record
    assert not warm.problems


def test_positions_are_the_same_from_the_index(folder: Path, data_copy: Path) -> None:
    cold = load(data_copy).notices["bexley-2014"]
    warm = load(data_copy).notices["bexley-2014"]
    for path in [("obligations", 1, "schedule"), ("measures", 3, "answers", 0), ("id",)]:
        assert warm.locate(*path) == cold.locate(*path)
    assert warm.locate("obligations", 0).line > 1


def _edit_keeping_size_and_time(data_copy: Path) -> os.stat_result:
    """Change the notice's first offset (2 months to 3) and put its modification time
    back: the file keeps its size and time. Its status from before the edit."""
    path = data_copy / NOTICE
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("offset: 2 months", "offset: 3 months"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    return before


def test_an_edit_of_the_same_size_and_time_is_seen(folder: Path, data_copy: Path) -> None:
    load(data_copy)
    path = data_copy / NOTICE
    before = _edit_keeping_size_and_time(data_copy)
    assert path.stat().st_size == before.st_size
    rule = load(data_copy).notices["bexley-2014"].record.obligations[0].schedule[0]
    assert str(getattr(rule, "offset", "")) == "3 months"


def test_a_rename_is_seen(folder: Path, data_copy: Path) -> None:
    load(data_copy)
    (data_copy / NOTICE).rename(data_copy / "notices" / "bexley.yaml")
    assert any("does not match the file name 'bexley'" in m for m in _messages(data_copy))


def test_a_deletion_is_seen_through_the_files_that_refer_to_it(
    folder: Path, data_copy: Path
) -> None:
    load(data_copy)
    (data_copy / INSPECTION).unlink()
    messages = _messages(data_copy)
    assert any("unknown inspection 'bexley-2014-ofsted'" in m for m in messages)
    assert "bexley-2014-ofsted" not in load(data_copy).inspections


def test_a_change_to_a_referenced_file_is_seen(
    folder: Path, data_copy: Path, parsed: list[str]
) -> None:
    load(data_copy)
    parsed.clear()
    path = data_copy / INSPECTION
    path.write_text(path.read_text(encoding="utf-8").replace('id: "28"', 'id: "28a"'), "utf-8")
    messages = _messages(data_copy)
    assert parsed == ["bexley-2014-ofsted.yaml"], "only the changed file is parsed"
    assert any("has no recommendation '28'" in m and NOTICE in m for m in messages)


def test_a_new_version_of_the_tool_reads_everything_afresh(
    folder: Path, data_copy: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load(data_copy)
    parsed.clear()
    monkeypatch.setattr(cache, "fingerprint", lambda: "another build")
    load(data_copy)
    assert len(parsed) == len(list(data_copy.glob("*/*.yaml")))


def test_the_build_is_the_version_the_python_and_every_file_of_the_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from notice_tracker.read import build

    again = build.fingerprint.__wrapped__
    assert again() == again() == build.fingerprint()
    monkeypatch.setattr(build, "__version__", "999.0")
    assert again() != build.fingerprint()


def test_messages_are_the_same_cold_and_warm_on_a_folder_with_problems(
    folder: Path, data_copy: Path
) -> None:
    path = data_copy / NOTICE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("bexley-2014-ofsted#28", "bexley-2014-ofsted#999"), "utf-8")
    (data_copy / "inspections" / "bexley-2007-apa.yaml").write_text("id: [\n", "utf-8")
    cold = _messages(data_copy)
    assert len(cold) == 2
    assert _messages(data_copy) == cold
    assert _messages(data_copy) == cold


def _index(folder: Path) -> Path:
    (path,) = folder.glob("records-*.json")
    return path


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json at all",
        b"[1, 2, 3]",
        b'{"tool": "0.1.0", "format": 3, "files": []}',
        b"\x80\x81\xff",
        b"[" * 100_000,
    ],
    ids=["empty", "text", "list", "files-not-a-mapping", "binary", "deep"],
)
def test_a_corrupt_index_is_ignored_and_rebuilt(
    folder: Path, data_copy: Path, content: bytes
) -> None:
    expected = _messages(data_copy)
    _index(folder).write_bytes(content)
    assert _messages(data_copy) == expected
    assert json.loads(_index(folder).read_bytes())["files"], "rebuilt"


def test_entries_of_the_wrong_shape_are_ignored(folder: Path, data_copy: Path) -> None:
    load(data_copy)
    index = json.loads(_index(folder).read_bytes())
    files = index["files"]
    keys = sorted(files)
    files[keys[0]] = "a string"
    files[keys[1]] = [1, 2]
    files[keys[2]][3] = "not an offset"
    files[keys[3]][5] = 42  # facts that are not a mapping
    _index(folder).write_text(json.dumps(index), encoding="utf-8")
    again = load(data_copy)
    assert not again.problems
    assert len(again.notices) + len(again.inspections) + len(again.target_sets) == len(keys)


class _Planted:
    """What a pickle-reading cache would run: it writes a marker file."""

    marker = Path()

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "ran"))


def test_a_planted_pickle_runs_nothing(folder: Path, data_copy: Path, tmp_path: Path) -> None:
    _Planted.marker = tmp_path / "marker"
    load(data_copy)
    payload = pickle.dumps(_Planted())
    _index(folder).write_bytes(payload)
    (folder / "ab").mkdir()
    (folder / "ab" / ("ab" + "0" * 62)).write_bytes(payload)
    catalog = load(data_copy)
    assert not _Planted.marker.exists()
    assert not catalog.problems
    assert "bexley-2014" in catalog.notices


def test_off_disables_it(monkeypatch: pytest.MonkeyPatch, data_copy: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("NOTICE_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() is None
    load(data_copy)
    assert not (tmp_path / "xdg").exists()


@pytest.mark.parametrize(
    "data", [DATA, *sorted(CASES_VALID.glob("*/data"))], ids=lambda p: p.parent.name
)
def test_every_valid_record_survives_the_index_unchanged(data: Path) -> None:
    """What the index stores (the record as JSON) reads back as the very same record."""
    catalog = load(data)
    records = [*catalog.notices.values(), *catalog.inspections.values()]
    for loaded in [*records, *catalog.target_sets.values()]:
        stored = loaded.record.model_dump_json(by_alias=True)
        assert type(loaded.record).model_validate_json(stored) == loaded.record


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The data files whose bytes are read (not only their times) from now on."""
    names: list[str] = []
    real = files.read_bytes

    def counting(path: Path, *args: Any, **kwargs: Any) -> bytes:
        if path.suffix == ".yaml":
            names.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(files, "read_bytes", counting)
    return names


def test_a_file_whose_times_show_it_unchanged_is_not_read_again(
    folder: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)  # every file here was written before the load
    load(data_copy)
    load(data_copy)  # the times are noted as settled
    reads = _reads(monkeypatch)
    warm = load(data_copy)
    assert reads == []
    assert not warm.problems
    assert warm.notices["bexley-2014"].record.id == "bexley-2014"


def test_a_file_written_just_before_it_was_read_is_read_again(
    folder: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(data_copy)  # the copy was made just now: within RACY_NS of being read
    reads = _reads(monkeypatch)
    load(data_copy)
    assert len(reads) == len(list(data_copy.glob("*/*.yaml")))


def test_an_edit_that_restores_size_and_modification_time_is_seen_by_its_change_time(
    folder: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    load(data_copy)
    path = data_copy / NOTICE
    before = _edit_keeping_size_and_time(data_copy)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    rule = load(data_copy).notices["bexley-2014"].record.obligations[0].schedule[0]
    assert str(getattr(rule, "offset", "")) == "3 months"


def test_an_index_that_cannot_be_written_is_skipped(folder: Path, data_copy: Path) -> None:
    index = cache.Index(data_copy)
    assert index.path is not None
    index.path.mkdir(parents=True)  # where the header goes, a folder: it cannot be replaced
    first = load(data_copy)
    assert not first.problems
    assert load(data_copy).notices.keys() == first.notices.keys()
    assert index.path.is_dir()


def _records(catalog: Any) -> dict[str, Any]:
    return {
        i: loaded.record
        for mapping in (catalog.notices, catalog.inspections, catalog.target_sets)
        for i, loaded in mapping.items()
    }


@pytest.mark.parametrize("damage", ["swapped", "overwritten", "truncated"])
def test_a_stored_record_that_is_not_its_files_is_never_used(
    folder: Path, data_copy: Path, damage: str
) -> None:
    cold = _records(load(data_copy))
    index = json.loads(_index(folder).read_bytes())
    entries = index["files"]
    first, second = sorted(entries)[:2]
    bodies = folder / index["bodies"]
    if damage == "swapped":  # each file's entry points at the other's record
        entries[first][3:5], entries[second][3:5] = entries[second][3:5], entries[first][3:5]
        _index(folder).write_text(json.dumps(index), encoding="utf-8")
    elif damage == "overwritten":
        raw = bytearray(bodies.read_bytes())
        offset, length = entries[first][3:5]
        raw[offset : offset + length] = b"x" * length
        bodies.write_bytes(bytes(raw))
    else:
        bodies.write_bytes(bodies.read_bytes()[:10])
    warm = load(data_copy)
    assert not warm.problems
    assert _records(warm) == cold


def test_records_share_one_set_of_fields_per_model(folder: Path, data_copy: Path) -> None:
    """pydantic's per-object set of given fields is replaced by one per model (memory):
    cold and warm alike, and the records are unchanged by it."""
    for catalog in (load(data_copy), load(data_copy)):  # parsed, then from the index
        measures = [m for n in catalog.notices.values() for m in n.record.measures]
        assert len(measures) > 10
        assert len({id(m.model_fields_set) for m in measures}) == 1
        assert measures[0].model_fields_set == set(type(measures[0]).model_fields)
        changed = measures[0].model_copy(update={"summary": "changed"})
        assert changed.summary == "changed"
        assert measures[1].model_fields_set == set(type(measures[1]).model_fields)


def test_a_record_with_problems_of_its_own_is_not_kept_and_they_are_the_same_warm(
    folder: Path, data_copy: Path, parsed: list[str]
) -> None:
    """The index keeps only records that pass the checks of a record on its own (they
    run when a file is parsed), so such a file is parsed, and its problem found, again."""
    path = data_copy / "targets" / "bexley-2014-targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text[text.index("  - id: ") :], "utf-8")  # the target twice
    cold = _messages(data_copy)
    assert len(cold) == 1
    assert "duplicate target id" in cold[0]
    parsed.clear()
    assert _messages(data_copy) == cold
    assert parsed == [path.name], "only the file with a problem of its own is parsed again"


def test_a_read_holds_no_record_and_a_held_one_is_let_go(folder: Path, data_copy: Path) -> None:
    """Records are let go once stored (cold) or not built (warm), so a register's
    records are never all held; ``held`` builds one for a block and lets it go."""
    for catalog in (load(data_copy), load(data_copy)):  # parsed, then from the index
        every = list(loader.every(catalog))
        assert every
        assert not any(loaded.built for loaded in every)
        loaded = catalog.notices["bexley-2014"]
        with loaded.held():
            assert loaded.record.id == "bexley-2014"
            assert loaded.built
        assert not loaded.built
        assert loaded.record.id == "bexley-2014"
        assert loaded.built, "held once asked for"
        with loaded.held():
            pass
        assert loaded.built, "a record held before the block stays held"


def test_without_the_index_records_stay_held(
    monkeypatch: pytest.MonkeyPatch, data_copy: Path
) -> None:
    monkeypatch.setenv("NOTICE_CACHE", "off")
    catalog = load(data_copy)
    loaded = catalog.notices["bexley-2014"]
    with loaded.held():
        pass
    assert loaded.built, "nothing to build it again from"


def test_a_file_name_that_is_not_utf8_is_kept_in_the_index(
    folder: Path, data_copy: Path, parsed: list[str]
) -> None:
    """The header holds every file's name: one that is not UTF-8 (kept as escaped
    surrogates) is written too, and the file is taken from the index next time."""
    source = (data_copy / INSPECTION).read_bytes()
    odd = os.path.join(os.fsencode(data_copy / "inspections"), b"caf\xff.yaml")
    with open(odd, "wb") as f:
        f.write(source)
    cold = _messages(data_copy)
    assert len(cold) == 1
    assert "does not match the file name" in cold[0]
    parsed.clear()
    assert _messages(data_copy) == cold
    assert parsed == [], "nothing is parsed again"


def test_records_stored_by_a_run_are_read_back_though_another_run_removed_the_file(
    folder: Path, data_copy: Path
) -> None:
    """A run reads back the records it stored through the file it wrote them to, even
    when another run has since removed that file (its index replaced it): never from
    the data file, which may have changed since (a concurrent edit)."""
    catalog = loader.load(data_copy)  # stage one only: nothing saved yet
    for bodies in folder.glob("records-*.bodies"):
        bodies.unlink()  # as another run does with bodies files its header does not name
    path = data_copy / NOTICE
    path.write_text(path.read_text(encoding="utf-8") + "# edited meanwhile\n", "utf-8")
    assert catalog.notices["bexley-2014"].record.id == "bexley-2014"
    assert catalog.inspections["bexley-2014-ofsted"].record.recommendations
