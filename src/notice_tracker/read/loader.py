"""Stage one of reading: files -> records + the problems of each file on its own.

The folder a file sits in says what it holds (``records.kinds``). Files are read from
disk here, or handed in as text (``load_texts``) so that data as committed at a git
revision loads the same way. Bad data never raises: it becomes a ``Problem``. Checks
across records are the next stage (``read.validation``); ``read.load`` runs both.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from notice_tracker import files
from notice_tracker.read import cache, wording
from notice_tracker.read.problems import (
    Location,
    Problem,
    display_path,
)
from notice_tracker.read.yaml_io import Parsed, parse
from notice_tracker.records.dates import DocDate
from notice_tracker.records.inspections import Inspection
from notice_tracker.records.kinds import BY_FOLDER, KINDS, Kind, is_data_file
from notice_tracker.records.models import Notice
from notice_tracker.records.targets import TargetSet

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[R]):
    """A valid record, the kind of record it is, the file it was read from (``None``
    for data read from git) and its parsed document (for positions)."""

    record: R
    doc: Parsed
    kind: Kind
    path: Path | None = None

    def locate(self, *path: str | int) -> Location:
        return self.doc.locate(path)


@dataclass(frozen=True)
class Text:
    """A data file's text, whatever it was read from. ``kind`` is the folder
    (``notices``); ``path`` the file on disk, if it came from one."""

    kind: str
    name: str
    text: str
    path: Path | None = None


def _frozen(items: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True)
class Catalog:
    """Everything under one ``data/`` folder: frozen once built."""

    notices: Mapping[str, Loaded[Notice]] = field(default_factory=_frozen)
    inspections: Mapping[str, Loaded[Inspection]] = field(default_factory=_frozen)
    target_sets: Mapping[str, Loaded[TargetSet]] = field(default_factory=_frozen)
    problems: tuple[Problem, ...] = ()
    broken: frozenset[tuple[str, str]] = frozenset()
    """(folder, file stem) of files that exist but did not load; their problems are
    reported, so references to them are not reported again as unknown."""

    def has(self, folder: str, record_id: str) -> bool:
        """A record of that id exists in that folder, valid or not."""
        records: Mapping[str, object] = {
            "notices": self.notices,
            "inspections": self.inspections,
            "targets": self.target_sets,
        }[folder]
        return record_id in records or (folder, record_id) in self.broken

    def targets_for(self, notice_id: str) -> list[Loaded[TargetSet]]:
        """The target sets of one notice, in file order."""
        return list(self._targets_by_notice.get(notice_id, ()))

    @functools.cached_property
    def _targets_by_notice(self) -> dict[str, list[Loaded[TargetSet]]]:
        """Target sets by notice, built once (a scan per notice is quadratic)."""
        by_notice: dict[str, list[Loaded[TargetSet]]] = {}
        for loaded in self.target_sets.values():
            by_notice.setdefault(loaded.record.notice, []).append(loaded)
        return by_notice

    def published_dates(self) -> dict[str, DocDate | None]:
        """When each inspection's report was published, by inspection id."""
        return {i: loaded.record.published for i, loaded in self.inspections.items()}


def data_files(root: Path) -> list[tuple[str, Path]]:
    """(folder, path) for every data file below ``root``'s record folders, sorted."""
    found = []
    for kind in KINDS:
        folder = root / kind.folder
        if folder.is_dir():
            found += [(kind.folder, p) for p in folder.iterdir() if is_data_file(p.name)]
    return sorted(found, key=lambda kp: (kp[0], kp[1].name))


def load(
    root: Path,
    base: Path | None = None,
    contents: Mapping[Path, bytes] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Catalog:
    """Read and validate every file under ``root`` (the ``data/`` folder), each on its own.
    ``contents`` gives the bytes of some files instead of reading them (an edit checks
    the folder with the changed file's new text); unchanged files come from the index."""
    if not root.is_dir():
        missing = Problem(
            Location(display_path(root, base)),
            "",
            "no such data folder",
            "pass the folder that holds notices/, inspections/ and targets/",
        )
        return Catalog(problems=(missing,))
    index = cache.Index(root)
    items: list[Text | Loaded[Any]] = []
    problems = []
    found = data_files(root)
    if not found:
        problems.append(_no_data(root, base))
    for folder, path in found:
        name = display_path(path, base)
        try:
            data = contents[path] if contents and path in contents else files.read_bytes(path)
            stat = path.stat()
        except files.Unreadable as exc:
            problems.append(
                Problem(Location(name), "", f"cannot read the file: {exc.reason}", exc.hint)
            )
            continue
        except OSError as exc:
            problems.append(Problem(Location(name), "", f"cannot read the file: {exc.strerror}"))
            continue
        key = f"{folder}/{path.name}"
        known = _known(index, key, stat, data, name, path)
        if known is not None:
            items.append(known)
            continue
        try:
            items.append(Text(folder, name, data.decode("utf-8"), path))
        except UnicodeDecodeError as exc:
            problems.append(_not_utf8(name, exc))
    with _no_cyclic_gc():
        catalog = _load_texts(items, index, progress)
    index.save()
    return with_problems(catalog, problems)


def _known(
    index: cache.Index, key: str, stat: os.stat_result, data: bytes, name: str, path: Path
) -> Loaded[Any] | None:
    """The record of an unchanged file, from the index (its positions parsed only when
    needed); None when the file must be read afresh."""
    stored = index.look_up(key, stat, data)
    if stored is None:
        return None
    kind = BY_FOLDER[key.partition("/")[0]]
    try:
        record = kind.model.model_validate_json(stored)
    except (ValueError, TypeError):
        index.forget(key)
        return None
    return Loaded(record, Parsed.on_demand(name, functools.partial(_reread, path)), kind, path)


def _reread(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _no_data(root: Path, base: Path | None) -> Problem:
    folders = ", ".join(f"{kind.folder}/" for kind in KINDS)
    return Problem(
        Location(display_path(root, base) or "."),
        "",
        f"no data files: the folder has no {folders} holding .yaml files",
        "pass the data folder with --data (or NOTICE_DATA), or create a record with `notice new`",
    )


def with_problems(catalog: Catalog, problems: Iterable[Problem]) -> Catalog:
    """The same catalog with more problems, all in file and position order."""
    merged = sorted(
        (*catalog.problems, *problems),
        key=lambda p: (p.where.file, p.where.line, p.where.col, p.message),
    )
    return Catalog(
        catalog.notices, catalog.inspections, catalog.target_sets, tuple(merged), catalog.broken
    )


def _not_utf8(name: str, exc: UnicodeDecodeError) -> Problem:
    before = exc.object[: exc.start]
    line = before.count(b"\n") + 1
    col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    byte = exc.object[exc.start : exc.start + 1].hex()
    return Problem(
        Location(name, line, col),
        "",
        f"not UTF-8 text (byte 0x{byte})",
        "save the file as UTF-8",
    )


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Loading builds a large heap with no cycles in it, and the cyclic collector would
    scan it again and again as it grows (over half the time of a large load). Switch it
    off while loading, then freeze what was built, so later collections skip it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load_texts(texts: Iterable[Text]) -> Catalog:
    """Parse and validate data files given as text, each on its own."""
    with _no_cyclic_gc():
        return _load_texts(list(texts), None)


def _on_demand(text: Text) -> Parsed:
    """A valid file's document without its values and positions, which are parsed again
    only if asked for: kept for every record, they would be most of the memory used."""
    if text.path is not None:
        return Parsed.on_demand(text.name, functools.partial(_reread, text.path))
    return Parsed.on_demand(text.name, lambda: text.text)


def _load_texts(
    items: list[Text | Loaded[Any]],
    index: cache.Index | None,
    progress: Callable[[int, int], None] | None = None,
) -> Catalog:
    """``items`` is consumed: each file's text is let go once it is read, so the texts of
    a whole register are never all held at once."""
    records: dict[str, dict[str, Any]] = {kind.folder: {} for kind in KINDS}
    problems: list[Problem] = []
    broken: set[tuple[str, str]] = set()
    total = len(items)
    items.reverse()
    while items:
        item = items.pop()
        if progress is not None:
            progress(total - len(items), total)
        if isinstance(item, Loaded):
            loaded: Loaded[Any] = item
        else:
            kind = BY_FOLDER[item.kind]
            doc = parse(item.text, item.name)
            problems += doc.problems
            record: Any = _validate(doc, kind.model, problems)
            if record is None:
                broken.add((kind.folder, Path(item.name).stem))
                continue
            if index is not None and item.path is not None:
                index.store(f"{item.kind}/{item.path.name}", record.model_dump_json(by_alias=True))
            loaded = Loaded(record, _on_demand(item), kind, item.path)
        folder = records[loaded.kind.folder]
        if _misplaced(loaded.doc, loaded.record, folder, problems):
            continue
        folder[loaded.record.id] = loaded
    catalog = Catalog(
        _frozen(records["notices"]),
        _frozen(records["inspections"]),
        _frozen(records["targets"]),
        (),
        frozenset(broken),
    )
    return with_problems(catalog, problems)


def _validate(doc: Parsed, model: type[R], problems: list[Problem]) -> R | None:
    if doc.data is None or doc.problems:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems += [wording.problem(doc, err) for err in errors[:MAX_PROBLEMS]]
        if len(errors) > MAX_PROBLEMS:
            problems.append(
                Problem(
                    Location(doc.file),
                    "",
                    f"{len(errors) - MAX_PROBLEMS:,} more problems in this file are not shown",
                    f"at most {MAX_PROBLEMS} are reported per file; see docs/limits.md",
                )
            )
        return None


MAX_PROBLEMS = 100
"""Schema problems reported per file: a file with 100,000 unknown keys is one mistake
(the wrong file, or a generator gone wrong), and listing them all would take minutes."""


def _misplaced(doc: Parsed, record: Any, seen: dict[str, Any], problems: list[Problem]) -> bool:
    stem = Path(doc.file).stem
    if stem != record.id:
        problems.append(
            doc.problem(
                ("id",),
                f"id {record.id!r} does not match the file name {stem!r}",
                f"rename the file to {record.id}.yaml or change the id",
            )
        )
        return True
    if record.id in seen:
        other = seen[record.id].doc.file
        problems.append(doc.problem(("id",), f"duplicate id {record.id!r}, also in {other}"))
        return True
    return False
