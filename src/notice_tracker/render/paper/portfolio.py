"""Build the view model of the portfolio summary: every notice rolled up on one page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from notice_tracker.evaluate.lifecycle import NoticeState
from notice_tracker.evaluate.status import NoticeStatus, State
from notice_tracker.records.inspections import Inspection
from notice_tracker.render.paper.model import (
    Count,
    GitInfo,
    PortfolioItem,
    PortfolioPaper,
    PortfolioRow,
)
from notice_tracker.render.paper.names import Names, names_for
from notice_tracker.render.paper.notice import (
    OVERALL_RULE,
    next_text,
    notice_state_text,
    rag_reason,
)
from notice_tracker.render.paper.schedule import every_item, rows
from notice_tracker.render.paper.text import doc_date_text, words


def portfolio_row(status: NoticeStatus, names: Names) -> PortfolioRow:
    notice = status.notice
    return PortfolioRow(
        notice_id=notice.id,
        title=notice.title,
        council=notice.recipient.name,
        issued=doc_date_text(notice.issued),
        state=notice_state_text(status),
        rag="None yet" if _not_yet(status) else words(status.rag.value),
        rag_reason="" if _not_yet(status) else rag_reason(status),
        overdue=status.overdue,
        due_soon=status.due_soon,
        undetermined=status.undetermined,
        targets_off_track=status.targets_off_track,
        next=next_text(status, names),
    )


def _not_yet(status: NoticeStatus) -> bool:
    """Not issued on the as-of date: neither open nor any colour yet."""
    return notice_state_text(status) == "not yet issued"


def _open(status: NoticeStatus) -> bool:
    return status.state is NoticeState.OPEN and not _not_yet(status)


def portfolio_paper(
    statuses: Iterable[NoticeStatus],
    as_of: dt.date,
    window: int,
    git: GitInfo,
    inspections: Mapping[str, Inspection] | None = None,
) -> PortfolioPaper:
    """The portfolio view model; notices in id order whatever order they come in.
    ``inspections`` names the inspections that dates are counted from. ``statuses`` is
    gone through once, a notice at a time: only what the paper shows of each is kept."""
    parts = sorted((_part(s, as_of, inspections or {}) for s in statuses), key=lambda p: p[0])
    every = [counts for *_, counts in parts]
    return PortfolioPaper(
        as_of=as_of,
        commit=git.commit,
        git_note=git.note,
        window=window,
        rule=OVERALL_RULE,
        rows=tuple(row for _, row, _, _, _ in parts),
        totals=(
            Count("Notices", len(every)),
            *(Count(label, sum(c[i] for c in every)) for i, label in enumerate(_COUNTED)),
            Count(f"Due within {window} days", sum(c[-1] for c in every)),
        ),
        overdue=tuple(item for _, _, overdue, _, _ in parts for item in overdue),
        next=tuple(item for _, _, _, coming, _ in parts for item in coming),
    )


_COUNTED = ("Open", "Not yet issued", "Red", "Overdue")
"""The totals counted over the notices (with how many there are and are due soon)."""


def _part(
    s: NoticeStatus, as_of: dt.date, inspections: Mapping[str, Inspection]
) -> tuple[str, PortfolioRow, list[PortfolioItem], list[PortfolioItem], tuple[int, ...]]:
    """What the paper shows of one notice: its row, its overdue items, its next item,
    and what it adds to each total (``_COUNTED``, then due soon)."""
    names = names_for(s.notice, inspections)
    items = every_item(s, names)
    overdue = [
        PortfolioItem(s.notice.id, row, s.notice.title)
        for row in rows(items, as_of, State.OVERDUE, names=names)
    ]
    coming = [
        PortfolioItem(s.notice.id, row, s.notice.title)
        for row in rows(items, as_of, State.DUE_SOON, State.UPCOMING, names=names)[:1]
    ]
    counts = (_open(s), _not_yet(s), s.rag.value == "red", s.overdue, s.due_soon)
    return s.notice.id, portfolio_row(s, names), overdue, coming, tuple(map(int, counts))
