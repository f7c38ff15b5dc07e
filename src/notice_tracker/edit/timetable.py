"""``notice timetable``: record the timetable agreed for an obligation whose dates are
"to a timetable agreed with the Department"."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from notice_tracker.edit.document import put
from notice_tracker.edit.lookup import find_obligation
from notice_tracker.edit.safewrite import Outcome, Plan, Snapshot, transact
from notice_tracker.errors import NoticeError
from notice_tracker.read.catalog import Loaded
from notice_tracker.records.dates import Period
from notice_tracker.records.models import Notice
from notice_tracker.records.rules import AgreedRule


@dataclass(frozen=True)
class Agreed:
    """What was agreed: a list of dates, or a cadence from a first date."""

    dates: tuple[dt.date, ...] = ()
    first: dt.date | None = None
    every: Period | None = None
    agreed: dt.date | None = None
    note: str | None = None

    def rules(self) -> list[dict[str, Any]]:
        if self.dates:
            return [{"kind": "fixed", "dates": sorted(self.dates)}]
        if self.first is None or self.every is None or self.every.count <= 0:
            raise NoticeError("give --dates, or --first and a positive --every (e.g. '6 weeks')")
        every = str(self.every)
        return [{"kind": "recurring", "from": self.first, "include_anchor": True, "every": every}]

    def words(self) -> str:
        if self.dates:
            return ", ".join(d.isoformat() for d in sorted(self.dates))
        return f"every {self.every} from {self.first}"


def record_timetable(root: Path, notice_id: str, obligation_id: str, agreed: Agreed) -> Outcome:
    """Write the agreed timetable into the obligation's ``agreed`` rule."""
    agreed.rules()  # refuse a malformed timetable before taking the lock
    planner = functools.partial(_plan, root, notice_id, obligation_id, agreed)
    return transact(root, planner)


def _plan(root: Path, notice_id: str, ob_id: str, agreed: Agreed, snapshot: Snapshot) -> Plan:
    loaded = snapshot.notice(notice_id)
    index = find_obligation(loaded, ob_id)
    rule_index = _agreed_rule(loaded, index)
    mutate = functools.partial(_write, index, rule_index, agreed)
    summary = f"{notice_id}: {ob_id} timetable recorded: {agreed.words()}"
    message = f"timetable: {notice_id} {ob_id} {agreed.words()}"
    scope = ("obligations", index)
    return Plan(snapshot.path_of(loaded), mutate, lambda _: summary, message, scope)


def _agreed_rule(loaded: Loaded[Notice], index: int) -> int:
    ob = loaded.record.obligations[index]
    where = loaded.locate("obligations", index, "schedule")
    found = [i for i, rule in enumerate(ob.schedule) if isinstance(rule, AgreedRule)]
    if not found:
        raise NoticeError(
            f"{where}: {ob.id} has no 'kind: agreed' rule: its dates are not to be agreed"
        )
    rule = ob.schedule[found[0]]
    assert isinstance(rule, AgreedRule)
    if rule.timetable is not None:
        raise NoticeError(f"{where}: {ob.id} already has a timetable: edit it in the file")
    return found[0]


def _write(index: int, rule_index: int, agreed: Agreed, doc: Any) -> None:
    schedule = doc["obligations"][index]["schedule"]
    node = schedule[rule_index] if isinstance(schedule, CommentedSeq) else schedule
    table = CommentedMap()
    if agreed.agreed is not None:
        table["agreed"] = agreed.agreed
    rules = CommentedSeq()
    for entry in agreed.rules():
        rule = CommentedMap(entry)
        if "dates" in rule:
            rule["dates"] = CommentedSeq(rule["dates"])
        rules.append(rule)
    table["rules"] = rules
    if agreed.note:
        table["note"] = agreed.note
    put(node, "timetable", table, AgreedRule)
