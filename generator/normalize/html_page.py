"""A saved web page: keep the report, drop the page around it.

Maintainers have what a browser's "save page" gives them: the agency's page with its
header, navigation, search box, breadcrumb, share buttons and footer around the report.
The report is the smallest element holding most of the page's prose (text outside links);
the page's title and date lines, which usually sit just outside it, become a crawler-style
header so that the usual fact extraction reads them (junk.py).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_PAGE = re.compile(r"<\s*(?:!doctype\s+html|html|body)\b", re.IGNORECASE)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HIDDEN = {"script", "style", "noscript", "template", "head", "iframe", "svg"}
_CONTAINERS = {"div", "article", "section", "main", "td", "body", "form"}
_SHARE = 0.75  # the report holds at least this share of the page's prose
_DATE = re.compile(
    r"(?:发布时间|发布日期|成文日期|日期|时间)\s*[:：]\s*(\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2})"
)
_TITLE_SPLIT = re.compile(r"\s*[-_|—]+\s*")


class _Elements(HTMLParser):
    """Every element's tag, class, source span and prose (Han characters outside links)."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[dict] = []
        self.elements: list[dict] = []
        self.hidden = 0
        self.links = 0
        self.page_title = ""
        self.in_title = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        names = " ".join(value or "" for name, value in attrs if name in ("class", "id")).lower()
        self.stack.append({"tag": tag, "names": names, "start": self._offset(), "prose": 0, "text": []})
        self.hidden += tag in _HIDDEN
        self.links += tag == "a"
        self.in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag in _VOID or not any(e["tag"] == tag for e in self.stack):
            return
        while self.stack:
            element = self.stack.pop()
            self.hidden -= element["tag"] in _HIDDEN
            self.links -= element["tag"] == "a"
            element["end"] = self._offset()  # where the end tag starts
            self.elements.append(element)
            if element["tag"] == tag:
                break
        self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.page_title += data
        if self.hidden:
            return
        prose = 0 if self.links else len(_HAN.findall(data))
        for element in self.stack:
            element["prose"] += prose
            if len(element["text"]) < 40:
                element["text"].append(data)


def looks_like_page(text: str) -> bool:
    return bool(_PAGE.search(text[:5000]))


def _title(parser: _Elements, report: dict) -> str:
    """The report's title: a heading or title element saying 报告, else the page title's
    part that does."""
    for element in sorted(parser.elements, key=lambda e: e["start"]):
        if element["start"] > report["end"]:
            break
        text = "".join(element["text"]).strip()
        if (element["tag"] in ("h1", "h2", "h3") or "title" in element["names"]) and "报告" in text and len(text) < 80:
            return re.sub(r"\s+", "", text)
    parts = [p for p in _TITLE_SPLIT.split(parser.page_title.strip()) if "报告" in p]
    return parts[0] if parts else ""


def page_to_report(source: str) -> tuple[str, int] | None:
    """(crawler-style header + the report's HTML, characters of page dropped), or None if
    no element holds most of the prose."""
    parser = _Elements(source)
    parser.feed(source)
    parser.close()
    while parser.stack:  # unclosed at the end of the file
        element = parser.stack.pop()
        element["end"] = len(source)
        parser.elements.append(element)
    total = max((e["prose"] for e in parser.elements if e["tag"] == "body"), default=0) or \
        max((e["prose"] for e in parser.elements), default=0)
    candidates = [e for e in parser.elements if e["tag"] in _CONTAINERS and e["prose"] >= _SHARE * total > 0]
    if not candidates:
        return None
    report = min(candidates, key=lambda e: e["end"] - e["start"])
    before = re.sub(r"<[^>]*>", " ", source[:report["start"]])
    header = []
    title = _title(parser, report)
    if title:
        header.append(f"标题: {title}")
    dates = _DATE.findall(before)
    if dates:
        year, month, day = re.findall(r"\d+", dates[-1])
        header.append(f"发布时间: {year}-{int(month):02d}-{int(day):02d}")
    body = source[report["start"]:report["end"]]
    text = ("\n".join(header) + "\n==================== 正文 ====================\n" if header else "") + body
    return text, len(source) - len(body)
