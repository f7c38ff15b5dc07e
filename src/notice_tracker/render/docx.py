"""A board paper as a Word document, written with python-docx from the Markdown paper.

Headings are Word headings, tables Word tables (a header row, then one row per line),
lists Word lists, quotes the Quote style, and each chart a picture (the figure drawn as
PNG). Styles come from python-docx's own template or from a reference document you give
(``--reference-doc``): its styles, page size and margins are used, its text is not.

Deterministic: the core properties are fixed (the as-of date, no author, revision 1)
and the zip is rewritten with fixed entry dates, so the same paper gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from notice_tracker.errors import NoticeError
from notice_tracker.files import display_path
from notice_tracker.render.paper.model import Figure
from notice_tracker.render.png import png

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _style(doc: DocumentObject, *names: str) -> str | None:
    """The first of ``names`` the document has (a reference document may lack some)."""
    known = {s.name for s in doc.styles}
    return next((n for n in names if n in known), None)


def _open(reference: Path | None) -> DocumentObject:
    if reference is None:
        return Document()
    try:
        doc = Document(str(reference))
    except Exception as exc:  # python-docx raises many kinds for a file that is not Word
        raise NoticeError(
            f"{display_path(reference)}: not a Word document python-docx can read ({exc}): "
            "give a .docx file, for example a paper written by this command"
        ) from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


class _Writer:
    """Walks the Markdown tokens and adds each block to the document."""

    def __init__(self, doc: DocumentObject, figures: Mapping[str, Figure]) -> None:
        self.doc = doc
        self.figures = figures
        self.lists: list[str] = []
        self.quote = 0
        self.table: Table | None = None
        self.row: list[str] = []
        self.header = False

    def write(self, tokens: Sequence[Token]) -> None:
        i = 0
        while i < len(tokens):
            i = self._block(tokens, i)

    def _block(self, tokens: Sequence[Token], i: int) -> int:
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            level = int(tok.tag[1])
            self.doc.add_heading(tokens[i + 1].content, level=0 if level == 1 else level - 1)
            return i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append("List Bullet" if kind == "bullet_list_open" else "List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "blockquote_open":
            self.quote += 1
        elif kind == "blockquote_close":
            self.quote -= 1
        elif kind == "table_open":
            return self._table(tokens, i)
        elif kind == "inline":
            self._paragraph(tok)
        elif kind == "fence":
            self._fence(tok)
        return i + 1

    def _paragraph(self, tok: Token) -> None:
        style = None
        if self.lists:
            style = _style(self.doc, self.lists[-1], "List Paragraph")
        elif self.quote:
            style = _style(self.doc, "Quote", "Intense Quote")
        _runs(self.doc.add_paragraph(style=style), tok.children or [])

    def _table(self, tokens: Sequence[Token], i: int) -> int:
        rows: list[tuple[bool, list[Token]]] = []
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tr_open":
                rows.append((tokens[i + 1].type == "th_open", []))
            elif tok.type == "inline":
                rows[-1][1].append(tok)
            i += 1
        width = max(len(cells) for _, cells in rows)
        table = self.doc.add_table(rows=0, cols=width)
        table.style = _style(self.doc, "Table Grid")
        for head, cells in rows:
            row = table.add_row().cells
            for cell, tok in zip(row, cells, strict=False):
                _runs(cell.paragraphs[0], tok.children or [], bold=head)
        self.doc.add_paragraph()
        return i + 1

    def _fence(self, tok: Token) -> None:
        found = self.figures.get(tok.content.strip("\n"))
        if tok.info.strip() == "mermaid" and found is not None:
            self.doc.add_picture(io.BytesIO(png(found.scene)), width=Cm(16))
            self.doc.add_paragraph(found.caption, style=_style(self.doc, "Caption"))
            return
        para = self.doc.add_paragraph()
        run = para.add_run(tok.content.rstrip("\n"))
        run.font.name = "Courier New"
        run.font.size = Pt(9)


def _runs(para: Paragraph, children: Sequence[Token], bold: bool = False) -> None:
    """Inline Markdown as runs: bold, italics, code, line breaks; text as written."""
    strong = emphasis = 0
    for child in children:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind == "em_open" else -1
        elif kind in ("hardbreak",) or (kind == "html_inline" and child.content == "<br>"):
            para.add_run().add_break()
        elif kind == "softbreak":
            para.add_run(" ")
        elif kind in ("text", "code_inline", "html_inline"):
            run = para.add_run(child.content)
            run.bold = bold or strong > 0 or None
            run.italic = emphasis > 0 or None
            if kind == "code_inline":
                run.font.name = "Courier New"


def _fix_properties(doc: DocumentObject, title: str, as_of: dt.date) -> None:
    props = doc.core_properties
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day)
    props.title = title
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1 January 1980, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def document(
    markdown: str,
    figures: Sequence[Figure],
    title: str,
    as_of: dt.date,
    reference: Path | None = None,
) -> bytes:
    """The paper as ``.docx`` bytes; ``figures`` are the charts its Markdown shows as
    ``mermaid`` code blocks, ``reference`` a Word document whose styles to use."""
    doc = _open(reference)
    tokens = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    _Writer(doc, {f.mermaid: f for f in figures}).write(tokens.parse(markdown))
    _fix_properties(doc, title, as_of)
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue())
