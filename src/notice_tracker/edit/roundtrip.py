"""The round-trip engine: load a file in its own layout, change the document, and splice
only the changed lines back into the original text.

The file is loaded with ruamel.yaml's round-trip loader in the file's own layout
(indents, quotes, line endings, BOM, final newline), the change is applied to the
document, and the result is *spliced* into the original text: only the lines the change
itself touched are replaced, so anything the dumper would have written differently
elsewhere (``null`` as an empty value, say) stays byte for byte as it was.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from notice_tracker.errors import NoticeError
from notice_tracker.read.yaml_io import top_level_keys


@dataclass(frozen=True)
class _Layout:
    """How a file is written, so that new lines look like the lines already there."""

    newline: str = "\n"
    mapping: int = 2
    sequence: int = 4
    offset: int = 2


_BLOCK_KEY = re.compile(r"^( *)((?:- +)*)[^\s#'\"-][^#]*:\s*(#.*)?$")


def _layout(lines: Sequence[str], newline: str) -> _Layout:
    """The file's indentation, read from the first nested mapping and sequence."""
    body = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    mapping = sequence = offset = None
    for above, below in itertools.pairwise(body):
        m = _BLOCK_KEY.match(above)
        if not m:
            continue
        key_col = len(m.group(1)) + len(m.group(2))
        col = len(below) - len(below.lstrip(" "))
        dash = re.match(r"^ *(- +)", below)
        if dash and offset is None and col >= key_col:
            offset, sequence = col - key_col, col - key_col + len(dash.group(1))
        elif not dash and mapping is None and col > key_col:
            mapping = col - key_col
    return _Layout(newline, mapping or 2, sequence or 4, 2 if offset is None else offset)


def _yaml(layout: _Layout) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never re-wrap a long line
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # [{a: 1}], not [a: 1]
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return yaml


def _lines(text: str) -> list[str]:
    """Lines with their own endings; only ``\\n`` ends a line (not U+2028 and friends)."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _body(line: str) -> str:
    return line.removesuffix("\n").removesuffix("\r")


def _dump(yaml: YAML, doc: Any) -> list[str]:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue().split("\n")[:-1]


Mutate = Callable[[Any], None]

Scope = str | tuple[str, int]
"""What a change is made in: a top-level key, or one item of the block sequence that
is a top-level key's value (``("measures", 3)``)."""


def rewrite(text: str, mutate: Mutate, scope: Scope | None = None) -> str:
    """``text`` with ``mutate`` applied to its round-trip document, changing only the
    lines the change touches. ``NoticeError`` if the change cannot be made surgically.

    ``scope``: the one top-level key ``mutate`` changes (inside its value), or the one
    item of that key's sequence. Then only the lines of that key (or of the key's line
    and that item) are loaded, changed, dumped before and after the change and spliced
    back; when that cannot be done (the key or item is not there, the change reaches
    beyond it, its lines do not stand alone), the key is, and failing that the whole
    document, as without a scope."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = _lines(text.removeprefix(bom))
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    yaml = _yaml(_layout([_body(line) for line in lines], newline))
    source = "".join(_body(line) + "\n" for line in lines)
    if scope is not None:
        within = _rewrite_within(yaml, source, lines, newline, mutate, scope)
        if within is not None:
            return bom + within
    try:
        doc = yaml.load(source)
    except YAMLError as exc:
        raise NoticeError(f"cannot read the file to edit it: {exc}") from None
    base = _dump(yaml, doc)
    mutate(doc)
    return bom + _splice(lines, base, _dump(yaml, doc), newline)


def _rewrite_within(
    yaml: YAML, source: str, lines: list[str], newline: str, mutate: Mutate, scope: Scope
) -> str | None:
    """``rewrite`` of the lines of the top-level key ``scope`` alone (from its line to
    the next key's: comments between them are written after its value), or of one
    item of its sequence (``_rewrite_item``); None when neither can be done."""
    name, item = (scope, None) if isinstance(scope, str) else scope
    keys = top_level_keys(source)
    at = [i for i, (key, _, _) in enumerate(keys or ()) if key == name]
    if keys is None or len(at) != 1:
        return None
    start, items = keys[at[0]][1], keys[at[0]][2]
    end = keys[at[0] + 1][1] if at[0] + 1 < len(keys) else len(lines)
    if item is not None and 0 <= item < len(items):
        last = items[item + 1] if item + 1 < len(items) else end
        done = _rewrite_item(yaml, lines, newline, mutate, (name, item), (start, items[item], last))
        if done is not None:
            return done
    region = lines[start:end]
    try:
        part = yaml.load("".join(_body(line) + "\n" for line in region))
    except YAMLError:
        return None
    if not isinstance(part, CommentedMap) or list(part) != [name]:
        return None
    base = _dump(yaml, part)
    try:
        mutate(part)
    except (KeyError, IndexError, TypeError):  # it reached for another key
        return None
    if list(part) != [name]:
        return None
    try:
        spliced = _splice(region, base, _dump(yaml, part), newline)
    except NoticeError:
        return None
    return "".join(lines[:start]) + _joined(spliced, end, lines, newline)


def _rewrite_item(
    yaml: YAML,
    lines: list[str],
    newline: str,
    mutate: Mutate,
    scope: tuple[str, int],
    where: tuple[int, int, int],
) -> str | None:
    """``rewrite`` of one item of a top-level key's sequence: the key's line and the
    item's lines (from its dash to the next item's) stand as a document of their own,
    which ``mutate`` changes through a view of the whole (``_Item``); or None."""
    (name, index), (key_line, first, last) = scope, where
    if not key_line < first < last or not lines[first].lstrip(" ").startswith("-"):
        return None
    head = lines[key_line]
    region = [head, *lines[first:last]]
    try:
        part = yaml.load("".join(_body(line) + "\n" for line in region))
    except YAMLError:
        return None
    if not _one_item(part, name):
        return None
    base = _dump(yaml, part)
    try:
        mutate({name: _Item(index, part[name][0])})
    except (KeyError, IndexError, TypeError):  # it reached for another key or item
        return None
    if not _one_item(part, name):
        return None
    try:
        spliced = _splice(region, base, _dump(yaml, part), newline)
    except NoticeError:
        return None
    if not spliced.startswith(head):
        return None
    return "".join(lines[:first]) + _joined(spliced[len(head) :], last, lines, newline)


def _one_item(part: Any, name: str) -> bool:
    return (
        isinstance(part, CommentedMap)
        and list(part) == [name]
        and isinstance(part[name], CommentedSeq)
        and len(part[name]) == 1
    )


class _Item:
    """The one item of a sequence loaded on its own, at its index in the whole: a
    change reaching for any other item raises ``IndexError``."""

    def __init__(self, index: int, item: Any) -> None:
        self.index, self.item = index, item

    def __getitem__(self, index: int) -> Any:
        if index != self.index:
            raise IndexError(index)
        return self.item


def _joined(part: str, end: int, lines: list[str], newline: str) -> str:
    """The spliced lines of a key followed by the lines after it: the part ends with a
    newline whenever lines follow it."""
    rest = "".join(lines[end:])
    if rest and part and not part.endswith("\n"):
        part += newline
    return part + rest


def _splice(lines: list[str], base: list[str], edited: list[str], newline: str) -> str:
    """``lines`` changed where ``base`` (the dump before the change) differs from
    ``edited`` (the dump after it), and nowhere else."""
    where = _alignment(base, [_body(line) for line in lines])
    out: list[str] = []
    cursor = 0
    matcher = difflib.SequenceMatcher(None, base, edited, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = _region(where, i1, i2, len(base), len(lines))
        if start < cursor:
            raise _not_surgical(i1)
        out += lines[cursor:start] + [line + newline for line in edited[j1:j2]]
        cursor = end
    return _endings(out + lines[cursor:], lines, newline)


def _alignment(base: list[str], original: list[str]) -> dict[int, int]:
    """Which original line each line of the dump is, where the two agree."""
    where: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, base, original, autojunk=False)
    for i, j, size in matcher.get_matching_blocks():
        where.update({i + k: j + k for k in range(size)})
    return where


def _region(where: dict[int, int], i1: int, i2: int, n_base: int, n_lines: int) -> tuple[int, int]:
    """The original lines standing for dump lines ``i1:i2`` (an insertion when equal)."""
    if i1 == i2:
        if i1 > 0 and i1 - 1 in where:
            return where[i1 - 1] + 1, where[i1 - 1] + 1
        if i1 in where:
            return where[i1], where[i1]
        if i1 == n_base:
            return n_lines, n_lines
        raise _not_surgical(i1)
    mapped = [where.get(i) for i in range(i1, i2)]
    first = mapped[0]
    if first is None or mapped != list(range(first, first + len(mapped))):
        raise _not_surgical(i1)
    return first, first + len(mapped)


def _not_surgical(line: int) -> NoticeError:
    return NoticeError(
        f"the edit cannot be made without rewriting the layout near line {line + 1}: "
        "make it by hand (the file is unchanged)"
    )


def _endings(out: list[str], original: list[str], newline: str) -> str:
    """Every line ends with a newline but the last, which keeps the original's state."""
    fixed = [line if line.endswith("\n") else line + newline for line in out]
    if fixed and original and not original[-1].endswith("\n"):
        fixed[-1] = _body(fixed[-1])
    return "".join(fixed)
