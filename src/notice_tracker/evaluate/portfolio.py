"""The portfolio: every notice's status as of a date, and the lookups commands share."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from notice_tracker.errors import NoticeError
from notice_tracker.evaluate.lifecycle import Successor
from notice_tracker.evaluate.status import (
    DUE_SOON_DAYS,
    OPEN,
    Item,
    NoticeStatus,
    ObligationStatus,
    State,
    notice_status,
)
from notice_tracker.read.catalog import Catalog, Loaded
from notice_tracker.read.problems import did_you_mean
from notice_tracker.records.models import Notice


def find_notice(catalog: Catalog, notice_id: str, where: str = "") -> Loaded[Notice]:
    """The notice with this id; else a ``NoticeError`` (prefixed with ``where``, the
    folder looked in) that says the file does not validate, or suggests the closest ids."""
    loaded = catalog.notices.get(notice_id)
    if loaded is not None:
        return loaded
    broken = [p for p in catalog.problems if Path(p.where.file).stem == notice_id]
    if broken:
        raise NoticeError(
            f"{broken[0].where.file}: notice {notice_id!r} does not validate "
            f"({len(broken)} problem(s), first: {broken[0]}); fix it first (`notice validate`)"
        )
    known = sorted(catalog.notices)
    hint = did_you_mean(notice_id, known) or f"known: {', '.join(known) or 'none'}"
    prefix = f"{where}: " if where else ""
    raise NoticeError(f"{prefix}no notice {notice_id!r} ({hint})")


def evaluate(
    catalog: Catalog,
    as_of: dt.date,
    window: int = DUE_SOON_DAYS,
    ids: Iterable[str] = (),
    until: dt.date | None = None,
) -> list[NoticeStatus]:
    """Status of the named notices (all when none are named), in id order; ``until``
    lists open-ended recurrences further than the window (``explain --until``)."""
    return list(statuses(catalog, as_of, window, ids, until))


def statuses(
    catalog: Catalog,
    as_of: dt.date,
    window: int = DUE_SOON_DAYS,
    ids: Iterable[str] = (),
    until: dt.date | None = None,
) -> Iterator[NoticeStatus]:
    """``evaluate``, one notice at a time: each notice's records are built for its
    status and let go when the next is asked for, so that a view of the whole register
    that keeps only what it shows holds one notice's records at a time."""
    wanted = list(ids) or sorted(catalog.notices)
    for notice_id in wanted:
        find_notice(catalog, notice_id)  # every id is known before any status is given
    published = catalog.published_dates()
    successors = _successors(catalog)
    for notice_id in wanted:
        loaded = catalog.notices[notice_id]
        sets = catalog.targets_for(notice_id)
        with contextlib.ExitStack() as held:
            held.enter_context(loaded.held())
            for target_set in sets:
                held.enter_context(target_set.held())
            after = successors.get(notice_id)
            records = [t.record for t in sets]
            yield notice_status(loaded.record, published, records, as_of, window, after, until)


def _successors(catalog: Catalog) -> dict[str, Successor]:
    """For each notice that another one ``replaces:``, that successor (the first by id
    when several claim it; validation reports that)."""
    found: dict[str, Successor] = {}
    for notice_id in sorted(catalog.notices):
        loaded = catalog.notices[notice_id]
        old = loaded.facts.get("replaces")  # from the facts: only successors are built
        if isinstance(old, str) and old not in found:
            with loaded.held():
                found[old] = Successor(notice_id, loaded.record.issued.start)
    return found


@dataclass(frozen=True)
class DueItem:
    """One open or undetermined occurrence in a window, for ``notice due``."""

    notice: str
    obligation: ObligationStatus | None
    subject: str
    item: Item


def due_within(statuses: Iterable[NoticeStatus], days: int) -> tuple[list[DueItem], int]:
    """Overdue items first (oldest first), then those missed before their notice ended
    (history, oldest first), then those due within ``days`` of the as-of date, soonest
    first; ties broken by notice and subject so the order is stable. With them, how
    many items of these notices are undetermined (they have no date to list)."""
    found: list[DueItem] = []
    undetermined = 0
    listed = (*OPEN, State.MISSED)
    for st in statuses:
        undetermined += st.undetermined
        limit = st.as_of + dt.timedelta(days=days)
        for ob, item in st.items(*listed):
            if item.due is not None and item.due <= limit:
                found.append(DueItem(st.notice.id, ob, ob.obligation.id, item))
        for m in st.measures:
            d = m.deadline
            if d is not None and d.state in listed and d.due is not None and d.due <= limit:
                found.append(DueItem(st.notice.id, None, f"measure {m.measure.id}", d))
    return sorted(found, key=_due_order), undetermined


_FIRST = {State.OVERDUE: 0, State.MISSED: 1}


def _due_order(d: DueItem) -> tuple[int, dt.date, str, str]:
    assert d.item.due is not None
    return (_FIRST.get(d.item.state, 2), d.item.due, d.notice, d.subject)
