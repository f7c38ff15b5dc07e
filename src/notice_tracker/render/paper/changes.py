"""The changes since the last board, in words: who changed what, and when, grouped by
measure, obligation and target.

The changes themselves come from git (``history``), each with its author and date, as
plain values: this module only words them. ``measure 12`` becomes ``Measure in
paragraph 12``, ``not_started -> in_progress`` becomes ``status: not started → in
progress``, and every date is a UK date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from notice_tracker.render.paper.model import ChangeGroup, ChangeRow, Changes
from notice_tracker.render.paper.names import Names, humane
from notice_tracker.render.paper.text import day_text


class ChangeLike(Protocol):
    """A field-level change read from git (``history.changes.Change``)."""

    @property
    def kind(self) -> object: ...
    @property
    def subject(self) -> str: ...
    @property
    def detail(self) -> str: ...


@dataclass(frozen=True)
class Authored:
    """A change, who made it (the commit's author; empty when not committed yet), and
    the day they committed it."""

    change: ChangeLike
    author: str = ""
    day: dt.date | None = None


GROUPS = {"measure": "Measures", "obligation": "Obligations", "target": "Targets"}
"""The groups, in this order; anything else is about the notice itself."""

KIND_WORDS = {
    "notice_added": "added",
    "notice_removed": "removed",
    "invalid": "no longer validates",
    "lifecycle": "lifecycle",
    "measure_added": "added",
    "measure_removed": "removed",
    "measure_status": "status",
    "measure_rag": "RAG rating",
    "evidence_added": "evidence added",
    "evidence_removed": "evidence removed",
    "obligation_added": "added",
    "obligation_removed": "removed",
    "completion_added": "recorded as done",
    "completion_removed": "record of being done removed",
    "target_added": "added",
    "target_removed": "removed",
    "reading_added": "reading added",
    "reading_removed": "reading removed",
    "other": "other details changed",
}

_ENUM = re.compile(r"\b([a-z]+(?:_[a-z]+)+)\b")
_RAG = re.compile(r"\b(red|amber|green)\b")


def subject_text(subject: str, names: Names) -> tuple[str, str]:
    """(group, what) for a change's subject: ``measure 12`` -> (``Measures``, ``Measure
    in paragraph 12``); ``obligation reviews`` -> (``Obligations``, its title)."""
    noun, _, ident = subject.partition(" ")
    group = GROUPS.get(noun, "The notice")
    if noun == "measure":
        return group, f"Measure in {names.paragraph(ident)}"
    if noun in ("obligation", "target"):
        return group, names.thing(ident)
    if noun == "lifecycle":
        return group, "Its lifecycle"
    return group, "The notice" if noun == "notice" else subject.capitalize()


def detail_text(kind: str, detail: str, names: Names) -> str:
    """``status: not started → in progress``; ``reading added: 31 December 2014: 33
    weeks``: the kind in words, then the detail with UK dates and enum words."""
    text = _ENUM.sub(lambda m: m[1].replace("_", " "), humane(detail, names))
    text = text.replace(" -> ", " → ").replace(" (for ", " (for the one due ")
    if kind == "measure_rag":
        text = _RAG.sub(lambda m: m[1].capitalize(), text)
    label = KIND_WORDS.get(kind, kind.replace("_", " "))
    return f"{label}: {text}" if text else label


def _row(entry: Authored, names: Names) -> tuple[str, ChangeRow]:
    c = entry.change
    kind = str(getattr(c.kind, "value", c.kind))
    group, what = subject_text(c.subject, names)
    row = ChangeRow(
        kind=KIND_WORDS.get(kind, kind),
        subject=what,
        detail=detail_text(kind, c.detail, names),
        who=entry.author or "not yet committed",
        when=day_text(entry.day) if entry.day else "",
    )
    return group, row


def changes_view(changes: tuple[str, Sequence[Authored]] | None, names: Names) -> Changes | None:
    """The changes section, or None to leave it out."""
    if changes is None:
        return None
    since, found = changes
    grouped: dict[str, list[ChangeRow]] = {g: [] for g in (*GROUPS.values(), "The notice")}
    for entry in found:
        group, row = _row(entry, names)
        grouped[group].append(row)
    rows = tuple(r for g in grouped.values() for r in g)
    groups = tuple(ChangeGroup(name, tuple(g)) for name, g in grouped.items() if g)
    authors = tuple(sorted({r.who for r in rows}))
    return Changes(since, rows, groups, authors)
