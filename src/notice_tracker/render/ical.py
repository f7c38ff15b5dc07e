"""iCalendar (RFC 5545) export of every scheduled occurrence: ``notice calendar``.

Each occurrence with a date is an all-day event (or, with ``todo``, a to-do) whose UID
names the notice, the obligation and the occurrence's ordinal, so importing a later export
updates the same entries instead of adding copies. DTSTAMP is the as-of date and SEQUENCE
grows with it, so the same data and date give the same file byte for byte and a later
export supersedes an earlier one; nothing reads the clock. An alarm fires when the
occurrence comes within the due-soon window; the description says how the date was
derived.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from notice_tracker.evaluate.status import Item, NoticeStatus, State

PRODID = "-//notice-tracker//notice calendar//EN"
DOMAIN = "notice-tracker"
EPOCH = dt.date(2000, 1, 1)
DONE = (State.DONE, State.DONE_ON_TIME, State.DONE_LATE)


@dataclass(frozen=True)
class Entry:
    """One dated occurrence, ready to write."""

    uid: str
    notice: str
    title: str
    item: Item

    @property
    def due(self) -> dt.date:
        assert self.item.due is not None
        return self.item.due


def entries(statuses: Iterable[NoticeStatus]) -> Iterator[Entry | None]:
    """The occurrences of these notices, a notice at a time: each dated one as an
    ``Entry``, each with no date as None (it is left out, and counted)."""
    for st in statuses:
        notice = st.notice.id
        for uid, title, item in _items(st):
            yield (
                None if item.due is None else Entry(f"{notice}/{uid}@{DOMAIN}", notice, title, item)
            )


def _items(st: NoticeStatus) -> Iterator[tuple[str, str, Item]]:
    for ob in st.obligations:
        scheduled = [item for item in ob.items if not item.extra]
        for n, item in enumerate(scheduled, 1):
            yield f"{ob.obligation.id}/{n}", ob.obligation.title, item
    for m in st.measures:
        if m.deadline is not None:
            title = m.measure.summary or f"measure {m.measure.id}"
            yield f"measure-{m.measure.id}/deadline", f"Deadline: {title}", m.deadline
    if st.targets_due is not None:
        yield "targets/due", "All targets to be met", st.targets_due


def calendar(
    statuses: Iterable[NoticeStatus], as_of: dt.date, alarm_days: int, todo: bool = False
) -> tuple[str, int]:
    """The calendar as text, lines ending CRLF and folded at 75 octets, and how many
    occurrences have no date (left out). Each entry is written as it is found, so only
    its text is held until the entries are put in date order."""
    written: list[tuple[dt.date, str, str]] = []
    undated = 0
    for entry in entries(statuses):
        if entry is None:
            undated += 1
            continue
        lines = _component(entry, as_of, alarm_days, todo)
        written.append((entry.due, entry.uid, "".join(_fold(line) + "\r\n" for line in lines)))
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Improvement notices",
    ]
    written.sort(key=lambda w: (w[0], w[1]))
    texts = [line + "\r\n" for line in head] + [text for _, _, text in written]
    return "".join([*texts, "END:VCALENDAR\r\n"]), undated


def _component(entry: Entry, as_of: dt.date, alarm_days: int, todo: bool) -> list[str]:
    item = entry.item
    kind = "VTODO" if todo else "VEVENT"
    done = item.state in DONE
    state = item.state.value.replace("_", " ")
    description = [f"{entry.notice}: {entry.title}", f"Due {entry.due}: {state}."]
    description.append(f"How the date was worked out: {item.occurrence.derivation}")
    if item.done is not None:
        note = f" ({item.done.note})" if item.done.note else ""
        description.append(f"Done {item.done.date}{note}.")
    lines = [
        f"BEGIN:{kind}",
        f"UID:{_text(entry.uid)}",
        f"DTSTAMP:{_utc(as_of)}",
        f"SEQUENCE:{(as_of - EPOCH).days}",
        f"SUMMARY:{_text(f'{entry.notice}: {entry.title}')}",
        f"DESCRIPTION:{_text(chr(10).join(description))}",
        f"CATEGORIES:{_text(state)}",
    ]
    if todo:
        lines += [f"DUE;VALUE=DATE:{_date(entry.due)}"]
        if done and item.done is not None:
            lines += ["STATUS:COMPLETED", f"COMPLETED:{_utc(item.done.date)}"]
        else:
            lines += ["STATUS:NEEDS-ACTION"]
    else:
        end = entry.due + dt.timedelta(days=1)
        lines += [
            f"DTSTART;VALUE=DATE:{_date(entry.due)}",
            f"DTEND;VALUE=DATE:{_date(end)}",
            "TRANSP:TRANSPARENT",
        ]
    if not done and alarm_days > 0:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_text(f'Due in {alarm_days} days: {entry.title}')}",
            f"TRIGGER:-P{alarm_days}D",
            "END:VALARM",
        ]
    lines.append(f"END:{kind}")
    return lines


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _utc(day: dt.date) -> str:
    return day.strftime("%Y%m%dT000000Z")


def _text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never
    splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)
