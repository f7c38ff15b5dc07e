"""Text from the data, made inert for a terminal or a file someone will ``cat``.

Data files are edited by many hands and bots, so a title may hold an escape sequence
that clears the screen, retitles the terminal or hides what follows, or bidirectional
controls that show text in another order than it is stored. ``inert`` shows each such
character as an escape (``\\x1b``, ``\\u202e``) instead, so it is visible and does
nothing. Rich markup (``[bold]``) is a separate matter, handled by printing data as
plain ``Text`` (``render.terminal``); Markdown escaping is the paper's (``md``).
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_BREAK = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def _shown(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str, lines: bool = False) -> str:
    """``text`` with every control character (and bidirectional control) shown as an
    escape. Line breaks and tabs are kept with ``lines``; otherwise they too are shown
    (``\\x0a``), so one message stays one line."""
    pattern = _CONTROL if lines else _CONTROL_OR_BREAK
    return pattern.sub(_shown, text) if pattern.search(text) else text
