"""``notice record``: a completion of an obligation, checked against the due dates
status gives it, and described by the due date status says it met."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path

from notice_tracker.edit.document import add_at, entry_of
from notice_tracker.edit.lookup import find_obligation
from notice_tracker.edit.safewrite import Outcome, Plan, Snapshot, transact
from notice_tracker.errors import NoticeError
from notice_tracker.evaluate.status import Item, notice_status
from notice_tracker.read.catalog import Catalog, Loaded
from notice_tracker.records.models import Completion, Notice, Obligation


def record_completion(
    root: Path,
    notice_id: str,
    obligation_id: str,
    day: dt.date,
    *,
    note: str | None = None,
    occurrence: dt.date | None = None,
    link: str | None = None,
    ad_hoc: bool = False,
) -> Outcome:
    """Record that an occurrence of an obligation was done on ``day``: a report sent, a
    review held, a board met. ``occurrence`` names the due date it fulfils when it is
    not the earliest open one, and must be one of the obligation's due dates."""
    given = {"occurrence": occurrence, "note": note, "link": link, "ad_hoc": ad_hoc or None}
    comp = Completion(date=day, **{k: v for k, v in given.items() if v is not None})
    return transact(root, functools.partial(_plan_completion, root, notice_id, obligation_id, comp))


def _plan_completion(
    root: Path, notice_id: str, ob_id: str, comp: Completion, snapshot: Snapshot
) -> Plan:
    loaded = snapshot.notice(notice_id)
    index = find_obligation(loaded, ob_id)
    _check_completion(snapshot.catalog, loaded, index, comp)
    mutate = functools.partial(
        add_at, ("obligations", index), "completions", entry_of(comp), Obligation
    )
    describe = functools.partial(_describe_completion, notice_id, index, comp)
    message = f"record: {notice_id} {ob_id} done {comp.date}"
    return Plan(snapshot.path_of(loaded), mutate, describe, message, ("obligations", index))


def _describe_completion(notice_id: str, index: int, comp: Completion, catalog: Catalog) -> str:
    """What was recorded, and which due date it met (as status matches them)."""
    notice = catalog.notices[notice_id].record
    ob = notice.obligations[index]
    as_of = max([comp.date, comp.occurrence or comp.date, *(c.date for c in ob.completions)])
    item = next((i for i in _items(catalog, notice, index, as_of) if i.done == comp), None)
    return f"{notice_id}: recorded {ob.id} done {comp.date} ({_due_words(item)})"


def _items(catalog: Catalog, notice: Notice, index: int, as_of: dt.date) -> tuple[Item, ...]:
    status = notice_status(notice, catalog.published_dates(), [], as_of)
    return status.obligations[index].items


def _check_completion(
    catalog: Catalog, loaded: Loaded[Notice], index: int, comp: Completion
) -> None:
    ob = loaded.record.obligations[index]
    for j, done in enumerate(ob.completions):
        if done.date == comp.date and done.occurrence == comp.occurrence:
            where = loaded.locate("obligations", index, "completions", j)
            raise NoticeError(f"{where}: {ob.id} done {comp.date} is already recorded")
    if comp.occurrence is not None:
        as_of = max(comp.date, comp.occurrence)
        _check_occurrence(loaded, index, _items(catalog, loaded.record, index, as_of), comp)


def _check_occurrence(
    loaded: Loaded[Notice], index: int, items: Sequence[Item], comp: Completion
) -> None:
    ob = loaded.record.obligations[index]
    where = loaded.locate("obligations", index, "schedule")
    due = [i for i in items if not i.extra and i.due is not None]
    match = next((i for i in due if i.due == comp.occurrence), None)
    if match is None:
        unknown = [i.occurrence.reason for i in items if i.due is None]
        dates = ", ".join(str(i.due) for i in due[:12])
        known = f"its due dates are {dates}" if dates else "none of its due dates is known"
        why = f" ({unknown[0]})" if unknown and not dates else ""
        raise NoticeError(
            f"{where}: --occurrence {comp.occurrence} is not a due date of {ob.id}: {known}{why}"
        )
    if match.done is not None:
        raise NoticeError(f"{where}: {ob.id} due {match.due} was already done {match.done.date}")


def _due_words(item: Item | None) -> str:
    if item is None or item.extra:
        return "no matching due date: an extra occasion"
    if item.due is None:
        return "its due date is undetermined"
    if item.occurrence.first_recorded:
        return "the first recorded: the cadence counts from it"
    return f"due {item.due}" + (", late" if item.state.value == "done_late" else "")
