"""``--format`` of ``notice check`` and ``notice validate``: the names, and the report in
the format named. Light to import: the writers are imported when one is used."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notice_tracker.render.ci import Report


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
