"""The Bexley 2014 records in data/ match their source documents.

The sources are the plain-text documents in sources/, in the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from notice_tracker.records.inspections import SCALES, Inspection, RecommendationCategory
from notice_tracker.records.models import Notice
from notice_tracker.records.targets import TargetSet

DATA = Path(__file__).parent.parent / "data"
SEEDS = Path(__file__).parents[1] / "sources"
NOTICE_TXT = SEEDS / "bexley-2014-improvement-notice.txt"
REPORT_TXT = SEEDS / "bexley-2014-ofsted-inspection-report.txt"


def load(relative: str) -> object:
    with (DATA / relative).open(encoding="utf-8") as f:
        return YAML(typ="safe").load(f)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def source_text(path: Path) -> str:
    """The document with HTML paragraph tags removed and whitespace normalised."""
    return normalise(re.sub(r"</?p>", " ", path.read_text(encoding="utf-8")))


NOTICE = Notice.model_validate(load("notices/bexley-2014.yaml"))
INSPECTION = Inspection.model_validate(load("inspections/bexley-2014-ofsted.yaml"))
TARGETS = TargetSet.model_validate(load("targets/bexley-2014-targets.yaml"))


def test_notice_paragraphs_are_i_ii_and_1_to_17_and_three_lead_ins() -> None:
    ids = [m.id for m in NOTICE.measures] + [c.id for c in NOTICE.clauses]
    assert sorted(ids) == sorted(["i", "ii", *map(str, range(1, 18)), "lead-1", "lead-2", "lead-3"])


def test_notice_header() -> None:
    assert NOTICE.recipient.la_code == "E09000004"
    assert str(NOTICE.issued) == "2014-09-02"
    assert not NOTICE.received.known
    assert NOTICE.basis.inspections == ("bexley-2014-ofsted",)
    assert NOTICE.signatory.name == "Edward Timpson MP"


def test_notice_obligations() -> None:
    assert {o.id for o in NOTICE.obligations} == {
        "initial-report",
        "progress-reports",
        "reviews",
        "board-meetings",
    }
    assert NOTICE.board is not None
    assert NOTICE.board.meetings == "board-meetings"


@pytest.mark.parametrize(
    ("category", "area", "ids"),
    [
        ("area_for_improvement", "The local authority", range(27, 61)),
        ("priority_action", "LSCB", range(169, 171)),
        ("area_for_improvement", "LSCB", range(171, 179)),
    ],
)
def test_recommendations(category: str, area: str, ids: range) -> None:
    found = [
        r.id
        for r in INSPECTION.recommendations
        if r.category == RecommendationCategory(category) and r.area == area
    ]
    assert found == [str(n) for n in ids]


def test_no_other_recommendations() -> None:
    assert len(INSPECTION.recommendations) == 34 + 2 + 8


def test_judgements_on_the_sif_scale() -> None:
    assert INSPECTION.framework.value == "sif"
    judged = [INSPECTION.overall, INSPECTION.lscb, *INSPECTION.judgements]
    assert all(j is not None and j.grade in SCALES[INSPECTION.framework] for j in judged)
    assert [j.grade for j in INSPECTION.judgements] == ["requires_improvement"] * 5
    assert INSPECTION.lscb is not None
    assert INSPECTION.lscb.grade == "inadequate"


def test_answers_name_recommendations_that_exist() -> None:
    ids = {f"{INSPECTION.id}#{r.id}" for r in INSPECTION.recommendations}
    answers = {a for m in NOTICE.measures for a in m.answers}
    assert answers
    assert answers <= ids


def test_target_baseline_and_target() -> None:
    (target,) = TARGETS.targets
    assert TARGETS.notice == NOTICE.id
    assert (target.baseline.value, target.target.value, target.target.by) == (37, 26, None)
    assert not target.readings


NOTICE_TEXTS = [
    pytest.param(item.text, id=f"{kind}-{item.id}")
    for kind, items in (("measure", NOTICE.measures), ("clause", NOTICE.clauses))
    for item in items
] + [
    pytest.param(o.text, id=f"obligation-{o.id}") for o in NOTICE.obligations if o.text is not None
]
assert NOTICE.board is not None
NOTICE_TEXTS += [
    pytest.param(NOTICE.reason, id="reason"),
    pytest.param(NOTICE.basis.text, id="basis"),
    pytest.param(NOTICE.board.text, id="board"),
    pytest.param(NOTICE.consequence, id="consequence"),
]


@pytest.mark.parametrize("text", NOTICE_TEXTS)
def test_notice_text_is_verbatim(text: str | None) -> None:
    assert text is not None
    assert normalise(text) in source_text(NOTICE_TXT)


@pytest.mark.parametrize(
    "text",
    [pytest.param(r.text, id=f"recommendation-{r.id}") for r in INSPECTION.recommendations],
)
def test_recommendation_text_is_verbatim(text: str) -> None:
    assert normalise(text) in source_text(REPORT_TXT)


def test_judgement_text_is_verbatim() -> None:
    report = source_text(REPORT_TXT)
    judged = [INSPECTION.overall, INSPECTION.lscb, *INSPECTION.judgements]
    texts = [j.text for j in judged if j is not None and j.text is not None]
    assert len(texts) == 7
    assert all(normalise(t) in report for t in texts)
