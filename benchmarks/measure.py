"""Timing whole processes: wall time and the child's own peak memory.

Each run is one ``posix_spawn`` and one ``wait4``, so the peak resident size is that of
the child alone (``RUSAGE_CHILDREN`` would be the maximum over every child so far).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


class RunFailed(RuntimeError):
    """A command exited with a code it should not have: its output is in the message."""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    code: int


def spawn(argv: Sequence[str], env: dict[str, str], log: Path) -> Run:
    """Run ``argv`` with stdin from /dev/null and stdout and stderr into ``log``."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], list(argv), env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    return Run(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))


@dataclass(frozen=True)
class Job:
    """A command to time: its argv, environment, the exit codes that mean it worked, and
    what to do before each run (empty a cache, put an edited file back)."""

    argv: tuple[str, ...]
    env: dict[str, str]
    ok: frozenset[int] = frozenset({0})
    before: Callable[[], None] = field(default=lambda: None)

    def run(self, log: Path) -> Run:
        self.before()
        result = spawn(self.argv, self.env, log)
        if result.code not in self.ok:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RunFailed(f"{' '.join(self.argv)} exited {result.code}:\n{tail}")
        return result


@dataclass(frozen=True)
class Pairing:
    """Paired runs of a command and its baseline: medians of each and of the ratios."""

    command: list[Run]
    baseline: list[Run]

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.command)

    @property
    def baseline_seconds(self) -> float:
        return statistics.median(r.seconds for r in self.baseline)

    @property
    def ratio(self) -> float:
        return statistics.median(
            c.seconds / b.seconds for c, b in zip(self.command, self.baseline, strict=True)
        )

    @property
    def peak_mib(self) -> float:
        return max(r.peak_mib for r in self.command)


def paired(command: Job, baseline: Job, runs: int, log: Path) -> Pairing:
    """``runs`` pairs, side by side; the order alternates so neither always goes first."""
    mine: list[Run] = []
    theirs: list[Run] = []
    for i in range(runs):
        if i % 2:
            mine.append(command.run(log))
            theirs.append(baseline.run(log))
        else:
            theirs.append(baseline.run(log))
            mine.append(command.run(log))
    return Pairing(mine, theirs)
