"""Pydantic's validation errors as located, plain-English problems: each at the key or
value responsible, in the data's own terms (rule kinds, lists, dates), with a hint."""

from __future__ import annotations

import functools
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from notice_tracker.read.document import Parsed
from notice_tracker.read.problems import DocPath, Location, Problem, did_you_mean, dotted
from notice_tracker.records.kinds import KINDS

R = TypeVar("R", bound=BaseModel)


def _real_path(data: Any, loc: tuple[int | str, ...]) -> DocPath:
    """Map a pydantic ``loc`` onto the document: union tags ("recurring", "int") and the
    index of a single rule written without a list are not in the document."""
    path: list[str | int] = []
    node = data
    tagged = None
    for part in loc:
        if isinstance(node, dict) and part == node.get("kind") and node is not tagged:
            tagged = node  # the union tag pydantic puts after a rule, even if a key is so named
            continue
        if _has(node, part):
            node = node[part]
        elif isinstance(node, dict) and part == 0:
            continue  # a lone mapping stands for a one-item list
        elif isinstance(part, str) and (
            part.startswith("function-") or not isinstance(node, dict | list)
        ):
            continue
        else:
            node = None
        path.append(part)
    return tuple(path)


def _has(node: Any, part: int | str) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def problem(doc: Parsed, err: ErrorDetails) -> Problem:
    """The problem pydantic's ``err`` describes, located in ``doc``."""
    path = _real_path(doc.data, err["loc"])
    kind = err["type"]
    name = str(path[-1]) if path else ""
    if kind == "missing":
        return doc.problem(
            path, f"missing required key {name!r}", "add it; see docs/data-format.md"
        )
    if kind == "extra_forbidden":
        return Problem(
            doc.locate_key(path),
            dotted(path),
            f"unknown key {name!r}",
            _did_you_mean(name),
        )
    if kind in _PLAIN:
        return _plain(doc, path, err)
    if kind == "string_pattern_mismatch":
        expected = _FORMS.get(name, "see docs/data-format.md")
        return doc.problem(path, f"{_show(err['input'])} is not in the expected form", expected)
    message = err["msg"].removeprefix("Value error, ")
    if kind not in {"value_error", "assertion_error"} and "input" in err:
        message += f", got {_show(err['input'])}"
    if kind == "string_type" and isinstance(err.get("input"), int | float):
        return doc.problem(path, message, f'put it in quotes: "{err["input"]}"')
    if kind == "enum" and isinstance(err.get("input"), str):
        allowed = [
            v.strip(" '")
            for v in str(err.get("ctx", {}).get("expected", "")).replace(" or ", ",").split(",")
        ]
        return doc.problem(path, message, did_you_mean(err["input"], [a for a in allowed if a]))
    return doc.problem(path, message)


_RULE_KINDS = "fixed, offset, offsets, recurring, max_interval, deadline or ad_hoc"
_PLAIN = {
    "union_tag_invalid",
    "union_tag_not_found",
    "too_short",
    "string_too_short",
    "tuple_type",
}


def _plain(doc: Parsed, path: DocPath, err: ErrorDetails) -> Problem:
    """Pydantic's wording for these speaks of tags and tuples; say it in the data's terms."""
    kind, ctx = err["type"], err.get("ctx", {})
    if kind == "union_tag_invalid":
        return doc.problem(
            (*path, "kind"), f"unknown rule kind {ctx['tag']!r}", f"use {_RULE_KINDS}"
        )
    if kind == "union_tag_not_found":
        return doc.problem(path, "missing required key 'kind'", f"say which rule: {_RULE_KINDS}")
    if kind == "too_short":
        return doc.problem(path, "must not be an empty list", "add at least one item")
    if kind == "string_too_short":
        return doc.problem(path, "must not be empty")
    return doc.problem(path, f"should be a list ('- ' before each item), got {_show(err['input'])}")


_FORMS = {
    "la_code": "an ONS local authority code such as E09000004",
    "id": "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit",
}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@functools.cache
def _vocabulary() -> list[str]:
    words: set[str] = set()
    pending: list[type[BaseModel]] = [kind.model for kind in KINDS]
    seen: set[type[BaseModel]] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            words.add(info.alias or name)
        pending += _submodels(model)
    return sorted(words)


def _submodels(model: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    stack = [info.annotation for info in model.model_fields.values()]
    while stack:
        tp = stack.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            found.append(tp)
        stack += list(typing.get_args(tp))
    return found


def _did_you_mean(name: str) -> str:
    words = [w for w in _vocabulary() if w != name]
    return did_you_mean(name, words, cutoff=0.75) or "remove it; see docs/data-format.md"


def validated(doc: Parsed, model: type[R], problems: list[Problem]) -> R | None:
    """``doc`` as a ``model`` record, or None with its problems added to ``problems``
    (at most ``MAX_PROBLEMS`` of them)."""
    if doc.data is None or doc.problems:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems += [problem(doc, err) for err in errors[:MAX_PROBLEMS]]
        if len(errors) > MAX_PROBLEMS:
            problems.append(
                Problem(
                    Location(doc.file),
                    "",
                    f"{len(errors) - MAX_PROBLEMS:,} more problems in this file are not shown",
                    f"at most {MAX_PROBLEMS} are reported per file; see docs/limits.md",
                )
            )
        return None


MAX_PROBLEMS = 100
"""Schema problems reported per file: a file with 100,000 unknown keys is one mistake
(the wrong file, or a generator gone wrong), and listing them all would take minutes."""
