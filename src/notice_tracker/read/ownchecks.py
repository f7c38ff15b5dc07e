"""Checks of one record on its own: what pydantic cannot say of a single file (ids
unique within it, anchors naming its own obligations, grades on its framework's scale).

They run in stage one, while the file's record and positions are at hand, so a record
taken from the index (which stores only records that pass them) is never built for
them again. Each check yields problems at the YAML node responsible; add one by
writing a function and listing it under its model in ``CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from notice_tracker.read.document import Parsed
from notice_tracker.read.problems import Problem
from notice_tracker.records.inspections import SCALES, Inspection, Judgement
from notice_tracker.records.models import Notice
from notice_tracker.records.rules import AnchorKind, EachRule
from notice_tracker.records.targets import TargetSet


def _first_repeat(ids: list[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            yield i, item
        seen.add(item)


def notice_ids_unique(notice: Notice, doc: Parsed) -> Iterator[Problem]:
    """Ids inside one notice are unique; the repeat is reported where it stands."""
    paragraphs = [("measures", i, m.id) for i, m in enumerate(notice.measures)]
    paragraphs += [("clauses", i, c.id) for i, c in enumerate(notice.clauses)]
    for k, pid in _first_repeat([p[2] for p in paragraphs]):
        yield doc.problem((*paragraphs[k][:2], "id"), f"duplicate paragraph id {pid!r}")
    for k, oid in _first_repeat([o.id for o in notice.obligations]):
        yield doc.problem(("obligations", k, "id"), f"duplicate obligation id {oid!r}")


def anchors_name_obligations(notice: Notice, doc: Parsed) -> Iterator[Problem]:
    obligations = {o.id for o in notice.obligations}
    for path, anchor in notice.anchored():
        if anchor.kind in (AnchorKind.DUE, AnchorKind.DONE) and anchor.ref not in obligations:
            yield doc.problem(
                path,
                f"unknown obligation {anchor.ref!r} in {anchor}",
                "name an obligation id of this notice",
            )


def each_follows_an_obligation(notice: Notice, doc: Parsed) -> Iterator[Problem]:
    obligations = {o.id for o in notice.obligations}
    for oi, ob in enumerate(notice.obligations):
        for ri, rule in enumerate(ob.schedule):
            if isinstance(rule, EachRule) and rule.of not in obligations:
                yield doc.problem(
                    ("obligations", oi, "schedule", ri, "of"),
                    f"unknown obligation {rule.of!r} in 'each'",
                    "name an obligation id of this notice",
                )


def no_anchor_cycles(notice: Notice, doc: Parsed) -> Iterator[Problem]:
    graph = {o.id: set(o.depends_on) for o in notice.obligations}
    for i, ob in enumerate(notice.obligations):
        if _reaches(graph, ob.id, ob.id):
            yield doc.problem(
                ("obligations", i, "schedule"),
                f"obligation {ob.id!r} depends on itself through its anchors",
                "anchor one obligation in the cycle on a date instead",
            )


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    stack, seen = list(graph.get(start, ())), set()
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            stack += graph.get(node, ())
    return False


def paragraphs_exist(notice: Notice, doc: Parsed) -> Iterator[Problem]:
    paragraphs = {m.id for m in notice.measures} | {c.id for c in notice.clauses}
    for i, ob in enumerate(notice.obligations):
        if ob.paragraph is not None and ob.paragraph not in paragraphs:
            yield doc.problem(
                ("obligations", i, "paragraph"),
                f"unknown paragraph {ob.paragraph!r}",
                "name a measure or clause id of this notice",
            )
    measures = {m.id for m in notice.measures}
    for i, m in enumerate(notice.measures):
        for j, ref in enumerate(m.deadline_applies_to):
            if ref not in measures:
                yield doc.problem(
                    ("measures", i, "deadline_applies_to", j),
                    f"unknown measure {ref!r}",
                    "name a measure id of this notice",
                )
    meetings = notice.board.meetings if notice.board else None
    if meetings and meetings not in {o.id for o in notice.obligations}:
        yield doc.problem(("board", "meetings"), f"unknown obligation {meetings!r}")


def recommendation_ids_unique(inspection: Inspection, doc: Parsed) -> Iterator[Problem]:
    for k, rid in _first_repeat([r.id for r in inspection.recommendations]):
        yield doc.problem(("recommendations", k, "id"), f"duplicate recommendation {rid!r}")


def grades_on_scale(inspection: Inspection, doc: Parsed) -> Iterator[Problem]:
    """Each judgement is on its framework's own scale (APA 4..1, the four words, ...)."""
    scale = SCALES[inspection.framework]
    graded: list[tuple[tuple[str | int, ...], Judgement | None]] = [
        (("overall",), inspection.overall),
        (("lscb",), inspection.lscb),
    ]
    graded += [(("judgements", i), j) for i, j in enumerate(inspection.judgements)]
    for path, j in graded:
        if j is not None and j.grade not in scale:
            yield doc.problem(
                (*path, "grade"),
                f"grade {j.grade!r} is not on the {inspection.framework.value} scale",
                "use one of " + ", ".join(map(str, scale)),
            )


def target_ids_unique(target_set: TargetSet, doc: Parsed) -> Iterator[Problem]:
    for k, tid in _first_repeat([t.id for t in target_set.targets]):
        yield doc.problem(("targets", k, "id"), f"duplicate target id {tid!r}")


Check = Callable[[Any, Parsed], Iterator[Problem]]

CHECKS: dict[type, tuple[Check, ...]] = {
    Notice: (
        notice_ids_unique,
        anchors_name_obligations,
        each_follows_an_obligation,
        no_anchor_cycles,
        paragraphs_exist,
    ),
    Inspection: (recommendation_ids_unique, grades_on_scale),
    TargetSet: (target_ids_unique,),
}


def own_checks(record: Notice | Inspection | TargetSet, doc: Parsed) -> list[Problem]:
    """Every problem the checks of ``record``'s model find in it, in ``CHECKS`` order."""
    return [problem for check in CHECKS[type(record)] for problem in check(record, doc)]
