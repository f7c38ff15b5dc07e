"""Stage one of reading: files -> records + the problems of each file on its own.

The folder a file sits in says what it holds (``records.kinds``). Files are read from
disk here, or handed in as text (``load_texts``) so that data as committed at a git
revision loads the same way. Bad data never raises: it becomes a ``Problem``. Checks
across records are the next stage (``read.validation``); ``read.load`` runs both.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from notice_tracker import files
from notice_tracker.errors import NoticeError
from notice_tracker.read import cache, wording, yaml_io
from notice_tracker.read.catalog import Catalog, Loaded, frozen
from notice_tracker.read.document import Parsed, Positions, shallow
from notice_tracker.read.ownchecks import own_checks
from notice_tracker.read.problems import (
    Location,
    Problem,
    display_path,
)
from notice_tracker.read.yaml_io import parse
from notice_tracker.records.folders import data_files
from notice_tracker.records.kinds import BY_FOLDER, KINDS, Kind
from notice_tracker.records.rules import compact

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class Text:
    """A data file's text, whatever it was read from. ``kind`` is the folder
    (``notices``); ``path`` the file on disk, if it came from one."""

    kind: str
    name: str
    text: str
    path: Path | None = None


def load(
    root: Path,
    base: Path | None = None,
    contents: Mapping[Path, bytes] | None = None,
    progress: Callable[[int, int], None] | None = None,
    strict: bool = False,
) -> Catalog:
    """Read and validate every file under ``root`` (the ``data/`` folder), each on its own.
    ``contents`` gives the bytes of some files instead of reading them (an edit checks
    the folder with the changed file's new text); unchanged files come from the index.
    ``strict``: a file that cannot be read raises ``files.Unreadable`` (an edit is not
    made then) rather than being a problem."""
    if not root.is_dir():
        missing = Problem(
            Location(display_path(root, base)),
            "",
            "no such data folder",
            "pass the folder that holds notices/, inspections/ and targets/",
        )
        return Catalog(problems=(missing,))
    with no_cyclic_gc():  # the index's header alone is a hundred thousand objects
        index = cache.Index(root)
        problems: list[Problem] = []
        found = data_files(root)
        if not found:
            problems.append(_no_data(root, base))
        items = _items(root, base, found, index, contents, strict, problems)
        catalog = collect(items, index, progress, len(found))
    catalog = with_problems(catalog, problems)
    read = state_of(index) if len(index.seen) == len(found) else None
    valid = read is not None and read == index.checked and not catalog.problems
    changed = _changed(index, catalog) if read is not None and index.base_valid else None
    return dataclasses.replace(
        catalog, digest=read, known_valid=valid, index=index, changed=changed
    )


def _items(
    root: Path,
    base: Path | None,
    found: list[tuple[str, Path]],
    index: cache.Index,
    contents: Mapping[Path, bytes] | None,
    strict: bool,
    problems: list[Problem],
) -> Iterator[Text | Loaded[Any]]:
    """Each data file in turn: its record from the index when the file is unchanged,
    else its text (read one at a time, so that a register's texts are never all held);
    a file that cannot be read is a problem (or, ``strict``, raises)."""
    shown = {k.folder: display_path(root / k.folder / "_", base)[:-1] for k in KINDS}
    top = os.fspath(root)
    for folder, path in found:
        file = path.name
        name = shown[folder] + file  # the folder resolved once, not for every file
        key = f"{folder}/{file}"
        given = contents.get(path) if contents else None
        try:
            stat = _stat(f"{top}/{key}", path)
            if given is not None:
                index.forget_file(key)
                stored, data = index.look_up(key, stat, functools.partial(bytes, given))
            else:
                stored, data = index.look_up(key, stat, functools.partial(files.read_bytes, path))
        except files.Unreadable as exc:
            if strict:
                raise
            problems.append(
                Problem(Location(name), "", f"cannot read the file: {exc.reason}", exc.hint)
            )
            continue
        except OSError as exc:
            if strict:
                raise files.Unreadable(path, exc.strerror or "cannot stat it") from None
            problems.append(Problem(Location(name), "", f"cannot read the file: {exc.strerror}"))
            continue
        if stored is not None:
            yield _known(stored, index, key, name, path)
            continue
        assert data is not None
        try:
            yield Text(folder, name, data.decode("utf-8"), path)
        except UnicodeDecodeError as exc:
            problems.append(not_utf8(name, exc))


def _changed(index: cache.Index, catalog: Catalog) -> tuple[tuple[str, cache.Facts], ...]:
    """What changed since the folder was last found valid: the facts of each side of
    every changed, new or deleted file (a file that does not load: its id alone)."""
    old = index.changed()
    read = [key for key in index.seen if key not in index.reused]
    if not read:
        return tuple(old)
    fresh = {f"{r.kind.folder}/{r.path.name}": r for r in every(catalog) if r.path}
    new = [
        (key.partition("/")[0], fresh[key].facts if key in fresh else _unloaded(key))
        for key in read
    ]
    return (*old, *new)


def _unloaded(key: str) -> cache.Facts:
    return {"id": Path(key).stem, "refs": []}


def every(catalog: Catalog) -> Iterator[Loaded[Any]]:
    yield from catalog.notices.values()
    yield from catalog.inspections.values()
    yield from catalog.target_sets.values()


def state_of(index: cache.Index) -> str:
    """The hash of the files read this time: their keys and SHA-256."""
    return cache.state((key, seen[2]) for key, seen in index.seen.items())


def settle(catalog: Catalog) -> None:
    """Save the folder's index, noting whether the checks found the catalog valid."""
    index = catalog.index
    if index is not None:
        index.save(checked=catalog.digest if catalog.digest and not catalog.problems else None)


def _stat(where: str, path: Path) -> os.stat_result:
    """The status of the file ``path`` (at ``where``, as text: cheaper to stat); when
    there is none, ``files.Unreadable`` says why (a dangling link, a loop, no
    permission) as reading it would."""
    try:
        return os.stat(where)
    except OSError:
        files.read_bytes(path)
        raise


def _known(
    stored: cache.Stored, index: cache.Index, key: str, name: str, path: Path
) -> Loaded[Any]:
    """The record of an unchanged file, from the index, built only when it is first
    needed (its positions parsed only when needed)."""
    kind = BY_FOLDER[key.partition("/")[0]]
    sha = index.seen[key][2]
    build = functools.partial(
        rebuild, kind, stored.body, functools.partial(_again, path, name, sha), name
    )
    doc = Parsed.on_demand(name, functools.partial(_reparse, path, name), stored.positions)
    return Loaded(build, doc, kind, path, stored.facts)


def rebuild(
    kind: Kind, body: Callable[[], bytes | None], again: Callable[[], str], name: str
) -> BaseModel:
    """A record from its stored JSON; parsed from its text (``again`` reads it) if the
    stored copy is damaged."""
    stored = body()
    if stored is not None:
        try:
            record = kind.model.model_validate_json(stored)
        except (ValueError, TypeError):
            pass
        else:
            compact(record)
            return record
    record = kind.model.model_validate(parse(again(), name).data)
    compact(record)
    return record


def _again(path: Path, name: str, sha: str) -> str:
    """The text of the file ``path``, which must still be the file that was hashed when
    the command began."""
    try:
        data = files.read_bytes(path)
    except files.Unreadable as exc:
        raise NoticeError(str(exc)) from None
    if cache.digest(data) != sha:
        raise NoticeError(
            f"{name}: the file changed while it was being read; run the command again"
        )
    return data.decode("utf-8")


def _reparse(path: Path, name: str) -> Parsed:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return yaml_io.parse(text, name)  # for positions: not a file read afresh


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
    return dataclasses.replace(catalog, problems=tuple(merged))


def not_utf8(name: str, exc: UnicodeDecodeError) -> Problem:
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
def no_cyclic_gc() -> Iterator[None]:
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
    with no_cyclic_gc():
        return collect(texts, None)


def _on_demand(text: Text, kept: Positions) -> Parsed:
    """A valid file's document without its values and positions, which are parsed again
    only if asked for: kept for every record, they would be most of the memory used."""
    if text.path is not None:
        again = functools.partial(_reparse, text.path, text.name)
        return Parsed.on_demand(text.name, again, lambda: kept)
    return Parsed.on_demand(text.name, lambda: yaml_io.parse(text.text, text.name), lambda: kept)


def collect(
    items: Iterable[Text | Loaded[Any]],
    index: cache.Index | None,
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
) -> Catalog:
    """The catalog of ``items``, taken one at a time (each file's text is let go once it
    is read, so the texts of a whole register are never all held at once); ``total``
    is how many there are, for ``progress``."""
    records: dict[str, dict[str, Any]] = {kind.folder: {} for kind in KINDS}
    problems: list[Problem] = []
    broken: set[tuple[str, str]] = set()
    for done, item in enumerate(items, 1):
        if progress is not None:
            progress(done, total)
        if isinstance(item, Loaded):
            loaded: Loaded[Any] = item
        else:
            kind = BY_FOLDER[item.kind]
            doc = parse(item.text, item.name)
            problems += doc.problems
            record: Any = wording.validated(doc, kind.model, problems)
            if record is None:
                broken.add((kind.folder, Path(item.name).stem))
                continue
            compact(record)
            own = own_checks(record, doc)
            problems += own
            loaded = _fresh(item, record, doc, index, stored=not own)
        del item
        folder = records[loaded.kind.folder]
        record_id = loaded.facts.get("id")
        if not isinstance(record_id, str):
            record_id = loaded.record.id
        if _misplaced(loaded.doc, record_id, folder, problems):
            continue
        folder[record_id] = loaded
    catalog = Catalog(
        frozen(records["notices"]),
        frozen(records["inspections"]),
        frozen(records["targets"]),
        (),
        frozenset(broken),
    )
    return with_problems(catalog, problems)


def _fresh(
    item: Text, record: Any, doc: Parsed, index: cache.Index | None, stored: bool
) -> Loaded[Any]:
    """A record just parsed. Stored in the index when it has no problems of its own
    (``stored``), it is let go and built again from there when used, so that reading
    a register holds none of its records."""
    kept = shallow(doc.positions)
    loaded = Loaded(record, _on_demand(item, kept), BY_FOLDER[item.kind], item.path)
    if not stored or index is None or item.path is None:
        return loaded
    key = f"{item.kind}/{item.path.name}"
    index.store(key, record.model_dump_json(by_alias=True), loaded.facts, kept)
    entry = index.stored(key)
    return loaded if entry is None else _known(entry, index, key, item.name, item.path)


def _misplaced(doc: Parsed, record_id: str, seen: dict[str, Any], problems: list[Problem]) -> bool:
    stem = doc.file.rpartition(os.sep)[2].rpartition(".")[0]  # Path.stem, for less
    if stem != record_id:
        problems.append(
            doc.problem(
                ("id",),
                f"id {record_id!r} does not match the file name {stem!r}",
                f"rename the file to {record_id}.yaml or change the id",
            )
        )
        return True
    if record_id in seen:
        other = seen[record_id].doc.file
        problems.append(doc.problem(("id",), f"duplicate id {record_id!r}, also in {other}"))
        return True
    return False
