"""How a paper names things: every id, enum and engine phrase in a board secretary's words.

Records are keyed by ids (``lead-1``, ``c4``, ``bexley-2014-ofsted``, ``board-meetings``)
and the schedule engine explains dates in ISO form (``issued 2014-09-02 + 2 months =
2014-11-02``). A paper shows neither: paragraphs are named as the document numbers
them (``paragraph 14``, ``point (ii)``, or, for an unnumbered one, where it stands:
``point 2 under “Capacity and Capability”``), inspections by what and when (``Ofsted
inspection published 23 May 2014``), obligations by their titles, and engine text is
rewritten with those names and UK dates (``humane``). Pure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from notice_tracker.records.dates import uk_long
from notice_tracker.records.inspections import Inspection
from notice_tracker.records.models import Notice
from notice_tracker.render.paper.appendix import document_order
from notice_tracker.render.paper.text import doc_date_text, paragraph_key

_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
EVENTS = {
    "annual_assessment": "annual performance assessment",
    "full": "inspection",
    "focused_visit": "focused visit",
    "monitoring_visit": "monitoring visit",
}
FRAMEWORK_EVENTS = {"area_send": "area SEND inspection"}


@dataclass(frozen=True)
class Names:
    """Labels for the ids of one notice and what it refers to."""

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """Any of the ids, where it stands as an id (built once per paper)."""
        return _ids(self)

    paragraphs: Mapping[str, str] = field(default_factory=dict)
    """Paragraph (measure or clause) id -> ``paragraph 14``, ``point 1 under “…”``."""
    short: Mapping[str, str] = field(default_factory=dict)
    """Paragraph id -> its label within its own heading: ``14``, ``(i)``, ``point 1``."""
    things: Mapping[str, str] = field(default_factory=dict)
    """Obligation, inspection, target and notice id -> its name in words."""

    def paragraph(self, pid: str | None) -> str:
        if not pid:
            return ""
        return self.paragraphs.get(pid, f"paragraph {pid}")

    def thing(self, ident: str) -> str:
        return self.things.get(ident, ident)


def numbered(pid: str) -> bool:
    """Is ``pid`` a number the document itself prints (``14``, ``3.1``, ``7d-ii``,
    ``ii``), rather than one made up for an unnumbered paragraph (``b1``, ``lead-2``)?"""
    return paragraph_key(pid) is not None or bool(_ROMAN.match(pid))


def _heading(theme: str) -> str:
    return f"“{theme.strip().rstrip(':').strip()}”"


def paragraph_names(notice: Notice) -> tuple[dict[str, str], dict[str, str]]:
    """(long, short) labels for every measure and clause of ``notice``."""
    long: dict[str, str] = {}
    short: dict[str, str] = {}
    order = document_order(notice)
    unnumbered: dict[str, list[str]] = {}
    for para in order:
        if numbered(para.id):
            shown = f"({para.id})" if _ROMAN.match(para.id) else para.id
            long[para.id] = f"paragraph {shown}" if shown[0].isdigit() else f"point {shown}"
            short[para.id] = shown
        else:
            unnumbered.setdefault(para.theme, []).append(para.id)
    for theme, ids in unnumbered.items():
        for n, pid in enumerate(ids, 1):
            if not theme:
                long[pid] = "the opening paragraph" + (f" {n}" if len(ids) > 1 else "")
                short[pid] = "—"
            elif len(ids) == 1:
                long[pid], short[pid] = f"the paragraph under {_heading(theme)}", "—"
            else:
                long[pid], short[pid] = f"point {n} under {_heading(theme)}", f"point {n}"
    return long, short


def _inspectorates(insp: Inspection) -> str:
    """``Ofsted``, ``Ofsted and CQC``: an abbreviation in brackets stands for the name."""
    names = []
    for name in insp.inspectorates:
        found = re.search(r"\(([A-Z]{2,})\)", name)
        names.append(found.group(1) if found else name)
    return " and ".join(names)


def inspection_kind(insp: Inspection) -> str:
    """``Ofsted inspection``, ``Ofsted and CQC area SEND inspection``."""
    what = FRAMEWORK_EVENTS.get(insp.framework.value) or EVENTS.get(insp.event.value, "report")
    return f"{_inspectorates(insp)} {what}"


def inspection_name(insp: Inspection) -> str:
    """``Ofsted inspection published 23 May 2014``."""
    if insp.published is not None:
        when = f" published {doc_date_text(insp.published)}"
    elif insp.report_date is not None:
        when = f" dated {doc_date_text(insp.report_date)}"
    else:
        when = ""
    return f"{inspection_kind(insp)}{when}"


def names_for(
    notice: Notice,
    inspections: Mapping[str, Inspection],
    targets: Mapping[str, str] | None = None,
) -> Names:
    """The labels of ``notice``'s paragraphs, its obligations, the inspections it names
    (``inspections``: a derivation counts only from those) and ``targets``."""
    long, short = paragraph_names(notice)
    named = [i for folder, i in notice.references() if folder == "inspections"]
    things = {i: inspection_kind(inspections[i]) for i in dict.fromkeys(named) if i in inspections}
    things |= {ob.id: ob.title for ob in notice.obligations}
    things |= dict(targets or {})
    things |= {f"Measure {m.id}": f"Measure in {long[m.id]}" for m in notice.measures}
    things[notice.id] = "the notice"
    return Names(long, short, things)


# --- engine text in words ------------------------------------------------------------

_MONTH_END = re.compile(r"\b(\d{4})-(\d{2}) \(end of month \d{4}-\d{2}-\d{2}\)")
_DAY = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_MONTH = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])\b(?!-\d)")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_PHRASES = (
    (re.compile(r"\bissued (?=\d)"), "the notice issued on "),
    (re.compile(r"\bfrom issued\b"), "from the notice's issue"),
    (re.compile(r"^issued\b"), "the notice's issue"),
    (re.compile(r"\breceived (?=\d)"), "received on "),
    (re.compile(r"^received\b"), "receipt"),
    (re.compile(r"\bfixed date (?=the end)"), "set for "),
    (re.compile(r"\bfixed date (?=\d)"), "set for "),
    (re.compile(r" vs trajectory "), " against the trajectory's "),
    (re.compile(r"\+ within\b"), "+"),
    (re.compile(r"\binspection (?=\w+ (inspection|assessment|visit|report)\b)"), "the "),
)


def _month(year: str, month: str) -> str:
    return f"{_MONTHS[int(month) - 1]} {int(year)}"


def uk_dates(text: str) -> str:
    """ISO days and months in ``text`` as the documents write them: ``2014-11-02`` ->
    ``2 November 2014``; ``2012-10 (end of month 2012-10-31)`` -> ``the end of October
    2012``; ``2012-10`` -> ``October 2012``."""
    import datetime as dt

    text = _MONTH_END.sub(lambda m: "the end of " + _month(m[1], m[2]), text)
    text = _DAY.sub(lambda m: uk_long(dt.date(int(m[1]), int(m[2]), int(m[3]))), text)
    return _MONTH.sub(lambda m: _month(m[1], m[2]), text)


def _ids(names: Names) -> re.Pattern[str] | None:
    keys = sorted(names.things, key=len, reverse=True)
    if not keys:
        return None
    # An id that is also a word (``reviews``) is an id only where the engine uses one:
    # before ``due``, ``done`` or ``published``.
    shaped = [re.escape(k) for k in keys if not k.isalpha()]
    worded = [re.escape(k) + r"(?= (?:due|done|published)\b)" for k in keys if k.isalpha()]
    return re.compile(r"(?<![\w-])(" + "|".join(shaped + worded) + r")(?![\w-])")


def humane(text: str, names: Names) -> str:
    """Engine text (a derivation, a reason, a rule) with ids named and UK dates."""
    if not text:
        return text
    found = names.pattern
    if found is not None:
        text = found.sub(lambda m: names.thing(m[1]), text)
    text = uk_dates(text)
    for pattern, words in _PHRASES:
        text = pattern.sub(words, text)
    return text
