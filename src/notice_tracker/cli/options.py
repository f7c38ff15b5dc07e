"""What the shared options mean: dates people write, windows as human periods, and the
data folder found from wherever the command is run.

Pure functions over their inputs (the clock and the working folder are passed in), each
raising ``NoticeError`` with what to write instead; but ``data_folder``, which moves to
the folder it finds.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from notice_tracker.errors import NoticeError
from notice_tracker.records.folders import FOLDERS

if TYPE_CHECKING:
    from notice_tracker.records.dates import Period

AS_OF_ENV = "NOTICE_AS_OF"
AS_OF_FORMS = "today, YYYY-MM-DD, YYYY-MM (its last day) or DD/MM/YYYY"

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_UK_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_as_of(value: str, today: dt.date) -> dt.date:
    """``today``, ``yesterday``, ``2015-01-15``, ``2015-01`` (the month's last day, as a
    month-only date in the data means) or ``15/01/2015`` (UK order)."""
    from notice_tracker.records.dates import DateRangeError, check_day, end_of_month

    text = value.strip().lower()
    if text == "today":
        return today
    if text == "yesterday":
        return today - dt.timedelta(days=1)
    try:
        if m := _ISO_DAY.match(text):
            return check_day(dt.date(int(m[1]), int(m[2]), int(m[3])))
        if m := _ISO_MONTH.match(text):
            return check_day(end_of_month(int(m[1]), int(m[2])))
        if m := _UK_DAY.match(text):
            return check_day(dt.date(int(m[3]), int(m[2]), int(m[1])))
    except DateRangeError as exc:
        raise NoticeError(f"--as-of {exc}") from None
    except ValueError as exc:
        raise NoticeError(f"--as-of {value!r} is not a real date ({exc})") from None
    raise NoticeError(f"--as-of {value!r} is not a date: write {AS_OF_FORMS}")


_UNITS: dict[str, str] = {
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "m": "months",
    "mo": "months",
    "month": "months",
    "months": "months",
    "y": "years",
    "yr": "years",
    "year": "years",
    "years": "years",
    "wd": "working days",
    "working day": "working days",
    "working days": "working days",
}
"""The words a period may use, and the ``records.dates.Unit`` each stands for."""
_WINDOW = re.compile(r"^(\d+)\s*([a-z][a-z ]*)?$")
PERIOD_FORMS = "30, 30d, 6w, 2m, 1y, '6 weeks', '2 months' or '10 working days'"


@dataclass(frozen=True)
class Window:
    """How far ahead counts as due soon: the period as written and the days it spans
    from the as-of date (months differ in length, so the days depend on the date)."""

    period: Period
    days: int

    def __str__(self) -> str:
        return str(self.period)


def parse_period(value: str) -> Period:
    """A window or alarm period as people write it: a bare number is days."""
    from notice_tracker.records.dates import Period, Unit

    text = " ".join(value.strip().lower().split())
    m = _WINDOW.match(text)
    if not m:
        raise NoticeError(f"{value!r} is not a period: write {PERIOD_FORMS}")
    count, word = int(m[1]), (m[2] or "d").strip()
    unit = _UNITS.get(word)
    if unit is None:
        from notice_tracker.read.problems import did_you_mean

        words = [f"{count} {u}" for u in _UNITS if len(u) > 2]
        hint = did_you_mean(f"{count} {word}", words) or f"write {PERIOD_FORMS}"
        raise NoticeError(f"{value!r} is not a period: {hint}")
    try:
        return Period(count, Unit(unit)).checked()
    except ValueError as exc:
        raise NoticeError(str(exc)) from None


def window(value: str, as_of: dt.date) -> Window:
    from notice_tracker.records.dates import DateRangeError, add

    period = parse_period(value)
    try:
        return Window(period, (add(as_of, period) - as_of).days)
    except DateRangeError as exc:
        raise NoticeError(f"{value!r} from {as_of} reaches past the last date: {exc}") from None


def find_data(start: Path) -> tuple[Path, Path]:
    """The data folder for a command run in ``start``, and the folder paths are shown
    from: walking up from ``start`` as git does, the first folder that has a ``data/``
    holding record folders (shown from that folder), or that holds record folders itself
    (a data repository; shown from it, or from its parent when it is itself
    called ``data``). The walk stops at the top of a git repository."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if _holds_records(folder / "data"):
            return folder / "data", folder
        if _holds_records(folder):
            return folder, folder.parent if folder.name == "data" else folder
        if (folder / ".git").exists():
            break
    folders = ", ".join(f"{folder}/" for folder in FOLDERS)
    raise NoticeError(
        f"no data folder here or above {start}: run inside a data repository (a data/ "
        f"folder, or {folders}), or pass --data (or set NOTICE_DATA)"
    )


def _holds_records(folder: Path) -> bool:
    return any((folder / name).is_dir() for name in FOLDERS)


def data_folder(data: Path | None, fallback: Path | None = None) -> Path:
    """The data folder: ``--data`` (or ``NOTICE_DATA``) as given, else found by walking
    up from the working folder; then the command runs from the folder found, so every
    path it prints is relative to the repository, the same from any subfolder. When
    none is found, ``fallback`` (for commands that create one), else an error."""
    if data is not None:
        return data
    try:
        root, base = find_data(Path.cwd())
    except NoticeError:
        if fallback is None:
            raise
        return fallback
    if base != Path.cwd().resolve():
        os.chdir(base)
    return Path(os.path.relpath(root, base))
