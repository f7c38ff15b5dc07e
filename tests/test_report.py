"""``notice report``: board papers in Markdown.

Golden files live in tests/golden/reports/. They are rendered from a copy of data/
outside git (so they say "not in a git repository" and hold no commit sha). After a
deliberate change to the templates or the view model, regenerate them and review the
diff before committing:

    UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/test_report.py
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import ROOT, assert_golden, cli_invoke, git
from notice_tracker.read import load
from notice_tracker.render.markdown import md, sparkline, tidy
from notice_tracker.render.paper.appendix import document_order
from notice_tracker.render.paper.names import numbered
from notice_tracker.render.paper.text import mermaid_task, mermaid_text

GOLDEN = Path(__file__).parent / "golden" / "reports"
EXAMPLE = ROOT / "templates" / "example-board-paper.md.j2"
CASES = [
    ("bexley-2014", "2015-01-15"),
    ("sutton-2012", "2013-05-01"),
    ("bexley-2024-send", "2025-09-15"),
]


def report(data: Path, *args: str, expect: int = 0) -> str:
    result = cli_invoke("report", *args, "--data", str(data), expect=expect)
    return result.stdout


def check_golden(name: str, text: str) -> None:
    assert_golden(GOLDEN / name, text)


def parse(text: str) -> list[Token]:
    """Tokens from a CommonMark parser with GFM tables and strikethrough."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def html(text: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def tables_after(tokens: list[Token], heading: str) -> list[int]:
    """Body row counts of the tables between the heading ``heading`` and the next heading
    of the same or a higher level."""
    counts: list[int] = []
    level, inside = "", False
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            text = tokens[i + 1].content
            if inside and tok.tag <= level:
                break
            if text == heading:
                level, inside = tok.tag, True
        elif inside and tok.type == "tbody_open":
            counts.append(0)
        elif inside and tok.type == "tr_open" and counts and _in_body(tokens, i):
            counts[-1] += 1
    return counts


def _in_body(tokens: list[Token], index: int) -> bool:
    for tok in reversed(tokens[:index]):
        if tok.type in ("tbody_open", "thead_open"):
            return tok.type == "tbody_open"
    return False


def raw_html(tokens: list[Token]) -> set[str]:
    found = {t.content for t in tokens if t.type == "html_block"}
    for tok in tokens:
        found |= {c.content for c in tok.children or [] if c.type == "html_inline"}
    return found


# --- golden papers -------------------------------------------------------------------


@pytest.mark.parametrize(("notice", "as_of"), CASES)
def test_golden_notice_report(data_copy: Path, notice: str, as_of: str) -> None:
    text = report(data_copy, notice, "--as-of", as_of)
    check_golden(f"{notice}_{as_of}.md", text)


def test_golden_portfolio(data_copy: Path) -> None:
    check_golden("portfolio_2015-01-15.md", report(data_copy, "--all", "--as-of", "2015-01-15"))


# --- the "done when" of the issue ----------------------------------------------------


def test_bexley_board_paper(data_copy: Path, tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    cli_invoke(
        "report", "bexley-2014", "--as-of", "2015-01-15", "-o", str(paper), "--data", str(data_copy)
    )
    text = paper.read_text(encoding="utf-8")
    assert (
        "| Initial report from the Board Chair | paragraph 14 | 2 November 2014 | overdue by 74"
        in text
    )
    assert (
        "| Six-monthly written reports from the Board Chair | paragraph 14 | 2 March 2015 |" in text
    )
    first = paper.read_bytes()
    cli_invoke(
        "report", "bexley-2014", "--as-of", "2015-01-15", "-o", str(paper), "--data", str(data_copy)
    )
    assert paper.read_bytes() == first
    assert first.endswith(b"\n")
    assert not first.endswith(b"\n\n")


def test_every_numbered_paragraph_is_quoted_verbatim(data_copy: Path) -> None:
    text = report(data_copy, "bexley-2014", "--as-of", "2015-01-15")
    notice = load(data_copy).notices["bexley-2014"].record
    paragraphs = {p.id: p.text for p in (*notice.measures, *notice.clauses)}
    appendix = text[text.index("## Appendix") :]
    for number in range(1, 18):
        heading = f"### Paragraph {number}: "
        assert heading in appendix, f"paragraph {number} is missing"
        assert f"> {md(paragraphs[str(number)])}\n" in appendix
    for ob in notice.obligations:
        assert f"- {md(ob.title)}: “{md(ob.text)}”" in appendix


def test_appendix_follows_document_order() -> None:
    """Numbered paragraphs are in document order, each paragraph once. (Unnumbered
    preamble clauses such as bexley-2014's lead-2 cannot be placed exactly: the data
    does not say which measure they come before; they are put before the measures.)"""
    notices = load(ROOT / "data").notices
    for loaded in notices.values():
        notice = loaded.record
        ids = [p.id for p in document_order(notice)]
        assert sorted(ids) == sorted(x.id for x in (*notice.measures, *notice.clauses))
    bexley = [p.id for p in document_order(notices["bexley-2014"].record)]
    assert [i for i in bexley if not i.startswith("lead")] == ["i", "ii", *map(str, range(1, 18))]
    send = [p.id for p in document_order(notices["bexley-2024-send"].record)]
    assert send == [
        *("1", "2", "3", "3.1", "3.2", "3.3", "3.4", "3.5", "4", "4a", "4b", "4c", "4d"),
        *("4e", "5", "6", "7", "7a", "7b", "7c", "7d", "7d-i", "7d-ii", "7d-iii", "8"),
        *("9", "9a", "9b", "9c", "9d", "10", "11"),
    ]


# --- valid GitHub-flavoured Markdown -------------------------------------------------


def test_tables_have_the_rows_expected(data_copy: Path) -> None:
    tokens = parse(report(data_copy, "bexley-2014", "--as-of", "2015-01-15"))
    assert sum(tables_after(tokens, "Measures")) == 14
    assert tables_after(tokens, "Overdue") == [2]
    assert tables_after(tokens, "Next due") == [3]
    assert tables_after(tokens, "Targets") == [1]
    assert tables_after(tokens, "Summary") == [4, 4]


def test_no_raw_html_but_line_breaks(data_copy: Path) -> None:
    for notice, as_of in CASES:
        tokens = parse(report(data_copy, notice, "--as-of", as_of))
        assert raw_html(tokens) <= {"<br>"}


def test_data_cannot_break_a_table_or_inject_html(data_copy: Path) -> None:
    path = data_copy / "notices" / "bexley-2014.yaml"
    source = path.read_text(encoding="utf-8")
    nasty = r'"a | b <script>alert(1)</script>\n# not a heading **not bold** [x](y)"'
    source = source.replace(
        "summary: Quality and consistency of assessments (Working Together 2013)",
        f"summary: {nasty}",
    ).replace('  - id: "2"\n', '  - id: "2"\n    owner: "- | x"\n')
    path.write_text(source, encoding="utf-8")
    text = report(data_copy, "bexley-2014", "--as-of", "2015-01-15")
    tokens = parse(text)
    assert sum(tables_after(tokens, "Measures")) == 14
    assert raw_html(tokens) <= {"<br>"}
    rendered = html(text)
    assert "<script>" not in rendered
    assert "a | b &lt;script&gt;alert(1)&lt;/script&gt;<br>" in rendered
    assert "# not a heading **not bold** [x](y)" in rendered
    assert "<td>- | x</td>" in rendered


def test_escaping_rules() -> None:
    assert md("a|b") == r"a\|b"
    assert md("<b>&") == "&lt;b&gt;&amp;"
    assert md("one\ntwo") == "one<br>two"
    assert md("**x** _y_ `z` ~~s~~ [l](u) # h") == r"\*\*x\*\* \_y\_ \`z\` \~\~s\~\~ \[l\](u) \# h"
    assert md("- item") == r"\- item"
    assert md("1. first") == r"1\. first"
    assert md("30.9 weeks") == "30.9 weeks"
    assert md("-5") == "-5"


def test_sparkline() -> None:
    assert sparkline([]) == ""
    assert sparkline([5, 5]) == "▄▄"
    assert sparkline([37, 33, 30, 26]) == "█▅▄▁"
    assert sparkline([0, 7]) == "▁█"


def test_tidy() -> None:
    assert tidy("\n\na  \n\n\n\nb\n\n") == "a\n\nb\n"


# --- templates -----------------------------------------------------------------------


def test_example_template_overrides_blocks(data_copy: Path) -> None:
    text = report(data_copy, "bexley-2014", "--as-of", "2015-01-15", "--template", str(EXAMPLE))
    assert "> Paper for the improvement board." in text
    assert "### For the board to decide" in text
    assert "1. Initial report from the Board Chair, due 2 November 2014 (overdue by 74" in text
    assert "```mermaid" not in text
    assert "## Appendix: the notice, verbatim" in text
    tokens = parse(text)
    assert sum(tables_after(tokens, "Measures")) == 14


def test_user_template_overrides_one_block(data_copy: Path, tmp_path: Path) -> None:
    mine = tmp_path / "notice.md.j2"  # the shipped name: it must still extend the shipped one
    mine.write_text(
        '{% extends "notice.md.j2" %}\n'
        "{% block targets %}\n## Targets\n\nSee the dashboard ({{ report.targets|length }}).\n"
        "{% endblock %}\n",
        encoding="utf-8",
    )
    text = report(data_copy, "bexley-2014", "--as-of", "2015-01-15", "--template", str(mine))
    assert "## Targets\n\nSee the dashboard (1).\n" in text
    assert "## Measures" in text


def test_undefined_name_is_a_located_error(data_copy: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.md.j2"
    broken.write_text(
        '{% extends "notice.md.j2" %}\n{% block summary %}\n\n{{ report.summary.nope }}\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    result = cli_invoke(
        "report",
        "bexley-2014",
        "--as-of",
        "2015-01-15",
        "--template",
        str(broken),
        "--data",
        str(data_copy),
        expect=1,
    )
    assert "broken.md.j2:4: template error: " in result.stderr
    assert "nope" in result.stderr
    assert "Traceback" not in result.output


def test_syntax_error_is_a_located_error(data_copy: Path, tmp_path: Path) -> None:
    broken = tmp_path / "syntax.md.j2"
    broken.write_text("# Paper\n\n{% if report %}\nno end\n", encoding="utf-8")
    result = cli_invoke(
        "report",
        "--all",
        "--as-of",
        "2015-01-15",
        "--template",
        str(broken),
        "--data",
        str(data_copy),
        expect=1,
    )
    assert "syntax.md.j2:4: template error: Unexpected end of template" in result.stderr


def test_missing_include_is_located(data_copy: Path, tmp_path: Path) -> None:
    broken = tmp_path / "include.md.j2"
    broken.write_text('# Paper\n\n{% include "gone.md.j2" %}\n', encoding="utf-8")
    result = cli_invoke(
        "report", "--all", "--template", str(broken), "--data", str(data_copy), expect=1
    )
    assert "include.md.j2:3: template error: no template 'gone.md.j2'" in result.stderr


def test_python_error_in_a_user_template_is_located(data_copy: Path, tmp_path: Path) -> None:
    broken = tmp_path / "sum.md.j2"
    broken.write_text("# Paper\n\n{{ report.rows + 1 }}\n", encoding="utf-8")
    result = cli_invoke(
        "report", "--all", "--template", str(broken), "--data", str(data_copy), expect=1
    )
    assert "sum.md.j2:3: template error: " in result.stderr


def test_mermaid_names() -> None:
    assert mermaid_text("A: b # c; d `e`\nf") == "A b c d e f"
    assert mermaid_task("title report due 2015-03-02") == "Due title report due 2015-03-02"
    assert mermaid_task("Board meetings due 2015-03-02") == "Board meetings due 2015-03-02"


def test_missing_template(data_copy: Path, tmp_path: Path) -> None:
    result = cli_invoke(
        "report",
        "bexley-2014",
        "--template",
        str(tmp_path / "nope.j2"),
        "--data",
        str(data_copy),
        expect=1,
    )
    assert "nope.j2: no such template file" in result.stderr


# --- determinism ---------------------------------------------------------------------


def test_same_bytes_in_process_and_in_a_fresh_interpreter(data_copy: Path) -> None:
    args = ["report", "bexley-2014", "--as-of", "2015-01-15", "--data", str(data_copy)]
    first = cli_invoke(*args).stdout
    assert cli_invoke(*args).stdout == first
    env = {**os.environ, "PYTHONHASHSEED": "random", "NOTICE_CACHE": "off"}
    runs = [
        subprocess.run(
            [sys.executable, "-m", "notice_tracker", *args],
            capture_output=True,
            check=True,
            env=env,
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] == first.encode("utf-8")


# --- git -----------------------------------------------------------------------------


def test_not_in_git(data_copy: Path) -> None:
    text = report(data_copy, "bexley-2014", "--as-of", "2015-01-15", "--since", "HEAD~1")
    assert "- **Data:** not in a git repository\n" in text
    assert "## Changes since" not in text
    assert r"Changes since HEAD\~1 cannot be shown: the data is not in a git repository." in text


def test_title_shows_the_commit(data_repo: Path) -> None:
    sha = git(data_repo, "rev-parse", "--short", "HEAD").strip()
    text = report(data_repo / "data", "bexley-2014", "--as-of", "2015-01-15")
    assert f"- **Data:** git commit {sha}\n" in text
    (data_repo / "data" / "notices" / "bexley-2014.yaml").write_text("id: x\n", encoding="utf-8")
    report(data_repo / "data", "bexley-2014", expect=3)


def _edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the file with ``new``: a YAML edit as a person makes it."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


OFFSET = "    schedule:\n      kind: offset\n      from: issued\n      offset: 2 months\n"
MEASURE_12 = "    summary: Administrative support for the Chair\n"
TARGET = "      source: national target of 26 weeks (paragraph 99)\n"


def commit_as(repo: Path, who: str, day: str, message: str) -> None:
    """Commit every change as ``who`` on ``day``: a real commit by a named person."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who,
        "GIT_AUTHOR_EMAIL": "someone@example.org",
        "GIT_AUTHOR_DATE": f"{day}T10:00:00+00:00",
        "GIT_COMMITTER_NAME": who,
        "GIT_COMMITTER_EMAIL": "someone@example.org",
        "GIT_COMMITTER_DATE": f"{day}T10:00:00+00:00",
    }
    subprocess.run(["git", "commit", "-q", "-am", message], cwd=repo, env=env, check=True)


def record_two_readings(data_repo: Path) -> str:
    """The board period of the issue's "done when": a completion, a measure under way and
    two readings, by two people; returns the revision of the last board."""
    data = data_repo / "data"
    base = git(data_repo, "rev-parse", "--short", "HEAD").strip()
    notice = data / "notices" / "bexley-2014.yaml"
    _edit(notice, OFFSET, OFFSET + "    completions:\n      - date: 2014-11-10\n")
    commit_as(data_repo, "Ada Analyst", "2014-11-10", "Initial report received")
    evidence = "    evidence:\n      - date: 2014-12-01\n        text: Support officer appointed\n"
    _edit(notice, MEASURE_12, MEASURE_12 + "    status: in_progress\n" + evidence)
    commit_as(data_repo, "Ada Analyst", "2014-12-01", "Measure 12 under way")
    reading = "    readings:\n      - date: 2014-10-31\n        value: 35\n"
    _edit(data / "targets" / "bexley-2014-targets.yaml", TARGET, TARGET + reading)
    commit_as(data_repo, "Ben Board", "2014-11-05", "October reading")
    more = "      - date: 2014-12-31\n        value: 33\n"
    _edit(data / "targets" / "bexley-2014-targets.yaml", reading, reading + more)
    commit_as(data_repo, "Ben Board", "2015-01-05", "December reading")
    return base


def test_changes_since(data_repo: Path) -> None:
    data = data_repo / "data"
    base = record_two_readings(data_repo)
    text = report(data, "bexley-2014", "--as-of", "2015-01-15", "--since", base)
    section = text[text.index(f"## Changes since {base}") : text.index("## Appendix")]
    tokens = parse(section)
    assert tables_after(tokens, "Measures") == [2]
    assert tables_after(tokens, "Obligations") == [1]
    assert tables_after(tokens, "Targets") == [2]
    assert (
        "5 change(s) to this notice's data since " + base + ", by Ada Analyst, Ben Board." in text
    )
    rendered = html(section)
    for row in (
        "<td>1 December 2014</td>\n<td>Ada Analyst</td>\n<td>Measure in paragraph 12</td>\n"
        "<td>status: not recorded → in progress</td>",
        "<td>Ada Analyst</td>\n<td>Measure in paragraph 12</td>\n"
        "<td>evidence added: 1 December 2014: Support officer appointed",
        "<td>10 November 2014</td>\n<td>Ada Analyst</td>\n"
        "<td>Initial report from the Board Chair</td>\n<td>recorded as done: 10 November 2014</td>",
        "<td>5 January 2015</td>\n<td>Ben Board</td>\n<td>Average duration of care proceedings</td>"
        "\n<td>reading added: 31 December 2014: 33 weeks",
        "<td>5 November 2014</td>\n<td>Ben Board</td>\n"
        "<td>Average duration of care proceedings</td>\n"
        "<td>reading added: 31 October 2014: 35 weeks",
    ):
        assert row in rendered, rendered
    assert "| 33 weeks (31 December 2014) |" in text
    assert "| improving | █▅▁ |" in text  # baseline 37, then 35 and 33
    assert "| Initial report from the Board Chair | paragraph 14 | 0 | 1 | 0 | none |" in text
    done = "| Initial report from the Board Chair | 2 November 2014 | 10 November 2014 | done late"
    assert done in text
    assert "xychart-beta" in text


def test_uncommitted_changes_have_no_author(data_repo: Path) -> None:
    data = data_repo / "data"
    base = git(data_repo, "rev-parse", "--short", "HEAD").strip()
    _edit(data / "notices" / "bexley-2014.yaml", MEASURE_12, MEASURE_12 + "    rag: red\n")
    text = report(data, "bexley-2014", "--as-of", "2015-01-15", "--since", base)
    assert "| — | not yet committed | Measure in paragraph 12 | RAG rating: none → Red |" in text


def test_at_a_revision(data_repo: Path) -> None:
    data = data_repo / "data"
    first = git(data_repo, "rev-parse", "--short", "HEAD").strip()
    _edit(data / "notices" / "bexley-2014.yaml", MEASURE_12, MEASURE_12 + "    status: complete\n")
    git(data_repo, "commit", "-q", "-am", "Measure 12 complete")
    text = report(data, "bexley-2014", "--as-of", "2015-01-15", "--at", "HEAD~1")
    assert f"git commit {first} (the data as committed at HEAD\\~1)" in text
    row = (
        "| 12 | Administrative support for the Chair | not assigned "
        "| Not recorded: no status recorded |"
    )
    assert row in text


# --- docs ----------------------------------------------------------------------------

DOC_LINES = re.findall(
    r"^\$ notice (.+)$", (ROOT / "docs" / "reports.md").read_text(encoding="utf-8"), re.M
)


@pytest.mark.parametrize("line", DOC_LINES)
def test_docs_examples_run(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    result = cli_invoke(*shlex.split(line))
    if "-o paper.html" in line:
        assert (tmp_path / "paper.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        return
    if "-o paper.docx" in line:
        assert (tmp_path / "paper.docx").read_bytes().startswith(b"PK")
        return
    written = tmp_path / "paper.md"
    text = written.read_text(encoding="utf-8") if "-o paper.md" in line else result.stdout
    assert text.startswith("# ")


# --- command line --------------------------------------------------------------------


def test_unknown_notice_suggests(data_copy: Path) -> None:
    result = cli_invoke("report", "bexley-2041", "--data", str(data_copy), expect=1)
    assert "bexley-2014" in result.stderr


def test_invalid_data_exits_3(data_copy: Path) -> None:
    _edit(data_copy / "notices" / "bexley-2014.yaml", "kind: childrens_services", "kind: nope")
    result = cli_invoke("report", "bexley-2014", "--data", str(data_copy), expect=3)
    assert "bexley-2014.yaml:" in result.stderr


@pytest.mark.parametrize(
    "args", [[], ["bexley-2014", "--all"], ["--all", "--since", "HEAD"]], ids=str
)
def test_usage(data_copy: Path, args: list[str]) -> None:
    cli_invoke("report", *args, "--data", str(data_copy), expect=2)


def test_portfolio_before_a_notice_was_issued(data_copy: Path) -> None:
    text = report(data_copy, "--all", "--as-of", "2015-01-15")
    row = "| London Borough of Bexley | 1 May 2024 | not yet issued | None yet | 0 |"
    assert row in text


# --- plain words ---------------------------------------------------------------------

ISO = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")
ENUM = re.compile(r"\b[a-z]+_[a-z_]+\b")


def leaks(text: str, data: Path) -> list[str]:
    """ISO dates, enum values and record ids (those that are not plain words) outside
    code blocks: what a board secretary would have to edit out by hand."""
    catalog = load(data)
    ids = set(catalog.inspections) | set(catalog.target_sets)
    for loaded in catalog.notices.values():
        n = loaded.record
        ids |= {n.id} | {o.id for o in n.obligations}
        ids |= {p.id for p in (*n.measures, *n.clauses) if not numbered(p.id)}
    for loaded in catalog.target_sets.values():
        ids |= {t.id for t in loaded.record.targets}
    ids = {i for i in ids if not i.isalpha()}
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    found = [m[0] for m in ISO.finditer(prose)] + [m[0] for m in ENUM.finditer(prose)]
    found += [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", prose)]
    return found


@pytest.mark.parametrize(("notice", "as_of"), CASES)
def test_no_ids_enums_or_iso_dates_outside_code(data_copy: Path, notice: str, as_of: str) -> None:
    assert leaks(report(data_copy, notice, "--as-of", as_of), data_copy) == []
    assert leaks(report(data_copy, "--all", "--as-of", as_of), data_copy) == []


def test_done_when_paper_in_plain_words(data_repo: Path) -> None:
    """The issue's "done when": after two recorded readings, the paper with --since
    names each change's author, draws the trajectory chart and leaks nothing."""
    base = record_two_readings(data_repo)
    data = data_repo / "data"
    text = report(data, "bexley-2014", "--as-of", "2015-01-15", "--since", base)
    assert leaks(text, data) == []
    assert "| Ada Analyst |" in text
    assert "| Ben Board |" in text
    chart = text[text.index("```mermaid\nxychart-beta") :]
    assert "    line [37, 35, 33]\n```" in chart
