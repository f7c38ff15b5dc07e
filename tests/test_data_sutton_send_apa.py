"""The Sutton 2012 notice, the Bexley 2024 SEND notice, the Bexley 2007 APA letter and the
inspections they rest on: valid records, faithful to the source documents.

The records are read with ruamel and validated with the models directly, so these tests do
not depend on the loader. Checks against the source texts read them from ``sources/`` in the
repository; they fail, never skip, when it is absent.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from notice_tracker.records.dates import DocDate, Period, Precision
from notice_tracker.records.inspections import Inspection, RecommendationCategory
from notice_tracker.records.models import Notice
from notice_tracker.records.rules import (
    AdHocRule,
    AgreedRule,
    AnchorKind,
    DeadlineRule,
    EachRule,
    FixedRule,
    RecurringRule,
)

DATA = Path(__file__).parent.parent / "data"
SEEDS = Path(__file__).parents[1] / "sources"


def test_the_source_documents_are_beside_the_repository() -> None:
    assert SEEDS.is_dir(), f"source documents not found at {SEEDS}"


NOTICES = {
    "sutton-2012": "sutton-2012-improvement-notice.txt",
    "bexley-2024-send": "bexley-2024-send-improvement-notice.txt",
}
INSPECTIONS = {
    "sutton-2012-ofsted": "sutton-2012-improvement-notice.txt",
    "bexley-2024-area-send": "bexley-2024-send-improvement-notice.txt",
    "bexley-2007-apa": "bexley-2007-annual-performance-assessment.txt",
}
FILES = [("notices", name) for name in NOTICES] + [("inspections", name) for name in INSPECTIONS]


def path_of(folder: str, name: str) -> Path:
    return DATA / folder / f"{name}.yaml"


def raw(folder: str, name: str) -> Any:
    return YAML(typ="safe").load(path_of(folder, name).read_text(encoding="utf-8"))


@cache
def notice(name: str) -> Notice:
    return Notice.model_validate(raw("notices", name))


@cache
def inspection(name: str) -> Inspection:
    return Inspection.model_validate(raw("inspections", name))


def norm(text: str) -> str:
    """Whitespace runs collapsed to one space: page breaks and line wraps do not count."""
    return " ".join(text.split())


@cache
def seed(filename: str) -> str:
    return (SEEDS / filename).read_text(encoding="utf-8")


def day(value: str) -> DocDate:
    return DocDate.parse(value)


# --- every file ----------------------------------------------------------------------


@pytest.mark.parametrize(("folder", "name"), FILES)
def test_first_line_names_the_schema(folder: str, name: str) -> None:
    schema = "notice" if folder == "notices" else "inspection"
    first = path_of(folder, name).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json"


@pytest.mark.parametrize(("folder", "name"), FILES)
def test_record_is_valid_and_named_after_its_file(folder: str, name: str) -> None:
    record = notice(name) if folder == "notices" else inspection(name)
    assert record.id == name


def notice_texts(n: Notice) -> list[tuple[str, str]]:
    """Every field of a notice that should be the document's own words."""
    texts = [(f"measure {m.id}", m.text) for m in n.measures]
    texts += [(f"clause {c.id}", c.text) for c in n.clauses]
    texts += [(f"obligation {o.id}", o.text) for o in n.obligations if o.text]
    texts += [(f"theme of {item.id}", item.theme) for item in (*n.measures, *n.clauses)]
    texts += [("reason", n.reason), ("basis", n.basis.text), ("consequence", n.consequence)]
    texts += [("step_down", n.step_down.text if n.step_down else None)]
    if n.board:
        board = (*n.board.membership, *n.board.observers, *n.board.invitations)
        texts += [("board", text) for text in board]
    return [(where, text) for where, text in texts if text]


def inspection_texts(i: Inspection) -> list[tuple[str, str]]:
    """Every field of an inspection that should be the document's own words."""
    judgements = [j for j in (i.overall, *i.judgements) if j is not None]
    texts = [(f"judgement {j.area}", j.text) for j in judgements if j.text]
    texts += [(f"area {j.area}", j.area) for j in i.judgements]
    texts += [(f"recommendation {r.id}", r.text) for r in i.recommendations]
    return texts


@pytest.mark.parametrize("name", [*NOTICES, "bexley-2007-apa"])
def test_texts_are_verbatim(name: str) -> None:
    if name in NOTICES:
        filename, texts = NOTICES[name], notice_texts(notice(name))
    else:
        filename, texts = INSPECTIONS[name], inspection_texts(inspection(name))
    source = norm(seed(filename))
    missing = [where for where, text in texts if norm(text) not in source]
    assert not missing, f"not in {filename}: {missing}"


# --- every paragraph of a notice body, exactly once ----------------------------------

# What may remain of a notice body once every measure, clause and heading is taken out.
MARKER = re.compile(r"^(-|\([ivx]+\)|\d+\.|[a-z]\.|[ivx]+\.)$")
BODIES = {
    # From the first lead-in to the signature; the opening is reason and basis.
    "sutton-2012": ("The following measures are needed", "Signed:"),
    "bexley-2024-send": ("1. This notice is given", "Signed:"),
}
FOOTNOTE_URL = re.compile(r"^[¹²]<?http\S+$", re.MULTILINE)


@pytest.mark.parametrize("name", NOTICES)
def test_every_paragraph_is_one_measure_or_clause(name: str) -> None:
    start, end = BODIES[name]
    text = seed(NOTICES[name])
    body = FOOTNOTE_URL.sub(" ", text[text.index(start) : text.index(end)])
    rest = norm(body)
    n = notice(name)
    items = sorted((*n.measures, *n.clauses), key=lambda item: -len(item.text))
    for item in items:
        assert norm(item.text) in rest, f"{item.id} is not (or no longer) in the body"
        rest = rest.replace(norm(item.text), " | ", 1)
    for theme in {item.theme for item in items if item.theme}:
        rest = rest.replace(norm(theme), " | ", 1)
    left = [token for token in rest.split() if token != "|" and not MARKER.match(token)]
    assert not left, f"words of the body in no measure or clause: {' '.join(left)}"


# --- Sutton 2012 ---------------------------------------------------------------------


def test_sutton_measures_are_two_numbered_ten_bulleted_and_three_paragraphs() -> None:
    ids = [m.id for m in notice("sutton-2012").measures]
    bulleted = [f"b{k}" for k in range(1, 11)]
    assert ids == ["i", "ii", *bulleted, "p1", "p2", "p3"]


def test_sutton_bulleted_measures_stand_under_their_headings() -> None:
    themes = {m.id: m.theme for m in notice("sutton-2012").measures}
    counts: dict[str | None, int] = {}
    for k in range(1, 11):
        counts[themes[f"b{k}"]] = counts.get(themes[f"b{k}"], 0) + 1
    assert counts == {
        "Quality and effectiveness of safeguarding practice": 5,
        "Improving the effectiveness of partnership and governance": 3,
        "Capacity and Capability": 2,
    }


def test_sutton_clauses() -> None:
    n = notice("sutton-2012")
    roles = {c.id: c.role.value for c in n.clauses}
    assert roles == {
        "c1": "preamble",
        "c2": "preamble",
        "c3": "preamble",
        "c4": "assessment",
        "c5": "consequence",
    }
    assert n.consequence == next(c.text for c in n.clauses if c.id == "c5")
    assert n.legal_basis == "s497A Education Act 1996"


def test_sutton_issue_date_and_signature_are_blank() -> None:
    n = notice("sutton-2012")
    assert n.issued.precision is Precision.UNKNOWN
    assert n.received.precision is Precision.UNKNOWN
    assert n.signatory.name is None
    assert n.recipient.la_code == "E09000029"
    assert n.basis.inspections == ("sutton-2012-ofsted",)


@pytest.mark.parametrize(
    ("obligation", "dates"),
    [
        ("information-to-ministers", ["2012-10", "2013-04", "2013-10"]),
        ("reviews", ["2013-04", "2013-10", "2014-02"]),
    ],
)
def test_sutton_fixed_dates_are_months(obligation: str, dates: list[str]) -> None:
    rule = next(o for o in notice("sutton-2012").obligations if o.id == obligation).schedule[0]
    assert isinstance(rule, FixedRule)
    assert [str(d) for d in rule.dates] == dates
    assert {d.precision for d in rule.dates} == {Precision.MONTH}


def test_sutton_obligations() -> None:
    n = notice("sutton-2012")
    rules = {o.id: o.schedule for o in n.obligations}
    assert list(rules) == [
        "information-to-ministers",
        "reviews",
        "improvement-plan",
        "board-meetings",
        "indicators-and-milestones",
        "monthly-performance-reports",
    ]
    (plan,) = rules["improvement-plan"]
    assert isinstance(plan, DeadlineRule)
    assert plan.anchor is not None
    assert plan.anchor.kind is AnchorKind.RECEIVED
    assert str(plan.within) == "1 month"
    # Neither cadence has a stated start: no `from`, no guessed phase.
    (board,) = rules["board-meetings"]
    assert isinstance(board, RecurringRule)
    assert (board.anchor, str(board.every), board.changes) == (None, "4 weeks", ())
    (monthly,) = rules["monthly-performance-reports"]
    assert isinstance(monthly, RecurringRule)
    assert (monthly.anchor, str(monthly.every)) == (None, "1 month")


def test_sutton_indicators_and_milestones_due_by_january_2014() -> None:
    """No target set is recorded, so the sentence is an obligation, not targets_due."""
    n = notice("sutton-2012")
    assert n.targets_due is None
    (ob,) = [o for o in n.obligations if o.id == "indicators-and-milestones"]
    assert (ob.type.value, ob.paragraph) == ("deadline", "p3")
    assert ob.text == (
        "The Council must meet all performance indicators and milestones by January 2014."
    )
    (due,) = ob.schedule
    assert isinstance(due, DeadlineRule)
    assert due.by == day("2014-01")
    assert due.by is not None
    assert due.by.precision is Precision.MONTH


def test_sutton_board() -> None:
    board = notice("sutton-2012").board
    assert board is not None
    assert board.independent_chair is True
    assert board.chair is None
    assert board.meetings == "board-meetings"
    assert board.membership == ("the Council's partners",)
    assert board.observers == (
        "An official from the Department for Education will attend as a participant observer.",
    )


def test_sutton_inspection_is_only_what_the_notice_says() -> None:
    i = inspection("sutton-2012-ofsted")
    assert (i.framework.value, i.event.value) == ("safeguarding_lac", "full")
    assert i.report_date == day("2012-05-29")
    assert i.published is None
    assert i.overall is not None
    assert (i.overall.area, i.overall.grade) == (
        "overall effectiveness of the Council\u2019s safeguarding services",
        "inadequate",
    )
    assert (i.judgements, i.recommendations) == ((), ())


# --- Bexley 2024 SEND ----------------------------------------------------------------

SEND_MEASURES = [
    "3",
    *[f"3.{k}" for k in range(1, 6)],
    *[f"4{x}" for x in "abcde"],
    "5",
    "7",
    "9",
    *[f"9{x}" for x in "abcd"],
    "10",
]
SEND_CLAUSES = [
    "1",
    "2",
    "4",
    "6",
    *[f"7{x}" for x in "abcd"],
    "7d-i",
    "7d-ii",
    "7d-iii",
    "8",
    "11",
]


def test_send_paragraphs_one_to_eleven_are_all_present() -> None:
    n = notice("bexley-2024-send")
    assert [m.id for m in n.measures] == SEND_MEASURES
    assert [c.id for c in n.clauses] == SEND_CLAUSES
    ids = {m.id for m in n.measures} | {c.id for c in n.clauses}
    assert {str(k) for k in range(1, 12)} <= ids


def test_send_issue_signatory_and_partner() -> None:
    n = notice("bexley-2024-send")
    assert n.kind.value == "send"
    assert n.issued == day("2024-05-01")
    assert (n.signatory.name, n.signatory.role) == (
        "Anna Barker",
        "Senior Civil Servant in Department for Education",
    )
    assert n.recipient.la_code == "E09000004"
    # Paragraph 2: "working with the Integrated Care Board (ICB) and its other local
    # partners as set out in section 28(2) of the Children and Families Act 2014".
    assert [(p.name, p.role) for p in n.partners] == [
        ("Integrated Care Board (ICB)", None),
        (
            "its other local partners as set out in section 28(2) of the Children and "
            "Families Act 2014",
            None,
        ),
    ]
    assert n.basis.inspections == ("bexley-2024-area-send",)


def test_send_obligations() -> None:
    n = notice("bexley-2024-send")
    rules = {o.id: o.schedule for o in n.obligations}
    assert {k for k, (rule,) in rules.items() if isinstance(rule, AdHocRule)} == {
        "stocktake-reviews",
        "diagnostic-reviews",
    }
    # 4a: "to a timetable agreed with the Department", not recorded in any source.
    (board,) = rules["board-meetings"]
    assert isinstance(board, AgreedRule)
    assert (board.agreed_with, board.timetable) == ("the Department", None)
    each = {
        k: (rule.of, rule.in_advance, rule.offset)
        for k, (rule,) in rules.items()
        if isinstance(rule, EachRule)
    }
    assert each == {
        # "provided to the improvement board in advance"
        "risk-register-update": ("board-meetings", True, None),
        # "updated at each meeting"
        "action-impact-log": ("board-meetings", False, Period.parse("0 days")),
        # "sent on each occasion" (invitations precede the meeting)
        "meeting-invitations": ("board-meetings", True, None),
        # "Prior to any reviews"
        "self-assessment": ("stocktake-reviews", True, None),
    }
    paragraphs = {o.id: o.paragraph for o in n.obligations}
    assert paragraphs == {
        "board-meetings": "4a",
        "risk-register-update": "4c",
        "action-impact-log": "4e",
        "meeting-invitations": "5",
        "stocktake-reviews": "6",
        "self-assessment": "7",
        "diagnostic-reviews": "8",
    }


def test_send_actions_due_by_end_of_august_2025_and_no_targets_date() -> None:
    n = notice("bexley-2024-send")
    deadlines = {m.id: m.deadline for m in n.measures if m.deadline}
    assert deadlines == {"10": DeadlineRule(kind="deadline", by=day("2025-08"))}
    assert n.targets_due is None
    assert n.step_down is not None
    assert n.step_down.requires_minister
    assert n.step_down.text in next(m.text for m in n.measures if m.id == "10")
    assert n.consequence == next(c.text for c in n.clauses if c.id == "11")


def test_send_board() -> None:
    board = notice("bexley-2024-send").board
    assert board is not None
    assert board.chair_agreed_by == "Department for Education"
    assert board.meetings == "board-meetings"
    assert len(board.membership) == 5
    assert board.invitations == (
        "the appointed DfE adviser",
        "NHS England adviser",
        "the Department's case lead",
    )


def test_send_inspection_has_no_outcome_and_five_areas_of_unknown_category() -> None:
    i = inspection("bexley-2024-area-send")
    assert (i.framework.value, i.event.value) == ("area_send", "full")
    assert i.published == day("2024-02-23")
    assert i.overall is None
    assert {r.category for r in i.recommendations} == {RecommendationCategory.UNKNOWN}
    assert len(i.recommendations) == 5


# --- Bexley 2007 APA -----------------------------------------------------------------

CAPACITY = "Capacity to improve, including the management of services for children and young people"
APA_GRADES = {
    "Being healthy": 4,
    "Staying safe": 3,
    "Enjoying and achieving": 2,
    "Making a positive contribution": 3,
    "Achieving economic well-being": 3,
    CAPACITY: 3,
}
CATEGORY_HEADINGS = {
    "For action in the next six months": RecommendationCategory.NEXT_SIX_MONTHS,
    "For action in the longer term": RecommendationCategory.LONGER_TERM,
    "Areas for development": RecommendationCategory.AREA_FOR_DEVELOPMENT,
}


def test_apa_grades() -> None:
    i = inspection("bexley-2007-apa")
    assert (i.framework.value, i.event.value, i.inspectorates) == (
        "apa",
        "annual_assessment",
        ("Ofsted",),
    )
    assert i.report_date == day("2007-11-26")
    assert i.overall is not None
    assert (i.overall.area, i.overall.grade) == ("Overall effectiveness of children's services", 3)
    assert {j.area: j.grade for j in i.judgements} == APA_GRADES
    assert i.signatory is not None
    assert i.signatory.name == "Juliet Winstanley"


@pytest.mark.parametrize(
    ("category", "count"),
    [
        (RecommendationCategory.NEXT_SIX_MONTHS, 6),
        (RecommendationCategory.LONGER_TERM, 4),
        (RecommendationCategory.AREA_FOR_DEVELOPMENT, 10),
    ],
)
def test_apa_recommendation_counts(category: RecommendationCategory, count: int) -> None:
    recs = inspection("bexley-2007-apa").recommendations
    assert sum(r.category is category for r in recs) == count


def test_apa_recommendation_ids_are_numbered_per_area() -> None:
    seen: dict[str, int] = {}
    for r in inspection("bexley-2007-apa").recommendations:
        assert r.area in APA_GRADES
        slug, _, number = r.id.rpartition("-")
        seen[r.area] = seen.get(r.area, 0) + 1
        assert int(number) == seen[r.area], r.id
        assert slug == (
            "capacity-to-improve" if r.area == CAPACITY else r.area.lower().replace(" ", "-")
        )


def source_bullets(text: str) -> list[tuple[str, RecommendationCategory, str]]:
    """(area, category, text) of every bullet of the APA letter, in document order."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    bullets = []
    area = category = None
    for k, line in enumerate(lines):
        if k + 1 < len(lines) and re.fullmatch(r"Grade \d", lines[k + 1]):
            area, category = line, None
        elif line in CATEGORY_HEADINGS:
            category = CATEGORY_HEADINGS[line]
        elif line.startswith("- "):
            assert area is not None, line
            assert category is not None, line
            bullets.append((area, category, line[2:]))
    return bullets


def test_apa_recommendations_are_every_bullet_of_the_letter() -> None:
    recs = inspection("bexley-2007-apa").recommendations
    expected = source_bullets(seed(INSPECTIONS["bexley-2007-apa"]))
    assert [(r.area, r.category, r.text) for r in recs] == expected


# --- references between these records ------------------------------------------------


@pytest.mark.parametrize("name", NOTICES)
def test_notice_references_resolve(name: str) -> None:
    n = notice(name)
    for ref in n.basis.inspections:
        assert path_of("inspections", ref).is_file(), ref
    obligations = {o.id for o in n.obligations}
    paragraphs = {m.id for m in n.measures} | {c.id for c in n.clauses}
    assert n.board is not None
    assert n.board.meetings in obligations
    for o in n.obligations:
        assert o.paragraph in paragraphs, o.id
        for rule in o.schedule:
            anchor = getattr(rule, "anchor", None)
            if anchor is not None and anchor.kind in (AnchorKind.DUE, AnchorKind.DONE):
                assert anchor.ref in obligations, f"{o.id}: {anchor}"
