"""A ``charts.Scene`` as an SVG element, for inline use in an HTML page.

Pure text: every number is printed with at most one decimal, every text escaped, items
in scene order, so the same scene always gives the same bytes. No external references:
no fonts, images, scripts or stylesheets are loaded.
"""

from __future__ import annotations

from html import escape

from notice_tracker.render.charts import Item, Label, Line, Mark, Point, Scene

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _points(points: tuple[Point, ...]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _line(line: Line) -> str:
    dash = ' stroke-dasharray="6 4"' if line.dashed else ""
    return (
        f'<polyline points="{_points(line.points)}" fill="none" stroke="{line.colour}" '
        f'stroke-width="{_n(line.width)}"{dash} stroke-linejoin="round"/>'
    )


def _mark(mark: Mark) -> str:
    (x, y), s = mark.at, mark.size
    if mark.shape == "diamond":
        corners = ((x, y - s), (x + s, y), (x, y + s), (x - s, y))
        return f'<polygon points="{_points(corners)}" fill="{mark.colour}"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(s)}" fill="{mark.colour}"/>'


def _label(label: Label) -> str:
    (x, y) = label.at
    weight = ' font-weight="bold"' if label.bold else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{label.anchor}" '
        f'font-size="{_n(label.size)}" fill="{label.colour}"{weight}>{escape(label.text)}</text>'
    )


def _item(item: Item) -> str:
    if isinstance(item, Line):
        return _line(item)
    if isinstance(item, Mark):
        return _mark(item)
    return _label(item)


def svg(scene: Scene) -> str:
    """The scene as one ``<svg>`` element, scaled to its container's width."""
    title = escape(scene.title)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {scene.width} {scene.height}" '
        f'width="{scene.width}" height="{scene.height}" role="img" aria-label="{title}" '
        f'font-family="{escape(FONT)}">'
    )
    body = "\n".join(_item(item) for item in scene.items)
    return f"{head}\n<title>{title}</title>\n{body}\n</svg>"
