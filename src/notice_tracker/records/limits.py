"""The limits every record and every command works within (see docs/limits.md).

Each keeps the tool's work bounded whatever the data or the command line says, and is
far beyond anything a real notice needs: notices are dated from the 1990s, run a few
years, and set a few dozen due dates.
"""

from __future__ import annotations

import datetime as dt

FIRST_DAY = dt.date(1900, 1, 1)
"""The earliest date the tool works with: in the data, on the command line, or worked out."""
LAST_DAY = dt.date(2200, 12, 31)
"""The latest date the tool works with; a due date worked out beyond it is undetermined."""
YEARS = LAST_DAY.year - FIRST_DAY.year + 1
"""The years the range spans (301)."""

MAX_PERIOD = {
    "days": YEARS * 366,
    "weeks": YEARS * 53,
    "months": YEARS * 12,
    "years": YEARS,
    "working days": YEARS * 262,
}
"""The longest period of each unit: the length of the whole date range."""

MAX_OCCURRENCES = 10_000
"""The most occurrences one rule gives (and the largest ``count``): a monthly report for
800 years, or a daily one for 27."""


TOO_MANY = (
    f"more than {MAX_OCCURRENCES:,} occurrences: the rest are not worked out "
    "(the limit of one rule; see docs/limits.md)"
)


def in_range(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


RANGE = f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
