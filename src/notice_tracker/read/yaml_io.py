"""The only module that imports ruamel.yaml for reading.

``parse`` is the read path: the C-backed parser builds a node tree, and one walk over it
gives plain Python values plus the line and column of every key and value. Duplicate
keys, syntax errors and impossible dates come back as problems, never as exceptions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from notice_tracker.read import cache
from notice_tracker.read.problems import DocPath, Location, Problem, dotted

Positions = dict[DocPath, tuple[int, int]]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@dataclass
class Parsed:
    """One YAML document: its data (None when it could not be read) and positions."""

    file: str
    data: Any = None
    positions: Positions = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    keys: Positions = field(default_factory=dict)
    """Where each key itself is written (``positions`` has its value)."""

    def locate(self, path: DocPath) -> Location:
        """The position of ``path``, or of its nearest ancestor that exists."""
        for end in range(len(path), -1, -1):
            pos = self.positions.get(path[:end])
            if pos:
                return Location(self.file, *pos)
        return Location(self.file, 1, 1)

    def locate_key(self, path: DocPath) -> Location:
        """Where the last key of ``path`` is written (for unknown keys)."""
        pos = self.keys.get(path)
        return Location(self.file, *pos) if pos else self.locate(path)

    def problem(self, path: DocPath, message: str, hint: str = "") -> Problem:
        path = self._as_written(path)
        return Problem(self.locate(path), dotted(path), message, hint)

    def _as_written(self, path: DocPath) -> DocPath:
        """Drop the index of a list written as its only item (``schedule: {kind: ...}``
        is read as a one-rule list, but the document has no ``[0]``)."""
        out: list[str | int] = []
        node = self.data
        for key in path:
            if isinstance(node, dict) and key == 0 and 0 not in node:
                continue
            node = _child(node, key)
            out.append(key)
        return tuple(out)


def _child(node: Any, key: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None


class _Yaml12Resolver(VersionedResolver):
    """ruamel's resolver looks the YAML version up (through two caught exceptions) for
    every scalar; data files are YAML 1.2, so answer at once. A third of parse time."""

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)


def _yaml() -> YAML:
    yaml = YAML(typ="safe")
    yaml.Resolver = _Yaml12Resolver
    return yaml


class _Walker:
    def __init__(self, parsed: Parsed, yaml: YAML) -> None:
        self.parsed = parsed
        self.construct = yaml.constructor.construct_object

    def value(self, node: Node, path: DocPath) -> Any:
        self.parsed.positions[path] = (
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: Node, path: DocPath) -> Any:
        try:
            value = self.construct(node, deep=True)
        except (ValueError, YAMLError):
            self.parsed.problems.append(self._bad_scalar(node, path))
            return node.value
        if isinstance(value, dt.datetime) and node.tag == _TIMESTAMP:
            return value  # the models explain why a time of day is not allowed
        return value

    def _bad_scalar(self, node: Node, path: DocPath) -> Problem:
        where = Location(self.parsed.file, node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag == _TIMESTAMP:
            return Problem(
                where,
                dotted(path),
                f"{node.value!r} is not a real date",
                "check day and month",
            )
        return Problem(where, dotted(path), f"cannot read {node.value!r}")

    def mapping(self, node: MappingNode, path: DocPath) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            where = Location(
                self.parsed.file,
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            if not isinstance(key_node, ScalarNode):
                self.parsed.problems.append(
                    Problem(
                        where,
                        dotted(path),
                        "a key must be a plain word",
                        "not a list or mapping",
                    )
                )
                continue
            key = key_node.value
            key_path = (*path, key)
            self.parsed.keys.setdefault(key_path, (where.line, where.col))
            if key in out:
                first = self.parsed.positions[key_path]
                self.parsed.problems.append(
                    Problem(
                        Location(
                            self.parsed.file,
                            key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1,
                        ),
                        dotted(key_path),
                        f"duplicate key {key!r} (first at line {first[0]})",
                        "keep one of them",
                    )
                )
                continue
            out[key] = self.value(value_node, key_path)
            if not isinstance(value_node, ScalarNode):  # point at the key, not the block below
                self.parsed.positions[key_path] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
        return out


def _syntax_problem(file: str, text: str, exc: YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
    what = exc.problem if isinstance(exc, MarkedYAMLError) and exc.problem else str(exc)
    if "another document" in what:
        return Problem(
            where,
            "",
            "a data file holds one YAML document, and this is a second one",
            "remove the '---' line; put each record in its own file",
        )
    lines = text.splitlines()
    line = lines[where.line - 1] if 0 < where.line <= len(lines) else ""
    hint = "indent with spaces, not tabs" if "\t" in line else "fix the YAML syntax"
    return Problem(where, "", f"YAML syntax error: {what}", hint)


def parse(text: str, file: str) -> Parsed:
    """Parse one YAML document: from the content-keyed cache when this exact text was
    parsed cleanly before, else with the fast C-backed parser."""
    hit = cache.get(text)
    if hit is not None:
        data, positions, keys = hit
        return Parsed(file, data, positions, keys=keys)
    parsed = _parse(text, file)
    if not parsed.problems:
        cache.put(text, (parsed.data, parsed.positions, parsed.keys))
    return parsed


def _parse(text: str, file: str) -> Parsed:
    parsed = Parsed(file)
    yaml = _yaml()
    try:
        node = yaml.compose(text)
    except YAMLError as exc:
        parsed.problems.append(_syntax_problem(file, text, exc))
        return parsed
    if node is None:
        parsed.problems.append(
            Problem(Location(file, 1, 1), "", "the file is empty", "see docs/data-format.md")
        )
        return parsed
    walker = _Walker(parsed, yaml)
    parsed.data = walker.value(node, ())
    if not isinstance(parsed.data, dict):
        parsed.problems.append(
            parsed.problem((), "the top level must be a mapping of keys to values")
        )
        parsed.data = None
    return parsed
