"""Values written on the command line (days, statuses, RAG ratings, readings), parsed
once, here, for every command. A bad value is a usage error (exit 2) whose message
says which option is wrong and what to write instead."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from notice_tracker.read.problems import did_you_mean

if TYPE_CHECKING:
    from notice_tracker.records.dates import Period
    from notice_tracker.records.models import MeasureStatus, Rag

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: str, option: str = "--date") -> dt.date:
    """A whole day written YYYY-MM-DD; ``NoticeError`` naming ``option`` otherwise."""
    if not _DAY.match(value.strip()):
        raise typer.BadParameter(f"{option} {value!r} is not a date: write YYYY-MM-DD")
    from notice_tracker.records.dates import DateRangeError, check_day

    try:
        return check_day(dt.date.fromisoformat(value.strip()))
    except DateRangeError as exc:
        raise typer.BadParameter(f"{option} {exc}") from None
    except ValueError as exc:
        raise typer.BadParameter(f"{option} {value!r} is not a real date ({exc})") from None


def parse_period(value: str, option: str = "--every") -> Period:
    """A period such as ``6 weeks``; a usage error naming ``option`` otherwise."""
    from notice_tracker.records.dates import Period

    try:
        return Period.parse(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{option} {exc}") from None


def _choice(value: str, allowed: Sequence[str], what: str, option: str) -> str:
    if value in allowed:
        return value
    hint = did_you_mean(value.replace(" ", "_").lower(), allowed)
    hint = f" ({hint})" if hint else ""
    choices = ", ".join(allowed)
    raise typer.BadParameter(f"{option} {value!r} is not {what}: use one of {choices}{hint}")


def parse_status(value: str) -> MeasureStatus:
    """A measure status by its value (``in_progress``), with a suggestion on a typo."""
    from notice_tracker.records.models import MeasureStatus

    recordable = [s.value for s in MeasureStatus if s is not MeasureStatus.NOT_RECORDED]
    return MeasureStatus(_choice(value, recordable, "a status", "--status"))


def parse_rag(value: str) -> Rag:
    """A RAG rating (``red``, ``amber``, ``green``), with a suggestion on a typo."""
    from notice_tracker.records.models import BOARD_RATINGS, Rag

    return Rag(_choice(value, [r.value for r in BOARD_RATINGS], "a RAG rating", "--rag"))


def parse_value(value: str) -> int | float:
    """A reading's value: an integer when written as one, else a finite decimal."""
    try:
        number = float(value)
    except ValueError:
        raise typer.BadParameter(f"--value {value!r} is not a number") from None
    if not math.isfinite(number):
        raise typer.BadParameter(f"--value {value!r} is not a finite number")
    return int(value) if re.fullmatch(r"[+-]?\d+", value.strip()) else number
