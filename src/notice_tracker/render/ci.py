"""One list of findings, every CI format: ``--format`` of ``notice check`` and ``validate``.

A ``Report`` holds the findings of one run (problems in the data become findings of rule
NT001, so invalid data shows in every format) and the items that were checked (so JUnit
can count passes). Text, GitHub and JSON are written here; SARIF, JUnit, GitLab and CSV
in their own modules; ``render.formats`` picks one by ``--format``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from notice_tracker.evaluate.gate import NOTES, RULES, Finding, findings
from notice_tracker.evaluate.status import NoticeStatus
from notice_tracker.inert import inert
from notice_tracker.read.catalog import Catalog
from notice_tracker.read.problems import Location, Problem

INVALID = "NT001"


@dataclass(frozen=True)
class RuleHelp:
    short: str
    full: str


RULE_HELP: dict[str, RuleHelp] = {
    INVALID: RuleHelp(
        "The data does not validate.",
        "A data file has a YAML syntax error, breaks the schema or names a record that "
        "does not exist. No status is trustworthy until it is fixed; the message says what "
        "to write instead.",
    ),
    "NT101": RuleHelp(
        "An obligation of an open notice is overdue.",
        "A due date of the obligation has passed and no completion is recorded for it. "
        "Record it with `notice record` when it was done.",
    ),
    "NT102": RuleHelp(
        "A measure's deadline has passed and it is not complete.",
        "The measure's deadline has passed and its status is not complete. Update it with "
        "`notice measure`.",
    ),
    "NT201": RuleHelp(
        "Something falls due within the window (fails only with --strict).",
        "An obligation or measure deadline falls due within the due-soon window.",
    ),
    "NT202": RuleHelp(
        "A target is off track (fails only with --strict).",
        "The latest reading of a performance target is worse than its trajectory expects.",
    ),
    "NT203": RuleHelp(
        "A target's latest reading is stale (fails only with --strict).",
        "The latest reading of a performance target is older than its expected interval.",
    ),
    "NT301": RuleHelp(
        "A due date cannot be worked out (a note; fails with --strict).",
        "The schedule depends on a date the data does not give (an unknown issue date, a "
        "timetable still to be agreed); the message says what is missing.",
    ),
    "NT302": RuleHelp(
        "Something fell due before the notice ended and was never done (a note).",
        "History, not a failure: the notice was lifted or replaced with this still open.",
    ),
}
ALL_RULES: dict[str, str] = RULES


def rule_name(rule: str) -> str:
    return ALL_RULES[rule]


def problem_finding(problem: Problem) -> Finding:
    """A problem in the data as a finding of rule NT001, at the same place."""
    record = Path(problem.where.file).stem
    text = str(problem).removeprefix(f"{problem.where}: ")
    return Finding(problem.where, INVALID, record, problem.path, text)


@dataclass(frozen=True)
class Case:
    """One thing checked: an obligation, a measure deadline, a target or a data file."""

    suite: str
    name: str
    where: Location
    findings: tuple[Finding, ...] = ()
    skipped: str = ""


@dataclass(frozen=True)
class Report:
    """Everything one ``check`` or ``validate`` run found, for any format."""

    command: str
    findings: tuple[Finding, ...]
    cases: tuple[Case, ...] = ()
    as_of: str | None = None
    strict: bool = False
    files: tuple[str, ...] = field(default=())

    @property
    def invalid(self) -> bool:
        return any(f.rule == INVALID for f in self.findings)

    @property
    def failed(self) -> bool:
        """Invalid data, or a finding that fails the run (notes do not)."""
        return self.invalid or any(f.fails(self.strict) for f in self.findings)

    def rules_used(self) -> list[str]:
        """Every rule the command can report, in id order (SARIF lists them all)."""
        if self.command == "validate":
            return [INVALID]
        return sorted(ALL_RULES)


def level(finding: Finding, strict: bool) -> str:
    """``error`` for what fails the run, ``note`` for a note that does not, else
    ``warning`` (what only ``--strict`` fails)."""
    if finding.fails(strict):
        return "error"
    return "note" if finding.rule in NOTES else "warning"


def fingerprints(found: Iterable[Finding]) -> list[str]:
    """One per finding, stable across runs and dates: the rule, the file and the item,
    and for the second and later findings about the same item (two overdue board
    meetings) their place among them, so no two are the same."""
    seen: dict[str, int] = {}
    out = []
    for finding in found:
        key = "\x1f".join((finding.rule, finding.where.file, finding.notice, finding.subject))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += f"\x1f{seen[key]}"
        out.append(hashlib.sha256(key.encode("utf-8")).hexdigest())
    return out


def check_cases(
    statuses: Iterable[NoticeStatus], catalog: Catalog, found: Iterable[Finding]
) -> tuple[Case, ...]:
    """One case per obligation, measure with a deadline and target of each notice, with
    the findings about it; a notice that has ended is skipped with the reason."""
    by_item: dict[tuple[str, str], list[Finding]] = {}
    for f in found:
        by_item.setdefault((f.notice, f.subject), []).append(f)
    cases: list[Case] = []
    for st in statuses:
        notice = st.notice.id
        doc = catalog.notices[notice]
        ended = "" if st.life.in_force else f"the notice is {st.state.value.replace('_', ' ')}"
        for ob in st.obligations:
            cases.append(
                Case(
                    notice,
                    ob.obligation.id,
                    doc.locate("obligations", ob.index),
                    tuple(by_item.get((notice, ob.obligation.id), ())),
                    ended,
                )
            )
        for m in st.measures:
            if m.deadline is None:
                continue
            cases.append(
                Case(
                    notice,
                    f"measure {m.measure.id}",
                    doc.locate("measures", m.index),
                    tuple(by_item.get((notice, m.measure.id), ())),
                    ended,
                )
            )
        for t in st.targets:
            cases.append(
                Case(
                    notice,
                    f"target {t.target.id}",
                    catalog.target_sets[t.set_id].locate("targets", t.index),
                    tuple(by_item.get((notice, t.target.id), ())),
                    ended,
                )
            )
    return tuple(cases)


def gate(statuses: Iterable[NoticeStatus], catalog: Catalog, strict: bool, as_of: str) -> Report:
    """``notice check``'s report on these notices, made one notice at a time: its
    findings (``evaluate.gate.findings``) and its cases, then the next notice."""
    found: list[Finding] = []
    cases: list[Case] = []
    for st in statuses:
        mine = findings([st], catalog, strict)
        found += mine
        cases += check_cases([st], catalog, mine)
    return Report("check", tuple(sorted(found)), tuple(cases), as_of, strict)


def file_cases(files: Iterable[str], found: Iterable[Finding]) -> tuple[Case, ...]:
    """For ``validate``: one case per data file, with the problems in it."""
    by_file: dict[str, list[Finding]] = {}
    for f in found:
        by_file.setdefault(f.where.file, []).append(f)
    names = sorted({*files, *by_file})
    return tuple(
        Case("validate", name, Location(name, 1, 1), tuple(by_file.get(name, ()))) for name in names
    )


GITHUB_CAP = 10
"""GitHub shows at most 10 error and 10 warning annotations per step."""


def _escape_data(text: str) -> str:
    return inert(text, lines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(finding: Finding, strict: bool) -> str:
    """A GitHub Actions workflow command, so the finding shows on the file in the PR."""
    where = finding.where
    title = f"{finding.rule} {rule_name(finding.rule)}"
    place = f"file={_escape_property(where.file)}"
    if where.line:
        place += f",line={where.line},col={where.col}"
    kind = {"note": "notice"}.get(level(finding, strict), level(finding, strict))
    return f"::{kind} {place},title={_escape_property(title)}::{_escape_data(finding.message)}"


def github(report: Report, cap: int = GITHUB_CAP) -> str:
    """At most ``cap`` annotations per level, then the rest as plain log lines and one
    summary annotation that says how many were not annotated."""
    lines: list[str] = []
    shown = {"error": 0, "warning": 0, "note": 0}
    rest: list[Finding] = []
    for f in report.findings:
        lvl = level(f, report.strict)
        if shown[lvl] < cap:
            shown[lvl] += 1
            lines.append(github_annotation(f, report.strict))
        else:
            rest.append(f)
    if rest:
        lines += [str(f) for f in rest]
        lines.append(
            f"::error title=notice {report.command}::{len(report.findings)} findings, "
            f"{len(rest)} not annotated (GitHub shows {cap} per step); all are listed in the log"
        )
    return "".join(line + "\n" for line in lines)


def text(report: Report) -> str:
    return "".join(f"{f}\n" for f in report.findings)


def json_view(report: Report) -> dict[str, object]:
    """The ``--format json`` shape (keys only ever added)."""
    return {
        "command": report.command,
        "as_of": report.as_of,
        "strict": report.strict,
        "failed": report.failed,
        "invalid": report.invalid,
        "findings": [
            {
                "rule": f.rule,
                "name": rule_name(f.rule),
                "level": level(f, report.strict),
                "notice": f.notice,
                "subject": f.subject,
                "file": f.where.file,
                "line": f.where.line,
                "col": f.where.col,
                "message": f.message,
            }
            for f in report.findings
        ],
    }
