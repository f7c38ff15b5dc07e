"""The appendix of a board paper: every paragraph of the notice, verbatim, in order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from notice_tracker.records.models import Notice
from notice_tracker.render.paper.model import Appendix, ObligationText, Paragraph, VerbatimText
from notice_tracker.render.paper.text import paragraph_key


@dataclass(frozen=True)
class _Para:
    id: str
    kind: str
    theme: str
    text: str
    preamble: bool = False


def document_order(notice: Notice) -> list[_Para]:
    """Every measure and clause, in document order as far as the data can tell.

    Measures and clauses are two lists, each in document order. They are merged by
    paragraph number where both ids have one (clause ``10`` falls between measures
    ``9`` and ``11``; ``4`` comes before ``4a``). Where the ids say nothing about order
    (``i``, ``b1``, ``c4``), preamble clauses come before the measures and the other
    clauses after them.
    """
    measures = [_Para(m.id, "measure", m.theme or "", m.text) for m in notice.measures]
    clauses = [
        _Para(c.id, ROLES[c.role.value], c.theme or "", c.text, c.role.value == "preamble")
        for c in notice.clauses
    ]
    merged: list[_Para] = []
    for measure in measures:
        while clauses and _before(clauses[0], measure):
            merged.append(clauses.pop(0))
        merged.append(measure)
    return merged + clauses


def _before(clause: _Para, measure: _Para) -> bool:
    ck, mk = paragraph_key(clause.id), paragraph_key(measure.id)
    if ck is not None and mk is not None:
        return ck < mk
    return clause.preamble and ck is None


ROLES = {
    "preamble": "lead-in",
    "support": "improvement support",
    "assessment": "how progress is assessed",
    "timescale": "timescale",
    "consequence": "consequence of failure",
    "other": "other text",
}
"""A clause's role in words."""


def appendix(notice: Notice, labels: Mapping[str, str] | None = None) -> Appendix:
    """Each paragraph with the obligations it sets; obligations that name no paragraph of
    the notice; then the notice's other verbatim texts. ``labels`` names paragraphs as a
    reader would (``paragraph 14``, ``point 2 under “…”``); an id is shown without one."""
    labels = labels or {}
    sets: dict[str, list[ObligationText]] = {}
    for ob in notice.obligations:
        sets.setdefault(ob.paragraph or "", []).append(
            ObligationText(ob.id, ob.title, ob.text or "")
        )
    order = document_order(notice)
    paragraphs = tuple(
        Paragraph(
            p.id,
            p.kind,
            p.theme,
            p.text,
            tuple(sets.pop(p.id, ())),
            _capital(labels.get(p.id, f"paragraph {p.id}")),
        )
        for p in order
    )
    unplaced = tuple(ob for key in sorted(sets) for ob in sets[key])
    return Appendix(paragraphs, unplaced, _other_texts(notice, [p.text for p in order]))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _other_texts(notice: Notice, shown: list[str]) -> tuple[VerbatimText, ...]:
    """The notice's texts outside its paragraphs (the basis is quoted in its own
    section), each unless a paragraph already says it word for word."""
    texts = (
        ("Reason for the notice", notice.reason),
        ("Improvement board", notice.board.text if notice.board else None),
        ("Step-down", notice.step_down.text if notice.step_down else None),
        ("Consequence of failure", notice.consequence),
    )
    return tuple(
        VerbatimText(label, text)
        for label, text in texts
        if text and not any(text in paragraph for paragraph in shown)
    )
