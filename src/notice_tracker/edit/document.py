"""Changes to a round-trip document that keep its layout: values keep their quoting,
new keys go where the model puts them, new list entries go in date order, and the
comments after the place of an insertion stay after it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and not node.fa.flow_style()


def _deepest(node: Any, key: Any) -> tuple[Any, Any]:
    """The container and key of the last scalar written inside ``node[key]``."""
    value = node[key]
    if _is_block(value) and len(value):
        last = len(value) - 1 if isinstance(value, CommentedSeq) else list(value)[-1]
        return _deepest(value, last)
    return node, key


def _slot(node: Any) -> int:
    """Where ruamel keeps the comment after an item: 0 in a list, 2 in a mapping."""
    return 0 if isinstance(node, CommentedSeq) else 2


def _take_trailing(node: Any, key: Any) -> str:
    """Detach the whole-line comments (and blank lines) written after ``node[key]``;
    an end-of-line comment stays where it is."""
    if not _is_block(node):
        return ""
    owner, last = _deepest(node, key)
    entry = owner.ca.items.get(last)
    token = entry[_slot(owner)] if entry else None
    if token is None:
        return ""
    if isinstance(owner[last], LiteralScalarString | FoldedScalarString):
        # after a block scalar the first comment's indent is kept in its mark, not its text
        indent = " " * token.column if token.value.startswith("#") else ""
        keep, moved = "", indent + token.value
    else:
        head, newline, moved = token.value.partition("\n")
        keep = head + newline
    if keep.strip():
        token.value = keep
    else:
        entry[_slot(owner)] = None
    return str(moved)


def _give_trailing(node: Any, key: Any, text: str) -> None:
    """Attach ``text`` (whole-line comments) after the new ``node[key]``."""
    if not text:
        return
    owner, last = _deepest(node, key)
    entry = owner.ca.items.setdefault(last, [None, None, None, None])
    entry[_slot(owner)] = CommentToken("\n" + text, CommentMark(0), None)


def _like(old: Any, new: Any) -> Any:
    """``new`` written in ``old``'s quoting style."""
    if isinstance(new, str) and isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    if isinstance(new, str) and isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    return new


Model = type[BaseModel]


def _fields(model: Model) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def put(node: CommentedMap, key: str, value: Any, model: type[BaseModel]) -> None:
    """Set ``node[key]``. An existing value keeps its quoting; a new key goes after the
    keys that come before it in ``model``, taking over the comments that followed them."""
    if key in node and node[key] is not None:
        node[key] = _like(node[key], value)
        return
    if key in node:
        node[key] = value
        return
    order = _fields(model)
    rank = order.index(key)
    keys = list(node)
    pos = max(
        (i + 1 for i, k in enumerate(keys) if k in order and order.index(k) < rank), default=0
    )
    moved = _take_trailing(node, keys[pos - 1]) if pos else ""
    node.insert(pos, key, value)
    _give_trailing(node, key, moved)


def _date_key(item: Any) -> str:
    return str(item.get("date", "")) if isinstance(item, dict) else ""


def new_mapping(entry: dict[str, Any]) -> CommentedMap:
    """``entry``'s set values (neither ``None`` nor ``False``) as a new mapping."""
    return CommentedMap((k, v) for k, v in entry.items() if v is not None and v is not False)


def add_entry(node: CommentedMap, key: str, entry: dict[str, Any], model: type[BaseModel]) -> None:
    """Add ``entry`` to the list ``node[key]`` in date order (after every entry dated on
    or before it), creating the list in block style when there is none. A flow list
    stays flow; in a block list the entry takes over the comments after its predecessor."""
    seq = node.get(key)
    if not isinstance(seq, CommentedSeq) or not len(seq):
        put(node, key, CommentedSeq([new_mapping(entry)]), model)
        return
    day = str(entry["date"])
    pos = max((i + 1 for i, item in enumerate(seq) if _date_key(item) <= day), default=0)
    moved = _take_trailing(seq, pos - 1) if pos else ""
    seq.insert(pos, new_mapping(entry))
    _give_trailing(seq, pos, moved)


def entry_of(record: BaseModel) -> dict[str, Any]:
    """A record as the mapping to write: set fields only, dates as dates (not text)."""
    return {k: getattr(record, k) for k in _fields(type(record)) if k in record.model_fields_set}


def add_at(
    path: tuple[str | int, ...], key: str, entry: dict[str, Any], model: Model, doc: Any
) -> None:
    """``add_entry`` on the node at ``path`` inside ``doc``."""
    node = doc
    for part in path:
        node = node[part]
    add_entry(node, key, entry, model)
