"""JUnit XML, the test report CI dashboards read (GitLab, Jenkins, Azure, GitHub apps).

One ``testsuite`` per notice (for ``check``: a case per obligation, measure deadline and
target, failing with each finding about it) or one suite of data files (for
``validate``). A notice that has ended is a suite of skipped cases. Invalid data in
``check`` is a suite of its own, so a dashboard shows it rather than nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from notice_tracker.inert import inert
from notice_tracker.render.ci import INVALID, Case, Report, file_cases, level, rule_name


def _suites(report: Report) -> dict[str, list[Case]]:
    cases: Iterable[Case] = report.cases
    if report.invalid and report.command == "check":
        invalid = [f for f in report.findings if f.rule == INVALID]
        cases = [*file_cases((), invalid), *report.cases]
    suites: dict[str, list[Case]] = {}
    for case in cases:
        suites.setdefault(case.suite, []).append(case)
    return suites


def junit(report: Report) -> str:
    root = ET.Element("testsuites", name=f"notice {report.command}")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for name, cases in _suites(report).items():
        suite = ET.SubElement(root, "testsuite", name=name)
        counts = {"tests": len(cases), "failures": 0, "skipped": 0}
        for case in cases:
            element = ET.SubElement(
                suite,
                "testcase",
                classname=name,
                name=case.name,
                file=case.where.file,
                line=str(case.where.line or 1),
            )
            if case.skipped:
                ET.SubElement(element, "skipped", message=case.skipped)
                counts["skipped"] += 1
            elif failing := [f for f in case.findings if level(f, report.strict) == "error"]:
                counts["failures"] += 1
                first = failing[0]
                failure = ET.SubElement(
                    element,
                    "failure",
                    message=first.message,
                    type=f"{first.rule} {rule_name(first.rule)}",
                )
                failure.text = "\n".join(f"{level(f, report.strict)}: {f}" for f in case.findings)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
        if report.as_of:
            ET.SubElement(
                ET.SubElement(suite, "properties"), "property", name="as_of", value=report.as_of
            )
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
    return inert(xml, lines=True)  # XML 1.0 has no place for control characters
