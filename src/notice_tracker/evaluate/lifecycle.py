"""Where a notice is in its life as of a date, computed once for every view.

A notice is *not yet issued* before its issue date, *open* from it, and *lifted* or
*replaced* from the day its ``lifecycle`` records. Terminal, JSON, CI and papers all
read this one value, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from notice_tracker.records.dates import uk_long
from notice_tracker.records.models import Notice


class NoticeState(StrEnum):
    NOT_YET_ISSUED = "not_yet_issued"
    OPEN = "open"
    LIFTED = "lifted"
    REPLACED = "replaced"


@dataclass(frozen=True)
class Life:
    """The notice's state as of a date; ``end`` is the day it was lifted or replaced
    (nothing falls due after it), ``successor`` the notice that replaced it."""

    state: NoticeState
    end: dt.date | None = None
    successor: str | None = None

    @property
    def ended(self) -> bool:
        return self.end is not None

    @property
    def in_force(self) -> bool:
        """Open: it requires something of the Council on this date."""
        return self.state is NoticeState.OPEN

    @property
    def words(self) -> str:
        """``open``, ``not yet issued``, ``lifted on 10 January 2015``, ``replaced by X on ...``."""
        if self.state is NoticeState.LIFTED and self.end is not None:
            return f"lifted on {uk_long(self.end)}"
        if self.state is NoticeState.REPLACED and self.end is not None:
            return f"replaced by {self.successor} on {uk_long(self.end)}"
        return self.state.value.replace("_", " ")


@dataclass(frozen=True)
class Successor:
    """A notice (or direction) whose ``replaces:`` names this one, and its issue day."""

    id: str
    issued: dt.date | None


def life_of(notice: Notice, as_of: dt.date, successor: Successor | None = None) -> Life:
    """The notice's lifecycle state on ``as_of``. Its own ``lifecycle`` says when it was
    lifted or replaced; failing that, a successor's ``replaces:`` ends it on the day the
    successor was issued."""
    life = notice.lifecycle
    ended, by = life.ended(), life.replaced_by
    if ended is None and successor is not None and successor.issued is not None:
        ended, by = successor.issued, successor.id
    if ended is not None and ended <= as_of:
        if life.lifted is not None and life.lifted == ended:
            return Life(NoticeState.LIFTED, ended)
        return Life(NoticeState.REPLACED, ended, by)
    issued = notice.issued.start
    if issued is not None and as_of < issued:
        return Life(NoticeState.NOT_YET_ISSUED)
    return Life(NoticeState.OPEN)
