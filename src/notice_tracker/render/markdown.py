"""Board papers: view models rendered to GitHub-flavoured Markdown with Jinja2.

The only module that imports Jinja2. Templates ship in ``notice_tracker/render/templates``; a
user template may ``{% extends "notice.md.j2" %}`` and override blocks, or replace the
report. Every ``{{ value }}`` is Markdown-escaped unless a filter has marked it safe:
Jinja's autoescaping, with Markdown escaping (``md``) in place of HTML escaping. So text
from the data cannot break a table, start a heading or inject HTML. Undefined names are
errors (``StrictUndefined``), reported as ``TEMPLATE:LINE: message``. The same view
model always renders to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Iterable
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    FunctionLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    TemplateSyntaxError,
)
from markupsafe import Markup

from notice_tracker import files
from notice_tracker.errors import NoticeError
from notice_tracker.inert import inert
from notice_tracker.read.problems import display_path
from notice_tracker.records.dates import uk_long
from notice_tracker.render import sandbox
from notice_tracker.render.paper import NoticePaper, PortfolioPaper
from notice_tracker.render.paper.text import mermaid_text
from notice_tracker.render.sandbox import Sandbox

NOTICE_TEMPLATE = "notice.md.j2"
PORTFOLIO_TEMPLATE = "portfolio.md.j2"
SHIPPED = Path(__file__).parent / "templates"

BARS = "▁▂▃▄▅▆▇█"

# --- filters -------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"([\\`*_\[\]#~|])")
_LEADING_MARK = re.compile(r"^([-+=])(?=[\s=+-]|$)")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])(?=\s|$)")


def md(value: object) -> Markup:
    """``value`` as inline Markdown text that renders exactly as written.

    ``&``, ``<`` and ``>`` become entities (no HTML, no autolinks); ``\\ ` * _ [ ] # ~ |``
    are backslash-escaped (no emphasis, links, code, strikethrough or table breaks);
    a leading ``- ``, ``+ ``, ``==`` or ``1. `` is escaped (no list, rule or heading); line
    breaks become ``<br>``; surrounding whitespace is dropped.
    """
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _LEADING_NUMBER.sub(r"\1\\\2", _LEADING_MARK.sub(r"\\\1", text))
    return Markup("<br>".join(line.strip() for line in text.split("\n")))


def cell(value: object) -> Markup:
    """``md`` for a table cell: an empty value shows as an em dash."""
    escaped = md(value)
    return escaped if escaped else Markup("—")


def mermaid(value: object) -> Markup:
    """Text for inside a Mermaid chart: no ``:``, ``#``, ``;`` or line breaks."""
    return Markup(mermaid_text(str(value)))


def ukdate(value: object) -> str:
    """``2 November 2014`` from a date or an ISO date string; ``unknown`` for None."""
    if value is None:
        return "unknown"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise TemplateRuntimeError(f"ukdate: {value!r} is not a YYYY-MM-DD date") from None
    if not isinstance(value, dt.date):
        raise TemplateRuntimeError(f"ukdate: {value!r} is not a date")
    return uk_long(value)


def sparkline(values: Iterable[float]) -> str:
    """A bar per value, ``▁`` (lowest) to ``█`` (highest); ``▄`` each when all are
    equal; empty for no values. Pure arithmetic, so always the same bars."""
    try:
        points = [float(v) for v in values]
    except (TypeError, ValueError):
        raise TemplateRuntimeError(f"sparkline: {values!r} is not a list of numbers") from None
    if not points:
        return ""
    low, high = min(points), max(points)
    if high == low:
        return BARS[3] * len(points)
    top = len(BARS) - 1
    return "".join(BARS[int((p - low) / (high - low) * top + 0.5)] for p in points)


def _finalize(value: object) -> object:
    """Escape every ``{{ value }}`` that a filter or macro has not already made safe.
    (Autoescaping then leaves it alone: it is ``Markup`` already.)"""
    return value if isinstance(value, Markup) else md(value)


FILTERS = {"md": md, "cell": cell, "mermaid": mermaid, "ukdate": ukdate, "sparkline": sparkline}


# --- the environment -----------------------------------------------------------------


def _user_name(path: Path) -> str:
    """How a user template is named in messages; never a shipped template's name."""
    name = display_path(path)
    return name if "/" in name else f"./{name}"


def _loader(template: Path | None) -> BaseLoader:
    shipped = PackageLoader("notice_tracker", "render/templates")
    if template is None:
        return shipped
    source = _read(template)
    user = {_user_name(template): (source, str(template.resolve()), lambda: True)}
    # Shipped names come before the user's folder so that a user template called
    # notice.md.j2 can still extend the shipped one.
    return ChoiceLoader([FunctionLoader(user.get), shipped, FileSystemLoader(template.parent)])


def _read(template: Path) -> str:
    if not template.exists() and not template.is_symlink():
        raise NoticeError(f"{display_path(template)}: no such template file")
    try:
        return files.read_bytes(template).decode("utf-8")
    except files.Unreadable as exc:
        raise NoticeError(
            f"{display_path(template)}: cannot read the template: {exc.reason}"
        ) from None
    except UnicodeDecodeError as exc:
        raise NoticeError(f"{display_path(template)}: cannot read the template: {exc}") from None


def environment(template: Path | None = None) -> Sandbox:
    """The Jinja2 environment: the sandbox (render/sandbox.py) with the shipped
    templates, the user's ``template`` if any, strict undefined names, Markdown escaping
    of every output, and the report filters."""
    env = Sandbox(
        loader=_loader(template),
        undefined=StrictUndefined,
        # On so that macros and {% set %} blocks return Markup (escaped once, not again);
        # every output is already Markup from _finalize, so nothing is HTML-escaped.
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


# --- rendering -----------------------------------------------------------------------


def render(paper: NoticePaper | PortfolioPaper, template: Path | None = None) -> str:
    """A board paper (one notice's, or the portfolio summary) as Markdown, with the
    shipped template for its kind or the user's ``template``."""
    shipped = NOTICE_TEMPLATE if isinstance(paper, NoticePaper) else PORTFOLIO_TEMPLATE
    return _render(paper, shipped, template)


USER_MISTAKES = (TypeError, ValueError, ArithmeticError, LookupError)
"""Python errors that, raised while rendering the user's own template, are that
template's mistake (``{{ report.targets + 1 }}``) rather than a bug in the tool."""


def _render(report: NoticePaper | PortfolioPaper, shipped: str, template: Path | None) -> str:
    env = environment(template)
    name = _user_name(template) if template is not None else shipped
    try:
        text = sandbox.render(env.get_template(name), env, report=report)
    except TemplateError as exc:
        raise NoticeError(_located(exc, template)) from None
    except RecursionError as exc:
        exc.args = ("the template calls or includes itself without end",)
        raise NoticeError(_located(exc, template)) from None
    except USER_MISTAKES as exc:
        if template is None:
            raise  # the shipped templates are tested: this is a bug, keep the traceback
        raise NoticeError(_located(exc, template)) from None
    return inert(tidy(text), lines=True)  # no control character from the data reaches a terminal


def tidy(text: str) -> str:
    """Trailing spaces dropped, runs of blank lines made one, exactly one final newline:
    template whitespace never changes what the Markdown means, only the bytes."""
    lines = [line.rstrip() for line in text.splitlines()]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n") + "\n"


def _located(exc: Exception, template: Path | None) -> str:
    """``TEMPLATE:LINE: message`` for a template mistake, found from the exception (a
    syntax error) or from the template frame of the traceback (an error at render)."""
    where = _where(exc, template)
    if isinstance(exc, TemplateNotFound):
        return f"{where}: template error: no template {exc.name!r} (shipped or beside yours)"
    message = (exc.message if isinstance(exc, TemplateError) else str(exc)) or type(exc).__name__
    return f"{where}: template error: {message} (see docs/reports.md for what `report` holds)"


def _template_frame(filename: str) -> bool:
    """Jinja gives a template's frames the template's file name and line numbers."""
    return not filename.endswith(".py") and not filename.startswith("<frozen")


def _where(exc: Exception, template: Path | None) -> str:
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return f"{_label(exc.filename or exc.name or '?', template)}:{exc.lineno}"
    tb = traceback.extract_tb(exc.__traceback__)
    frames = [f for f in tb if _template_frame(f.filename)]
    if not frames:
        return _user_name(template) if template else "template"
    return f"{_label(frames[-1].filename, template)}:{frames[-1].lineno}"


def _label(filename: str, template: Path | None) -> str:
    """The user's template as they named it; a shipped one by its package path."""
    path = Path(filename)
    if template is not None and path == template.resolve():
        return _user_name(template)
    if path.parent == SHIPPED.resolve() or path.parent == SHIPPED:
        return f"notice_tracker/render/templates/{path.name}"
    return display_path(path) if path.is_absolute() else filename
