"""Problems as people read them: the place, what is wrong and what to do, then the line
itself with a caret under the column, the way hledger and rustc show an error.

    data/notices/example-2014.yaml:44:15: obligations[0].schedule.offset: '2 monts' is
    not a period: did you mean '2 months'?
       |
    44 |       offset: 2 monts
       |               ^

The first line is the same one-line form every command prints (and editors and CI jump
to); the excerpt follows it, indented, so tools that read the first line still can.
Control characters in the data are shown as ``?`` so a file cannot drive the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from notice_tracker.read.problems import Problem

Lines = Callable[[str], list[str] | None]
"""The lines of a file by its shown name, or None when it cannot be read."""


def _visible(text: str) -> str:
    return "".join(c if c == "\t" or c.isprintable() else "?" for c in text)


def excerpt(line_number: int, col: int, line: str) -> list[str]:
    """The gutter, the line and a caret under column ``col`` (tabs kept, so the caret
    lines up however wide the terminal shows them)."""
    gutter = " " * len(str(line_number))
    shown = _visible(line.rstrip("\r\n"))
    lead = "".join(c if c == "\t" else " " for c in shown[: max(col - 1, 0)])
    return [f"{gutter} |", f"{line_number} | {shown}", f"{gutter} | {lead}^"]


def render(problems: Iterable[Problem], lines: Lines) -> str:
    """Every problem, each followed by its excerpt when the file and line are there."""
    out: list[str] = []
    cache: dict[str, list[str] | None] = {}
    for problem in problems:
        out.append(str(problem))
        where = problem.where
        if where.file not in cache:
            cache[where.file] = lines(where.file)
        text = cache[where.file]
        if text is not None and 0 < where.line <= len(text):
            out += excerpt(where.line, where.col, text[where.line - 1])
    return "".join(line + "\n" for line in out)


def disk_lines(name: str) -> list[str] | None:
    """The lines of a file as the working tree has it (problems name files relative to
    the folder the command runs in), read by the one safe reader: never a FIFO or a
    device, never more than the size limit."""
    from pathlib import Path

    from notice_tracker.files import Unreadable, read_bytes

    try:
        data = read_bytes(Path(name))
    except Unreadable:
        return None
    return data.decode("utf-8", "replace").splitlines()
