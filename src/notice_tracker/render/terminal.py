"""Terminal rendering with rich: tables for ``status``, ``due`` and ``explain``.

Readable without colour: every state is a word, colour only repeats it. Rich drops the
colour itself when ``NO_COLOR`` is set or the output is not a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from notice_tracker.evaluate.explain import Explanation
from notice_tracker.evaluate.portfolio import DueItem
from notice_tracker.evaluate.status import Item, NoticeStatus

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


def make_console() -> Console:
    """A console for stdout; 150 columns when not a terminal (or ``COLUMNS``), so
    piped output and test goldens are stable."""
    width = int(os.environ.get("COLUMNS", "0") or 0) or None
    console = Console(highlight=False, soft_wrap=False, width=width)
    if not console.is_terminal and width is None:
        console.width = 150
    return console


def word(value: str) -> Text:
    """A state or rating as a word, coloured when colour is on."""
    return Text(value.replace("_", " "), style=STYLE.get(value, ""))


KIND = {"childrens_services": "children's", "send": "SEND", "direction": "direction"}


def _table(title: str, *columns: str, wrap: tuple[str, ...] = ()) -> Table:
    """A plain table; only the columns named in ``wrap`` may wrap, the rest stay whole."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in columns:
        if column in wrap:
            table.add_column(column, overflow="fold", min_width=14)
        else:
            table.add_column(column, no_wrap=True)
    return table


def portfolio_table(statuses: Iterable[NoticeStatus], as_of: str) -> Table:
    table = _table(
        f"Notices as of {as_of}",
        "Notice",
        "Council",
        "Kind",
        "Issued",
        "State",
        "RAG",
        "Overdue",
        "Soon",
        "Next",
        "Next due",
        "R/A/G",
        "Off track",
        wrap=("Council", "Next"),
    )
    for st in statuses:
        nxt = st.next_group
        counts = "/".join(str(c) for c in st.rag_counts.values())
        table.add_row(
            st.notice.id,
            st.notice.recipient.name,
            KIND[st.notice.kind.value],
            str(st.notice.issued),
            word(st.state.value),
            word(st.rag.value),
            str(st.overdue),
            str(st.due_soon),
            "\n".join(nxt[0]) if nxt else "-",
            str(nxt[1].due) if nxt else "-",
            counts,
            str(st.targets_off_track),
        )
    return table


def _done(item: Item) -> str:
    if item.done is None:
        return item.occurrence.reason or item.occurrence.derivation
    note = f": {item.done.note}" if item.done.note else ""
    return f"done {item.done.date}{note}"


def notice_tables(st: NoticeStatus) -> list[Table | Text]:
    """One notice in detail: header, obligations, measures by theme, targets."""
    n = st.notice
    header = Text.assemble(
        (f"{n.id}", "bold"),
        f"  {n.title}\n",
        f"{n.recipient.name} | {KIND[n.kind.value]} | issued {n.issued} | ",
        f"as of {st.as_of} | state ",
        word(st.state.value),
        " | RAG ",
        word(st.rag.value),
        f" | overdue {st.overdue} | due soon {st.due_soon} | undetermined {st.undetermined}",
    )
    parts: list[Table | Text] = [header, (_obligation_table(st)), (_measure_table(st))]
    if st.targets:
        parts.append(_target_table(st))
    return parts


def _obligation_table(st: NoticeStatus) -> Table:
    table = _table("Obligations", "Obligation", "Due", "State", "How / done", wrap=("How / done",))
    for ob in st.obligations:
        for i, item in enumerate(ob.items):
            name = f"{ob.obligation.id}" if i == 0 else ""
            due = str(item.due) if item.due else "?"
            table.add_row(name, due, word(item.state.value), _done(item))
    if st.targets_due is not None:
        it = st.targets_due
        table.add_row("all targets", str(it.due or "?"), word(it.state.value), _done(it))
    return table


def _measure_table(st: NoticeStatus) -> Table:
    table = _table(
        "Measures",
        "Id",
        "Measure",
        "Owner",
        "Status",
        "RAG",
        "Why",
        "Deadline",
        wrap=("Measure", "Owner", "Why"),
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


def _target_table(st: NoticeStatus) -> Table:
    table = _table(
        "Targets",
        "Target",
        "Baseline",
        "Target",
        "Latest",
        "Expected now",
        "State",
        "Trend",
        wrap=("Target",),
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


def due_table(items: list[DueItem], as_of: str, within: int) -> Table:
    table = _table(
        f"Due by {within} days after {as_of}",
        "Due",
        "State",
        "Notice",
        "Item",
        "How",
        wrap=("Item", "How"),
    )
    for d in items:
        title = d.obligation.obligation.title if d.obligation else d.subject
        table.add_row(
            str(d.item.due), word(d.item.state.value), d.notice, title, d.item.occurrence.derivation
        )
    return table


def explanation_table(ex: Explanation) -> list[Table | Text]:
    lines = [Text(f"{ex.notice} {ex.subject}: {ex.title}", style="bold")]
    lines += [Text(f"  rule {i}: {rule}") for i, rule in enumerate(ex.rules, 1)]
    table = _table("Occurrences", "Due", "State", "Derivation", wrap=("Derivation",))
    for item in ex.items:
        how = item.occurrence.derivation
        if item.occurrence.reason:
            how += f" (undetermined: {item.occurrence.reason})"
        if item.done is not None:
            how += f"; done {item.done.date}"
        table.add_row(str(item.due or "?"), word(item.state.value), how)
    return [*lines, (table)]


def _clip(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
