"""Checks across records: a flat list of small functions, each yielding problems.

Each check looks at one record (``Catalog.each``) and the catalog's other records
(mostly their facts) and reports at the YAML node responsible. They run record by
record, each record built for its checks and let go after them, so that the checks of
a whole register hold one record at a time. Checks of a record on its own are in
``read.ownchecks``. Add a check by writing a function and listing it in ``CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from notice_tracker.read.catalog import Catalog, Loaded
from notice_tracker.read.problems import Problem
from notice_tracker.records.models import Notice
from notice_tracker.records.rules import AnchorKind
from notice_tracker.records.targets import TargetSet

Check = Callable[[Catalog, Any], Iterator[Problem]]


def basis_inspections_exist(catalog: Catalog, loaded: Loaded[Notice]) -> Iterator[Problem]:
    for i, ref in enumerate(loaded.record.basis.inspections):
        if not catalog.has("inspections", ref):
            yield loaded.doc.problem(
                ("basis", "inspections", i),
                f"unknown inspection {ref!r}",
                "add data/inspections/" + ref + ".yaml or fix the id",
            )


def anchors_resolve(catalog: Catalog, loaded: Loaded[Notice]) -> Iterator[Problem]:
    for path, anchor in loaded.record.anchored():
        if anchor.kind is AnchorKind.PUBLISHED and not catalog.has("inspections", anchor.ref):
            yield loaded.doc.problem(path, f"unknown inspection {anchor.ref!r} in {anchor}")


def recommendations_exist(catalog: Catalog, loaded: Loaded[Notice]) -> Iterator[Problem]:
    for mi, measure in enumerate(loaded.record.measures):
        for ai, ref in enumerate(measure.answers):
            message = _bad_recommendation(catalog, ref)
            if message:
                yield loaded.doc.problem(("measures", mi, "answers", ai), message)


def _bad_recommendation(catalog: Catalog, ref: str) -> str:
    inspection_id, _, rec = ref.partition("#")
    recommendations = catalog.recommendations(inspection_id)
    if recommendations is None:
        if catalog.has("inspections", inspection_id):
            return ""
        return f"unknown inspection {inspection_id!r} in {ref!r}"
    if rec not in recommendations:
        return f"inspection {inspection_id!r} has no recommendation {rec!r}"
    return ""


def notice_links_exist(catalog: Catalog, loaded: Loaded[Notice]) -> Iterator[Problem]:
    notice = loaded.record
    for path, ref in (
        (("replaces",), notice.replaces),
        (("lifecycle", "replaced_by"), notice.lifecycle.replaced_by),
    ):
        if ref is not None and not catalog.has("notices", ref):
            yield loaded.doc.problem(path, f"unknown notice {ref!r}")


def replacements_agree(catalog: Catalog, loaded: Loaded[Notice]) -> Iterator[Problem]:
    """A successor's ``replaces:`` and its predecessor's ``lifecycle.replaced_by`` may not
    contradict each other; a predecessor may not name a successor that does not say so;
    and one notice is replaced by one successor."""
    old_id = loaded.record.id
    by = loaded.record.lifecycle.replaced_by
    successors = catalog.claims().get(old_id, [])
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


def target_sets_belong(catalog: Catalog, loaded: Loaded[TargetSet]) -> Iterator[Problem]:
    """A target set names a notice; when that notice sets no ``targets_due``, each of
    its targets has its own date (the set is built only then)."""
    notice_id = str(loaded.facts.get("notice"))
    notice = catalog.notices.get(notice_id)
    if notice is None and catalog.has("notices", notice_id):
        return
    if notice is None:
        yield loaded.doc.problem(
            ("notice",),
            f"unknown notice {notice_id!r}",
            "target sets belong to a notice in data/notices/",
        )
        return
    if notice.facts.get("targets_due"):
        return
    for i, target in enumerate(loaded.record.targets):
        if target.target.by is None:
            yield loaded.doc.problem(
                ("targets", i, "target"),
                f"target {target.id!r} has no date and notice {notice_id!r} has no targets_due",
                "add target.by",
            )


CHECKS: dict[str, tuple[Check, ...]] = {
    "notices": (
        basis_inspections_exist,
        anchors_resolve,
        replacements_agree,
        recommendations_exist,
        notice_links_exist,
    ),
    "targets": (target_sets_belong,),
}
"""The checks of each folder's records (an inspection names nothing: it has none)."""


def cross_checks(catalog: Catalog) -> list[Problem]:
    """Every problem every check finds, record by record (in ``CHECKS`` order for each)."""
    problems: list[Problem] = []
    for folder, checks in CHECKS.items():
        for loaded in catalog.each(folder):
            with loaded.held():
                for check in checks:
                    problems += check(catalog, loaded)
    return problems
