"""Build the view model of one notice's board paper from its status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from notice_tracker.evaluate.status import MeasureView, NoticeStatus
from notice_tracker.evaluate.targets import TargetStatus
from notice_tracker.records.inspections import Inspection, Judgement
from notice_tracker.records.models import Notice
from notice_tracker.render.paper.appendix import appendix
from notice_tracker.render.paper.changes import Authored, changes_view
from notice_tracker.render.paper.figures import reading_rows, target_figure
from notice_tracker.render.paper.front import front_page
from notice_tracker.render.paper.model import (
    BasisView,
    Count,
    GitInfo,
    InspectionView,
    JudgementRow,
    MeasureRow,
    NoticePaper,
    RagCount,
    Summary,
    TargetRow,
    Theme,
    TitleBlock,
)
from notice_tracker.render.paper.names import Names, humane, inspection_name, names_for
from notice_tracker.render.paper.schedule import STATE_WORDS, schedule, timeline
from notice_tracker.render.paper.text import (
    day_text,
    doc_date_text,
    due_text,
    number,
    shorten,
    words,
)

RAG_RULES: Mapping[str, str] = {
    "Red": "its deadline has passed and it is not recorded as complete",
    "Amber": (
        "its deadline is within the due-soon window or cannot be worked out, "
        "or it has not been started"
    ),
    "Green": "it is complete, or in progress or ongoing with no deadline passed",
    "Not recorded": "nobody has recorded its status, and no deadline makes it red or amber",
}
"""When a measure gets each colour (``status._rag``); a board's own rating overrides."""

OVERALL_RULE = (
    "Red when anything is overdue; Amber when anything is due soon or undetermined, or a "
    "target is off track or stale; Green otherwise, and once the notice has ended."
)


FRAMEWORKS: Mapping[str, str] = {
    "apa": "annual performance assessment",
    "safeguarding_lac": "inspection of safeguarding and looked after children",
    "sif": "single inspection framework",
    "ilacs": "inspection of local authority children's services (ILACS)",
    "area_send": "area SEND inspection",
}


def notice_paper(
    status: NoticeStatus,
    inspections: Mapping[str, Inspection],
    git: GitInfo,
    changes: tuple[str, Sequence[Authored]] | None = None,
    changes_note: str = "",
) -> NoticePaper:
    """The view model of one notice's board paper.

    ``changes`` is the revision the changes are counted from and the changes themselves,
    or None to leave the section out; ``changes_note`` says why when it is left out.
    """
    notice = status.notice
    targets = {t.target.id: t.target.name for t in status.targets}
    names = names_for(notice, inspections, targets)
    plan = schedule(status, names)
    rows = tuple(target_row(t, names, status.as_of) for t in status.targets)
    measures = themes(status.measures, names)
    changed = changes_view(changes, names)
    return NoticePaper(
        title=title_block(notice, status.as_of, git),
        summary=summary(status, names),
        basis=basis(notice, inspections),
        themes=measures,
        schedule=plan,
        targets=rows,
        timeline=timeline(status, names),
        changes=changed,
        changes_note=changes_note,
        appendix=appendix(notice, names.paragraphs),
        window=status.window,
        front=front_page(status, names, plan, rows, measures, changed, changes_note),
    )


def title_block(notice: Notice, as_of: dt.date, git: GitInfo) -> TitleBlock:
    return TitleBlock(
        notice_id=notice.id,
        title=notice.title,
        council=notice.recipient.name,
        la_code=notice.recipient.la_code or "",
        issuer=notice.issuer,
        issued=doc_date_text(notice.issued),
        as_of=as_of,
        commit=git.commit,
        git_note=git.note,
    )


# --- summary -------------------------------------------------------------------------


def notice_state_text(status: NoticeStatus) -> str:
    """``open``, ``not yet issued``, ``lifted on 1 June 2016``, ``replaced by X on ...``:
    the lifecycle every view shows."""
    return status.life.words


def rag_reason(status: NoticeStatus) -> str:
    """What made the overall colour: ``3 overdue, 1 undetermined``."""
    if status.life.ended:
        return "nothing more is required once a notice has ended"
    if not status.life.in_force:
        return "nothing is required before a notice is issued"
    counts = (
        (status.overdue, "overdue"),
        (status.due_soon, "due soon"),
        (status.undetermined, "undetermined"),
        (status.targets_off_track, "target(s) off track or stale"),
    )
    parts = [f"{n} {label}" for n, label in counts if n]
    return ", ".join(parts) if parts else "nothing overdue, due soon or off track"


def next_text(status: NoticeStatus, names: Names | None = None) -> str:
    """The soonest open date: ``Improvement Board meetings, due 2 March 2015 (upcoming)``."""
    found = status.next
    if found is None:
        return "nothing dated is due"
    title, item = found
    title = humane(title, names) if names else title
    return f"{title}, due {due_text(item.occurrence)} ({STATE_WORDS[item.state]})"


def summary(status: NoticeStatus, names: Names) -> Summary:
    counts: tuple[Count, ...] = (
        Count("Overdue (obligations and measure deadlines)", status.overdue),
        Count(f"Due within {status.window} days", status.due_soon),
        Count("Undetermined (a date they count from is unknown)", status.undetermined),
        Count("Targets off track or stale", status.targets_off_track),
    )
    if status.missed:
        counts += (Count("Missed (due before the notice ended, never done)", status.missed),)
    rag_counts = tuple(
        RagCount(words(rag.value), n, RAG_RULES[words(rag.value)])
        for rag, n in status.rag_counts.items()
    )
    return Summary(
        state=notice_state_text(status),
        rag=words(status.rag.value),
        rag_reason=rag_reason(status),
        rule=OVERALL_RULE,
        counts=counts,
        rag_counts=rag_counts,
        next=next_text(status, names),
    )


# --- basis ---------------------------------------------------------------------------


def grade_text(grade: int | str) -> str:
    """``Requires improvement``; APA grades as ``Grade 2`` (4 is outstanding)."""
    return f"Grade {grade}" if isinstance(grade, int) else words(grade)


def _judgement(j: Judgement, label: str = "") -> JudgementRow:
    area = f"{label}: {j.area}" if label else j.area
    return JudgementRow(area, grade_text(j.grade), j.text or "")


def _judgements(insp: Inspection) -> tuple[JudgementRow, ...]:
    rows = [_judgement(insp.overall, "Overall")] if insp.overall else []
    rows += [_judgement(j) for j in insp.judgements]
    rows += [_judgement(insp.lscb)] if insp.lscb else []
    return tuple(rows)


def inspection_view(insp: Inspection) -> InspectionView:
    when = insp.published or insp.report_date
    label = "published" if insp.published else "dated"
    return InspectionView(
        id=insp.id,
        name=inspection_name(insp),
        title=insp.title,
        inspectorates=", ".join(insp.inspectorates),
        framework=FRAMEWORKS.get(insp.framework.value, insp.framework.value),
        published=f"{label} {doc_date_text(when)}",
        judgements=_judgements(insp),
    )


def basis(notice: Notice, inspections: Mapping[str, Inspection]) -> BasisView:
    found = [inspections[i] for i in notice.basis.inspections if i in inspections]
    return BasisView(
        text=notice.basis.text or "",
        inspections=tuple(inspection_view(i) for i in found),
        other=notice.basis.other,
    )


# --- measures and targets ------------------------------------------------------------


def _evidence(view: MeasureView) -> str:
    if not view.evidence:
        return "none recorded"
    latest = max(view.evidence, key=lambda e: e.date)
    return f"{day_text(latest.date)}: {latest.text}"


def _deadline(view: MeasureView) -> str:
    if view.deadline is None:
        return "none stated"
    return f"{due_text(view.deadline.occurrence)} ({STATE_WORDS[view.deadline.state]})"


def measure_row(view: MeasureView, names: Names) -> MeasureRow:
    m = view.measure
    return MeasureRow(
        id=m.id,
        label=names.short.get(m.id, m.id),
        paragraph=names.paragraph(m.id),
        summary=m.summary or shorten(m.text),
        owner=m.owner or "not assigned",
        status=words(m.status.value),
        rag=words(view.rag.value),
        rag_rule=humane(view.rag_rule, names),
        evidence=_evidence(view),
        evidence_count=len(view.evidence),
        deadline=_deadline(view),
    )


def themes(measures: Sequence[MeasureView], names: Names) -> tuple[Theme, ...]:
    """Measures grouped under their theme, themes in order of first appearance."""
    groups: dict[str, list[MeasureRow]] = {}
    for view in measures:
        row = measure_row(view, names)
        groups.setdefault(view.measure.theme or "Other measures", []).append(row)
    return tuple(Theme(name, tuple(rows)) for name, rows in groups.items())


def target_row(status: TargetStatus, names: Names, as_of: dt.date) -> TargetRow:
    t, unit, latest = status.target, status.target.unit, status.latest
    by = f" by {day_text(status.due)}" if status.due else " (date unknown)"
    expected = status.expected_now
    return TargetRow(
        id=t.id,
        name=t.name,
        baseline=f"{number(t.baseline.value, unit)} ({doc_date_text(t.baseline.date)})",
        target=f"{number(t.target.value, unit)}{by}",
        latest=f"{number(latest.value, unit)} ({day_text(latest.date)})" if latest else "none",
        expected=number(expected, unit) if expected is not None else "unknown",
        state=words(status.state.value),
        reason=humane(status.reason, names),
        trend=status.trend.value,
        values=(t.baseline.value, *(r.value for r in status.readings)) if latest else (),
        readings=reading_rows(status),
        chart=target_figure(status, as_of),
    )
