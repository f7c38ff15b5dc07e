"""``notice report``: a notice's board paper, or the portfolio summary, as Markdown."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notice_tracker.cli.answers import remembered
from notice_tracker.cli.app import (
    DEFAULT_WINDOW,
    AsOfOpt,
    AtOpt,
    DataOpt,
    OutputOpt,
    WindowOpt,
    app,
    as_of_or_today,
    emit,
    error_boundary,
    from_here,
    load_valid,
    window_of,
)
from notice_tracker.cli.options import data_folder

if TYPE_CHECKING:
    from notice_tracker.read.catalog import Catalog
    from notice_tracker.render.paper import Authored, GitInfo, NoticePaper, PortfolioPaper

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
        callback=from_here,
        help="A Jinja2 template to use instead of the shipped one (it may extend it).",
    ),
]


class PaperFormat(StrEnum):
    MARKDOWN = "markdown"
    HTML = "html"
    DOCX = "docx"


FormatOpt = Annotated[
    PaperFormat,
    typer.Option(
        "--format",
        help="markdown; html (one self-contained page); docx (Word, with -o FILE).",
    ),
]
ReferenceOpt = Annotated[
    Path | None,
    typer.Option(
        "--reference-doc",
        metavar="FILE",
        callback=from_here,
        help="With --format docx: a Word document whose styles the paper uses.",
    ),
]


@app.command(short_help="A board paper in Markdown, HTML or Word.")
@error_boundary
@remembered(
    unless=("at", "output", "since", "template", "reference_doc"),
    also=lambda root: _provenance(root),
)
def report(
    notice: NoticeArg = None,
    all_notices: AllOpt = False,
    as_of: AsOfOpt = None,
    since: SinceOpt = None,
    at: AtOpt = None,
    template: TemplateOpt = None,
    output: OutputOpt = None,
    window: WindowOpt = DEFAULT_WINDOW,
    data: DataOpt = None,
    output_format: FormatOpt = PaperFormat.MARKDOWN,
    reference_doc: ReferenceOpt = None,
) -> None:
    """A board paper in Markdown, HTML or Word: one notice's status report, or --all for
    a portfolio.

    The same data, as-of date and revision always give the same bytes. Exit 0 when
    written, 1 on an expected failure (unknown notice, template error), 3 when the data
    is invalid. See docs/reports.md.
    """
    data = data_folder(data)
    from notice_tracker.render.markdown import render

    _check_choice(notice, all_notices, since)
    _check_format(output_format, output, reference_doc)
    day = as_of_or_today(as_of)
    days = window_of(window, day).days
    catalog = load_valid(data, at)
    paper: NoticePaper | PortfolioPaper
    if notice is None:
        paper = _portfolio_paper(catalog, data, day, days, at)
    else:
        paper = _notice_paper(catalog, data, notice, day, days, since, at)
    text = render(paper, template)
    emit(_encode(paper, text, output_format, day, reference_doc), output, data)


def _encode(
    paper: NoticePaper | PortfolioPaper,
    text: str,
    output_format: PaperFormat,
    as_of: dt.date,
    reference: Path | None,
) -> bytes:
    """The Markdown paper in the format asked for, with the paper's charts drawn."""
    if output_format is PaperFormat.MARKDOWN:
        return text.encode("utf-8")
    figures, title = paper.figures, paper.heading
    if output_format is PaperFormat.HTML:
        from notice_tracker.render.html import page

        return page(text, figures, title).encode("utf-8")
    from notice_tracker.render.docx import document

    return document(text, figures, title, as_of, reference)


def _check_format(output_format: PaperFormat, output: Path | None, reference: Path | None) -> None:
    if output_format is PaperFormat.DOCX and (output is None or str(output) == "-"):
        raise typer.BadParameter("--format docx writes a file: give -o FILE.docx")
    if reference is not None and output_format is not PaperFormat.DOCX:
        raise typer.BadParameter("--reference-doc is for --format docx")


def _provenance(data: Path) -> tuple[str, str] | None:
    """The commit the data is at and whether it has uncommitted changes (what else a
    paper reads, besides the data files)."""
    from notice_tracker.history.git import provenance

    found = provenance(data)
    return None if found is None else (found.commit, found.note)


def _git_info(data: Path, at: str | None) -> GitInfo:
    from notice_tracker.history.git import provenance
    from notice_tracker.render.paper import GitInfo

    found = provenance(data, at)
    return GitInfo() if found is None else GitInfo(found.commit, found.note)


def _notice_paper(
    catalog: Catalog,
    data: Path,
    notice_id: str,
    as_of: dt.date,
    window: int,
    since: str | None,
    at: str | None,
) -> NoticePaper:
    """One notice's paper from a valid catalog of ``data`` (as committed at ``at``, if
    given), with its changes since ``since`` read from git."""
    from notice_tracker.evaluate.portfolio import evaluate
    from notice_tracker.render.paper import NOT_IN_GIT, notice_paper

    (status,) = evaluate(catalog, as_of, window, [notice_id])
    info = _git_info(data, at)
    changes: tuple[str, list[Authored]] | None = None
    note = ""
    if since is not None and not info.commit:
        note = f"Changes since {since} cannot be shown: the data is {NOT_IN_GIT}."
    elif since is not None:
        changes = (since, _authored(data, notice_id, since, catalog, at))
    return notice_paper(status, catalog.inspection_records(), info, changes, note)


def _authored(
    data: Path, notice_id: str, since: str, catalog: Catalog, at: str | None
) -> list[Authored]:
    """The notice's changes since ``since``, each with the author and day of the commit
    that made it (none for a change not committed yet)."""
    from notice_tracker.history.trail import attributed_since
    from notice_tracker.render.paper import Authored

    found = attributed_since(data, notice_id, since, catalog, at)
    return [
        Authored(a.change, a.commit.author, dt.date.fromisoformat(a.commit.date[:10]))
        if a.commit
        else Authored(a.change)
        for a in found
    ]


def _portfolio_paper(
    catalog: Catalog, data: Path, as_of: dt.date, window: int, at: str | None
) -> PortfolioPaper:
    from notice_tracker.evaluate.portfolio import statuses
    from notice_tracker.render.paper import portfolio_paper

    inspections = catalog.inspection_records()
    each = statuses(catalog, as_of, window)  # one notice at a time
    return portfolio_paper(each, as_of, window, _git_info(data, at), inspections)


def _check_choice(notice: str | None, all_notices: bool, since: str | None) -> None:
    if (notice is None) == (not all_notices):
        raise typer.BadParameter("give one notice id, or --all (not both)")
    if all_notices and since is not None:
        raise typer.BadParameter("--since needs one notice id: it lists that notice's changes")
