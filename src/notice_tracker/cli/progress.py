"""Progress on stderr while a large data folder is read: only on an interactive terminal
(never when stderr is piped or under CI), and only once reading has taken a second."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    """Called with (files read, files in all); ``finish`` clears the line it drew."""

    def __init__(
        self,
        stream: TextIO | None = None,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream or sys.stderr
        self.delay = delay
        self.clock = clock
        self.enabled = (
            self.stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
        )
        self.start: float | None = None
        self.last = 0.0
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if self.start is None:
            self.start = now
        if now - self.start < self.delay or (done < total and now - self.last < 0.1):
            return
        self.last = now
        line = f"reading data files: {done:,} of {total:,}"
        self.width = max(self.width, len(line))
        self.stream.write("\r" + line)
        self.stream.flush()

    def finish(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
