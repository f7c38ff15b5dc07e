"""Charts for board papers: a target against its trajectory and the dates around the
as-of day, as a drawing (SVG, PNG) and as Mermaid text. Pure and deterministic."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET

from hypothesis import example, given
from hypothesis import strategies as st

from conftest import d
from notice_tracker.render.charts import (
    Label,
    Line,
    Mark,
    TargetSeries,
    mermaid_xychart,
    month_ticks,
    target_chart,
    value_ticks,
)
from notice_tracker.render.gantt import Milestone, gantt_chart, mermaid_gantt, timeline, window
from notice_tracker.render.png import png
from notice_tracker.render.svg import svg

SVG = "{http://www.w3.org/2000/svg}"

CARE = TargetSeries(
    name="Average duration of care proceedings",
    unit="weeks",
    baseline=(d("2014-04-02"), 37.0),
    trajectory=((d("2014-04-02"), 37.0), (d("2015-09-02"), 26.0)),
    milestones=(),
    readings=((d("2014-10-31"), 34.0), (d("2014-12-31"), 33.0)),
    as_of=d("2015-01-15"),
    target=(d("2015-09-02"), 26.0),
)


def lanes() -> list[tuple[str, list[Milestone]]]:
    return [
        ("Reports", [Milestone(d("2014-11-02"), "Initial report", "overdue")]),
        (
            "Reviews",
            [
                Milestone(d("2014-11-23"), "Review", "overdue"),
                Milestone(d("2015-05-23"), "Review", "upcoming"),
            ],
        ),
        ("Long ago", [Milestone(d("2012-01-01"), "Old", "done")]),
        (
            "Meetings",
            [
                Milestone(d("2015-03-02"), "Board: meeting; #3", "due soon"),
                Milestone(d("2016-03-02"), "Far", "upcoming"),
            ],
        ),
    ]


# --- scales --------------------------------------------------------------------------


def test_value_ticks_cover_the_values() -> None:
    assert value_ticks([26, 37]) == (25, 27.5, 30, 32.5, 35, 37.5)
    assert value_ticks([5, 5]) == (4, 4.5, 5, 5.5, 6)
    assert value_ticks([0, 100]) == (0, 20, 40, 60, 80, 100)


@example([-9.77563317330911e-29, 1e-6])  # a step below 1e-6: rounding once lifted the tick
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20))
def test_value_ticks_always_span_the_values(values: list[float]) -> None:
    ticks = value_ticks(values)
    slack = (ticks[1] - ticks[0]) * 1e-6  # a millionth of a step: nothing the eye sees
    assert ticks[0] <= min(values) + slack
    assert ticks[-1] >= max(values) - slack
    assert 2 <= len(ticks) <= 12
    assert list(ticks) == sorted(ticks)


def test_month_ticks() -> None:
    assert month_ticks(d("2014-04-02"), d("2014-07-10")) == (
        d("2014-04-01"),
        d("2014-05-01"),
        d("2014-06-01"),
        d("2014-07-01"),
        d("2014-08-01"),
    )
    ticks = month_ticks(d("2014-01-01"), d("2016-01-01"))
    assert len(ticks) <= 9
    assert all(t.day == 1 for t in ticks)


# --- the target chart ----------------------------------------------------------------


def test_target_chart_draws_readings_trajectory_target_and_as_of() -> None:
    scene = target_chart(CARE)
    texts = [i.text for i in scene.items if isinstance(i, Label)]
    assert "as of 15 Jan 2015" in texts
    assert "target 26" in texts
    assert scene.title.startswith("Average duration of care proceedings (weeks)")
    dashed = [i for i in scene.items if isinstance(i, Line) and i.dashed]
    solid = [
        i for i in scene.items if isinstance(i, Line) and i.width == 2.5 and len(i.points) == 3
    ]
    assert any(len(line.points) == 2 for line in dashed)  # baseline to target
    assert solid, "the readings line: baseline and two readings"
    dots = [i for i in scene.items if isinstance(i, Mark) and i.shape == "dot"]
    assert len(dots) == 3
    # lower is better and the readings fall: each dot is lower on the page than the last
    ys = [m.at[1] for m in dots]
    assert ys == sorted(ys)


def test_target_chart_svg_is_well_formed_and_self_contained() -> None:
    text = svg(target_chart(CARE))
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None
    assert len(root.findall(f"{SVG}circle")) == 3
    assert "href" not in text
    assert "url(" not in text
    assert "<script" not in text


def test_text_in_a_chart_is_escaped() -> None:
    nasty = TargetSeries(**{**CARE.__dict__, "name": "<script>alert(1)</script> & co"})
    root = ET.fromstring(svg(target_chart(nasty)))
    assert "<script>" in root.findtext(f"{SVG}title", "")
    assert root.find(f".//{SVG}script") is None


def test_mermaid_xychart() -> None:
    assert mermaid_xychart(CARE) == "\n".join(
        [
            "xychart-beta",
            '    title "Average duration of care proceedings (weeks): readings against the'
            ' trajectory to the target"',
            '    x-axis ["2 Apr 2014", "31 Oct 2014", "31 Dec 2014", "2 Sep 2015"]',
            '    y-axis "weeks" 25 --> 37.5',
            "    line [37, 32.5, 31.2, 26]",
            "    line [37, 34, 33]",
        ]
    )


def test_mermaid_xychart_without_readings_has_only_the_trajectory() -> None:
    bare = TargetSeries(**{**CARE.__dict__, "readings": (), "name": 'say "hi"'})
    text = mermaid_xychart(bare)
    assert text.count("    line [") == 1
    assert "say 'hi'" in text


# --- the timeline --------------------------------------------------------------------


def test_window_around_the_as_of_date() -> None:
    assert window(d("2015-01-15")) == (d("2014-09-01"), d("2015-09-30"))
    assert window(d("2015-01-15"), 1, 1) == (d("2014-12-01"), d("2015-02-28"))


def test_timeline_keeps_dates_in_the_window() -> None:
    tl = timeline(d("2015-01-15"), lanes())
    assert [lane.name for lane in tl.lanes] == ["Reports", "Reviews", "Meetings"]
    assert tl.hidden == 2


def test_gantt_chart_has_a_marker_and_a_lane_each() -> None:
    scene = gantt_chart(timeline(d("2015-01-15"), lanes()))
    texts = [i.text for i in scene.items if isinstance(i, Label)]
    assert "as of 15 Jan 2015" in texts
    assert {"Reports", "Reviews", "Meetings"} <= set(texts)
    assert "Long ago" not in texts
    diamonds = [i for i in scene.items if isinstance(i, Mark) and i.shape == "diamond"]
    assert len(diamonds) == 4 + 4  # four dates in the window, four in the legend
    ET.fromstring(svg(scene))


def test_mermaid_gantt() -> None:
    text = mermaid_gantt(timeline(d("2015-01-15"), lanes()))
    assert "    todayMarker off" in text
    assert "    section As of\n    15 Jan 2015 :milestone, crit, 2015-01-15, 0d" in text
    assert "    Initial report :milestone, crit, 2014-11-02, 0d" in text
    assert "    Board meeting 3 :milestone, active, 2015-03-02, 0d" in text
    assert "2016-03-02" not in text
    assert "Long ago" not in text


# --- determinism ---------------------------------------------------------------------


def test_png_is_a_png_and_the_same_every_time() -> None:
    first = png(target_chart(CARE))
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"tIME" not in first
    assert b"tEXt" not in first
    assert png(target_chart(CARE)) == first


def test_same_bytes_in_a_fresh_interpreter() -> None:
    code = (
        "import sys, hashlib; sys.path.insert(0, 'tests');"
        "from test_charts import CARE, lanes; import datetime as dt;"
        "from notice_tracker.render.charts import target_chart;"
        "from notice_tracker.render.gantt import gantt_chart, timeline;"
        "from notice_tracker.render.svg import svg; from notice_tracker.render.png import png;"
        "g = gantt_chart(timeline(dt.date(2015, 1, 15), lanes()));"
        "t = target_chart(CARE);"
        "print(hashlib.sha256(svg(t).encode() + svg(g).encode() + png(t) + png(g)).hexdigest())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            check=True,
            text=True,
            env={"PYTHONHASHSEED": "random", "PATH": ""},
        ).stdout
        for _ in range(2)
    }
    g = gantt_chart(timeline(dt.date(2015, 1, 15), lanes()))
    import hashlib

    t = target_chart(CARE)
    here = hashlib.sha256(svg(t).encode() + svg(g).encode() + png(t) + png(g)).hexdigest()
    assert runs == {here + "\n"}
