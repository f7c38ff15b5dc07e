"""The JSON Schemas accept what the loader accepts, checked with a real validator.

Files are read as an editor's YAML language server reads them (YAML 1.2: a date is a
string), then validated with ``jsonschema`` (draft 2020-12, formats checked) against
``notice schema``. Every shipped data file and every valid case must pass; every invalid
case must fail, except those whose one fault JSON Schema cannot express (listed below,
each with the reason, and checked to be accepted so the list stays true); and every
field broken by ``test_break_every_field`` is refused by both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from conftest import DATA, ROOT, cli_invoke
from notice_tracker.records.kinds import BY_FOLDER, KINDS
from notice_tracker.records.schema import schema, schema_text, shipped

CASES = ROOT / "tests" / "cases"
UNPARSEABLE = "YAML that cannot be read at all (no schema applies)"
ACROSS = "a reference or rule across records or files"
UNIQUE = "unique ids inside a list (JSON Schema's uniqueItems compares whole items)"
NOT_EXPRESSIBLE = {
    "anchor-cycle": ACROSS,
    "anchor-on-itself": ACROSS,
    "board-meetings-unknown-obligation": ACROSS,
    "duplicate-measure-and-clause-id": UNIQUE,
    "duplicate-measure-id": UNIQUE,
    "duplicate-notice-id-two-files": ACROSS,
    "duplicate-obligation-id": UNIQUE,
    "duplicate-recommendation-id": UNIQUE,
    "duplicate-target-id": UNIQUE,
    "file-name-not-id": "the file's name, which the schema does not see",
    "target-set-unknown-notice": ACROSS,
    "target-without-date": ACROSS,
    "unknown-anchor-obligation": ACROSS,
    "unknown-anchor-obligation-single-rule": ACROSS,
    "unknown-inspection-in-answers": ACROSS,
    "unknown-inspection-in-basis": ACROSS,
    "unknown-inspection-in-published-anchor": ACROSS,
    "unknown-notice-in-replaces": ACROSS,
    "unknown-paragraph-ref": ACROSS,
    "unknown-recommendation-in-answers": ACROSS,
    "duplicate-key": UNPARSEABLE,
    "duplicate-key-nested": UNPARSEABLE,
    "key-is-a-mapping": UNPARSEABLE,
    "multiple-documents": UNPARSEABLE,
    "not-utf8": UNPARSEABLE,
    "tab-indentation": UNPARSEABLE,
    "yaml-syntax-bad-indentation": UNPARSEABLE,
    "yaml-syntax-unclosed-bracket": UNPARSEABLE,
    "yaml-syntax-unclosed-quote": UNPARSEABLE,
}


def _editor_yaml() -> YAML:
    """YAML as an editor reads it: dates and times stay the strings they are written as."""
    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )
    return yaml


def _read(path: Path) -> Any:
    return _editor_yaml().load(path.read_bytes().decode("utf-8"))


def _read_all(paths: list[Path]) -> list[Any]:
    return [_read(path) for path in paths]


_VALIDATORS: dict[str, jsonschema.protocols.Validator] = {}


def _validator(name: str) -> jsonschema.protocols.Validator:
    if name not in _VALIDATORS:
        body = schema(name)
        cls = jsonschema.validators.validator_for(body)
        assert cls is jsonschema.Draft202012Validator
        cls.check_schema(body)
        _VALIDATORS[name] = cls(body, format_checker=cls.FORMAT_CHECKER)
    return _VALIDATORS[name]


def _errors(path: Path) -> list[str]:
    kind = BY_FOLDER[path.parent.name]
    return [e.message for e in _validator(kind.name).iter_errors(_read(path))]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*/*") if p.suffix in (".yaml", ".yml"))


VALID = [p for p in sorted((CASES / "valid").iterdir()) if p.is_dir()]
INVALID = [p for p in sorted((CASES / "invalid").iterdir()) if p.is_dir()]


@pytest.mark.parametrize("path", _files(DATA), ids=lambda p: p.name)
def test_every_shipped_data_file_validates(path: Path) -> None:
    assert _errors(path) == []


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_every_valid_case_validates(case: Path) -> None:
    files = _files(case / "data")
    assert files
    for path in files:
        assert _errors(path) == [], path


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_the_schema_refuses_each_invalid_case_it_can_express(case: Path) -> None:
    files = _files(case / "data")
    reason = NOT_EXPRESSIBLE.get(case.name)
    if reason == UNPARSEABLE:
        with pytest.raises((YAMLError, UnicodeDecodeError)):
            _read_all(files)
        return
    refused = {path.name: _errors(path) for path in files}
    if reason:
        assert not any(refused.values()), f"{case.name} is refused: drop it from the list"
    else:
        assert any(refused.values()), f"the schema accepts {case.name}"


def test_the_cases_not_expressible_exist() -> None:
    assert set(NOT_EXPRESSIBLE) <= {case.name for case in INVALID}


@pytest.mark.parametrize("name", [kind.name for kind in KINDS])
def test_schema_header(name: str) -> None:
    body = schema(name)
    assert body["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert body["$id"].endswith(f"/{name}.schema.json")
    assert body["title"]
    assert body["description"]
    for example in body["examples"]:
        assert list(_validator(name).iter_errors(example)) == []


@pytest.mark.parametrize("name", [kind.name for kind in KINDS])
def test_the_schemas_ship_in_the_package_and_the_repository(name: str) -> None:
    assert shipped(name) == schema_text(name), "run `make docs`"
    assert (ROOT / "schemas" / f"{name}.schema.json").read_text("utf-8") == schema_text(name)


def test_notice_schema_prints_them() -> None:
    for name in ("notice", "inspection", "targets"):
        assert cli_invoke("schema", name).stdout == schema_text(name)
    assert json.loads(cli_invoke("schema").stdout)["$id"].endswith("/notice.schema.json")
    cli_invoke("schema", "bogus", expect=2)


def test_notice_schema_writes_a_folder(tmp_path: Path) -> None:
    out = cli_invoke("schema", "--write", str(tmp_path / "schemas")).stdout
    for name in ("notice", "inspection", "targets"):
        path = tmp_path / "schemas" / f"{name}.schema.json"
        assert path.read_text(encoding="utf-8") == schema_text(name)
        assert str(path.name) in out


def test_a_single_rule_and_a_list_of_rules_both_validate() -> None:
    notice = json.loads(json.dumps(schema("notice")["examples"][0]))
    rule = notice["obligations"][0]["schedule"]
    for schedule in (rule, [rule], [rule, {"kind": "ad_hoc"}]):
        notice["obligations"][0]["schedule"] = schedule
        assert list(_validator("notice").iter_errors(notice)) == []
    notice["obligations"][0]["schedule"] = []
    assert list(_validator("notice").iter_errors(notice))


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        ("2014-09-02", True),
        ("2016-02-29", True),
        ("2000-02-29", True),
        ("2014-02-29", False),
        ("1900-02-29", False),
        ("2014-04-31", False),
        ("2014-13-01", False),
        ("2014-09", True),
        ("2014-00", False),
        ("unknown", True),
        ("02/09/2014", False),
    ],
)
def test_dates_are_real_dates(day: str, ok: bool) -> None:
    notice = {**schema("notice")["examples"][0], "issued": day}
    assert (list(_validator("notice").iter_errors(notice)) == []) is ok


@pytest.mark.parametrize(("layout", "ref"), [("data", "../../schemas"), (".", "../schemas")])
def test_notice_new_points_editors_at_a_schema_that_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, ref: str
) -> None:
    """In a separate data repository (records under data/, or at its top) the first line
    of a new file names a schema file that is there, written on first use."""
    monkeypatch.chdir(tmp_path)
    result = cli_invoke("new", "notice", "example-2014", "--data", layout)
    assert "JSON Schemas for editors" in result.stdout
    path = tmp_path / layout / "notices" / "example-2014.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={ref}/notice.schema.json"
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target.read_text(encoding="utf-8") == schema_text("notice")
    again = cli_invoke("new", "inspection", "example-2014-ofsted", "--data", layout)
    assert "JSON Schemas" not in again.stdout


def test_a_new_data_repository_validates_with_check_jsonschema(tmp_path: Path) -> None:
    """As docs/editors.md sets it up: ``notice schema --write schemas`` in a data
    repository, then the schema tool editors and hooks use accepts every file."""
    import shutil
    import subprocess
    import sys

    shutil.copytree(DATA, tmp_path / "data")
    bin_folder = Path(sys.executable).parent
    done = subprocess.run(
        [str(bin_folder / "notice"), "schema", "--write", "schemas"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for kind in KINDS:
        files = sorted(str(p) for p in (tmp_path / "data" / kind.folder).glob("*.yaml"))
        checked = subprocess.run(
            [
                str(bin_folder / "check-jsonschema"),
                "--schemafile",
                str(tmp_path / "schemas" / f"{kind.name}.schema.json"),
                *files,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
