"""Surgical edits of data files: round-trip, re-validated, atomic and locked.

An edit changes only what it means to change (``roundtrip``, ``document``), is refused
if it would add a problem to the data, and is written atomically under a lock on the
file (``safewrite``). One module per edit: ``completion``, ``measure``, ``reading``,
``lifecycle``, ``timetable`` and ``scaffold`` (new files); ``lookup`` finds what an edit names and
``inputs`` checks what the command line gives.
"""

from notice_tracker.edit.completion import record_completion
from notice_tracker.edit.lifecycle import lift, replace
from notice_tracker.edit.lookup import file_of
from notice_tracker.edit.measure import update_measure
from notice_tracker.edit.reading import add_reading
from notice_tracker.edit.roundtrip import Mutate, Scope, rewrite
from notice_tracker.edit.safewrite import LOCK_TIMEOUT, Outcome
from notice_tracker.edit.scaffold import create, scaffold
from notice_tracker.edit.timetable import Agreed, record_timetable

__all__ = [
    "LOCK_TIMEOUT",
    "Agreed",
    "Mutate",
    "Outcome",
    "Scope",
    "add_reading",
    "create",
    "file_of",
    "lift",
    "record_completion",
    "record_timetable",
    "replace",
    "rewrite",
    "scaffold",
    "update_measure",
]
