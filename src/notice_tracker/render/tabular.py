"""CSV and TSV: findings, status rows and due items for spreadsheets and scripts.

A header row, then one row per item; dates ISO; no padding. TSV replaces any tab or
newline inside a value with a space so each row stays one line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from notice_tracker.evaluate.portfolio import DueItem
from notice_tracker.evaluate.status import NoticeStatus
from notice_tracker.inert import inert
from notice_tracker.render.ci import Report, level, rule_name

Row = Sequence[object]


def table(header: Row, rows: Iterable[Row], sep: str = ",") -> str:
    out = io.StringIO()
    if sep == "\t":
        for row in (header, *rows):
            out.write("\t".join(_cell(v).replace("\t", " ").replace("\n", " ") for v in row))
            out.write("\n")
        return inert(out.getvalue(), lines=True)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(v) for v in header])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return inert(out.getvalue(), lines=True)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


FINDING_COLUMNS = ("rule", "name", "level", "notice", "subject", "file", "line", "col", "message")


def findings_csv(report: Report, sep: str = ",") -> str:
    rows = [
        (
            f.rule,
            rule_name(f.rule),
            level(f, report.strict),
            f.notice,
            f.subject,
            f.where.file,
            f.where.line,
            f.where.col,
            f.message,
        )
        for f in report.findings
    ]
    return table(FINDING_COLUMNS, rows, sep)


STATUS_COLUMNS = (
    "notice", "council", "kind", "issued", "state", "rag", "overdue", "due_soon",
    "undetermined", "next_due", "next", "red", "amber", "green", "targets_off_track",
)  # fmt: skip


def status_rows(statuses: Iterable[NoticeStatus], sep: str = ",") -> str:
    rows = []
    for st in statuses:
        n, nxt = st.notice, st.next_group
        rag = {r.value: c for r, c in st.rag_counts.items()}
        rows.append(
            (
                n.id,
                n.recipient.name,
                n.kind.value,
                n.issued,
                st.state.value,
                st.rag.value,
                st.overdue,
                st.due_soon,
                st.undetermined,
                nxt[1].due if nxt else None,
                "; ".join(nxt[0]) if nxt else None,
                rag.get("red", 0),
                rag.get("amber", 0),
                rag.get("green", 0),
                st.targets_off_track,
            )
        )
    return table(STATUS_COLUMNS, rows, sep)


DUE_COLUMNS = ("due", "state", "notice", "subject", "title", "derivation", "reason")


def due_rows(items: Iterable[DueItem], sep: str = ",") -> str:
    rows = [
        (
            d.item.due,
            d.item.state.value,
            d.notice,
            d.subject,
            d.obligation.obligation.title if d.obligation else d.subject,
            d.item.occurrence.derivation,
            d.item.occurrence.reason or None,
        )
        for d in items
    ]
    return table(DUE_COLUMNS, rows, sep)
