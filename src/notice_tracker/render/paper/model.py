"""The view model of a board paper: frozen dataclasses of strings, numbers and dates.

This is what templates see (as ``report``), block by block. Every text is ready to
print, unescaped (the template environment escapes it), and every tuple is in a fixed
order. Adding a field is compatible with user templates; renaming one is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NOT_IN_GIT = "not in a git repository"


@dataclass(frozen=True)
class GitInfo:
    """What the caller learnt from git: the data's short commit sha (empty outside a
    repository) and a note for the title block."""

    commit: str = ""
    note: str = NOT_IN_GIT


@dataclass(frozen=True)
class TitleBlock:
    notice_id: str
    title: str
    council: str
    la_code: str
    issuer: str
    issued: str
    as_of: dt.date
    commit: str
    """Short sha of the data's commit; empty when the data is not in git."""
    git_note: str
    """``not in a git repository``, ``uncommitted changes``, or empty."""

    @property
    def in_git(self) -> bool:
        return bool(self.commit)


@dataclass(frozen=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True)
class RagCount:
    colour: str
    count: int
    rule: str
    """When a measure gets this colour."""


@dataclass(frozen=True)
class Summary:
    state: str
    rag: str
    rag_reason: str
    """What made the overall colour, e.g. ``3 overdue, 1 undetermined``."""
    rule: str
    """The rule for the overall colour."""
    counts: tuple[Count, ...]
    rag_counts: tuple[RagCount, ...]
    next: str


@dataclass(frozen=True)
class JudgementRow:
    area: str
    grade: str
    text: str


@dataclass(frozen=True)
class InspectionView:
    id: str
    title: str
    inspectorates: str
    framework: str
    published: str
    judgements: tuple[JudgementRow, ...]


@dataclass(frozen=True)
class BasisView:
    text: str
    inspections: tuple[InspectionView, ...]
    other: tuple[str, ...]


@dataclass(frozen=True)
class MeasureRow:
    id: str
    summary: str
    owner: str
    status: str
    rag: str
    rag_rule: str
    evidence: str
    """The latest evidence to date, ``2 November 2014: text``, or ``none recorded``."""
    evidence_count: int
    deadline: str


@dataclass(frozen=True)
class Theme:
    name: str
    measures: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class ObligationRow:
    id: str
    title: str
    paragraph: str
    done_on_time: int
    done_late: int
    overdue: int
    next: str
    """The next date still to come, or why there is none."""


@dataclass(frozen=True)
class ItemRow:
    """One occurrence: an obligation's due date or a measure's deadline."""

    what: str
    paragraph: str
    due: str
    state: str
    done: str
    note: str
    """How the due date was worked out, or why it cannot be."""


@dataclass(frozen=True)
class Schedule:
    obligations: tuple[ObligationRow, ...]
    done: tuple[ItemRow, ...]
    overdue: tuple[ItemRow, ...]
    next: tuple[ItemRow, ...]
    """The next three dates still to come (overdue ones are in ``overdue``)."""
    undetermined: tuple[ItemRow, ...]
    missed: tuple[ItemRow, ...] = ()
    """Fell due before the notice ended and were never done (history, not overdue)."""


@dataclass(frozen=True)
class TargetRow:
    id: str
    name: str
    baseline: str
    target: str
    latest: str
    expected: str
    """Where the trajectory says the value should be on the as-of date."""
    state: str
    reason: str
    trend: str
    values: tuple[float, ...]
    """Baseline then readings to date, for the sparkline; empty without readings."""


@dataclass(frozen=True)
class GanttTask:
    title: str
    spec: str
    """``milestone, crit, 2014-11-02, 0d``: Mermaid task metadata."""


@dataclass(frozen=True)
class GanttSection:
    name: str
    tasks: tuple[GanttTask, ...]


@dataclass(frozen=True)
class Timeline:
    title: str
    sections: tuple[GanttSection, ...]
    undetermined: tuple[str, ...]
    """Occurrences without a date, which a chart cannot place."""


@dataclass(frozen=True)
class ChangeRow:
    kind: str
    subject: str
    detail: str


@dataclass(frozen=True)
class Changes:
    since: str
    rows: tuple[ChangeRow, ...]


@dataclass(frozen=True)
class ObligationText:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    id: str
    kind: str
    """``measure``, or the clause's role: ``assessment clause``, ``preamble clause``..."""
    theme: str
    text: str
    obligations: tuple[ObligationText, ...]
    """The obligations this paragraph sets."""


@dataclass(frozen=True)
class VerbatimText:
    label: str
    text: str


@dataclass(frozen=True)
class Appendix:
    paragraphs: tuple[Paragraph, ...]
    unplaced: tuple[ObligationText, ...]
    """Obligations that name no paragraph of the notice."""
    other: tuple[VerbatimText, ...]
    """The notice's verbatim texts outside its paragraphs (reason, board, step-down,
    consequence) that no paragraph already gives word for word."""


@dataclass(frozen=True)
class NoticePaper:
    """Everything ``notice.md.j2`` shows."""

    title: TitleBlock
    summary: Summary
    basis: BasisView
    themes: tuple[Theme, ...]
    schedule: Schedule
    targets: tuple[TargetRow, ...]
    timeline: Timeline
    changes: Changes | None
    """None without ``--since`` or outside git."""
    changes_note: str
    """Why changes were asked for and cannot be shown, else empty."""
    appendix: Appendix
    window: int


@dataclass(frozen=True)
class PortfolioRow:
    notice_id: str
    title: str
    council: str
    issued: str
    state: str
    rag: str
    rag_reason: str
    overdue: int
    due_soon: int
    undetermined: int
    targets_off_track: int
    next: str


@dataclass(frozen=True)
class PortfolioItem:
    notice_id: str
    item: ItemRow


@dataclass(frozen=True)
class PortfolioPaper:
    """Everything ``portfolio.md.j2`` shows."""

    as_of: dt.date
    commit: str
    git_note: str
    window: int
    rule: str
    rows: tuple[PortfolioRow, ...]
    totals: tuple[Count, ...]
    overdue: tuple[PortfolioItem, ...]
    next: tuple[PortfolioItem, ...]
    """Each open notice's next date still to come."""

    @property
    def in_git(self) -> bool:
        return bool(self.commit)
