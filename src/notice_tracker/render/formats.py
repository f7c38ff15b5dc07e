"""``--format`` of ``notice check`` and ``notice validate``: the report in the format named."""

from __future__ import annotations

from notice_tracker.render.ci import CiFormat, Report, github, json_view, text


def render(report: Report, fmt: CiFormat) -> str:
    """The report in ``fmt``."""
    if fmt is CiFormat.TEXT:
        return text(report)
    if fmt is CiFormat.GITHUB:
        return github(report)
    if fmt is CiFormat.JSON:
        from notice_tracker.render.json import dumps

        return dumps(json_view(report))
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
