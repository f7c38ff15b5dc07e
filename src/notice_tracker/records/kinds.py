"""The one table of the kinds of record kept in ``data/``.

Each kind has a folder below the data folder, a model, a schema name (the word used by
``notice new`` and ``notice schema``) and the file suffixes read. Every other module
asks this table rather than spelling a folder or a suffix itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from notice_tracker.records.folders import SUFFIXES, is_data_file
from notice_tracker.records.inspections import Inspection
from notice_tracker.records.models import Notice
from notice_tracker.records.targets import TargetSet


@dataclass(frozen=True)
class Kind:
    """One kind of record: where its files live and what they hold."""

    folder: str
    """The folder below the data folder: ``notices``."""
    name: str
    """The singular word for one record, used for schemas and ``notice new``: ``notice``."""
    model: type[BaseModel]


NOTICES = Kind("notices", "notice", Notice)
INSPECTIONS = Kind("inspections", "inspection", Inspection)
TARGETS = Kind("targets", "targets", TargetSet)

KINDS: tuple[Kind, ...] = (NOTICES, INSPECTIONS, TARGETS)
BY_FOLDER = {kind.folder: kind for kind in KINDS}
BY_NAME = {kind.name: kind for kind in KINDS}

__all__ = [
    "BY_FOLDER",
    "BY_NAME",
    "INSPECTIONS",
    "KINDS",
    "NOTICES",
    "SUFFIXES",
    "TARGETS",
    "Kind",
    "is_data_file",
]
