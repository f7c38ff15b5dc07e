"""``notice explain``: how each due date of one item was derived."""

from __future__ import annotations

from dataclasses import dataclass

from notice_tracker.errors import NoticeError
from notice_tracker.evaluate.schedule import describe
from notice_tracker.evaluate.status import Item, NoticeStatus
from notice_tracker.read.problems import did_you_mean
from notice_tracker.records.models import Notice


@dataclass(frozen=True)
class Explanation:
    notice: str
    subject: str
    title: str
    rules: tuple[str, ...]
    items: tuple[Item, ...]


def explain(st: NoticeStatus, item_id: str) -> Explanation:
    """Explain an obligation (by id), a measure's deadline (by measure id, or
    ``measure:ID``) or the date all targets are due (``targets``)."""
    n = st.notice
    for ob in st.obligations:
        if ob.obligation.id == item_id:
            o = ob.obligation
            return Explanation(n.id, o.id, o.title, tuple(map(describe, o.schedule)), ob.items)
    measure_id = item_id.removeprefix("measure:")
    for m in st.measures:
        if m.measure.id == measure_id:
            rules = (describe(m.measure.deadline),) if m.measure.deadline else ()
            items = (m.deadline,) if m.deadline else ()
            title = m.measure.summary or f"measure {m.measure.id}"
            return Explanation(n.id, f"measure {m.measure.id}", title, rules, items)
    if item_id == "targets" and n.targets_due is not None and st.targets_due is not None:
        return Explanation(
            n.id, "targets", "All targets to be met", (describe(n.targets_due),), (st.targets_due,)
        )
    raise NoticeError(f"{n.id} has no obligation or measure {item_id!r}{_hint(n, item_id)}")


def _hint(notice: Notice, item_id: str) -> str:
    known = [o.id for o in notice.obligations] + [m.id for m in notice.measures]
    if notice.targets_due is not None:
        known.append("targets")
    if hint := did_you_mean(item_id, known, n=3):
        return ": " + hint
    return ": choose one of " + ", ".join(known)
