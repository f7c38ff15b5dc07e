"""GitLab code quality: the JSON array a job declares as ``artifacts:reports:codequality``.

Each finding is one issue with a description, the rule as ``check_name``, a fingerprint
that stays the same across runs, a severity and the file and line.
"""

from __future__ import annotations

from notice_tracker.render.ci import INVALID, Report, fingerprints, level, rule_name
from notice_tracker.render.json import dumps

SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def gitlab(report: Report) -> str:
    issues = [
        {
            "type": "issue",
            "check_name": f"{f.rule} {rule_name(f.rule)}",
            "description": f.message,
            "categories": ["Bug Risk"],
            "fingerprint": print_,
            "severity": "blocker" if f.rule == INVALID else SEVERITY[level(f, report.strict)],
            "location": {"path": f.where.file, "lines": {"begin": max(f.where.line, 1)}},
        }
        for f, print_ in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
    return dumps(issues)
