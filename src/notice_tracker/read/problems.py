"""Problems are values: every bad input becomes one of these, with where it is."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from notice_tracker.files import display_path
from notice_tracker.inert import inert

__all__ = ["DocPath", "Key", "Location", "Problem", "did_you_mean", "display_path", "dotted"]

Key = str | int
DocPath = tuple[Key, ...]


def dotted(path: DocPath) -> str:
    """``obligations[2].schedule.from``: a path inside a document, as people write it."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; line and column count from 1."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with the data, and what to do about it."""

    where: Location
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        inside = f" {self.path}:" if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return inert(f"{self.where}:{inside} {self.message}{hint}")


def did_you_mean(name: str, known: Iterable[str], n: int = 1, cutoff: float = 0.6) -> str:
    """``did you mean 'a'?`` (or ``'a' or 'b'``) for the closest known names; empty when
    nothing is close. The one place suggestions for typos are made."""
    close = difflib.get_close_matches(name, sorted(known), n=n, cutoff=cutoff)
    return "did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""
