"""YAML text -> plain values with the line and column of every key and value.

``parse`` is the read path. libyaml (through PyYAML's C parser) builds the node tree;
one lean walk over it resolves plain scalars by the YAML 1.2 rules that the edit path
(ruamel.yaml, round trip) also reads by, so ``no`` and ``on`` are words, ``010`` is ten,
``12:30`` is text and ``2014-09-02`` is a date. PyYAML's own YAML 1.1 tags are never
used. Duplicate keys, syntax errors, impossible dates and input past the limits of a
data file (size, nesting, alias expansion: docs/limits.md) come back as problems,
never as exceptions.
"""

from __future__ import annotations

import gc
from typing import Any

import yaml
from yaml import _yaml as _libyaml

from notice_tracker.read.document import Parsed
from notice_tracker.read.problems import DocPath, Location, Problem, dotted
from notice_tracker.read.scalars import STAMP, BadScalar, plain

MAX_BYTES = 4 * 1024 * 1024
"""A data file larger than this is refused before it is parsed."""
MAX_DEPTH = 50
"""Collections nested deeper than this are refused."""
MAX_ALIASED = 10_000
"""At most this many nodes may be reached through aliases in one file."""

_LIMITS = "the limit for a data file; see docs/limits.md"


_IMPLICIT = "?"
"""The tag our composer gives every untagged scalar; the walk resolves it."""
_TAG = "tag:yaml.org,2002:"


def _timestamp(value: str) -> Any:
    """A date with a time of day (the models refuse it, with a message of their own)."""
    from ruamel.yaml.util import create_timestamp, timestamp_regexp

    match = timestamp_regexp.match(value)
    try:
        return create_timestamp(**match.groupdict()) if match else value
    except ValueError:
        raise BadScalar(date=True) from None


def tagged(tag: str, value: str) -> Any:
    """A scalar with an explicit tag (``!!str 010``), rare in data files: built by
    ruamel.yaml's safe constructor, as the edit path would."""
    if tag == _TAG + "str":
        return value
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import ScalarNode

    try:
        return YAML(typ="safe").constructor.construct_object(ScalarNode(tag, value), deep=True)
    except (ValueError, YAMLError):
        raise BadScalar(date=tag == _TAG + "timestamp") from None


# --- the walk ---------------------------------------------------------------------------


class _Composer(_libyaml.CParser):
    """libyaml's parser and composer; scalars are resolved by the walk, not here."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _IMPLICIT

    def descend_resolver(self, parent: Any, index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class _Refused(Exception):
    """A limit was reached: the walk stops with this problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _Walker:
    def __init__(self, parsed: Parsed, track_aliases: bool) -> None:
        self.parsed = parsed
        self.file = parsed.file
        self.positions = parsed.positions
        self.keys = parsed.keys
        self.track = track_aliases
        self.seen: set[int] = set()
        self.inside = 0
        self.aliased = 0

    def refuse(self, node: Any, message: str) -> _Refused:
        mark = node.start_mark
        return _Refused(
            Problem(Location(self.file, mark.line + 1, mark.column + 1), "", message, _LIMITS)
        )

    def value(self, node: Any, path: DocPath, depth: int) -> Any:
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        aliased = self.track and self.count(node)
        kind = type(node)
        if kind is yaml.ScalarNode:
            return self.scalar(node, path)
        if depth >= MAX_DEPTH:
            raise self.refuse(node, f"the document nests deeper than {MAX_DEPTH} levels")
        out: dict[Any, Any] | list[Any]
        if kind is yaml.MappingNode:
            out = self.mapping(node, path, depth + 1)
        else:
            out = [self.value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if aliased:
            self.inside -= 1
        return out

    def count(self, node: Any) -> bool:
        """Count nodes reached through aliases: a collection met a second time is an
        alias, and everything below it is counted. True when ``node`` is such an alias."""
        if self.inside:
            self.aliased += 1
            if self.aliased > MAX_ALIASED:
                raise self.refuse(
                    node, f"the document expands aliases to more than {MAX_ALIASED:,} nodes"
                )
        if type(node) is yaml.ScalarNode:
            return False
        if id(node) in self.seen:
            self.inside += 1
            return True
        self.seen.add(id(node))
        return False

    def scalar(self, node: Any, path: DocPath) -> Any:
        try:
            if node.tag == _IMPLICIT:
                if node.style != "":
                    return node.value
                value = plain(node.value)
                return _timestamp(node.value) if value is STAMP else value
            return tagged(node.tag, node.value)
        except BadScalar as exc:
            self.parsed.problems.append(self._bad_scalar(node, path, exc.date))
            return node.value

    def _bad_scalar(self, node: Any, path: DocPath, date: bool) -> Problem:
        where = Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)
        if date:
            return Problem(
                where, dotted(path), f"{node.value!r} is not a real date", "check day and month"
            )
        return Problem(where, dotted(path), f"cannot read {node.value!r}")

    def mapping(self, node: Any, path: DocPath, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        positions, keys = self.positions, self.keys
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            where = (mark.line + 1, mark.column + 1)
            if type(key_node) is not yaml.ScalarNode:
                self.parsed.problems.append(
                    Problem(
                        Location(self.file, *where),
                        dotted(path),
                        "a key must be a plain word",
                        "not a list or mapping",
                    )
                )
                continue
            key = key_node.value
            key_path = (*path, key)
            if key in out:
                first = positions[key_path]
                self.parsed.problems.append(
                    Problem(
                        Location(self.file, *where),
                        dotted(key_path),
                        f"duplicate key {key!r} (first at line {first[0]})",
                        "keep one of them",
                    )
                )
                continue
            keys[key_path] = where
            out[key] = self.value(value_node, key_path, depth)
            if type(value_node) is not yaml.ScalarNode:  # point at the key, not the block below
                positions[key_path] = where
        return out


def _syntax_problem(file: str, text: str, exc: Exception) -> Problem:
    """The message for text that is not YAML, in libyaml's words: ruamel.yaml, on the
    edit path, wraps the same libyaml and words every syntax error alike, so there is
    no second parse (which made a loader class, a reference cycle, for every file)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
    problem = getattr(exc, "problem", None)
    what = problem if isinstance(exc, yaml.MarkedYAMLError) and problem else str(exc)
    if "another document" in what or "single document" in what:
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


def _too_large(file: str, text: str) -> Problem | None:
    if len(text) <= MAX_BYTES // 4:
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= MAX_BYTES:
        return None
    return Problem(
        Location(file, 1, 1),
        "",
        f"the file is larger than {MAX_BYTES // 1024 // 1024} MiB ({size:,} bytes)",
        _LIMITS,
    )


def parse(text: str, file: str) -> Parsed:
    """Parse one YAML document with its positions; every failure is a problem."""
    return _parse(text, file)


def _parse(text: str, file: str) -> Parsed:
    """The tree has no cycles: the cyclic collector would only rescan it as it grows."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_now(text, file)
    finally:
        if enabled:
            gc.enable()


def _parse_now(text: str, file: str) -> Parsed:
    parsed = Parsed(file)
    refused = _too_large(file, text)
    if refused:
        parsed.problems.append(refused)
        return parsed
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.YAMLError as exc:
        parsed.problems.append(_limit_or_syntax(file, text, exc))
        return parsed
    except RecursionError:
        parsed.problems.append(_depth_problem(file, 1, 1))
        return parsed
    finally:
        composer.dispose()
    if node is None:
        parsed.problems.append(
            Problem(Location(file, 1, 1), "", "the file is empty", "see docs/data-format.md")
        )
        return parsed
    walker = _Walker(parsed, track_aliases="&" in text and "*" in text)
    try:
        parsed.data = walker.value(node, (), 0)
    except _Refused as exc:
        parsed.problems.append(exc.problem)
        parsed.data = None
        return parsed
    if not isinstance(parsed.data, dict):
        parsed.problems.append(
            parsed.problem((), "the top level must be a mapping of keys to values")
        )
        parsed.data = None
    return parsed


def top_level_keys(text: str) -> list[tuple[str, int, tuple[int, ...]]] | None:
    """The keys of a document's top-level mapping, each with the line (from 0) it is
    written on and, when its value is a block sequence, the line each item begins on;
    None when the text is not one mapping with plain keys (or does not parse, or
    passes a limit of a data file)."""
    if _too_large("", text) is not None:
        return None
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        composer.dispose()
    if not isinstance(node, yaml.MappingNode):
        return None
    if not all(isinstance(key, yaml.ScalarNode) for key, _ in node.value):
        return None
    return [(key.value, key.start_mark.line, _item_lines(value)) for key, value in node.value]


def _item_lines(node: yaml.Node) -> tuple[int, ...]:
    if not isinstance(node, yaml.SequenceNode) or node.flow_style:
        return ()
    return tuple(item.start_mark.line for item in node.value)


def _depth_problem(file: str, line: int, col: int) -> Problem:
    return Problem(
        Location(file, line, col), "", f"the document nests deeper than {MAX_DEPTH} levels", _LIMITS
    )


def _limit_or_syntax(file: str, text: str, exc: yaml.YAMLError) -> Problem:
    if "maximum nesting depth" in str(exc):
        mark = getattr(exc, "problem_mark", None)
        return _depth_problem(file, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1)
    return _syntax_problem(file, text, exc)
