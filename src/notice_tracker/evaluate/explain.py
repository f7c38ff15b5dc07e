"""``notice explain``: how each due date of one item was derived, or how a target's
trajectory and state were worked out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from notice_tracker.errors import NoticeError
from notice_tracker.evaluate.schedule import describe
from notice_tracker.evaluate.status import Item, MeasureView, NoticeStatus
from notice_tracker.evaluate.targets import TargetStatus, trajectory
from notice_tracker.read.problems import did_you_mean
from notice_tracker.records.models import Notice


@dataclass(frozen=True)
class Explanation:
    notice: str
    subject: str
    title: str
    rules: tuple[str, ...]
    items: tuple[Item, ...]
    state: str = "open"
    """The notice's lifecycle in words, as every view gives it."""


def explain(st: NoticeStatus, item_id: str) -> Explanation:
    """Explain an obligation (by id), a measure's deadline (by measure id, or
    ``measure:ID``), the date all targets are due (``targets``) or one target (by id)."""
    return replace(_explain(st, item_id), state=st.life.words)


def _explain(st: NoticeStatus, item_id: str) -> Explanation:
    n = st.notice
    for ob in st.obligations:
        if ob.obligation.id == item_id:
            o = ob.obligation
            return Explanation(n.id, o.id, o.title, tuple(map(describe, o.schedule)), ob.items)
    measure_id = item_id.removeprefix("measure:")
    for m in st.measures:
        if m.measure.id == measure_id:
            return _measure(st, m)
    if item_id == "targets" and n.targets_due is not None and st.targets_due is not None:
        return Explanation(
            n.id, "targets", "All targets to be met", (describe(n.targets_due),), (st.targets_due,)
        )
    for t in st.targets:
        if t.target.id == item_id:
            return _target(st, t)
    raise NoticeError(
        f"{n.id} has no obligation, measure or target {item_id!r}{_hint(st, item_id)}"
    )


def explain_far(
    status_until: Callable[[dt.date | None], NoticeStatus],
    item_id: str,
    as_of: dt.date,
    count: int | None = None,
    until: dt.date | None = None,
) -> Explanation:
    """``explain`` with the occurrences up to ``until`` and/or at least ``count`` dated
    ones on or after ``as_of`` (for open-ended recurrences), looking up to a century
    ahead; ``status_until(day)`` gives the status with recurrences listed to ``day``."""
    ex = explain(status_until(until), item_id)
    if until is not None and count is None:
        kept = tuple(i for i in ex.items if i.due is None or i.due <= until)
        ex = replace(ex, items=kept)
    span = 366
    while count is not None and _ahead(ex, as_of) < count and span <= 100 * 366:
        ex = explain(status_until(as_of + dt.timedelta(days=span)), item_id)
        span *= 2
    if count is None:
        return ex
    return _first_ahead(ex, as_of, count)


def _ahead(ex: Explanation, as_of: dt.date) -> int:
    return sum(i.due is not None and i.due >= as_of for i in ex.items)


def _first_ahead(ex: Explanation, as_of: dt.date, count: int) -> Explanation:
    """Everything before ``as_of`` (and undetermined), and the first ``count`` after."""
    ahead = [i for i in ex.items if i.due is not None and i.due >= as_of][:count]
    kept = [i for i in ex.items if i.due is None or i.due < as_of or i in ahead]
    return replace(ex, items=tuple(kept))


def _measure(st: NoticeStatus, m: MeasureView) -> Explanation:
    measure = m.measure
    stated = measure.deadline
    rules: tuple[str, ...] = (describe(stated),) if stated else ()
    if stated is None:
        group = [g for g in st.notice.measures if measure.id in g.deadline_applies_to]
        if group and group[0].deadline is not None:
            rules = (f"as stated in measure {group[0].id}: {describe(group[0].deadline)}",)
    items = (m.deadline,) if m.deadline else ()
    return Explanation(st.notice.id, f"measure {measure.id}", _title(m), rules, items)


def _title(m: MeasureView) -> str:
    """The measure's summary, or the start of its text (never just its id)."""
    if m.measure.summary:
        return m.measure.summary
    text = " ".join(m.measure.text.split())
    return text if len(text) <= 72 else text[:71].rsplit(" ", 1)[0] + "…"


def _target(st: NoticeStatus, t: TargetStatus) -> Explanation:
    tg = t.target
    unit = f" {tg.unit}"
    by = f"by {t.due}" if t.due else "by an unknown date"
    if tg.target.by is None and st.targets_due is not None and t.due is not None:
        by += f" (the notice's targets_due: {st.targets_due.occurrence.derivation})"
    rules = [
        f"{tg.direction.value} is better",
        f"baseline {tg.baseline.value:g}{unit} at {tg.baseline.date}",
        *(f"milestone {p.value:g}{unit} at {p.date}" for p in tg.milestones),
        f"target {tg.target.value:g}{unit} {by}",
        "trajectory through "
        + (", ".join(f"{day} {value:g}" for day, value in trajectory(tg, t.due)) or "nothing"),
        f"latest reading: {t.latest.value:g}{unit} on {t.latest.date}"
        if t.latest
        else "latest reading: none",
        f"expected now: {t.expected_now:.2f}{unit}"
        if t.expected_now is not None
        else "expected now: unknown",
        f"state: {t.state.value.replace('_', ' ')} ({t.reason})",
    ]
    return Explanation(st.notice.id, f"target {tg.id}", tg.name, tuple(rules), ())


def _hint(st: NoticeStatus, item_id: str) -> str:
    notice: Notice = st.notice
    known = [o.obligation.id for o in st.obligations] + [m.id for m in notice.measures]
    if notice.targets_due is not None and "targets" not in known:
        known.append("targets")
    known += [t.target.id for t in st.targets]
    if hint := did_you_mean(item_id, known, n=3):
        return ": " + hint
    return ": choose one of " + ", ".join(known)
