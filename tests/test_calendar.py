"""``notice calendar``: read back with the icalendar library, stable across exports.

Every dated occurrence of ``notice status`` becomes one entry whose UID names the
notice, the obligation and the occurrence; exporting again after the data changed gives
the same UIDs (so a calendar updates its entries rather than adding copies) with a
higher SEQUENCE, and the same data and date give the same bytes: nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from icalendar import Calendar

from conftest import cli_invoke

AS_OF = "2015-01-15"


def _export(*args: str, data: str = "data", expect: int = 0) -> str:
    return cli_invoke("calendar", *args, "--data", data, expect=expect).stdout


def _entries(text: str, kind: str = "VEVENT") -> dict[str, Any]:
    cal = Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0"
    assert "notice-tracker" in str(cal["PRODID"])
    found = {str(c["UID"]): c for c in cal.walk(kind)}
    assert len(found) == len(cal.walk(kind)), "UIDs must be unique"
    return found


def _expected(data: str = "data", as_of: str = AS_OF) -> dict[str, str]:
    """UID -> due date, worked out from ``notice status --format json``."""
    body = json.loads(
        cli_invoke("status", "--as-of", as_of, "--format", "json", "--data", data).stdout
    )
    out = {}
    for notice in body["notices"]:
        nid = notice["id"]
        for ob in notice["obligations"]:
            scheduled = [o for o in ob["occurrences"] if not o.get("extra")]
            for n, occ in enumerate(scheduled, 1):
                if occ["due"]:
                    out[f"{nid}/{ob['id']}/{n}@notice-tracker"] = occ["due"]
        for m in notice["measures"]:
            if m["deadline"] and m["deadline"]["due"]:
                out[f"{nid}/measure-{m['id']}/deadline@notice-tracker"] = m["deadline"]["due"]
        if notice["targets_due"] and notice["targets_due"]["due"]:
            out[f"{nid}/targets/due@notice-tracker"] = notice["targets_due"]["due"]
    return out


def test_every_dated_occurrence_is_an_event_with_its_derivation() -> None:
    events = _entries(_export("--as-of", AS_OF))
    expected = _expected()
    assert {uid: str(e.decoded("DTSTART")) for uid, e in events.items()} == expected
    initial = events["bexley-2014/initial-report/1@notice-tracker"]
    assert initial.decoded("DTSTART") == dt.date(2014, 11, 2)
    assert initial.decoded("DTEND") == dt.date(2014, 11, 3)
    description = str(initial["DESCRIPTION"])
    assert "issued 2014-09-02 + 2 months = 2014-11-02" in description
    assert "overdue" in description
    (alarm,) = initial.walk("VALARM")
    assert alarm.decoded("TRIGGER") == dt.timedelta(days=-30)


def test_the_alarm_follows_the_window() -> None:
    events = _entries(_export("bexley-2014", "--as-of", AS_OF, "--window", "2w"))
    for event in events.values():
        for alarm in event.walk("VALARM"):
            assert alarm.decoded("TRIGGER") == dt.timedelta(days=-14)


def test_the_same_data_and_date_give_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "notices.ics"
    cli_invoke("calendar", "--as-of", AS_OF, "-o", str(out), "--data", "data")
    first = out.read_bytes()
    assert first.decode("utf-8").replace("\r\n", "\n") == _export("--as-of", AS_OF)
    assert first.endswith(b"END:VCALENDAR\r\n")
    cli_invoke("calendar", "--as-of", AS_OF, "-o", str(out), "--data", "data")
    assert out.read_bytes() == first
    assert all(len(line) <= 75 for line in first.split(b"\r\n"))
    stamp = _entries(first.decode("utf-8"))["bexley-2014/initial-report/1@notice-tracker"]
    assert stamp.decoded("DTSTAMP") == dt.datetime(2015, 1, 15, tzinfo=dt.UTC)


def test_a_second_export_after_a_change_updates_the_same_entries(data_copy: Path) -> None:
    data = str(data_copy)
    before = _entries(_export("--as-of", AS_OF, data=data))
    cli_invoke("record", "bexley-2014", "initial-report", "--date", "2014-11-20", "--data", data)
    notice = data_copy / "notices" / "bexley-2014.yaml"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace("issued: 2014-09-02", "issued: 2014-09-09"),
        encoding="utf-8",
    )
    after = _entries(_export("--as-of", "2015-01-20", data=data))
    bexley = {uid for uid in before if uid.startswith("bexley-2014/")}
    assert bexley <= set(after)
    calendar = {**before, **after}  # importing the second export over the first
    assert len(calendar) == len(set(before) | set(after))
    initial = "bexley-2014/initial-report/1@notice-tracker"
    assert after[initial].decoded("DTSTART") == dt.date(2014, 11, 9)
    assert int(after[initial]["SEQUENCE"]) > int(before[initial]["SEQUENCE"])
    assert "Done 2014-11-20" in str(after[initial]["DESCRIPTION"])
    assert not after[initial].walk("VALARM")


def test_todos_carry_their_state(data_copy: Path) -> None:
    data = str(data_copy)
    cli_invoke("record", "bexley-2014", "initial-report", "--date", "2014-11-20", "--data", data)
    todos = _entries(_export("bexley-2014", "--todo", "--as-of", AS_OF, data=data), "VTODO")
    done = todos["bexley-2014/initial-report/1@notice-tracker"]
    assert str(done["STATUS"]) == "COMPLETED"
    assert done.decoded("DUE") == dt.date(2014, 11, 2)
    assert done.decoded("COMPLETED") == dt.datetime(2014, 11, 20, tzinfo=dt.UTC)
    board = todos["bexley-2014/progress-reports/1@notice-tracker"]
    assert str(board["STATUS"]) == "NEEDS-ACTION"


def test_undated_occurrences_are_counted_not_guessed() -> None:
    result = cli_invoke("calendar", "sutton-2012", "--as-of", AS_OF, "--data", "data")
    assert "no date that can be worked out" in result.stderr
    for uid in _entries(result.stdout):
        assert uid.startswith("sutton-2012/")
