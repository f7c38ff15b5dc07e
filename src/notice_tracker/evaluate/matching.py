"""Which completion fulfils which occurrence: deterministic, and independent of the
order completions are written in."""

from __future__ import annotations

from collections.abc import Sequence

from notice_tracker.evaluate.schedule import Occurrence
from notice_tracker.records.models import Completion


def match(
    occs: Sequence[Occurrence], completions: Sequence[Completion]
) -> tuple[list[Completion | None], list[Completion]]:
    """Pair completions with occurrences, deterministically.

    1. A completion that names its ``occurrence`` fulfils the occurrence due that day.
    2. The others, oldest first, fulfil the earliest occurrence not yet fulfilled (an
       undetermined one counts as latest) that is not counted from a completion on or
       after their own date (a maximum interval's next one counts from the last done).
    3. ``ad_hoc`` completions, and any left over, are extra occasions.
    """
    fulfilled: list[Completion | None] = [None] * len(occs)
    extra: list[Completion] = []
    ordered = sorted(completions, key=lambda c: (c.occurrence is None, c.date))
    for comp in ordered:
        slot = _slot(occs, fulfilled, comp)
        if slot is None:
            extra.append(comp)
        else:
            fulfilled[slot] = comp
    return fulfilled, sorted(extra, key=lambda c: c.date)


def _slot(
    occs: Sequence[Occurrence], fulfilled: Sequence[Completion | None], comp: Completion
) -> int | None:
    if comp.ad_hoc:
        return None
    for i, occ in enumerate(occs):
        if fulfilled[i] is not None:
            continue
        if comp.occurrence is not None:
            if occ.due == comp.occurrence:
                return i
        elif occ.after is None or comp.date > occ.after:
            return i
    return None
