"""Small, pure formatters for board papers: dates, numbers, names, paragraph numbers."""

from __future__ import annotations

import datetime as dt
import re

from notice_tracker.evaluate.schedule import Occurrence
from notice_tracker.records.dates import DocDate, Precision, uk_long


def day_text(day: dt.date | None, month_only: bool = False) -> str:
    """``2 November 2014``; ``end of October 2012`` for a month-only date; ``unknown``."""
    if day is None:
        return "unknown"
    if month_only:
        return f"end of {day.strftime('%B')} {day.year}"
    return uk_long(day)


def doc_date_text(value: DocDate | None) -> str:
    """A document date at its own precision: ``2 September 2014``, ``October 2012``."""
    if value is None or value.precision is Precision.UNKNOWN:
        return "unknown"
    start = value.start
    assert start is not None  # a known date has a start
    if value.precision is Precision.MONTH:
        return f"{start.strftime('%B')} {start.year}"
    return uk_long(start)


def due_text(occ: Occurrence) -> str:
    """When an occurrence is due, as the documents would write it."""
    return day_text(occ.due, occ.month_only)


def days(n: int) -> str:
    """``1 day``, ``74 days``."""
    return f"{n} day" if n == 1 else f"{n} days"


def number(value: float, unit: str = "") -> str:
    """``37 weeks``, ``30.9 weeks``: one decimal place at most, no trailing ``.0``."""
    shown = f"{value:.1f}".removesuffix(".0")
    return f"{shown} {unit}".strip()


def shorten(text: str, width: int = 90) -> str:
    """``text`` on one line, cut at a word to at most ``width`` characters, with ``…``."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def words(value: str) -> str:
    """An enum value for people: ``requires_improvement`` -> ``Requires improvement``."""
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


_MERMAID_UNSAFE = re.compile(r"[:#;`\r\n]+")


def mermaid_text(text: str) -> str:
    """A Mermaid gantt task or section name: ``:``, ``#`` and ``;`` (which end a name or
    start a comment), backticks (which could close the code fence) and line breaks
    become spaces; runs of spaces become one."""
    return " ".join(_MERMAID_UNSAFE.sub(" ", text).split())


_MERMAID_KEYWORD = re.compile(
    r"^(title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|"
    r"weekday|weekend|click|call|href|inclusiveenddates|topaxis|acctitle|accdescr)\b",
    re.IGNORECASE,
)


def mermaid_task(text: str) -> str:
    """A gantt task name: ``mermaid_text``, and never starting with a gantt keyword
    (``Title``, ``Section``...), which would make the line a statement, not a task."""
    name = mermaid_text(text)
    return f"Due {name}" if _MERMAID_KEYWORD.match(name) else name


_TOKEN = re.compile(r"\d+|[A-Za-z]+")

ParagraphKey = tuple[tuple[int, int | str], ...]


def paragraph_key(pid: str) -> ParagraphKey | None:
    """A sort key for a paragraph number the document gives (``4``, ``3.1``, ``7d-ii``):
    ``4 < 4a < 5`` and ``7d < 7d-i < 7d-ii``. None when the id does not start with a
    number (``i``, ``b1``): such ids say nothing about order."""
    tokens = _TOKEN.findall(pid)
    if not tokens or not tokens[0].isdigit():
        return None
    return tuple((0, int(t)) if t.isdigit() else (1, t.lower()) for t in tokens)
