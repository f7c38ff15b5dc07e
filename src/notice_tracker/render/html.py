"""A board paper as one self-contained HTML page: the Markdown paper rendered by
markdown-it-py, each chart drawn as inline SVG, a stylesheet inline with print rules.

The page is made from the Markdown the template wrote, so a template of your own shapes
the HTML (and Word) paper too. A ``mermaid`` code block whose text is one of the
paper's figures becomes that figure's SVG; any other code block stays code. Nothing is
loaded from anywhere: no scripts, fonts, images or stylesheets by address. The same
Markdown and figures always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from notice_tracker.render.paper.model import Figure
from notice_tracker.render.svg import svg

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f2328; background: #fff; line-height: 1.45; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .8rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 2px solid #d0d7de; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; }
td[style*="right"], th[style*="right"] { text-align: right; }
blockquote { margin: .6rem 0; padding: .2rem 1rem; border-left: 4px solid #d0d7de;
  color: #3d444d; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: .85rem; color: #57606a; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; font-size: .85rem; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  tr, figure, blockquote { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
""".strip()


def _markdown(figures: Mapping[str, Figure]) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

    def fence(
        renderer: RendererHTML,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: EnvType,
    ) -> str:
        token = tokens[idx]
        found = figures.get(token.content.strip("\n"))
        if token.info.strip() != "mermaid" or found is None:
            return renderer.fence(tokens, idx, options, env)
        caption = f"<figcaption>{escape(found.caption)}</figcaption>"
        return f'<figure class="chart">\n{svg(found.scene)}\n{caption}\n</figure>\n'

    parser.add_render_rule("fence", fence)
    return parser


def page(markdown: str, figures: Sequence[Figure], title: str) -> str:
    """The paper as one HTML document; ``figures`` are the charts its Markdown shows as
    ``mermaid`` code blocks."""
    by_text = {f.mermaid: f for f in figures}
    body = _markdown(by_text).render(markdown)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
