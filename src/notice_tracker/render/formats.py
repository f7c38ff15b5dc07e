"""Every ``--format`` the commands offer, in one place, and the CI report in the format
named. Light to import (the command line imports it for ``--help``): the writers are
imported when one is used.

- ``ViewFormat``: ``status`` and ``due`` (a table for people; JSON, CSV, TSV for programs).
- ``DetailFormat``: ``explain`` (a table, or JSON).
- ``TrailFormat``: ``history`` (lines of text, or JSON).
- ``CiFormat``: ``check`` and ``validate`` (text, JSON and the CI tools' own formats).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notice_tracker.render.ci import Report


class ViewFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    TSV = "tsv"


class DetailFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class TrailFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class CiFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"
    GITLAB = "gitlab"
    CSV = "csv"


def render(report: Report, fmt: CiFormat) -> str:
    """The report in ``fmt``."""
    from notice_tracker.render import ci

    if fmt is CiFormat.TEXT:
        return ci.text(report)
    if fmt is CiFormat.GITHUB:
        return ci.github(report)
    if fmt is CiFormat.JSON:
        from notice_tracker.render.json import dumps

        return dumps(ci.json_view(report))
    if fmt is CiFormat.SARIF:
        from notice_tracker.render.sarif import sarif

        return sarif(report)
    if fmt is CiFormat.JUNIT:
        from notice_tracker.render.junit import junit

        return junit(report)
    if fmt is CiFormat.GITLAB:
        from notice_tracker.render.gitlab import gitlab

        return gitlab(report)
    from notice_tracker.render.tabular import findings_csv

    return findings_csv(report)
