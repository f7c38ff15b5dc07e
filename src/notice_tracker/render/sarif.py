"""SARIF 2.1.0, the format code-scanning services read (GitHub, GitLab, Azure DevOps).

One run; the tool's driver lists every rule the command can report with its description
and default level; each result points at the file, line and column responsible, with a
fingerprint that stays the same across runs so an alert is tracked, not duplicated.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from notice_tracker import __version__
from notice_tracker.evaluate.gate import NEVER_FAILS, NOTES, STRICT_ONLY
from notice_tracker.render.ci import RULE_HELP, Report, fingerprints, level, rule_name
from notice_tracker.render.json import dumps

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL = "notice-tracker"


def _uri(file: str) -> str:
    path = PurePosixPath(file.replace("\\", "/"))
    if path.is_absolute():
        return "file://" + quote(str(path))
    return quote(str(path))


def _rule(rule: str, strict: bool) -> dict[str, Any]:
    helps = RULE_HELP[rule]
    default = "error"
    if rule in NOTES and not (strict and rule not in NEVER_FAILS):
        default = "note"
    elif rule in STRICT_ONLY and not strict:
        default = "warning"
    return {
        "id": rule,
        "name": rule_name(rule),
        "shortDescription": {"text": helps.short},
        "fullDescription": {"text": helps.full},
        "help": {"text": helps.full},
        "defaultConfiguration": {"level": default},
    }


def sarif(report: Report) -> str:
    rules = report.rules_used()
    index = {rule: i for i, rule in enumerate(rules)}
    results = []
    for f, print_ in zip(report.findings, fingerprints(report.findings), strict=True):
        region: dict[str, int] = {}
        if f.where.line:
            region = {"startLine": f.where.line, "startColumn": max(f.where.col, 1)}
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(f.where.file)}}
        if region:
            location["region"] = region
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": level(f, report.strict),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {"noticeFinding/v1": print_},
                "properties": {"notice": f.notice, "subject": f.subject},
            }
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL,
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(r, report.strict) for r in rules],
            }
        },
        "automationDetails": {"id": f"notice-{report.command}/"},
        "invocations": [
            {
                "executionSuccessful": True,
                "commandLine": f"notice {report.command}",
                "properties": {"as_of": report.as_of, "strict": report.strict},
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]})
