"""Entry bodies to HTML with one configured markdown-it-py: raw HTML off, no links made
from bare addresses, links only to http(s) addresses, headings numbered for the table of
contents.

Report text is untrusted: with HTML off, "<script>" in a body is text, and import has
already escaped Markdown syntax, so a body renders as the words it holds. The HTML comes
back cut at each section heading, so the site can put a section's table under it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from markdown_it import MarkdownIt

from generator.urls import web_link


@dataclass(frozen=True, slots=True)
class Section:
    title: str | None
    """the heading text, None for what comes before the first section"""
    anchor: str | None
    html: str
    """the heading and everything up to the next section heading"""


@functools.cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")
    # A link is made only to an http(s) address; any other stays text as written.
    parser.validateLink = lambda url: web_link(url) is not None
    return parser


def render_body(markdown: str) -> tuple[list[Section], list[tuple[int, str, str]]]:
    """(sections cut at level-2 headings, table of contents as (level, anchor, text))."""
    parser = _parser()
    tokens = parser.parse(markdown)
    toc: list[tuple[int, str, str]] = []
    cuts = [0]
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            anchor = f"s{len(toc) + 1}"
            token.attrSet("id", anchor)
            toc.append((int(token.tag[1]), anchor, tokens[index + 1].content.replace("\\", "")))
            if token.tag == "h2":
                cuts.append(index)
    cuts.append(len(tokens))
    sections = []
    titles = iter([(a, t) for level, a, t in toc if level == 2])
    for start, end in zip(cuts, cuts[1:]):
        if start == end:
            continue
        html = parser.renderer.render(tokens[start:end], parser.options, {})
        anchor, title = (
            next(titles) if tokens[start].type == "heading_open" and tokens[start].tag == "h2" else (None, None)
        )
        sections.append(Section(title, anchor, html))
    return sections, toc
