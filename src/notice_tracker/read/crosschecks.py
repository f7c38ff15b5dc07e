"""Checks across records: a flat list of small functions, each yielding problems.

Each check sees the whole catalog of valid records and reports at the YAML node
responsible. Add a check by writing a function and listing it in ``CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from notice_tracker.read.catalog import Catalog, Loaded
from notice_tracker.read.problems import Problem
from notice_tracker.records.inspections import SCALES, Judgement
from notice_tracker.records.models import Notice
from notice_tracker.records.rules import AnchorKind, EachRule
from notice_tracker.records.targets import TargetSet

Check = Callable[[Catalog], Iterator[Problem]]


def basis_inspections_exist(catalog: Catalog) -> Iterator[Problem]:
    for loaded in catalog.each("notices"):
        for i, ref in enumerate(loaded.record.basis.inspections):
            if not catalog.has("inspections", ref):
                yield loaded.doc.problem(
                    ("basis", "inspections", i),
                    f"unknown inspection {ref!r}",
                    "add data/inspections/" + ref + ".yaml or fix the id",
                )


def anchors_resolve(catalog: Catalog) -> Iterator[Problem]:
    for loaded in catalog.each("notices"):
        obligations = {o.id for o in loaded.record.obligations}
        for path, anchor in loaded.record.anchored():
            if anchor.kind is AnchorKind.PUBLISHED and not catalog.has("inspections", anchor.ref):
                yield loaded.doc.problem(path, f"unknown inspection {anchor.ref!r} in {anchor}")
            if anchor.kind in (AnchorKind.DUE, AnchorKind.DONE) and anchor.ref not in obligations:
                yield loaded.doc.problem(
                    path,
                    f"unknown obligation {anchor.ref!r} in {anchor}",
                    "name an obligation id of this notice",
                )


def each_follows_an_obligation(catalog: Catalog) -> Iterator[Problem]:
    for loaded in catalog.each("notices"):
        obligations = {o.id for o in loaded.record.obligations}
        for oi, ob in enumerate(loaded.record.obligations):
            for ri, rule in enumerate(ob.schedule):
                if isinstance(rule, EachRule) and rule.of not in obligations:
                    yield loaded.doc.problem(
                        ("obligations", oi, "schedule", ri, "of"),
                        f"unknown obligation {rule.of!r} in 'each'",
                        "name an obligation id of this notice",
                    )


def no_anchor_cycles(catalog: Catalog) -> Iterator[Problem]:
    for loaded in catalog.each("notices"):
        graph = {o.id: set(o.depends_on) for o in loaded.record.obligations}
        for i, ob in enumerate(loaded.record.obligations):
            if _reaches(graph, ob.id, ob.id):
                yield loaded.doc.problem(
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


def paragraphs_exist(catalog: Catalog) -> Iterator[Problem]:
    for loaded in catalog.each("notices"):
        notice = loaded.record
        paragraphs = {m.id for m in notice.measures} | {c.id for c in notice.clauses}
        for i, ob in enumerate(notice.obligations):
            if ob.paragraph is not None and ob.paragraph not in paragraphs:
                yield loaded.doc.problem(
                    ("obligations", i, "paragraph"),
                    f"unknown paragraph {ob.paragraph!r}",
                    "name a measure or clause id of this notice",
                )
        measures = {m.id for m in notice.measures}
        for i, m in enumerate(notice.measures):
            for j, ref in enumerate(m.deadline_applies_to):
                if ref not in measures:
                    yield loaded.doc.problem(
                        ("measures", i, "deadline_applies_to", j),
                        f"unknown measure {ref!r}",
                        "name a measure id of this notice",
                    )
        meetings = notice.board.meetings if notice.board else None
        if meetings and meetings not in {o.id for o in notice.obligations}:
            yield loaded.doc.problem(("board", "meetings"), f"unknown obligation {meetings!r}")


def recommendations_exist(catalog: Catalog) -> Iterator[Problem]:
    for loaded in catalog.each("notices"):
        for mi, measure in enumerate(loaded.record.measures):
            for ai, ref in enumerate(measure.answers):
                message = _bad_recommendation(catalog, ref)
                if message:
                    yield loaded.doc.problem(("measures", mi, "answers", ai), message)


def _bad_recommendation(catalog: Catalog, ref: str) -> str:
    inspection_id, _, rec = ref.partition("#")
    inspection = catalog.inspections.get(inspection_id)
    if inspection is None:
        if catalog.has("inspections", inspection_id):
            return ""
        return f"unknown inspection {inspection_id!r} in {ref!r}"
    if rec not in {r.id for r in inspection.record.recommendations}:
        return f"inspection {inspection_id!r} has no recommendation {rec!r}"
    return ""


def notice_links_exist(catalog: Catalog) -> Iterator[Problem]:
    for loaded in catalog.each("notices"):
        notice = loaded.record
        for path, ref in (
            (("replaces",), notice.replaces),
            (("lifecycle", "replaced_by"), notice.lifecycle.replaced_by),
        ):
            if ref is not None and not catalog.has("notices", ref):
                yield loaded.doc.problem(path, f"unknown notice {ref!r}")


def replacements_agree(catalog: Catalog) -> Iterator[Problem]:
    """A successor's ``replaces:`` and its predecessor's ``lifecycle.replaced_by`` may not
    contradict each other; a predecessor may not name a successor that does not say so;
    and one notice is replaced by one successor."""
    claims: dict[str, list[str]] = {}
    for notice_id, loaded in catalog.notices.items():  # every notice, from its facts
        old = loaded.facts.get("replaces")
        if isinstance(old, str) and old in catalog.notices:
            claims.setdefault(old, []).append(notice_id)
    for loaded in catalog.each("notices"):
        old_id = loaded.record.id
        by = loaded.record.lifecycle.replaced_by
        successors = sorted(claims.get(old_id, []))
        fix = "make both sides agree: `notice replace` writes both"
        if len(successors) > 1:
            yield loaded.doc.problem(
                ("id",), f"{', '.join(successors)} all say they replace {old_id!r}", fix
            )
        elif successors and by is not None and by != successors[0]:
            yield loaded.doc.problem(
                ("lifecycle", "replaced_by"),
                f"says it was replaced by {by!r}, but {successors[0]!r} says it replaces it",
                fix,
            )
        elif by is not None and by in catalog.notices and _replaces(catalog, by) != old_id:
            yield loaded.doc.problem(
                ("lifecycle", "replaced_by"),
                f"says it was replaced by {by!r}, but {by!r} does not say it replaces it",
                f"add `replaces: {old_id}` to {by!r} ({fix})",
            )


def _replaces(catalog: Catalog, notice_id: str) -> object:
    return catalog.notices[notice_id].facts.get("replaces")


def target_sets_belong(catalog: Catalog) -> Iterator[Problem]:
    for loaded in catalog.each("targets"):
        notice = catalog.notices.get(loaded.record.notice)
        if notice is None and catalog.has("notices", loaded.record.notice):
            continue
        if notice is None:
            yield loaded.doc.problem(
                ("notice",),
                f"unknown notice {loaded.record.notice!r}",
                "target sets belong to a notice in data/notices/",
            )
            continue
        yield from _targets_dated(loaded, notice.record)


def _targets_dated(loaded: Loaded[TargetSet], notice: Notice) -> Iterator[Problem]:
    if notice.targets_due is not None:
        return
    for i, target in enumerate(loaded.record.targets):
        if target.target.by is None:
            yield loaded.doc.problem(
                ("targets", i, "target"),
                f"target {target.id!r} has no date and notice {notice.id!r} has no targets_due",
                "add target.by",
            )


def _first_repeat(ids: list[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            yield i, item
        seen.add(item)


def ids_unique(catalog: Catalog) -> Iterator[Problem]:
    """Ids inside one record are unique; the repeat is reported where it stands."""
    for loaded in catalog.each("notices"):
        n = loaded.record
        paragraphs = [("measures", i, m.id) for i, m in enumerate(n.measures)]
        paragraphs += [("clauses", i, c.id) for i, c in enumerate(n.clauses)]
        for k, pid in _first_repeat([p[2] for p in paragraphs]):
            yield loaded.doc.problem((*paragraphs[k][:2], "id"), f"duplicate paragraph id {pid!r}")
        for k, oid in _first_repeat([o.id for o in n.obligations]):
            yield loaded.doc.problem(("obligations", k, "id"), f"duplicate obligation id {oid!r}")
    for ins in catalog.each("inspections"):
        for k, rid in _first_repeat([r.id for r in ins.record.recommendations]):
            yield ins.doc.problem(("recommendations", k, "id"), f"duplicate recommendation {rid!r}")
    for ts in catalog.each("targets"):
        for k, tid in _first_repeat([t.id for t in ts.record.targets]):
            yield ts.doc.problem(("targets", k, "id"), f"duplicate target id {tid!r}")


def grades_on_scale(catalog: Catalog) -> Iterator[Problem]:
    """Each judgement is on its framework's own scale (APA 4..1, the four words, ...)."""
    for loaded in catalog.each("inspections"):
        ins = loaded.record
        scale = SCALES[ins.framework]
        graded: list[tuple[tuple[str | int, ...], Judgement | None]] = [
            (("overall",), ins.overall),
            (("lscb",), ins.lscb),
        ]
        graded += [(("judgements", i), j) for i, j in enumerate(ins.judgements)]
        for path, j in graded:
            if j is not None and j.grade not in scale:
                yield loaded.doc.problem(
                    (*path, "grade"),
                    f"grade {j.grade!r} is not on the {ins.framework.value} scale",
                    "use one of " + ", ".join(map(str, scale)),
                )


CHECKS: tuple[Check, ...] = (
    ids_unique,
    grades_on_scale,
    basis_inspections_exist,
    anchors_resolve,
    each_follows_an_obligation,
    replacements_agree,
    no_anchor_cycles,
    paragraphs_exist,
    recommendations_exist,
    notice_links_exist,
    target_sets_belong,
)


def cross_checks(catalog: Catalog) -> list[Problem]:
    """Every problem every check finds, in ``CHECKS`` order."""
    return [problem for check in CHECKS for problem in check(catalog)]
