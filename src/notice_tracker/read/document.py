"""A parsed data file: its values, and the line and column of every key and value.

``read.yaml_io`` makes them; a valid record's document keeps only how to parse its file
again (``later``) and its shallow positions, so that a register's positions are not
all held at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from notice_tracker.read.problems import DocPath, Location, Problem, dotted

Positions = dict[DocPath, tuple[int, int]]

SHALLOW = 2
"""How deep the positions kept for a valid file go: every top-level key and every item
of a top-level list (``measures[3]``, ``targets[0]``: where findings point)."""


def shallow(positions: Positions) -> Positions:
    """The positions of the paths ``SHALLOW`` deep or less."""
    return {path: pos for path, pos in positions.items() if len(path) <= SHALLOW}


@dataclass
class Parsed:
    """One YAML document: its data (None when it could not be read) and positions."""

    file: str
    data: Any = None
    positions: Positions = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    keys: Positions = field(default_factory=dict)
    """Where each key itself is written (``positions`` has its value)."""
    later: Callable[[], Parsed] | None = field(default=None, repr=False, compare=False)
    """For a record known to be valid: how to parse the file again, so that its values
    and positions are parsed only if a problem or a finding needs them."""
    shallow: Callable[[], Positions | None] | None = field(default=None, repr=False, compare=False)
    """Until then, where to find the positions of the paths ``SHALLOW`` deep or less
    (``measures[3]``: where findings point), kept when the file was parsed."""

    @classmethod
    def on_demand(
        cls,
        file: str,
        parse: Callable[[], Parsed],
        shallow: Callable[[], Positions | None] | None = None,
    ) -> Parsed:
        """A valid document whose values and positions are parsed when first asked for
        (but for its ``shallow`` positions, when known)."""
        return cls(file, later=parse, shallow=shallow)

    def _fill(self) -> None:
        if self.later is not None:
            parse, self.later = self.later, None
            again = parse()
            self.data, self.positions, self.keys = again.data, again.positions, again.keys

    def locate(self, path: DocPath) -> Location:
        """The position of ``path``, or of its nearest ancestor that exists."""
        known = self._shallow() if len(path) <= SHALLOW else None
        if known is None:
            self._fill()
            known = self.positions
        for end in range(len(path), -1, -1):
            pos = known.get(path[:end])
            if pos:
                return Location(self.file, *pos)
        return Location(self.file, 1, 1)

    def _shallow(self) -> Positions | None:
        if self.later is None or self.shallow is None:
            return None
        found = self.shallow()
        # asked once: kept (or, when not to be had, the file is parsed instead)
        self.shallow = None if found is None else lambda: found
        return found

    def shallow_positions(self) -> Positions:
        """The positions ``SHALLOW`` deep or less (parsing the file only if they were
        not kept)."""
        known = self._shallow()
        if known is None:
            self._fill()
            known = shallow(self.positions)
        return known

    def locate_key(self, path: DocPath) -> Location:
        """Where the last key of ``path`` is written (for unknown keys)."""
        self._fill()
        pos = self.keys.get(path)
        return Location(self.file, *pos) if pos else self.locate(path)

    def problem(self, path: DocPath, message: str, hint: str = "") -> Problem:
        path = self._as_written(path)
        return Problem(self.locate(path), dotted(path), message, hint)

    def _as_written(self, path: DocPath) -> DocPath:
        """Drop the index of a list written as its only item (``schedule: {kind: ...}``
        is read as a one-rule list, but the document has no ``[0]``)."""
        self._fill()
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
