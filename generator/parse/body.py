"""The report's text as Markdown: headings as headings, paragraphs as paragraphs.

Tables are left out (the site renders them from `tables`); everything else the report
says is kept. Report text is untrusted, so every character Markdown would read as syntax
is escaped: the body renders as the text it is, never as markup.
"""

from __future__ import annotations

import re

_NUMERAL = "一二三四五六七八九十"
_SECTION = re.compile(rf"^[{_NUMERAL}]{{1,2}}、\S")
_SUBSECTION = re.compile(rf"^（[{_NUMERAL}]{{1,2}}）\S")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!+\-])")
_LIST_START = re.compile(r"^(\d+)([.)])")
_HEADING_MAX = 40


def escape(line: str) -> str:
    line = _MARKDOWN_SPECIAL.sub(r"\\\1", line)
    return _LIST_START.sub(r"\1\\\2", line)


def _heading_level(line: str) -> int | None:
    """Numbered lines without a sentence in them: "二、主动公开政府信息情况"."""
    if len(line) > _HEADING_MAX or "。" in line or "；" in line:
        return None
    if _SECTION.match(line):
        return 2
    if _SUBSECTION.match(line):
        return 3
    return None


def remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The text without the given (start, end) offsets, each replaced by a line break."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        out.append(text[last:start])
        out.append("\n")
        last = max(last, end)
    out.append(text[last:])
    return "".join(out)


def to_markdown(text: str, title: str | None) -> str:
    """One Markdown block per line of normalized text; the title line is dropped."""
    blocks = []
    for index, raw in enumerate(text.split("\n")):
        line = raw.strip()
        if not line or (index == 0 and title and line.replace(" ", "") == title.replace(" ", "")):
            continue
        level = _heading_level(line)
        blocks.append(f"{'#' * level} {escape(line)}" if level else escape(line))
    return "\n\n".join(blocks) + "\n"
