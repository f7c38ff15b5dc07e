"""JSON Schemas (2020-12) of the data files, for editors and other tools.

Generated from the models, then given what JSON Schema can say about the rules the
models check in code: real calendar dates, each framework's grade scale, the two forms of
a deadline, positive recurrences, ``answers`` references and the replaced-by pair. What
it cannot say (references between files, unique ids in a list, YAML syntax) only
``notice validate`` checks. A test validates every data file and example case with a
JSON Schema validator and checks that it rejects the invalid cases it can express.

``notice schema`` prints them; they ship in the package (``records/schemas/``) and in
``schemas/`` at the top of this repository; ``make docs`` regenerates both and a test
fails when either differs from the models.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from notice_tracker.records.inspections import SCALES
from notice_tracker.records.kinds import BY_NAME, KINDS

SCHEMAS = {kind.name: kind.model for kind in KINDS}
DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://notice-tracker.invalid/schemas/"
"""Schemas are named, not fetched: editors find them by path (docs/editors.md)."""
FOLDER = "schemas"
"""Where a data repository keeps them, beside its ``data/`` (or its record folders)."""

_DAY = (
    r"(?!0000)\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-"
    r"(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))"
    r"|(?:\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29"
)
_MONTH = r"\d{4}-(?:0[1-9]|1[0-2])"
STRICT_PATTERNS = {
    r"^(\d{4}-\d{2}(-\d{2})?|unknown)$": f"^(?:{_DAY}|{_MONTH}|unknown)$",
    r"^\d{4}-\d{2}-\d{2}$": f"^(?:{_DAY})$",
}
"""The models' date patterns, and the same dates with impossible days refused."""
POSITIVE_PERIOD = r"^\+?0*[1-9]\d*\s+(day|week|month|year|working day)s?$"

TITLES = {
    "notice": "notice-tracker improvement notice",
    "inspection": "notice-tracker inspection report",
    "targets": "notice-tracker target set",
}
EXAMPLES: dict[str, dict[str, Any]] = {
    "notice": {
        "id": "example-2014",
        "kind": "childrens_services",
        "title": "Improvement Notice: London Borough of Example, September 2014",
        "recipient": {"name": "London Borough of Example", "la_code": "E09000004"},
        "issued": "2014-09-02",
        "obligations": [
            {
                "id": "initial-report",
                "title": "Initial report from the Board Chair",
                "type": "report",
                "schedule": {"kind": "offset", "from": "issued", "offset": "2 months"},
            }
        ],
    },
    "inspection": {
        "id": "example-2014-ofsted",
        "title": "Inspection of services for children in need of help and protection",
        "council": {"name": "London Borough of Example"},
        "inspectorates": ["Ofsted"],
        "framework": "sif",
        "event": "full",
        "published": "2014-05-23",
        "overall": {"area": "Overall effectiveness", "grade": "inadequate"},
    },
    "targets": {
        "id": "example-2014-targets",
        "notice": "example-2014",
        "title": "Example 2014 improvement notice: performance targets",
        "targets": [
            {
                "id": "care-proceedings-duration",
                "name": "Average duration of care proceedings",
                "unit": "weeks",
                "direction": "lower",
                "baseline": {"value": 45, "date": "2014-03"},
                "target": {"value": 26, "by": "2015-09"},
            }
        ],
    },
}


def schema(name: str) -> dict[str, Any]:
    """The schema of one kind of record (``notice``, ``inspection`` or ``targets``)."""
    model = BY_NAME[name].model
    body = model.model_json_schema(by_alias=True, mode="validation")
    defs = body.setdefault("$defs", {})
    _strict_dates(body)
    _rules(defs)
    if name == "inspection":
        body["allOf"] = _grade_scales()
    if "Lifecycle" in defs:
        defs["Lifecycle"]["dependentRequired"] = {
            "replaced_by": ["replaced_on"],
            "replaced_on": ["replaced_by"],
        }
    answers = defs.get("Measure", {}).get("properties", {}).get("answers")
    if answers:
        answers["items"]["pattern"] = r"^[^#]+#[^#]*$"
    return {
        "$schema": DIALECT,
        "$id": f"{BASE_ID}{name}.schema.json",
        **body,
        "title": TITLES[name],
        "description": (model.__doc__ or "").strip()
        + f" One file below {BY_NAME[name].folder}/, named after its id; see docs/data-format.md.",
        "examples": [EXAMPLES[name]],
    }


def _strict_dates(node: Any) -> None:
    if isinstance(node, dict):
        pattern = node.get("pattern")
        if isinstance(pattern, str) and pattern in STRICT_PATTERNS:
            node["pattern"] = STRICT_PATTERNS[pattern]
        for value in node.values():
            _strict_dates(value)
    elif isinstance(node, list):
        for value in node:
            _strict_dates(value)


def _rules(defs: dict[str, Any]) -> None:
    """What the rule models check in code: positive intervals, a non-empty schedule, and
    a deadline given ``by`` a date or ``within`` a period ``from`` an anchor."""
    for name in ("RecurringRule", "MaxIntervalRule", "CadenceChange"):
        every = defs.get(name, {}).get("properties", {}).get("every")
        if every is not None:
            every["pattern"] = POSITIVE_PERIOD
    deadline = defs.get("DeadlineRule")
    if deadline is not None:
        deadline["oneOf"] = [
            {
                "required": ["by"],
                "not": {"anyOf": [{"required": ["from"]}, {"required": ["within"]}]},
            },
            {"required": ["from", "within"], "not": {"required": ["by"]}},
        ]
    schedule = defs.get("Obligation", {}).get("properties", {}).get("schedule", {})
    for option in schedule.get("anyOf", []):
        if option.get("type") == "array":
            option["minItems"] = 1


def _grade_scales() -> list[dict[str, Any]]:
    """Each framework's grades: ``if framework is X then every grade is on X's scale``."""
    out = []
    for framework, scale in SCALES.items():
        grade = {"properties": {"grade": {"enum": list(scale)}}}
        out.append(
            {
                "if": {
                    "properties": {"framework": {"const": framework.value}},
                    "required": ["framework"],
                },
                "then": {
                    "properties": {
                        "overall": grade,
                        "lscb": grade,
                        "judgements": {"items": grade},
                    }
                },
            }
        )
    return out


def schema_text(name: str) -> str:
    return json.dumps(schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def shipped(name: str) -> str:
    """The schema as installed with the package."""
    files = resources.files("notice_tracker.records") / FOLDER / f"{name}.schema.json"
    return files.read_text(encoding="utf-8")


def write_all(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; the paths written."""
    from notice_tracker.files import write

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in KINDS:
        path = folder / f"{kind.name}.schema.json"
        write(path, schema_text(kind.name).encode("utf-8"))
        paths.append(path)
    return paths


def schemas_folder(data: Path) -> Path:
    """Where a data repository keeps its schemas: ``schemas/`` beside ``data/``, or inside
    the data folder when the record folders sit at the repository's top."""
    return (data.parent if data.resolve().name == "data" else data) / FOLDER


PACKAGE_FOLDER = Path(__file__).parent / FOLDER


if __name__ == "__main__":
    for target in sys.argv[1:] or [FOLDER]:
        write_all(Path(target))
    write_all(PACKAGE_FOLDER)
