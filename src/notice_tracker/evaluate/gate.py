"""``notice check``: findings with stable rule ids, each at the YAML node responsible.

Rule ids are part of the interface (docs/cli.md); never renumber or reuse one.

| id    | name             | fails                       |
|-------|------------------|-----------------------------|
| NT001 | invalid-data     | always (the data does not validate) |
| NT101 | obligation-overdue | always                    |
| NT102 | measure-overdue  | always                      |
| NT201 | due-soon         | with ``--strict``           |
| NT202 | target-off-track | with ``--strict``           |
| NT203 | target-stale     | with ``--strict``           |
| NT301 | undetermined     | with ``--strict`` (a note otherwise) |
| NT302 | missed           | never (a note)              |
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from notice_tracker.evaluate.status import NoticeStatus, State
from notice_tracker.evaluate.targets import TargetState
from notice_tracker.inert import inert
from notice_tracker.read.catalog import Catalog
from notice_tracker.read.problems import Location

RULES = {
    "NT001": "invalid-data",
    "NT101": "obligation-overdue",
    "NT102": "measure-overdue",
    "NT201": "due-soon",
    "NT202": "target-off-track",
    "NT203": "target-stale",
    "NT301": "undetermined",
    "NT302": "missed",
}
STRICT_ONLY = frozenset({"NT201", "NT202", "NT203"})
"""Reported only with ``--strict``, and then they fail."""
NOTES = frozenset({"NT301", "NT302"})
"""Always reported; NT301 fails with ``--strict``, NT302 never fails."""
NEVER_FAILS = frozenset({"NT302"})


@dataclass(frozen=True, order=True)
class Finding:
    where: Location
    rule: str
    notice: str
    subject: str
    message: str

    @property
    def name(self) -> str:
        return RULES[self.rule]

    def fails(self, strict: bool) -> bool:
        """Whether this finding makes ``check`` exit 4."""
        if self.rule in NEVER_FAILS:
            return False
        return strict or (self.rule not in STRICT_ONLY and self.rule not in NOTES)

    def __str__(self) -> str:
        return inert(f"{self.where}: {self.rule} {self.name}: {self.message}")


def findings(statuses: list[NoticeStatus], catalog: Catalog, strict: bool) -> list[Finding]:
    """Every finding for these notices, in file and line order; the strict-only rules
    are included only when ``strict``; notes (undetermined, missed) always are. A notice
    not yet issued requires nothing yet; one lifted or replaced by the as-of date
    requires nothing more, so its only findings are the notes of what was missed."""
    found: list[Finding] = []
    for st in statuses:
        if st.life.ended:
            found += _dated(st, catalog, missed=True)
        if not st.life.in_force:
            continue
        found += _dated(st, catalog, missed=False)
        found += _targets(st, catalog)
    return sorted(f for f in found if strict or f.rule not in STRICT_ONLY)


# What each state of a dated item says, by the rule it breaks ({what} names the item).
_OBLIGATION_RULES = {
    State.OVERDUE: ("NT101", "{what} was due {due}, nothing recorded"),
    State.DUE_SOON: ("NT201", "{what} is due {due}"),
    State.UNDETERMINED: ("NT301", "{what} is undetermined: {reason}"),
    State.MISSED: ("NT302", "{what} was due {due}, missed {ended}"),
}
_DEADLINE_RULES = {
    State.OVERDUE: ("NT102", "{what} deadline {due} passed and it is not complete"),
    State.DUE_SOON: ("NT201", "{what} deadline is {due}"),
    State.UNDETERMINED: ("NT301", "{what} deadline is undetermined: {reason}"),
    State.MISSED: ("NT302", "{what} deadline {due} missed {ended}"),
}


def _dated(st: NoticeStatus, catalog: Catalog, missed: bool) -> Iterator[Finding]:
    """Findings for obligation occurrences and measure deadlines: only the missed ones
    (``missed``: the notice has ended), or those in every other state a rule names."""
    doc = catalog.notices[st.notice.id]
    ended = f"before the notice was {st.life.words}"
    dated = [
        (doc.locate(*ob.where), ob.obligation.id, ob.obligation.title, item, _OBLIGATION_RULES)
        for ob in st.obligations
        for item in ob.items
    ]
    dated += [
        (doc.locate("measures", m.index), m.measure.id, "", m.deadline, _DEADLINE_RULES)
        for m in st.measures
        if m.deadline is not None
    ]
    for where, subject, title, item, rules in dated:
        if (item.state is State.MISSED) != missed or item.state not in rules:
            continue
        rule, words = rules[item.state]
        what = f"{title} ({subject})" if title else f"measure {subject}"
        reason = item.occurrence.reason
        message = words.format(what=what, due=item.due, reason=reason, ended=ended)
        yield Finding(where, rule, st.notice.id, subject, f"{st.notice.id}: {message}")


def _targets(st: NoticeStatus, catalog: Catalog) -> Iterator[Finding]:
    for t in st.targets:
        where = catalog.target_sets[t.set_id].locate("targets", t.index)
        label = f"{st.notice.id}: target {t.target.id}"
        if t.state is TargetState.OFF_TRACK:
            yield Finding(where, "NT202", st.notice.id, t.target.id, f"{label}: {t.reason}")
        elif t.state is TargetState.STALE:
            yield Finding(where, "NT203", st.notice.id, t.target.id, f"{label}: {t.reason}")


def verdict(found: list[Finding], as_of: str, strict: bool) -> str:
    """The closing line of ``check``: passed or failed, with the counts behind it."""
    failing = [f for f in found if f.fails(strict)]
    overdue = sum(f.rule not in STRICT_ONLY and f.rule not in NOTES for f in failing)
    notes = [f for f in found if f.rule in NOTES and not f.fails(strict)]
    tail = ""
    if notes:
        kinds = {rule: sum(f.rule == rule for f in notes) for rule in sorted(NOTES)}
        tail = " (notes: " + ", ".join(f"{n} {RULES[r]}" for r, n in kinds.items() if n) + ")"
    if not failing:
        return f"check passed as of {as_of}: nothing overdue{tail}"
    return f"check failed as of {as_of}: {overdue} overdue, {len(failing) - overdue} at risk{tail}"


def github_annotation(finding: Finding, strict: bool) -> str:
    """A GitHub Actions workflow command, so the finding shows on the file in the PR."""
    if finding.rule in NOTES and not finding.fails(strict):
        level = "notice"
    else:
        level = "error" if finding.fails(strict) else "warning"
    message = inert(finding.message).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    where = finding.where
    return (
        f"::{level} file={where.file},line={where.line},col={where.col},"
        f"title={finding.rule} {finding.name}::{message}"
    )
