"""The only place that reads the clock: today's date in the UK."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk_today() -> dt.date:
    """Today's date in the UK (a notice's day ends at midnight London time)."""
    return dt.datetime.now(UK).date()
