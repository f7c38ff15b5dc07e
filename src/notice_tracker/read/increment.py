"""One file changed: an edit's new bytes read alone into the catalog it had, and the
index told about the file once it is written.

An edit checks the folder with its change in place (``read.validation.checked_edit``)
without reading any other file: ``with_file`` parses only the changed file and keeps
every other record as it was; ``remember`` records the new file, and that the folder
is valid, so that the next command reads nothing afresh.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from notice_tracker.read.catalog import Catalog, Loaded, frozen
from notice_tracker.read.loader import Text, collect, every, no_cyclic_gc, not_utf8, state_of
from notice_tracker.read.problems import Problem, display_path
from notice_tracker.records.kinds import BY_FOLDER, Kind


def with_file(catalog: Catalog, path: Path, data: bytes) -> Catalog:
    """``catalog`` (stage one, with no problems) with the file ``path`` holding ``data``:
    that file alone is parsed and validated, every other record is kept as it is, in
    its place."""
    folder = path.parent.name
    kind = BY_FOLDER[folder]
    name = display_path(path)
    try:
        text = Text(folder, name, data.decode("utf-8"), path)
    except UnicodeDecodeError as exc:
        return _swapped(catalog, path, kind, {}, (not_utf8(name, exc),))
    with no_cyclic_gc():
        alone = collect([text], None)
    new = {str(r.facts.get("id")): r for r in alone.each(folder)}
    if any(str(r.facts.get("id")) in new and not r.read_from(path) for r in catalog.each(folder)):
        return _rebuilt(catalog, path, text)  # the same id in another file (x.yml, x.yaml)
    swapped = _swapped(catalog, path, kind, new, alone.problems)
    return dataclasses.replace(swapped, broken=catalog.broken | alone.broken)


def _swapped(
    catalog: Catalog,
    path: Path,
    kind: Kind,
    new: dict[str, Loaded[Any]],
    problems: tuple[Problem, ...],
) -> Catalog:
    """``catalog`` with the record of ``path`` replaced by ``new``, in its place."""
    mappings: dict[str, Mapping[str, Loaded[Any]]] = {
        "notices": catalog.notices,
        "inspections": catalog.inspections,
        "targets": catalog.target_sets,
    }
    records: dict[str, Loaded[Any]] = {}
    for record_id, loaded in mappings[kind.folder].items():
        if loaded.read_from(path):
            records.update(new)
            new = {}
        else:
            records[record_id] = loaded
    records.update(new)
    mappings[kind.folder] = frozen(records)
    return Catalog(
        mappings["notices"],
        mappings["inspections"],
        mappings["targets"],
        problems,
        catalog.broken,
    )


def _rebuilt(catalog: Catalog, path: Path, text: Text) -> Catalog:
    """Every record read again with the new text, in file order (ids in two files)."""
    items: list[tuple[tuple[str, str], Text | Loaded[Any]]] = []
    for loaded in every(catalog):
        if loaded.path is not None and not loaded.read_from(path):
            items.append(((loaded.kind.folder, loaded.path.name), loaded))
    items.append(((text.kind, path.name), text))
    with no_cyclic_gc():
        return collect([item for _, item in sorted(items, key=lambda kv: kv[0])], None)


def remember(before: Catalog, after: Catalog, path: Path, data: bytes) -> None:
    """An edit wrote ``data`` to ``path``, making ``after`` (valid) from ``before``: the
    folder's index learns the file's new record, and that the folder is valid."""
    index = before.index
    new = after.get(path.parent.name, path.stem)  # a valid record's id is its file's stem
    if index is None or new is None or not new.read_from(path) or before.problems:
        return
    try:
        key = index.learn(path, data)
    except OSError:
        return
    body = new.record.model_dump_json(by_alias=True)
    index.store(key, body, new.facts, new.doc.shallow_positions())
    records = len(after.notices) + len(after.inspections) + len(after.target_sets)
    valid = not after.problems and len(index.seen) == records
    index.save(checked=state_of(index) if valid else None)
