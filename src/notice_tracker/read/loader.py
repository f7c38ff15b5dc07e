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
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from notice_tracker import files
from notice_tracker.read.problems import (
    DocPath,
    Location,
    Problem,
    did_you_mean,
    display_path,
    dotted,
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

    def published_dates(self) -> dict[str, DocDate | None]:
        """When each inspection's report was published, by inspection id."""
        return {i: loaded.record.published for i, loaded in self.inspections.items()}

    def targets_for(self, notice_id: str) -> list[Loaded[TargetSet]]:
        return [t for t in self.target_sets.values() if t.record.notice == notice_id]


def data_files(root: Path) -> list[tuple[str, Path]]:
    """(folder, path) for every data file below ``root``'s record folders, sorted."""
    found = []
    for kind in KINDS:
        folder = root / kind.folder
        if folder.is_dir():
            found += [(kind.folder, p) for p in folder.iterdir() if is_data_file(p.name)]
    return sorted(found, key=lambda kp: (kp[0], kp[1].name))


def load(root: Path, base: Path | None = None) -> Catalog:
    """Read and validate every file under ``root`` (the ``data/`` folder), each on its own."""
    if not root.is_dir():
        missing = Problem(
            Location(display_path(root, base)),
            "",
            "no such data folder",
            "pass the folder that holds notices/, inspections/ and targets/",
        )
        return Catalog(problems=(missing,))
    texts = []
    problems = []
    found = data_files(root)
    if not found:
        problems.append(_no_data(root, base))
    for folder, path in found:
        name = display_path(path, base)
        try:
            texts.append(Text(folder, name, files.read_bytes(path).decode("utf-8"), path))
        except UnicodeDecodeError as exc:
            problems.append(_not_utf8(name, exc))
        except files.Unreadable as exc:
            problems.append(
                Problem(Location(name), "", f"cannot read the file: {exc.reason}", exc.hint)
            )
    catalog = load_texts(texts)
    return with_problems(catalog, problems)


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
        return _load_texts(texts)


def _load_texts(texts: Iterable[Text]) -> Catalog:
    records: dict[str, dict[str, Any]] = {kind.folder: {} for kind in KINDS}
    problems: list[Problem] = []
    broken: set[tuple[str, str]] = set()
    for text in texts:
        kind = BY_FOLDER[text.kind]
        doc = parse(text.text, text.name)
        problems += doc.problems
        record: Any = _validate(doc, kind.model, problems)
        if record is None:
            broken.add((kind.folder, Path(text.name).stem))
            continue
        if _misplaced(doc, record, records[kind.folder], problems):
            continue
        records[kind.folder][record.id] = Loaded(record, doc, kind, text.path)
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
        problems += [_problem(doc, err) for err in exc.errors(include_url=False)]
        return None


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


# --- turning pydantic errors into located, plain-English problems ---------------------


def _real_path(data: Any, loc: tuple[int | str, ...]) -> DocPath:
    """Map a pydantic ``loc`` onto the document: union tags ("recurring", "int") and the
    index of a single rule written without a list are not in the document."""
    path: list[str | int] = []
    node = data
    tagged = None
    for part in loc:
        if isinstance(node, dict) and part == node.get("kind") and node is not tagged:
            tagged = node  # the union tag pydantic puts after a rule, even if a key is so named
            continue
        if _has(node, part):
            node = node[part]
        elif isinstance(node, dict) and part == 0:
            continue  # a lone mapping stands for a one-item list
        elif isinstance(part, str) and (
            part.startswith("function-") or not isinstance(node, dict | list)
        ):
            continue
        else:
            node = None
        path.append(part)
    return tuple(path)


def _has(node: Any, part: int | str) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _problem(doc: Parsed, err: ErrorDetails) -> Problem:
    path = _real_path(doc.data, err["loc"])
    kind = err["type"]
    name = str(path[-1]) if path else ""
    if kind == "missing":
        return doc.problem(
            path, f"missing required key {name!r}", "add it; see docs/data-format.md"
        )
    if kind == "extra_forbidden":
        return Problem(
            doc.locate_key(path),
            dotted(path),
            f"unknown key {name!r}",
            _did_you_mean(name),
        )
    if kind in _PLAIN:
        return _plain(doc, path, err)
    if kind == "string_pattern_mismatch":
        expected = _FORMS.get(name, "see docs/data-format.md")
        return doc.problem(path, f"{_show(err['input'])} is not in the expected form", expected)
    message = err["msg"].removeprefix("Value error, ")
    if kind not in {"value_error", "assertion_error"} and "input" in err:
        message += f", got {_show(err['input'])}"
    if kind == "string_type" and isinstance(err.get("input"), int | float):
        return doc.problem(path, message, f'put it in quotes: "{err["input"]}"')
    return doc.problem(path, message)


_RULE_KINDS = "fixed, offset, offsets, recurring, max_interval, deadline or ad_hoc"
_PLAIN = {
    "union_tag_invalid",
    "union_tag_not_found",
    "too_short",
    "string_too_short",
    "tuple_type",
}


def _plain(doc: Parsed, path: DocPath, err: ErrorDetails) -> Problem:
    """Pydantic's wording for these speaks of tags and tuples; say it in the data's terms."""
    kind, ctx = err["type"], err.get("ctx", {})
    if kind == "union_tag_invalid":
        return doc.problem(
            (*path, "kind"), f"unknown rule kind {ctx['tag']!r}", f"use {_RULE_KINDS}"
        )
    if kind == "union_tag_not_found":
        return doc.problem(path, "missing required key 'kind'", f"say which rule: {_RULE_KINDS}")
    if kind == "too_short":
        return doc.problem(path, "must not be an empty list", "add at least one item")
    if kind == "string_too_short":
        return doc.problem(path, "must not be empty")
    return doc.problem(path, f"should be a list ('- ' before each item), got {_show(err['input'])}")


_FORMS = {
    "la_code": "an ONS local authority code such as E09000004",
    "id": "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit",
}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@functools.cache
def _vocabulary() -> list[str]:
    words: set[str] = set()
    pending: list[type[BaseModel]] = [kind.model for kind in KINDS]
    seen: set[type[BaseModel]] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            words.add(info.alias or name)
        pending += _submodels(model)
    return sorted(words)


def _submodels(model: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    stack = [info.annotation for info in model.model_fields.values()]
    while stack:
        tp = stack.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            found.append(tp)
        stack += list(typing.get_args(tp))
    return found


def _did_you_mean(name: str) -> str:
    words = [w for w in _vocabulary() if w != name]
    return did_you_mean(name, words, cutoff=0.75) or "remove it; see docs/data-format.md"
