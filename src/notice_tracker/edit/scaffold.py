"""``notice new``: a new notice, inspection or target set file from a template whose
placeholders fail validation until they are filled in."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from notice_tracker import files
from notice_tracker.edit.safewrite import Outcome
from notice_tracker.errors import NoticeError
from notice_tracker.read.problems import display_path
from notice_tracker.records.kinds import BY_NAME, NOTICES, SUFFIXES
from notice_tracker.records.models import Id
from notice_tracker.records.schema import schemas_folder

_NOTICE = """\
# A new improvement notice. Replace every TODO and "" below, then run `notice validate`.
id: {id}
kind: TODO  # childrens_services, send or direction
title: ""  # TODO: a label for reports
recipient:
  name: ""  # TODO: e.g. London Borough of Bexley
  la_code: TODO  # the ONS code, e.g. E09000004
issued: TODO  # the date of the notice: YYYY-MM-DD, YYYY-MM or unknown
basis:
  inspections: []  # ids of records in inspections/
measures:
  - id: "1"  # the document's own number
    text: ""  # TODO: verbatim from the notice
obligations:
  - id: TODO  # lower-case, e.g. initial-report
    title: ""  # TODO: e.g. Initial report from the Board Chair
    type: TODO  # report, review, meeting, plan, assessment, audit, deadline or other
    schedule:
      kind: offset
      from: issued
      offset: TODO  # e.g. 2 months
"""

_INSPECTION = """\
# A new inspection report. Replace every TODO and "" below, then run `notice validate`.
id: {id}
title: ""  # TODO: the report's title
council:
  name: ""  # TODO: e.g. London Borough of Bexley
  la_code: TODO  # the ONS code, e.g. E09000004
inspectorates:
  - ""  # TODO: e.g. Ofsted
framework: TODO  # apa, safeguarding_lac, sif, ilacs or area_send
event: TODO  # annual_assessment, full, focused_visit or monitoring_visit
published: TODO  # the publication date, YYYY-MM-DD: notices often count from it
recommendations: []
"""

_TARGETS = """\
# A notice's performance targets. Replace every TODO and "" below, then run `notice validate`.
id: {id}
notice: {notice}  # the notice id
title: ""  # TODO: e.g. Bexley 2014 improvement notice: performance targets
targets:
  - id: TODO  # lower-case, e.g. care-proceedings-duration
    name: ""  # TODO: e.g. Average duration of care proceedings
    unit: ""  # TODO: e.g. weeks
    direction: TODO  # lower or higher: which is better
    baseline:
      value: TODO  # a number
      date: TODO  # YYYY-MM-DD or YYYY-MM
    target:
      value: TODO  # a number
      by: TODO  # YYYY-MM-DD or YYYY-MM; remove to use the notice's targets_due
"""

_TEMPLATES = {"notice": _NOTICE, "inspection": _INSPECTION, "targets": _TARGETS}


def scaffold(
    kind: str, record_id: str, notice: str | None = None, schemas: str = "../../schemas"
) -> str:
    """The text of a new ``kind`` file (notice, inspection or targets) with id
    ``record_id``. Its placeholders (``TODO`` and empty texts) fail validation, each with
    its own message, until they are filled in; then it validates. The first line points
    editors at the schema in ``schemas`` (relative to the file's folder)."""
    if kind not in _TEMPLATES:
        raise NoticeError(f"{kind!r} is not a kind of record: use notice, inspection or targets")
    schema = f"# yaml-language-server: $schema={schemas}/{kind}.schema.json\n"
    return schema + _TEMPLATES[kind].format(id=record_id, notice=notice or "TODO")


def create(root: Path, kind: str, record_id: str, notice: str | None = None) -> Outcome:
    """Write ``scaffold(kind, record_id)`` to its place below ``root``; never overwrites
    an existing file (the check and the write are one atomic step)."""
    try:
        TypeAdapter(Id).validate_python(record_id)
    except ValidationError:
        raise NoticeError(
            f"{record_id!r} is not an id: use lower-case letters, digits, '.', '_' and '-'"
        ) from None
    folder = root / BY_NAME[kind].folder
    schemas = os.path.relpath(schemas_folder(root), folder).replace(os.sep, "/")
    text = scaffold(kind, record_id, notice or _default_notice(root, kind, record_id), schemas)
    path = folder / f"{record_id}{SUFFIXES[0]}"
    if any(path.with_suffix(suffix).exists() for suffix in SUFFIXES):
        raise NoticeError(f"{display_path(path)} already exists: edit it, or choose another id")
    folder.mkdir(parents=True, exist_ok=True)
    files.create(path, text.encode("utf-8"))
    summary = f'created {display_path(path)}: replace each TODO and "", then `notice validate`'
    return Outcome(path, summary, f"new: {kind} {record_id}")


def _default_notice(root: Path, kind: str, record_id: str) -> str | None:
    """A target set named NOTICE-targets belongs to NOTICE, when that notice exists."""
    stem = record_id.removesuffix("-targets")
    found = (
        kind == "targets"
        and stem != record_id
        and (root / NOTICES.folder / f"{stem}{SUFFIXES[0]}").exists()
    )
    return stem if found else None
