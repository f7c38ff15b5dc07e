"""Everything a command prints goes through here (``say``, ``show``, ``page``), so that
a kept answer (``cli.answers``) can record it whole: each piece of standard output and
standard error in order, and whether it went through the pager."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import typer

MAX_ANSWER = 8 * 1024 * 1024
"""Bytes of output above which an answer is not kept (nor read back)."""

Event = tuple[str, str]
"""("out" | "err" | "view" | "page", text): one piece of output, in the order printed."""
KINDS = ("out", "err", "view", "page")


class Answer:
    """The answer being kept: its events, until they pass ``MAX_ANSWER`` (then it is
    not kept, and what was recorded is let go at once, not held to the end)."""

    def __init__(self) -> None:
        self.events: list[Event] | None = []
        self.size = 0

    def add(self, kind: str, text: str) -> None:
        if self.events is None:
            return
        self.size += len(text)
        if self.size > MAX_ANSWER:
            self.events = None
        else:
            self.events.append((kind, text))


_recording: list[Answer] = []


@contextlib.contextmanager
def recording() -> Iterator[Answer]:
    """Record what is printed in the block (a command whose answer is kept)."""
    answer = Answer()
    _recording.append(answer)
    try:
        yield answer
    finally:
        _recording.pop()


def say(text: str, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` as ``typer.echo`` does, and keep it if this answer is being kept."""
    text = text + "\n" if nl else text
    if _recording:
        _recording[-1].add("err" if err else "out", text)
    typer.echo(text, err=err, nl=False)


def show(text: str) -> None:
    """Print a view rich has drawn, colours as it decided (``say`` drops colour codes
    when standard output is not a terminal; rich has already decided), and keep it."""
    if _recording:
        _recording[-1].add("view", text)
    typer.echo(text, nl=False, color=True)


def page(text: str) -> None:
    """Show ``text`` through the pager (``$PAGER``, else ``less``), and keep it."""
    import pydoc

    if _recording:
        _recording[-1].add("page", text)
    os.environ.setdefault("LESS", "FRX")
    pydoc.pager(text)


class Tee:
    """A text stream that writes through to ``stream`` and adds what it writes to an
    answer; anything else (is it a terminal, its encoding) is the stream's own, but
    for its binary buffer, which it does not show (all is written through the tee)."""

    def __init__(self, stream: Any, kind: str, answer: Answer) -> None:
        self._stream, self._kind, self._answer = stream, kind, answer

    def write(self, text: str) -> int:
        written = int(self._stream.write(text))  # refuses bytes, as a text stream does
        self._answer.add(self._kind, text)
        return written

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":
            raise AttributeError(name)
        return getattr(self._stream, name)
