"""Terminal rendering with rich: tables for ``status``, ``due`` and ``explain``.

Readable without colour: every state is a word, colour only repeats it. Rich drops the
colour itself when ``NO_COLOR`` is set or the output is not a terminal. Tables fit the
width they are printed at: at 80 columns the columns that matter stay whole and the
others are left out by priority; piped, lines carry no padding.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from notice_tracker.evaluate.explain import Explanation
from notice_tracker.evaluate.portfolio import DueItem
from notice_tracker.evaluate.status import Item, NoticeStatus
from notice_tracker.inert import inert
from notice_tracker.records.models import BOARD_RATINGS

STYLE = {
    "overdue": "bold red",
    "red": "bold red",
    "off_track": "red",
    "stale": "yellow",
    "due_soon": "yellow",
    "amber": "yellow",
    "undetermined": "magenta",
    "green": "green",
    "done_on_time": "green",
    "done": "green",
    "met": "green",
    "on_track": "green",
    "done_late": "dark_orange",
    "not_applicable": "dim",
    "missed": "dim",
    "not_yet_issued": "dim",
    "lifted": "dim",
    "replaced": "dim",
}


WIDE = 1000
"""Piped output is as wide as its rows, so a row never wraps (``COLUMNS`` still wins)."""


def make_console(color: bool = True) -> Console:
    """A console for stdout: the terminal's width, or ``COLUMNS``; when piped without
    ``COLUMNS``, wide enough that no row wraps. No colour with ``color=False``,
    ``NO_COLOR`` or when not a terminal."""
    width = int(os.environ.get("COLUMNS", "0") or 0) or None
    console = Console(
        highlight=False,
        markup=False,  # text from the data is never read as markup (see ``plain``)
        soft_wrap=False,
        width=width,
        color_system="auto" if color else None,
    )
    if not console.is_terminal and width is None:
        console.width = WIDE
    return console


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_TRAILING = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$", re.M)
"""Padding at the end of a line, mixed with colour codes (which are kept)."""


def pages(out: str, console: Console) -> bool:
    """``out`` should go through the pager: the console is a terminal and the view is
    taller than it."""
    return console.is_terminal and console.file.isatty() and out.count("\n") >= console.height


def view(console: Console, parts: Iterable[RenderableType]) -> str:
    """The parts as ``console`` prints them, every line without trailing padding (the
    caller prints it, through the pager when it ``pages``: ``$PAGER``, else ``less``
    with ``LESS=FRX``, so colour shows and a short view just prints)."""
    with console.capture() as captured:
        for part in parts:
            console.print(plain(part) if isinstance(part, str) else part)
    return _TRAILING.sub(lambda m: "".join(_ANSI.findall(m[0])), captured.get())


def plain(text: str, style: str = "") -> Text:
    """Text from the data (or built from it) as rich should show it: never read as
    markup, every control character made visible (``notice_tracker.inert``)."""
    return Text(inert(text, lines=True), style=style)


def _cell(cell: Cell) -> Cell:
    if isinstance(cell, str):
        return plain(cell)
    if isinstance(cell, Text) and not cell.spans:
        return plain(cell.plain, str(cell.style))
    return cell


def word(value: str) -> Text:
    """A state or rating as a word, coloured when colour is on."""
    return Text(value.replace("_", " "), style=STYLE.get(value, ""))


KIND = {"childrens_services": "children's", "send": "SEND", "direction": "direction"}


@dataclass(frozen=True)
class Col:
    """A column of a fitted table. ``drop`` 0 is always shown; when the table is too
    wide for the screen, the column with the highest ``drop`` goes first."""

    header: str
    drop: int = 0
    wrap: bool = False
    min_width: int = 12


Cell = RenderableType


class Fitted:
    """A table that fits the width it is printed at: columns are left out by priority
    (the caption says which), wrapping columns wrap, the others stay whole."""

    def __init__(self, title: str, columns: Sequence[Col]) -> None:
        self.title = title
        self.columns = list(columns)
        self.rows: list[list[Cell]] = []

    def add_row(self, *cells: Cell) -> None:
        self.rows.append([*(_cell(c) for c in cells), *[""] * (len(self.columns) - len(cells))])

    def table(self, keep: Sequence[int]) -> Table:
        table = Table(
            title=plain(self.title), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
        )
        for i in keep:
            col = self.columns[i]
            if col.wrap:
                table.add_column(col.header, overflow="fold", min_width=col.min_width)
            else:
                table.add_column(col.header, no_wrap=True)
        for row in self.rows:
            table.add_row(*(row[i] for i in keep))
        return table

    def _width(self, i: int) -> int:
        """The narrowest column ``i`` can be: its longest line, or its wrap width."""
        col = self.columns[i]
        cells = [col.header, *(row[i] for row in self.rows)]
        natural = max(
            (cell_len(line) for cell in cells for line in _plain(cell).split("\n")), default=0
        )
        return min(natural, max(col.min_width, cell_len(col.header))) if col.wrap else natural

    def fit(self, width: int) -> RenderableType:
        """The table with the columns that fit in ``width`` (three cells between columns
        and one at each edge), dropping by priority, and a line naming those left out."""
        keep = list(range(len(self.columns)))
        while True:
            needed = sum(self._width(i) for i in keep) + 3 * len(keep) - 1
            droppable = [i for i in keep if self.columns[i].drop > 0]
            if needed <= width or not droppable:
                break
            keep.remove(max(droppable, key=lambda i: (self.columns[i].drop, i)))
        table = self.table(keep)
        hidden = [c.header for i, c in enumerate(self.columns) if i not in keep]
        if not hidden:
            return table
        note = Text(f"Not shown at {width} columns: {', '.join(hidden)}.", style="dim")
        return Group(table, note)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.fit(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.fit(options.max_width))


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


def portfolio_table(statuses: Iterable[NoticeStatus], as_of: str) -> Fitted:
    """One row per notice. At 80 columns the id, state, RAG, overdue count, next subject
    and next date stay; council, kind, dates and counts go first."""
    table = Fitted(
        f"Notices as of {as_of}",
        [
            Col("Notice"),
            Col("Council", drop=5, wrap=True, min_width=10),
            Col("Kind", drop=7),
            Col("Issued", drop=6),
            Col("State"),
            Col("RAG"),
            Col("Overdue"),
            Col("Soon", drop=4),
            Col("Next", drop=3, wrap=True, min_width=14),
            Col("Next due"),
            Col("R/A/G", drop=8),
            Col("Off track", drop=9),
        ],
    )
    for st in statuses:
        nxt = st.next_group
        counts = "/".join(str(st.rag_counts.get(r, 0)) for r in BOARD_RATINGS)
        table.add_row(
            st.notice.id,
            st.notice.recipient.name,
            KIND[st.notice.kind.value],
            str(st.notice.issued),
            word(st.state.value),
            word(st.rag.value),
            str(st.overdue),
            str(st.due_soon),
            _titles(nxt[0]) if nxt else "-",
            str(nxt[1].due) if nxt else "-",
            counts,
            str(st.targets_off_track),
        )
    return table


def _titles(titles: tuple[str, ...], shown: int = 2) -> str:
    """The titles due next, one a line; past ``shown`` of them, how many more."""
    if len(titles) <= shown + 1:
        return "\n".join(titles)
    return "\n".join(titles[:shown]) + f"\nand {len(titles) - shown} more"


def _done(item: Item) -> str:
    if item.done is None:
        return item.occurrence.reason or item.occurrence.derivation
    note = f": {item.done.note}" if item.done.note else ""
    return f"done {item.done.date}{note}"


def notice_tables(st: NoticeStatus) -> list[RenderableType]:
    """One notice in detail: header, obligations, measures by theme, targets."""
    n = st.notice
    header = Text.assemble(
        (f"{n.id}", "bold"),
        f"  {n.title}\n",
        f"{n.recipient.name} | {KIND[n.kind.value]} | issued {n.issued} | ",
        f"as of {st.as_of} | state ",
        plain(st.life.words, STYLE.get(st.state.value, "")),
        " | RAG ",
        word(st.rag.value),
        f" | overdue {st.overdue} | due soon {st.due_soon} | undetermined {st.undetermined}",
        f" | missed {st.missed}" if st.missed else "",
    )
    parts: list[RenderableType] = [header, _obligation_table(st), _measure_table(st)]
    if st.targets:
        parts.append(_target_table(st))
    return parts


def _obligation_table(st: NoticeStatus) -> Fitted:
    table = Fitted(
        "Obligations",
        [Col("Obligation"), Col("Due"), Col("State"), Col("How / done", wrap=True)],
    )
    for ob in st.obligations:
        for i, item in enumerate(ob.items):
            name = f"{ob.obligation.id}" if i == 0 else ""
            due = str(item.due) if item.due else "?"
            table.add_row(name, due, word(item.state.value), _done(item))
    if st.targets_due is not None:
        it = st.targets_due
        table.add_row("all targets", str(it.due or "?"), word(it.state.value), _done(it))
    return table


def _measure_table(st: NoticeStatus) -> Fitted:
    """Id, status, RAG and the deadline with its state always show, whole."""
    table = Fitted(
        "Measures",
        [
            Col("Id"),
            Col("Measure", drop=3, wrap=True, min_width=14),
            Col("Owner", drop=5, wrap=True, min_width=10),
            Col("Status"),
            Col("RAG"),
            Col("Why", drop=4, wrap=True, min_width=12),
            Col("Deadline"),
        ],
    )
    theme = None
    for m in st.measures:
        if m.measure.theme != theme:
            theme = m.measure.theme
            table.add_row("", Text(_clip(theme or "(no heading)", 70), style="bold"))
        deadline = "-"
        if m.deadline is not None:
            deadline = f"{m.deadline.due or '?'} {m.deadline.state.value.replace('_', ' ')}"
        table.add_row(
            m.measure.id,
            m.measure.summary or _clip(m.measure.text),
            m.measure.owner or "-",
            m.measure.status.value.replace("_", " "),
            word(m.rag.value),
            m.rag_rule,
            deadline,
        )
    return table


def _target_table(st: NoticeStatus) -> Fitted:
    table = Fitted(
        "Targets",
        [
            Col("Target", wrap=True, min_width=14),
            Col("Baseline", drop=5),
            Col("Target"),
            Col("Latest", drop=3),
            Col("Expected now", drop=4),
            Col("State"),
            Col("Trend", drop=6),
        ],
    )
    for t in st.targets:
        tg = t.target
        latest = f"{t.latest.value:g} ({t.latest.date})" if t.latest else "-"
        expected = "-" if t.expected_now is None else f"{t.expected_now:.1f}"
        table.add_row(
            f"{tg.name} ({tg.unit})",
            f"{tg.baseline.value:g} ({tg.baseline.date})",
            f"{tg.target.value:g} by {t.due or '?'}",
            latest,
            expected,
            word(t.state.value),
            t.trend.value,
        )
    return table


def due_table(items: list[DueItem], as_of: str, within: str) -> Fitted:
    table = Fitted(
        f"Due within {within} after {as_of}",
        [
            Col("Due"),
            Col("State"),
            Col("Notice"),
            Col("Item", wrap=True, min_width=14),
            Col("How", drop=2, wrap=True, min_width=14),
        ],
    )
    for d in items:
        title = d.obligation.obligation.title if d.obligation else d.subject
        table.add_row(
            str(d.item.due or "?"),
            word(d.item.state.value),
            d.notice,
            title,
            d.item.occurrence.reason or d.item.occurrence.derivation,
        )
    return table


def explanation_table(ex: Explanation) -> list[RenderableType]:
    lines: list[RenderableType] = [plain(f"{ex.notice} {ex.subject}: {ex.title}", "bold")]
    if ex.state != "open":
        lines.append(plain(f"  the notice is {ex.state}"))
    lines += [plain(f"  rule {i}: {rule}") for i, rule in enumerate(ex.rules, 1)]
    table = Fitted("Occurrences", [Col("Due"), Col("State"), Col("Derivation", wrap=True)])
    for item in ex.items:
        how = item.occurrence.derivation
        if item.occurrence.reason:
            how += f" (undetermined: {item.occurrence.reason})"
        if item.done is not None:
            how += f"; done {item.done.date}"
        table.add_row(str(item.due or "?"), word(item.state.value), how)
    return [*lines, table]


def _clip(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
