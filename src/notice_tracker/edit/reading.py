"""``notice reading``: a reading of a target, written to the notice's target set."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from notice_tracker.edit.document import add_at
from notice_tracker.edit.lookup import find_target
from notice_tracker.edit.safewrite import Outcome, Plan, Snapshot, transact
from notice_tracker.errors import NoticeError
from notice_tracker.records.targets import Target


def add_reading(
    root: Path,
    notice_id: str,
    target_id: str,
    day: dt.date,
    value: float,
    *,
    source: str | None = None,
) -> Outcome:
    """Add a reading of one of the notice's targets (in its target set's file)."""
    entry = {"date": day, "value": value, "source": source}
    plan = functools.partial(_plan_reading, root, notice_id, target_id, entry)
    return transact(root, plan)


def _plan_reading(
    root: Path, notice_id: str, target_id: str, entry: dict[str, Any], snapshot: Snapshot
) -> Plan:
    loaded = snapshot.notice(notice_id)
    target_set, index = find_target(snapshot.catalog, loaded, target_id)
    target = target_set.record.targets[index]
    day, value = entry["date"], entry["value"]
    if any(r.date == day for r in target.readings):
        where = target_set.locate("targets", index, "readings")
        raise NoticeError(f"{where}: {target_id} already has a reading for {day}")
    mutate = functools.partial(add_at, ("targets", index), "readings", entry, Target)
    summary = f"{notice_id}: target {target_id} reading {value:g} {target.unit} on {day}"
    message = f"reading: {notice_id} {target_id} {value:g} on {day}"
    scope = ("targets", index)
    return Plan(snapshot.path_of(target_set), mutate, lambda _: summary, message, scope)
