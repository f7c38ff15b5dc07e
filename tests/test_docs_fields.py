"""docs/data-format.md cannot drift from the models.

Each record has a ``### Name`` section whose table lists its keys; the first three columns
(key, type, required) are checked against the pydantic models, the fourth (meaning) is
prose. Every fenced YAML example is tagged with what it is (```yaml rule, ```yaml notice,
...) and must validate as that.

After changing a model, print the generated columns with::

    python tests/test_docs_fields.py
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pytest
from markdown_it import MarkdownIt
from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML

from notice_tracker.records import inspections, kinds, models, rules, targets
from notice_tracker.records.dates import DocDate, Period
from notice_tracker.records.rules import Anchor

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"

RULES: tuple[type[BaseModel], ...] = typing.get_args(rules.AnyRule)
RECORDS: dict[str, Any] = {
    "rule": rules.Rule,
    "obligation": models.Obligation,
    "measure": models.Measure,
    "notice": models.Notice,
    "inspection": inspections.Inspection,
    "targets": targets.TargetSet,
}
"""The tag after ```yaml -> what the example must validate as."""

ITEM_ID = models.Measure.model_fields["id"].metadata[0].pattern


def documented_models() -> list[type[BaseModel]]:
    """Every model a data file can contain, top-level records first, in a stable order."""
    found: list[type[BaseModel]] = []
    pending: list[type[BaseModel]] = [*(k.model for k in kinds.KINDS), *RULES]
    while pending:
        model = pending.pop(0)
        if model not in found:
            found.append(model)
            pending += [m for info in model.model_fields.values() for m in _models_in(info)]
    return found


def _models_in(info: FieldInfo) -> list[type[BaseModel]]:
    stack: list[Any] = [info.annotation]
    out = []
    while stack:
        tp = stack.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            out.append(tp)
        stack += typing.get_args(tp)
    return sorted(out, key=lambda m: m.__name__)


# --- the generated columns --------------------------------------------------------------


def row(name: str, info: FieldInfo) -> tuple[str, str, str]:
    """(key, type, required) as the doc's table writes them."""
    key = f"`{info.alias or name}`"
    return key, type_name(info.annotation, info.metadata), required(info)


def required(info: FieldInfo) -> str:
    """``yes``, ``no``, or ``no (`DEFAULT`)`` when the default is worth showing."""
    default = info.default
    if info.is_required():
        return "yes"
    if isinstance(default, enum.Enum):
        return f"no (`{default.value}`)"
    if isinstance(default, bool):
        return f"no (`{str(default).lower()}`)"
    if isinstance(default, str | DocDate):
        return f"no (`{default}`)"
    return "no"


def type_name(tp: Any, metadata: Sequence[Any] = ()) -> str:
    """The type of a key in the doc's words."""
    metadata = [*metadata, *(m for f in metadata if isinstance(f, FieldInfo) for m in f.metadata)]
    if any(type(m).__name__ == "BeforeValidator" for m in metadata):
        return "rule or list of rules"
    if any(type(m).__name__ == "PlainValidator" for m in metadata) or tp is dt.date:
        return "day"
    pattern = next((m.pattern for m in metadata if getattr(m, "pattern", None)), None)
    origin = typing.get_origin(tp)
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if origin is typing.Annotated:
        return type_name(args[0], [*typing.get_args(tp)[1:], *metadata])
    if origin in (typing.Union, types.UnionType):
        if all(isinstance(a, type) and issubclass(a, BaseModel) and a in RULES for a in args):
            return "rule"
        return " or ".join(type_name(a, metadata) for a in args)
    if origin is tuple:
        return f"list of {type_name(args[0])}"
    if origin is Literal:
        return " or ".join(f"`{a}`" for a in args)
    return _simple(tp, pattern)


def _simple(tp: Any, pattern: str | None) -> str:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return ", ".join(f"`{e.value}`" for e in tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp.__name__
    names = {DocDate: "date", Period: "period", Anchor: "anchor", bool: "true or false"}
    names |= {int: "whole number", float: "number"}
    if tp in names:
        return names[tp]
    if tp is str and pattern:
        return {r"^E\d{8}$": "LA code", ITEM_ID: "item id"}.get(pattern, "id")
    return "text"


def generated(model: type[BaseModel]) -> list[tuple[str, str, str]]:
    return [row(name, info) for name, info in model.model_fields.items()]


# --- reading the doc --------------------------------------------------------------------


def sections(text: str) -> dict[str, list[tuple[str, str, str]]]:
    """``### Name`` -> the first three cells of each row of the table under it."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    current = None
    for line in text.splitlines():
        if m := re.match(r"^### (\w+)\s*$", line):
            current = m.group(1)
            out[current] = []
        elif line.startswith("#"):
            current = None  # any other heading ends the record's section
        elif current and line.startswith("| `"):
            key, kind, needed = (cell.strip() for cell in line.split("|")[1:4])
            out[current].append((key, kind, needed))
    return out


def yaml_examples(text: str) -> list[tuple[str, str, int]]:
    """(tag, source, line) of each fenced ```yaml block; the tag is the word after yaml."""
    found = []
    for token in MarkdownIt().parse(text):
        words = token.info.split()
        if token.type == "fence" and words[:1] == ["yaml"] and token.map:
            found.append((" ".join(words[1:]), token.content, token.map[0] + 1))
    return found


TEXT = DOC.read_text(encoding="utf-8")
SECTIONS = sections(TEXT)
EXAMPLES = yaml_examples(TEXT)


@pytest.mark.parametrize("model", documented_models(), ids=lambda m: m.__name__)
def test_every_field_of_the_model_is_in_its_table(model: type[BaseModel]) -> None:
    assert model.__name__ in SECTIONS, f"docs/data-format.md has no '### {model.__name__}'"
    assert SECTIONS[model.__name__] == generated(model)


def test_every_documented_section_is_a_model() -> None:
    names = {m.__name__ for m in documented_models()}
    assert {name for name, rows in SECTIONS.items() if rows} <= names


def test_every_framework_scale_is_documented() -> None:
    for framework, scale in inspections.SCALES.items():
        line = next(s for s in TEXT.splitlines() if s.startswith(f"| `{framework.value}`"))
        assert all(f"`{grade}`" in line for grade in scale), framework


def example_rules(tag: str, source: str) -> list[Any]:
    data = YAML(typ="safe").load(source)
    if tag == "rule":
        return [data]
    if tag == "obligation":
        return data["schedule"] if isinstance(data["schedule"], list) else [data["schedule"]]
    return []


def test_every_rule_kind_has_an_example() -> None:
    kinds = {rule["kind"] for tag, src, _ in EXAMPLES for rule in example_rules(tag, src)}
    assert kinds == {typing.get_args(r.model_fields["kind"].annotation)[0] for r in RULES}


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize(
    ("tag", "source", "line"), EXAMPLES, ids=[f"line {e[2]}" for e in EXAMPLES]
)
def test_yaml_example_validates(tag: str, source: str, line: int) -> None:
    assert tag in RECORDS, f"line {line}: tag the block as ```yaml {' or '.join(RECORDS)}"
    adapter: TypeAdapter[Any] = TypeAdapter(RECORDS[tag])
    data = YAML(typ="safe").load(source)
    record = adapter.validate_python(data)
    assert set(data) <= set(adapter.dump_python(record, by_alias=True))


def main() -> None:
    """Print each model's table: generated key, type and required, with the model's own
    description as a first draft of the meaning."""
    for model in documented_models():
        print(f"\n### {model.__name__}\n\n| key | type | required | meaning |\n|---|---|---|---|")
        for info, (key, kind, needed) in zip(
            model.model_fields.values(), generated(model), strict=True
        ):
            print(f"| {key} | {kind} | {needed} | {info.description or ''} |")


if __name__ == "__main__":
    main()
