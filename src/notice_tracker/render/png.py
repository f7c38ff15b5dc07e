"""A ``charts.Scene`` as PNG bytes, for Word (which cannot take an inline SVG through
python-docx). Drawn with Pillow at twice the scene's size so it prints sharply.

Deterministic: Pillow's own bundled font (the same on every machine with the same
Pillow), no time or text chunks in the file, so the same scene gives the same bytes.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from notice_tracker.render.charts import Label, Line, Mark, Scene

SCALE = 2
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


@cache
def _font(size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size * SCALE)


def _xy(point: tuple[float, float]) -> tuple[float, float]:
    return (point[0] * SCALE, point[1] * SCALE)


def _dashes(draw: ImageDraw.ImageDraw, line: Line) -> None:
    """A dashed polyline: 6 on, 4 off, along each segment."""
    on, off = 6 * SCALE, 4 * SCALE
    width = round(line.width * SCALE)
    for (x0, y0), (x1, y1) in zip(line.points, line.points[1:], strict=False):
        (ax, ay), (bx, by) = _xy((x0, y0)), _xy((x1, y1))
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        done = 0.0
        while done < length:
            end = min(done + on, length)
            f0, f1 = done / length, end / length
            start = (ax + (bx - ax) * f0, ay + (by - ay) * f0)
            stop = (ax + (bx - ax) * f1, ay + (by - ay) * f1)
            draw.line([start, stop], fill=line.colour, width=width)
            done = end + off


def _draw_line(draw: ImageDraw.ImageDraw, line: Line) -> None:
    if line.dashed:
        _dashes(draw, line)
        return
    draw.line([_xy(p) for p in line.points], fill=line.colour, width=round(line.width * SCALE))


def _draw_mark(draw: ImageDraw.ImageDraw, mark: Mark) -> None:
    (x, y), s = _xy(mark.at), mark.size * SCALE
    if mark.shape == "diamond":
        draw.polygon([(x, y - s), (x + s, y), (x, y + s), (x - s, y)], fill=mark.colour)
    else:
        draw.ellipse([x - s, y - s, x + s, y + s], fill=mark.colour)


def _draw_label(draw: ImageDraw.ImageDraw, label: Label) -> None:
    font = _font(label.size)
    at = _xy(label.at)
    draw.text(at, label.text, fill=label.colour, font=font, anchor=_ANCHORS[label.anchor])
    if label.bold:  # the bundled font has no bold face: overstrike by one pixel
        draw.text(
            (at[0] + 1, at[1]),
            label.text,
            fill=label.colour,
            font=font,
            anchor=_ANCHORS[label.anchor],
        )


def png(scene: Scene) -> bytes:
    """The scene drawn on white, as PNG bytes."""
    image = Image.new("RGB", (scene.width * SCALE, scene.height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    for item in scene.items:
        if isinstance(item, Line):
            _draw_line(draw, item)
        elif isinstance(item, Mark):
            _draw_mark(draw, item)
        else:
            _draw_label(draw, item)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
