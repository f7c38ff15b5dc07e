"""The sandbox every template runs in, shipped or the user's.

Templates are code kept in the data repository, so they are treated as hostile: Jinja2's
``ImmutableSandboxedEnvironment`` (no attribute starting with ``_``, no function
internals, nothing that changes the report's lists or mappings), plus bounds of our own,
each a ``SecurityError`` that the caller reports as ``TEMPLATE:LINE: message``:

- time: a render stops after ``TIME_LIMIT`` seconds (checked on every loop step, call
  and output chunk, and by an interval timer where the platform has one);
- size: the paper may be at most ``OUTPUT_LIMIT`` characters, and ``*``, ``**`` and
  ``+`` refuse to build a value larger than that (``'x' * 10**10``, ``10**10**10``);
- ``range`` gives at most ``RANGE_LIMIT`` numbers.

A template that recurses without end is refused when Python's recursion limit is hit
(the caller turns ``RecursionError`` into the located message). See docs/limits.md.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType
from typing import Any

from jinja2 import Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

TIME_LIMIT = 1.0
"""Seconds a template may take to render; the shipped ones take a few milliseconds."""
OUTPUT_LIMIT = 5_000_000
"""Characters a paper may have (about 5 MB; the shipped papers are about 20 KB)."""
RANGE_LIMIT = 100_000
"""Numbers one ``range(...)`` may give."""
_INT_BITS = 64_000
"""The largest integer a template may build: about 19,000 digits."""


class TemplateLimit(SecurityError):
    """A template went past one of the sandbox's bounds."""


class Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with bounded arithmetic, loops, time and output."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.deadline = float("inf")
        self.globals["range"] = self._range

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"the template took longer than {TIME_LIMIT:g} seconds")

    def _range(self, *args: int) -> Iterator[int]:
        numbers = range(*args)
        if len(numbers) > RANGE_LIMIT:
            raise TemplateLimit(f"range() of more than {RANGE_LIMIT:,} numbers")
        for number in numbers:
            self.tick()
            yield number

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        self.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "**":
            _check_power(left, right)
            return left**right
        if operator == "*":
            _check_size(_repeat_size(left, right), "*")
            return left * right
        _check_size(_sum_size(left, right), "+")
        return left + right


def _size_of(value: Any) -> int:
    if isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return value.bit_length() // 4 + 1
    try:
        return len(value)
    except TypeError:
        return 1


def _repeat_size(left: Any, right: Any) -> int:
    if isinstance(left, int) and isinstance(right, int):
        return (left.bit_length() + right.bit_length()) // 4 + 1
    for count, seq in ((left, right), (right, left)):
        if isinstance(count, int) and not isinstance(count, bool):
            return abs(count) * _size_of(seq)
    return 1


def _sum_size(left: Any, right: Any) -> int:
    return _size_of(left) + _size_of(right)


def _check_size(size: int, operator: str) -> None:
    if size > OUTPUT_LIMIT:
        raise TemplateLimit(f"'{operator}' would build a value of more than {OUTPUT_LIMIT:,} items")


def _check_power(base: Any, exponent: Any) -> None:
    numbers = isinstance(base, int) and isinstance(exponent, int)
    if numbers and abs(base) > 1 and exponent * base.bit_length() > _INT_BITS:
        raise TemplateLimit("'**' would build a number too large to show")


def render(template: Template, env: Sandbox, **context: Any) -> str:
    """``template`` rendered with ``context`` within the time and output bounds."""
    env.deadline = time.monotonic() + TIME_LIMIT
    try:
        with _alarm():
            size = 0
            chunks: list[str] = []
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > OUTPUT_LIMIT:
                    raise TemplateLimit(
                        f"the paper would be longer than {OUTPUT_LIMIT:,} characters"
                    )
                env.tick()
                chunks.append(chunk)
            return "".join(chunks)
    finally:
        env.deadline = float("inf")


@contextlib.contextmanager
def _alarm() -> Iterator[None]:
    """An interval timer that interrupts a render stuck inside one Python call (a
    filter on a huge value): on the main thread of a platform with ``setitimer``."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TemplateLimit(f"the template took longer than {TIME_LIMIT:g} seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT + 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
