"""Data files as committed at a git revision, read through the working folder's index.

A file committed with the very bytes the index holds for the working tree's file of
that name is that record: it is taken from the index and built only when used, as a
warm read does, so that ``--at`` on a register whose files have mostly not changed
since costs about what a warm read does and holds no more. Any other file is parsed and
held (there is nowhere to build it again from). The index is only read.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from notice_tracker.read import cache, yaml_io
from notice_tracker.read.catalog import Catalog, Loaded
from notice_tracker.read.document import Parsed
from notice_tracker.read.loader import Text, collect, no_cyclic_gc, rebuild
from notice_tracker.records.kinds import BY_FOLDER


def load_committed(root: Path, texts: Iterable[tuple[Text, Callable[[], str]]]) -> Catalog:
    """The catalog of data files as committed (each text with a way to read it again),
    through the index of the data folder ``root``."""
    with no_cyclic_gc():
        index = cache.Index(root)
        return collect((_committed(text, again, index) for text, again in texts), None)


def _committed(text: Text, again: Callable[[], str], index: cache.Index) -> Text | Loaded[Any]:
    """The record of ``text`` from the index, if it holds it; else the text, to parse.
    Neither the index's record nor its positions keep the text (``again`` reads it)."""
    name = text.name
    stored = index.matching(f"{text.kind}/{name.rpartition(os.sep)[2]}", text.text.encode())
    if stored is None:
        return text
    kind = BY_FOLDER[text.kind]
    build = functools.partial(rebuild, kind, stored.body, again, name)
    doc = Parsed.on_demand(name, functools.partial(_parse_again, again, name), stored.positions)
    return Loaded(build, doc, kind, None, stored.facts)


def _parse_again(again: Callable[[], str], name: str) -> Parsed:
    return yaml_io.parse(again(), name)
