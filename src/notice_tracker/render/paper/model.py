"""The view model of a board paper: frozen dataclasses of strings, numbers and dates.

This is what templates see (as ``report``), block by block. Every text is ready to
print, unescaped (the template environment escapes it), and every tuple is in a fixed
order. Adding a field is compatible with user templates; renaming one is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from notice_tracker.render.charts import Scene

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
    name: str
    """What and when, in words: ``Ofsted inspection published 23 May 2014``."""
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
    label: str
    """Its number as the document prints it under its heading: ``14``, ``(i)``,
    ``point 2`` (an unnumbered bullet), ``—`` (the only paragraph under it)."""
    paragraph: str
    """Where it is, in full: ``paragraph 14``, ``point 2 under “Capacity and Capability”``."""
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
    readings: tuple[ReadingRow, ...] = ()
    """Each reading to date beside where the trajectory put the value that day."""
    chart: Figure | None = None
    """Readings against the trajectory; None until there is a reading."""


@dataclass(frozen=True)
class ReadingRow:
    day: dt.date
    value: str
    trajectory: str
    """Where the straight line to the target stood that day."""


@dataclass(frozen=True)
class Figure:
    """A chart, three ways: Mermaid text for the Markdown paper, and a drawing (a
    ``render.charts.Scene``) that the HTML page shows as SVG and Word as a picture."""

    mermaid: str
    scene: Scene
    caption: str


@dataclass(frozen=True)
class Timeline:
    title: str
    first: dt.date
    last: dt.date
    """The window the chart shows."""
    hidden: int
    """How many dated occurrences fall outside the window (the schedule lists them)."""
    figure: Figure | None
    """None when nothing falls in the window."""
    rows: tuple[ItemRow, ...]
    """What the chart shows, as a table (for readers who cannot see the chart)."""
    undetermined: tuple[str, ...]
    """Occurrences without a date, which a chart cannot place."""


@dataclass(frozen=True)
class ChangeRow:
    kind: str
    """What kind of change, in words: ``status``, ``reading added``."""
    subject: str
    """What it changed: ``Measure in paragraph 12``, an obligation's title, a target's name."""
    detail: str
    """The change in words: ``status: not started -> in progress``."""
    who: str = ""
    """The author of the commit that made it, or ``not yet committed``."""
    when: str = ""
    """The day of that commit (empty when not committed yet)."""


@dataclass(frozen=True)
class ChangeGroup:
    name: str
    """``Measures``, ``Obligations``, ``Targets`` or ``The notice``."""
    rows: tuple[ChangeRow, ...]


@dataclass(frozen=True)
class Changes:
    since: str
    rows: tuple[ChangeRow, ...]
    groups: tuple[ChangeGroup, ...] = ()
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObligationText:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    id: str
    kind: str
    """``measure``, or the clause's role in words: ``how progress is assessed``, ``lead-in``..."""
    theme: str
    text: str
    obligations: tuple[ObligationText, ...]
    """The obligations this paragraph sets."""
    label: str = ""
    """``Paragraph 14``, ``Point (ii)``, ``Point 2 under “Capacity and Capability”``."""


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
class FrontPage:
    """The board's one screen: what needs its attention now."""

    overdue: tuple[ItemRow, ...]
    next_meeting: str
    """The board's next meeting still to come, or empty when it has no date."""
    until: dt.date
    """The next meeting, or the end of the due-soon window when there is none."""
    before_next: tuple[ItemRow, ...]
    """What falls due from the as-of date up to ``until``."""
    off_track: tuple[TargetRow, ...]
    decisions: tuple[str, ...]
    """What the board is asked to decide, one sentence each."""
    changes: str
    """How much changed since the last paper, and by whom, in one sentence."""


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
    front: FrontPage | None = None
    """The front page for the board (always set for a paper built by ``notice_paper``)."""

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every chart the paper shows: each target's, then the timeline."""
        found = [t.chart for t in self.targets if t.chart is not None]
        return (*found, *([self.timeline.figure] if self.timeline.figure else []))

    @property
    def heading(self) -> str:
        return self.title.title


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
    notice: str = ""
    """The notice's title."""


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

    @property
    def figures(self) -> tuple[Figure, ...]:
        return ()

    @property
    def heading(self) -> str:
        return f"Improvement notices: portfolio as of {self.as_of.day} {self.as_of:%B %Y}"
