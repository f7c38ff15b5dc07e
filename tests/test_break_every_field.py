"""Break a field of a shipped data file and ``notice validate`` says exactly where.

For each file under ``data/``, every scalar field written on one line (down to a few levels)
is a candidate; an evenly spaced, deterministic sample of them is broken one at a time by
editing that one line of a copy of ``data/``: a date becomes an impossible or a made-up date,
an enum becomes ``bogus``, a period or an anchor becomes ``soon``, a number or a flag becomes
a word, and a string becomes a mapping. ``notice validate`` must then exit 3 and print a
problem that starts with the file and that line and names the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, cli_invoke
from notice_tracker.read.problems import DocPath, dotted
from notice_tracker.read.yaml_io import parse

PER_FILE = 5
MAX_DEPTH = 5

DATE_KEYS = {
    "issued", "received", "date", "by", "until", "lifted", "replaced_on", "occurrence",
    "due", "requested", "published", "report_date", "onsite_start", "onsite_end", "agreed",
}  # fmt: skip
ENUM_KEYS = {
    "kind", "type", "status", "rag", "role", "framework", "event", "category", "direction",
}  # fmt: skip
PERIOD_KEYS = {"offset", "within", "every", "expected_interval", "from"}


@dataclass(frozen=True)
class Mutation:
    file: Path
    path: DocPath
    line: int
    col: int
    bad: str
    rule_kind: str | None = None

    @property
    def rel(self) -> str:
        return self.file.relative_to(DATA.parent).as_posix()

    @property
    def key(self) -> str:
        return str(self.path[-1])

    @property
    def field(self) -> str:
        return dotted(self.path)

    @property
    def id(self) -> str:
        return f"{self.rel}:{self.line}:{dotted(self.path)}"

    def apply(self, text: str) -> str:
        lines = text.splitlines(keepends=True)
        old = lines[self.line - 1]
        lines[self.line - 1] = old[: self.col - 1] + self.bad + "\n"
        return "".join(lines)


def known_badly_located(mutation: Mutation) -> str:
    """Why a break is reported, but not at the field (these cases xfail, strictly)."""
    if mutation.key == "kind" and len(mutation.path) > 1:
        return "an unknown rule kind is reported at the rule, not at its kind"
    return ""


def category(key: str, value: Any) -> str:
    if key in DATE_KEYS or isinstance(value, dt.date):
        return "date"
    if key in ENUM_KEYS:
        return "enum"
    if key in PERIOD_KEYS:
        return "period or anchor"
    if isinstance(value, bool | int | float):
        return "number or flag"
    return "string"


BAD = {
    "date": ("soon", "2014-02-30"),
    "enum": ("bogus",),
    "period or anchor": ("soon",),
    "number or flag": ("lots",),
    "string": ("{oops: 1}",),
}
"""Something of the wrong type or form for each category of field, used in turn."""


def scalars(data: Any, path: DocPath = ()) -> Iterator[tuple[DocPath, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from scalars(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from scalars(value, (*path, i))
    else:
        yield path, data


def on_one_line(lines: list[str], path: DocPath, line: int, col: int) -> bool:
    """``key: value`` with the whole value on this line (not folded, not continued)."""
    text = lines[line - 1]
    prefix, rest = text[: col - 1], text[col - 1 :]
    if not prefix.rstrip().endswith(f"{path[-1]}:") or rest.startswith((">", "|")):
        return False
    key_indent = len(prefix) - len(prefix.lstrip(" -"))
    following = [s for s in lines[line:] if s.strip() and not s.lstrip().startswith("#")]
    return not following or len(following[0]) - len(following[0].lstrip(" ")) <= key_indent


def mutations_of(file: Path) -> list[Mutation]:
    """An evenly spread sample of the file's one-line fields, taking each category in turn."""
    text = file.read_text(encoding="utf-8")
    doc = parse(text, file.name)
    lines = text.splitlines()
    buckets: dict[str, list[tuple[DocPath, int, int]]] = {name: [] for name in BAD}
    for path, value in scalars(doc.data):
        if not isinstance(path[-1], str) or len(path) > MAX_DEPTH:
            continue
        line, col = doc.positions[path]
        if on_one_line(lines, path, line, col):
            buckets[category(path[-1], value)].append((path, line, col))
    kinds = {path[:-1]: value for path, value in scalars(doc.data) if path[-1] == "kind"}
    spread = {name: evenly(found, PER_FILE) for name, found in buckets.items()}
    chosen = []
    for i in range(PER_FILE):
        for name, found in spread.items():
            if i < len(found):
                path, line, col = found[i]
                bad = BAD[name][i % len(BAD[name])]
                chosen.append(Mutation(file, path, line, col, bad, kinds.get(path[:-1])))
    return sorted(chosen[:PER_FILE], key=lambda m: m.line)


def evenly(items: list[Any], n: int) -> list[Any]:
    """Up to ``n`` items spread evenly from first to last."""
    if len(items) <= n:
        return items
    return [items[i * (len(items) - 1) // (n - 1)] for i in range(n)]


MUTATIONS = [m for file in sorted(DATA.glob("*/*.yaml")) for m in mutations_of(file)]


def marked(mutation: Mutation) -> Any:
    why = known_badly_located(mutation)
    marks = [pytest.mark.xfail(reason=why, strict=True)] if why else []
    return pytest.param(mutation, id=mutation.id, marks=marks)


def test_the_sample_covers_every_file_and_kind_of_break() -> None:
    assert {m.file for m in MUTATIONS} == set(DATA.glob("*/*.yaml"))
    assert len(MUTATIONS) >= 35
    assert {m.bad for m in MUTATIONS} >= {"2014-02-30", "soon", "bogus", "{oops: 1}"}


@pytest.mark.parametrize("mutation", [marked(m) for m in MUTATIONS])
def test_breaking_a_field_is_reported_at_it(
    mutation: Mutation, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = data_copy.parent / mutation.rel
    target.write_text(mutation.apply(target.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.chdir(data_copy.parent)

    result = cli_invoke("validate", "data", expect=3)

    here = [
        line
        for line in result.stdout.splitlines()
        if line.startswith(f"{mutation.rel}:{mutation.line}:")
    ]
    assert here, f"nothing reported at {mutation.rel}:{mutation.line}:\n{result.stdout}"
    named = [line for line in here if line.split(": ")[1] == mutation.field]
    assert named, f"no problem names {mutation.field}:\n{result.stdout}"
