"""Plain YAML scalars as YAML 1.2 reads them: the one reading of ``no``, ``010``, ``1e3``,
``12:30`` and ``2014-09-02`` on every path.

These are the rules of the edit path's ruamel.yaml (its YAML 1.2 resolver and safe
constructor), written out so the read path can apply them without calling into it for
every scalar; the tests hold the two to the same values.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

STAMP = object()
"""What ``plain`` gives for a date with a time of day (rare; built by the caller)."""

_NULL = frozenset(("~", "null", "Null", "NULL", ""))
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_BOOL["FALSE"] = False
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_INT = re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$",
)
_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_STAMP = re.compile(
    r"""^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?$""",
    re.X,
)
_NUMERIC = frozenset("-+0123456789.")


class BadScalar(ValueError):
    """A scalar that looks like a value of some type but is not one (``2014-02-30``)."""

    def __init__(self, date: bool) -> None:
        self.date = date


def plain(value: str) -> Any:
    """A plain (unquoted, untagged) scalar as YAML 1.2 reads it, the way the edit path's
    ruamel.yaml does: null, booleans, ints (``0x``, ``0o``, ``0b``, ``_`` separators;
    ``010`` is ten), floats (``1e3``, ``.inf``, ``.nan``) and dates; anything else is
    text. ``STAMP`` for a date with a time of day (the caller builds it), ``BadScalar``
    when it looks like a value of some type but is not one."""
    first = value[:1]
    if first in _NUMERIC and first:
        if value.isdigit() and value.isascii():
            return int(value)
        if len(value) == 10 and (m := _DAY.match(value)):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise BadScalar(date=True) from None
        if _FLOAT.match(value):
            return _float(value)
        if _INT.match(value):
            return _int(value)
        if first.isdigit() and _STAMP.match(value):
            return STAMP
        return value
    if value in _NULL:
        return None
    if first in "<=" and value in ("<<", "="):
        raise BadScalar(date=False)  # YAML's merge and value keys: not data
    return _BOOL.get(value, value)


def _int(value: str) -> int:
    text = value.replace("_", "")
    sign = -1 if text[0] == "-" else 1
    text = text.lstrip("+-")
    try:
        if text[:2] in ("0b", "0x", "0o"):
            return sign * int(text[2:], {"0b": 2, "0x": 16, "0o": 8}[text[:2]])
        return sign * int(text)
    except (ValueError, IndexError):
        raise BadScalar(date=False) from None


def _float(value: str) -> float:
    text = value.replace("_", "").lower()
    sign = -1.0 if text[0] == "-" else 1.0
    text = text.lstrip("+-")
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    try:
        return sign * float(text)
    except ValueError:
        raise BadScalar(date=False) from None
