"""``notice report --format html`` and ``--format docx``: the same paper as one
self-contained web page and as a Word document, each checked by reading it back with
an independent reader (html5lib; python-docx), with goldens and byte-determinism."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import html5lib

from conftest import assert_golden, cli_invoke
from test_report import GOLDEN, record_two_readings

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
ARGS = ("bexley-2014", "--as-of", "2015-01-15")


def paper(data: Path, tmp_path: Path, fmt: str, *extra: str) -> bytes:
    out = tmp_path / f"paper.{fmt}"
    cli_invoke("report", *ARGS, *extra, "--format", fmt, "-o", str(out), "--data", str(data))
    return out.read_bytes()


def parse_html(content: bytes) -> ET.Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(content.decode("utf-8"))


def docx_text(content: bytes) -> str:
    """A normalised dump of a Word document: each block's style and text, tables as
    rows of cells, pictures as a marker: what a reader of the document sees."""
    doc = docx.Document(io.BytesIO(content))
    lines = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[1]
        if tag == "p":
            para = docx.text.paragraph.Paragraph(child, doc)
            pictures = child.findall(".//{*}drawing")
            text = para.text.replace("\n", " / ")
            lines.append(f"[{para.style.name}] {text}" + (" <picture>" * len(pictures)))
        elif tag == "tbl":
            table = docx.table.Table(child, doc)
            lines += ["| " + " | ".join(c.text for c in row.cells) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


# --- HTML ----------------------------------------------------------------------------


def test_html_is_one_valid_self_contained_page(data_copy: Path, tmp_path: Path) -> None:
    content = paper(data_copy, tmp_path, "html")
    root = parse_html(content)  # strict: a parse error fails the test
    text = content.decode("utf-8")
    assert root.find(f"{XHTML}head/{XHTML}style") is not None
    assert "@media print" in text
    for tag in ("script", "link", "img", "iframe", "object"):
        assert root.find(f".//{XHTML}{tag}") is None, tag
    assert not re.search(r"""(src|href)\s*=|url\(|@import""", text)
    headings = [h.text for h in root.iter(f"{XHTML}h2")]
    assert headings[:2] == ["For the board", "Summary"]
    assert "Timeline" in headings
    figures = root.findall(f".//{XHTML}figure")
    assert len(figures) == 1  # the timeline: no target has a reading yet
    assert figures[0].find(f"{SVG}svg") is not None
    assert len(root.findall(f".//{XHTML}table")) > 10
    assert_golden(GOLDEN / "bexley-2014_2015-01-15.html", text)


def test_html_with_two_readings_draws_the_trajectory(data_repo: Path, tmp_path: Path) -> None:
    base = record_two_readings(data_repo)
    content = paper(data_repo / "data", tmp_path, "html", "--since", base)
    root = parse_html(content)
    svgs = root.findall(f".//{XHTML}figure/{SVG}svg")
    assert len(svgs) == 2
    chart = svgs[0]
    assert "Average duration of care proceedings" in (chart.findtext(f"{SVG}title") or "")
    assert len(chart.findall(f"{SVG}circle")) == 3  # the baseline and two readings
    cells = [td.text for td in root.iter(f"{XHTML}td")]
    assert "Ada Analyst" in cells
    assert "Ben Board" in cells
    assert "```" not in content.decode("utf-8")


def test_a_template_of_your_own_shapes_the_html_too(data_copy: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.md.j2"
    mine.write_text(
        '{% extends "notice.md.j2" %}\n{% block appendix %}\n## Cover note\n\nHello.\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    root = parse_html(paper(data_copy, tmp_path, "html", "--template", str(mine)))
    headings = [h.text for h in root.iter(f"{XHTML}h2")]
    assert headings[-1] == "Cover note"


# --- Word ----------------------------------------------------------------------------


def test_docx_has_headings_tables_and_pictures(data_repo: Path, tmp_path: Path) -> None:
    base = record_two_readings(data_repo)
    content = paper(data_repo / "data", tmp_path, "docx", "--since", base)
    doc = docx.Document(io.BytesIO(content))
    styles = [p.style.name for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert styles[0] == "Title"
    assert headings[:2] == ["For the board", "Summary"]
    assert "Changes since " + base in headings
    assert len(doc.tables) > 10
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["Count", "Number"]
    assert len(doc.inline_shapes) == 2  # the trajectory chart and the timeline
    changes = [t for t in doc.tables if t.rows[0].cells[1].text == "Who"]
    who = {row.cells[1].text for t in changes for row in t.rows[1:]}
    assert who == {"Ada Analyst", "Ben Board"}
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = doc.core_properties
    assert props.created is not None
    assert props.created.date().isoformat() == "2015-01-15"
    assert props.author == ""


def test_docx_golden_text(data_copy: Path, tmp_path: Path) -> None:
    text = docx_text(paper(data_copy, tmp_path, "docx"))
    assert_golden(GOLDEN / "bexley-2014_2015-01-15.docx.txt", text)


def test_docx_takes_the_styles_of_a_reference_document(data_copy: Path, tmp_path: Path) -> None:
    reference = docx.Document()
    reference.styles["Heading 1"].font.name = "Georgia"
    reference.add_paragraph("text of the reference, not to be kept")
    path = tmp_path / "house-style.docx"
    reference.save(str(path))
    content = paper(data_copy, tmp_path, "docx", "--reference-doc", str(path))
    doc = docx.Document(io.BytesIO(content))
    assert doc.styles["Heading 1"].font.name == "Georgia"
    assert "text of the reference" not in docx_text(content)


def test_a_bad_reference_document_is_an_error(data_copy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "not-word.docx"
    bad.write_text("hello", encoding="utf-8")
    out = tmp_path / "p.docx"
    result = cli_invoke(
        "report",
        *ARGS,
        "--format",
        "docx",
        "--reference-doc",
        str(bad),
        "-o",
        str(out),
        "--data",
        str(data_copy),
        expect=1,
    )
    assert "not-word.docx: not a Word document" in result.stderr
    assert not out.exists()


def test_docx_needs_a_file(data_copy: Path) -> None:
    cli_invoke("report", *ARGS, "--format", "docx", "--data", str(data_copy), expect=2)
    cli_invoke("report", *ARGS, "--reference-doc", "x.docx", "--data", str(data_copy), expect=2)


# --- determinism ---------------------------------------------------------------------


def test_every_format_gives_the_same_bytes_in_process_and_in_a_fresh_interpreter(
    data_repo: Path, tmp_path: Path
) -> None:
    base = record_two_readings(data_repo)
    data = data_repo / "data"
    env = {**os.environ, "PYTHONHASHSEED": "random", "NOTICE_CACHE": "off"}
    for fmt in ("markdown", "html", "docx"):
        first = paper(data, tmp_path, fmt, "--since", base)
        assert paper(data, tmp_path, fmt, "--since", base) == first, fmt
        out = tmp_path / f"fresh.{fmt}"
        args = [*ARGS, "--since", base, "--format", fmt, "-o", str(out), "--data", str(data)]
        subprocess.run(
            [sys.executable, "-m", "notice_tracker", "report", *args], check=True, env=env
        )
        assert out.read_bytes() == first, fmt
