"""``notice record``, ``timetable``, ``measure``, ``reading``, ``lift``, ``replace``, ``new``
and ``history``.

Each edit prints one line saying what changed; with ``--commit`` it also commits the
file it changed. A refused edit exits 1 and leaves the file byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notice_tracker.cli import inputs
from notice_tracker.cli.app import DataOpt, KindName, app, error_boundary
from notice_tracker.cli.options import data_folder
from notice_tracker.errors import NoticeError
from notice_tracker.read.problems import display_path
from notice_tracker.render.formats import TrailFormat

if TYPE_CHECKING:
    from notice_tracker.edit import Outcome
    from notice_tracker.history.trail import HistoryEntry

NoticeArg = Annotated[
    str, typer.Argument(metavar="NOTICE", help="The notice id, e.g. bexley-2014.")
]
DateOpt = Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="The day it happened.")]
CommitOpt = Annotated[
    bool,
    typer.Option("--commit", help="Stage and commit the changed file with a generated message."),
]


def _committable(commit: bool, data: Path, notice: str, target: str | None = None) -> None:
    """With ``--commit``, refuse before editing when the file already has uncommitted
    changes (the commit would claim them too) or is not in a git repository."""
    if not commit:
        return
    from notice_tracker import edit
    from notice_tracker.history import git

    path = edit.file_of(data, notice, target)
    git.check_identity(path)
    if git.is_dirty([path]):
        raise NoticeError(
            f"{display_path(path)} has uncommitted changes: commit them first, "
            "or edit without --commit"
        )


def _done(outcome: Outcome, commit: bool) -> None:
    """Print what changed; commit the file when asked. A commit that fails (a hook
    refuses it) undoes the edit: the file is as it was and nothing is staged."""
    if commit:
        from notice_tracker.history import git

        paths = [outcome.path, *outcome.also]
        try:
            sha = git.commit(paths, outcome.message)
        except NoticeError as exc:
            git.undo(paths)
            raise NoticeError(f"{exc} -- the edit was undone: the file is unchanged") from None
        typer.echo(outcome.summary)
        typer.echo(f"committed {sha[:7]}: {outcome.message}")
        return
    typer.echo(outcome.summary)


@app.command(short_help="Record that an obligation was done.")
@error_boundary
def record(
    notice: NoticeArg,
    item: Annotated[
        str, typer.Argument(metavar="OBLIGATION", help="The obligation id, e.g. initial-report.")
    ],
    date: DateOpt,
    note: Annotated[str | None, typer.Option(help="A note kept with the completion.")] = None,
    occurrence: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            help="The due date it fulfils, when not the earliest one still open.",
        ),
    ] = None,
    link: Annotated[str | None, typer.Option(help="A link to the report or minutes.")] = None,
    ad_hoc: Annotated[
        bool, typer.Option("--ad-hoc", help="An extra occasion (e.g. at the DfE's request).")
    ] = False,
    commit: CommitOpt = False,
    data: DataOpt = None,
) -> None:
    """Record that an obligation was done: a report submitted, a review held, a board met."""
    data = data_folder(data)
    from notice_tracker import edit

    day = inputs.parse_day(date)
    due = inputs.parse_day(occurrence, "--occurrence") if occurrence else None
    _committable(commit, data, notice)
    outcome = edit.record_completion(
        data, notice, item, day, note=note, occurrence=due, link=link, ad_hoc=ad_hoc
    )
    _done(outcome, commit)


@app.command(short_help="Record the timetable agreed for an obligation.")
@error_boundary
def timetable(
    notice: NoticeArg,
    item: Annotated[
        str, typer.Argument(metavar="OBLIGATION", help="The obligation id, e.g. board-meetings.")
    ],
    dates: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD,...", help="The agreed dates, comma-separated."),
    ] = None,
    first: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="The first date of a cadence.")
    ] = None,
    every: Annotated[
        str | None, typer.Option(metavar="PERIOD", help="The agreed cadence, e.g. '6 weeks'.")
    ] = None,
    agreed: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="The day it was agreed.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Who agreed it, or where it is.")] = None,
    commit: CommitOpt = False,
    data: DataOpt = None,
) -> None:
    """Record the timetable agreed for an obligation whose dates are "to a timetable
    agreed with the Department": a list of dates, or a cadence from a first date."""
    data = data_folder(data)
    from notice_tracker import edit

    days = tuple(inputs.parse_day(d.strip(), "--dates") for d in (dates or "").split(",") if d)
    what = edit.Agreed(
        dates=days,
        first=inputs.parse_day(first, "--first") if first else None,
        every=inputs.parse_period(every, "--every") if every else None,
        agreed=inputs.parse_day(agreed, "--agreed") if agreed else None,
        note=note,
    )
    _committable(commit, data, notice)
    _done(edit.record_timetable(data, notice, item, what), commit)


@app.command(short_help="Change a measure's status, RAG or evidence.")
@error_boundary
def measure(
    notice: NoticeArg,
    measure_id: Annotated[str, typer.Argument(metavar="MEASURE", help="The measure id, e.g. 9.")],
    status: Annotated[
        str | None,
        typer.Option(help="New status: not_started, in_progress, complete or ongoing."),
    ] = None,
    rag: Annotated[
        str | None, typer.Option(help="A RAG rating set by the board: red, amber or green.")
    ] = None,
    evidence: Annotated[
        str | None, typer.Option(help="An evidence entry to add (needs --date).")
    ] = None,
    date: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="The date of the evidence.")
    ] = None,
    link: Annotated[str | None, typer.Option(help="A link to the evidence.")] = None,
    commit: CommitOpt = False,
    data: DataOpt = None,
) -> None:
    """Change a measure's status or RAG rating, and/or add an evidence entry."""
    data = data_folder(data)
    from notice_tracker import edit

    _committable(commit, data, notice)
    outcome = edit.update_measure(
        data,
        notice,
        measure_id,
        status=inputs.parse_status(status) if status else None,
        rag=inputs.parse_rag(rag) if rag else None,
        evidence=evidence,
        day=inputs.parse_day(date) if date else None,
        link=link,
    )
    _done(outcome, commit)


@app.command(short_help="Add a reading of a performance target.")
@error_boundary
def reading(
    notice: NoticeArg,
    target: Annotated[
        str,
        typer.Argument(metavar="TARGET", help="The target id, e.g. care-proceedings-duration."),
    ],
    date: DateOpt,
    value: Annotated[str, typer.Option("--value", help="The value read, in the target's unit.")],
    source: Annotated[str | None, typer.Option(help="Where the figure comes from.")] = None,
    commit: CommitOpt = False,
    data: DataOpt = None,
) -> None:
    """Add a reading of one of the notice's performance targets."""
    data = data_folder(data)
    from notice_tracker import edit

    day = inputs.parse_day(date)
    _committable(commit, data, notice, target)
    outcome = edit.add_reading(data, notice, target, day, inputs.parse_value(value), source=source)
    _done(outcome, commit)


@app.command(short_help="Record that the notice was lifted.")
@error_boundary
def lift(
    notice: NoticeArg,
    date: DateOpt,
    commit: CommitOpt = False,
    data: DataOpt = None,
) -> None:
    """Record that the notice was lifted (stepped down): nothing falls due after it."""
    data = data_folder(data)
    from notice_tracker import edit

    day = inputs.parse_day(date)
    _committable(commit, data, notice)
    _done(edit.lift(data, notice, day), commit)


@app.command(short_help="Record that the notice was replaced.")
@error_boundary
def replace(
    notice: NoticeArg,
    by: Annotated[str, typer.Option("--by", help="The id of the notice or direction.")],
    date: DateOpt,
    commit: CommitOpt = False,
    data: DataOpt = None,
) -> None:
    """Record that the notice was replaced by another notice or a statutory direction."""
    data = data_folder(data)
    from notice_tracker import edit

    day = inputs.parse_day(date)
    _committable(commit, data, notice)
    _committable(commit, data, by)
    _done(edit.replace(data, notice, by, day), commit)


@app.command(short_help="Create a new data file to fill in.")
@error_boundary
def new(
    kind: Annotated[
        KindName,
        typer.Argument(metavar="KIND", help="What to create: notice, inspection or targets."),
    ],
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="Its id, which is also its file name.")
    ],
    notice: Annotated[
        str | None, typer.Option(help="For targets: the notice they belong to.")
    ] = None,
    commit: CommitOpt = False,
    data: DataOpt = None,
) -> None:
    """Create a new data file with placeholders to fill in; never overwrites a file."""
    data = data_folder(data, fallback=Path("data"))
    from notice_tracker import edit
    from notice_tracker.history import git

    if commit and git.repo_root(data) is None:
        raise NoticeError(f"{display_path(data)}: not in a git repository: --commit needs one")
    outcome = edit.create(data, kind.value, record_id, notice)
    _schemas_for_editors(data, kind.value)
    _done(outcome, commit)


def _schemas_for_editors(data: Path, kind: str) -> None:
    """The new file's first line points editors at ``schemas/KIND.schema.json`` in the
    data repository: write the schemas there when that one is missing."""
    from notice_tracker.records.schema import schemas_folder, write_all

    folder = schemas_folder(data)
    if not (folder / f"{kind}.schema.json").exists():
        write_all(folder)
        typer.echo(f"wrote {display_path(folder)}/ (JSON Schemas for editors, see docs/editors.md)")


@app.command(short_help="The audit trail of a notice, from git.")
@error_boundary
def history(
    notice: NoticeArg,
    output: Annotated[
        TrailFormat, typer.Option("--format", help="text for people, json for programs.")
    ] = TrailFormat.TEXT,
    data: DataOpt = None,
) -> None:
    """Show the audit trail of a notice from git, newest first: who changed what, when."""
    data = data_folder(data)
    from notice_tracker.history.trail import history as notice_history

    entries = notice_history(data, notice)
    if output is TrailFormat.JSON:
        from notice_tracker.render import json as views

        typer.echo(views.dumps(views.history(notice, entries)), nl=False)
        return
    for line in _history_lines(notice, entries):
        typer.echo(line)


def _history_lines(notice: str, entries: list[HistoryEntry]) -> list[str]:
    noun = "commit" if len(entries) == 1 else "commits"
    lines = [f"{notice}: {len(entries)} {noun}, newest first"]
    for entry in entries:
        c = entry.commit
        lines += ["", f"{c.short}  {c.date[:10]}  {c.author} <{c.email}>", f"    {c.subject}"]
        lines += [f"    - {change}" for change in entry.changes] or [
            "    (no field changed: comments or layout only)"
        ]
    return lines
