"""``notice report``: a notice's board paper, or the portfolio summary, as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notice_tracker.cli.app import (
    AsOfOpt,
    AtOpt,
    DataOpt,
    WindowOpt,
    app,
    as_of_or_today,
    expected_failures,
    load_valid,
)

NoticeArg = Annotated[
    str | None,
    typer.Argument(metavar="ID", help="The notice id (leave out with --all).", show_default=False),
]
AllOpt = Annotated[bool, typer.Option("--all", help="A portfolio summary of every notice.")]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="REV", help="Add the changes to the notice's data since this revision."
    ),
]
TemplateOpt = Annotated[
    Path | None,
    typer.Option(
        "--template",
        metavar="FILE",
        help="A Jinja2 template to use instead of the shipped one (it may extend it).",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("-o", "--output", metavar="FILE", help="Write here (default: standard output)."),
]


@app.command()
@expected_failures
def report(
    notice: NoticeArg = None,
    all_notices: AllOpt = False,
    as_of: AsOfOpt = None,
    since: SinceOpt = None,
    at: AtOpt = None,
    template: TemplateOpt = None,
    output: OutputOpt = None,
    window: WindowOpt = 30,
    data: DataOpt = Path("data"),
) -> None:
    """A board paper in Markdown: one notice's status report, or --all for a portfolio.

    The same data, as-of date and revision always give the same bytes. Exit 0 when
    written, 1 on an expected failure (unknown notice, template error), 3 when the data
    is invalid. See docs/reports.md.
    """
    from notice_tracker.render.markdown import (
        notice_paper,
        portfolio_paper,
        render_notice,
        render_portfolio,
        write_paper,
    )

    _check_choice(notice, all_notices, since)
    day = as_of_or_today(as_of)
    catalog = load_valid(data, at)
    if notice is None:
        text = render_portfolio(portfolio_paper(catalog, data, day, window, at), template)
    else:
        paper = notice_paper(catalog, data, notice, day, window, since, at)
        text = render_notice(paper, template)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_paper(output, text)


def _check_choice(notice: str | None, all_notices: bool, since: str | None) -> None:
    if (notice is None) == (not all_notices):
        raise typer.BadParameter("give one notice id, or --all (not both)")
    if all_notices and since is not None:
        raise typer.BadParameter("--since needs one notice id: it lists that notice's changes")
