"""Build the view model of the portfolio summary: every notice rolled up on one page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

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


def _totals(statuses: Sequence[NoticeStatus], window: int) -> tuple[Count, ...]:
    return (
        Count("Notices", len(statuses)),
        Count("Open", sum(_open(s) for s in statuses)),
        Count("Not yet issued", sum(_not_yet(s) for s in statuses)),
        Count("Red", sum(s.rag.value == "red" for s in statuses)),
        Count("Overdue", sum(s.overdue for s in statuses)),
        Count(f"Due within {window} days", sum(s.due_soon for s in statuses)),
    )


def portfolio_paper(
    statuses: Sequence[NoticeStatus],
    as_of: dt.date,
    window: int,
    git: GitInfo,
    inspections: Mapping[str, Inspection] | None = None,
) -> PortfolioPaper:
    """The portfolio view model; notices in id order whatever order they come in.
    ``inspections`` names the inspections that dates are counted from."""
    ordered = sorted(statuses, key=lambda s: s.notice.id)
    names = {s.notice.id: names_for(s.notice, inspections or {}) for s in ordered}
    overdue = tuple(
        PortfolioItem(s.notice.id, row, s.notice.title)
        for s in ordered
        for row in rows(
            every_item(s, names[s.notice.id]), as_of, State.OVERDUE, names=names[s.notice.id]
        )
    )
    coming = tuple(
        PortfolioItem(s.notice.id, row, s.notice.title)
        for s in ordered
        for row in rows(
            every_item(s, names[s.notice.id]),
            as_of,
            State.DUE_SOON,
            State.UPCOMING,
            names=names[s.notice.id],
        )[:1]
    )
    return PortfolioPaper(
        as_of=as_of,
        commit=git.commit,
        git_note=git.note,
        window=window,
        rule=OVERALL_RULE,
        rows=tuple(portfolio_row(s, names[s.notice.id]) for s in ordered),
        totals=_totals(ordered, window),
        overdue=overdue,
        next=coming,
    )
