"""Status of every obligation, measure and target of a notice as of a date.

Pure: the as-of date and the due-soon window are arguments. Completions, evidence and
readings dated after the as-of date are ignored, so a past date shows what was known
then (measure statuses are as recorded now; use ``--at REV`` for the data as it was).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from notice_tracker.evaluate.lifecycle import Life, NoticeState, Successor, life_of
from notice_tracker.evaluate.matching import match
from notice_tracker.evaluate.schedule import AnchorDate, Context, Occurrence, occurrences
from notice_tracker.evaluate.targets import TargetStatus, target_status
from notice_tracker.records.dates import DocDate
from notice_tracker.records.models import (
    Completion,
    Evidence,
    Measure,
    MeasureStatus,
    Notice,
    Obligation,
    ObligationType,
    Rag,
)
from notice_tracker.records.targets import TargetSet

DUE_SOON_DAYS = 30
"""How many days ahead an occurrence counts as due soon, unless a command says otherwise."""


class State(StrEnum):
    """The state of one occurrence."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    DONE = "done"
    """Recorded complete without a date (a measure marked complete)."""
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"
    UNDETERMINED = "undetermined"
    MISSED = "missed"
    """Fell due before the notice ended and was never done: history, not overdue."""
    NOT_APPLICABLE = "not_applicable"


OPEN = (State.OVERDUE, State.DUE_SOON, State.UPCOMING)


@dataclass(frozen=True)
class Item:
    """One occurrence with its state and the completion that fulfilled it, if any."""

    occurrence: Occurrence
    state: State
    done: Completion | None = None
    extra: bool = False
    """An extra occasion: a completion that fulfils no due date (its own date stands in)."""

    @property
    def due(self) -> dt.date | None:
        return self.occurrence.due


@dataclass(frozen=True)
class ObligationStatus:
    obligation: Obligation
    index: int
    items: tuple[Item, ...]
    path: tuple[str | int, ...] = ()
    """Where it is written, when not ``obligations[index]`` (a notice-level deadline)."""

    @property
    def where(self) -> tuple[str | int, ...]:
        return self.path or ("obligations", self.index)

    def count(self, *states: State) -> int:
        return sum(item.state in states for item in self.items)

    @property
    def next(self) -> Item | None:
        """The first item still to do (overdue first, then the soonest)."""
        return next((i for i in self.items if i.state in OPEN), None)


@dataclass(frozen=True)
class MeasureView:
    measure: Measure
    index: int
    deadline: Item | None
    rag: Rag
    rag_rule: str
    evidence: tuple[Evidence, ...]

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline.state is State.OVERDUE


@dataclass(frozen=True)
class NoticeStatus:
    notice: Notice
    as_of: dt.date
    window: int
    life: Life
    obligations: tuple[ObligationStatus, ...]
    measures: tuple[MeasureView, ...]
    targets: tuple[TargetStatus, ...]
    targets_due: Item | None = None
    rag_counts: Mapping[Rag, int] = field(default_factory=dict)

    @property
    def state(self) -> NoticeState:
        return self.life.state

    def items(self, *states: State) -> list[tuple[ObligationStatus, Item]]:
        return [(o, i) for o in self.obligations for i in o.items if i.state in states]

    @property
    def overdue(self) -> int:
        return len(self.items(State.OVERDUE)) + sum(m.overdue for m in self.measures)

    @property
    def due_soon(self) -> int:
        soon = sum(
            m.deadline is not None and m.deadline.state is State.DUE_SOON for m in self.measures
        )
        return len(self.items(State.DUE_SOON)) + soon

    @property
    def undetermined(self) -> int:
        return len(self.items(State.UNDETERMINED)) + sum(
            m.deadline is not None and m.deadline.state is State.UNDETERMINED for m in self.measures
        )

    @property
    def missed(self) -> int:
        """Items that fell due before the notice ended and were never done."""
        return len(self.items(State.MISSED)) + sum(
            m.deadline is not None and m.deadline.state is State.MISSED for m in self.measures
        )

    @property
    def targets_off_track(self) -> int:
        return sum(t.state.value in ("off_track", "stale") for t in self.targets)

    @property
    def next(self) -> tuple[str, Item] | None:
        """The soonest obligation occurrence or measure deadline not yet due (overdue
        items are counted separately); ties go to the alphabetically first title."""
        ahead = self._ahead()
        return (ahead[0][1], ahead[0][2]) if ahead else None

    @property
    def next_group(self) -> tuple[tuple[str, ...], Item] | None:
        """Every title due on the soonest day not yet due (as ``next``), in title order,
        so that two things falling due on one day are both shown."""
        ahead = self._ahead()
        if not ahead:
            return None
        titles = dict.fromkeys(title for due, title, _ in ahead if due == ahead[0][0])
        return tuple(titles), ahead[0][2]

    def _ahead(self) -> list[tuple[dt.date, str, Item]]:
        ahead = (State.DUE_SOON, State.UPCOMING)
        candidates = [(i, o.obligation.title) for o, i in self.items(*ahead)]
        candidates += [
            (m.deadline, _measure_label(m.measure))
            for m in self.measures
            if m.deadline is not None and m.deadline.state in ahead
        ]
        dated = [(item.due, title, item) for item, title in candidates if item.due is not None]
        return sorted(dated, key=lambda t: (t[0], t[1]))

    @property
    def rag(self) -> Rag:
        """Green when the notice is not in force (not yet issued, or ended); else red
        when anything is overdue; amber when anything is due soon, undetermined or off
        track; green otherwise."""
        if not self.life.in_force:
            return Rag.GREEN
        if self.overdue:
            return Rag.RED
        if self.due_soon or self.undetermined or self.targets_off_track:
            return Rag.AMBER
        return Rag.GREEN


def _measure_label(measure: Measure) -> str:
    return f"Measure {measure.id}" + (f": {measure.summary}" if measure.summary else "")


def state_of(
    occ: Occurrence, done: Completion | None, as_of: dt.date, window: int, end: dt.date | None
) -> State:
    """The state rule, in order: done (on time or late) > undetermined > not applicable
    (due after the notice ended) > missed (due by the end, never done) > overdue (due
    date passed) > due soon (within ``window`` days, the due day included) > upcoming."""
    if done is not None:
        late = occ.due is not None and done.date > occ.due
        return State.DONE_LATE if late else State.DONE_ON_TIME
    if occ.due is None:
        return State.UNDETERMINED
    if end is not None:
        return State.NOT_APPLICABLE if occ.due > end else State.MISSED
    if occ.due < as_of:
        return State.OVERDUE
    if (occ.due - as_of).days <= window:
        return State.DUE_SOON
    return State.UPCOMING


def _known_by(completions: Sequence[Completion], as_of: dt.date) -> list[Completion]:
    return [c for c in completions if c.date <= as_of]


def _extra_item(comp: Completion) -> Item:
    occ = Occurrence(comp.date, f"done {comp.date} (no matching due date)", ad_hoc=True)
    return Item(occ, State.DONE_ON_TIME, comp, extra=True)


@dataclass(frozen=True)
class Evaluation:
    """Inputs shared by every part of one notice's status."""

    as_of: dt.date
    window: int
    end: dt.date | None

    def item(self, occ: Occurrence, done: Completion | None = None) -> Item:
        return Item(occ, state_of(occ, done, self.as_of, self.window, self.end), done)


def _obligations(notice: Notice, ctx: Context, ev: Evaluation) -> tuple[ObligationStatus, ...]:
    due: dict[str, list[Occurrence]] = {}
    held: dict[str, list[AnchorDate]] = {}
    done = {o.id: [d for d, _ in _dated(o, ev.as_of)] for o in notice.obligations}
    result: dict[str, ObligationStatus] = {}
    for index, ob in _in_dependency_order(notice.obligations):
        # Its own completions count for a maximum interval; an ad hoc extra restarts nothing.
        own = {**done, ob.id: [d for d, ad_hoc in _dated(ob, ev.as_of) if not ad_hoc]}
        ctx_ob = replace(ctx, due=due, done=own, held=held)
        occs = occurrences(ob.schedule, ctx_ob, ob.id)
        due[ob.id] = occs
        fulfilled, extra = match(occs, _known_by(ob.completions, ev.as_of))
        items = [ev.item(o, c) for o, c in zip(occs, fulfilled, strict=True)]
        items += [_extra_item(c) for c in extra]
        items.sort(key=lambda i: (i.due is None, i.due or dt.date.min))
        held[ob.id] = [_held(ob.id, i) for i in items]
        result[ob.id] = ObligationStatus(ob, index, tuple(items))
    return tuple(result[o.id] for o in notice.obligations)


TARGETS_ID = "targets"
"""The id ``explain`` and the views give a notice-level deadline with no target set."""


def _deadline_obligation(notice: Notice, item: Item) -> ObligationStatus:
    assert notice.targets_due is not None
    ob = Obligation(
        id=TARGETS_ID,
        title="All targets to be met",
        type=ObligationType.DEADLINE,
        schedule=(notice.targets_due,),
    )
    return ObligationStatus(ob, len(notice.obligations), (item,), ("targets_due",))


def _held(ob_id: str, item: Item) -> AnchorDate:
    """When an occurrence took (or is to take) place: its completion's day, else its due
    date; undetermined with its reason when neither is known."""
    if item.done is not None:
        return AnchorDate(item.done.date, f"{ob_id} held {item.done.date}")
    occ = item.occurrence
    if occ.due is None:
        return AnchorDate(None, f"{ob_id} ({occ.derivation})", f"{ob_id}: {occ.reason}")
    return AnchorDate(occ.due, f"{ob_id} due {occ.due}", month_only=occ.month_only)


def _dated(ob: Obligation, as_of: dt.date) -> list[tuple[dt.date, bool]]:
    """(date, ad hoc) of each completion recorded by ``as_of``, oldest first."""
    return sorted((c.date, c.ad_hoc) for c in _known_by(ob.completions, as_of))


def _in_dependency_order(obligations: Sequence[Obligation]) -> list[tuple[int, Obligation]]:
    """Obligations whose anchors name other obligations come after those (no cycles:
    the loader rejects them)."""
    pending = list(enumerate(obligations))
    ordered: list[tuple[int, Obligation]] = []
    placed: set[str] = set()
    while pending:
        ready = [(i, o) for i, o in pending if o.depends_on <= placed | {o.id}]
        if not ready:  # a cycle slipped through: keep document order rather than loop
            ready = pending[:1]
        for pair in ready:
            ordered.append(pair)
            placed.add(pair[1].id)
            pending.remove(pair)
    return ordered


def _group_deadlines(measures: Sequence[Measure]) -> dict[str, Measure]:
    """For each measure named in another's ``deadline_applies_to``, that other measure."""
    return {ref: m for m in measures for ref in m.deadline_applies_to}


def _measure(
    measure: Measure, index: int, ctx: Context, ev: Evaluation, group: Measure | None = None
) -> MeasureView:
    """``group`` is the measure whose deadline is stated for this one too, if any (its
    own deadline comes first)."""
    deadline = None
    stated, source = measure.deadline, ""
    if stated is None and group is not None:
        stated, source = group.deadline, f"as stated in measure {group.id}: "
    if stated is not None:
        occs = [replace(o, derivation=source + o.derivation) for o in occurrences((stated,), ctx)]
        if occs and measure.status is MeasureStatus.COMPLETE:
            deadline = Item(occs[-1], State.DONE)
        elif occs:
            deadline = ev.item(occs[-1])
    evidence = tuple(e for e in measure.evidence if e.date <= ev.as_of)
    rag, rule = _rag(measure, deadline, ev.window)
    return MeasureView(measure, index, deadline, rag, rule, evidence)


def _rag(measure: Measure, deadline: Item | None, window: int) -> tuple[Rag, str]:
    """The RAG rule, first match wins; the second value says which rule set it."""
    if measure.rag is not None:
        return measure.rag, "rated by the board"
    if measure.status is MeasureStatus.COMPLETE:
        return Rag.GREEN, "complete"
    if deadline is not None and deadline.state is State.OVERDUE:
        return Rag.RED, f"deadline {deadline.due} passed and not complete"
    if deadline is not None and deadline.state is State.DUE_SOON:
        return Rag.AMBER, f"deadline {deadline.due} within {window} days"
    if deadline is not None and deadline.state is State.UNDETERMINED:
        return Rag.AMBER, f"deadline undetermined: {deadline.occurrence.reason}"
    if measure.status is MeasureStatus.NOT_RECORDED:
        return Rag.NOT_RECORDED, "no status recorded"
    if measure.status is MeasureStatus.NOT_STARTED:
        return Rag.AMBER, "not started"
    return Rag.GREEN, f"{measure.status.value.replace('_', ' ')}, no deadline passed"


def notice_status(
    notice: Notice,
    published: Mapping[str, DocDate | None],
    target_sets: Sequence[TargetSet],
    as_of: dt.date,
    window: int = DUE_SOON_DAYS,
    successor: Successor | None = None,
    until: dt.date | None = None,
) -> NoticeStatus:
    """Everything about one notice as of ``as_of``; ``window`` days count as due soon;
    ``successor`` is the notice whose ``replaces:`` names this one, if any. Open-ended
    recurrences are listed to the window's end, or to ``until`` when that is later."""
    life = life_of(notice, as_of, successor)
    end = life.end
    ev = Evaluation(as_of, window, end)
    horizon = max(as_of + dt.timedelta(days=window), until or as_of)
    ctx = Context(notice.issued, notice.received, published, horizon, end)
    targets_due = None
    obligations = _obligations(notice, ctx, ev)
    if notice.targets_due is not None:
        occs = occurrences((notice.targets_due,), ctx)
        targets_due = ev.item(occs[-1]) if occs else None
    if targets_due is not None and not target_sets:
        # No target set to apply it to: the date is a deadline of the notice itself.
        obligations += (_deadline_obligation(notice, targets_due),)
        targets_due = None
    groups = _group_deadlines(notice.measures)
    measures = tuple(
        _measure(m, i, ctx, ev, groups.get(m.id)) for i, m in enumerate(notice.measures)
    )
    default_by = targets_due.due if targets_due else None
    targets = tuple(
        target_status(ts.id, i, t, default_by, as_of)
        for ts in target_sets
        for i, t in enumerate(ts.targets)
    )
    counts = {rag: sum(m.rag is rag for m in measures) for rag in Rag}
    return NoticeStatus(
        notice,
        as_of,
        window,
        life,
        obligations,
        measures,
        targets,
        targets_due,
        counts,
    )
