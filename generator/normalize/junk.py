"""What hosting sites put around a report: crawler headers, page chrome, content-farm
prefaces, leaked Word and HTML markup.

Some of it carries facts the parser needs (原文链接, 发布时间, 来源), so those are kept in
a facts dict with keys in English; the rest is dropped. Every removal is described in
`removed` so the site can show readers what normalization took away.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# Crawler header: "key: value" lines at the top, ended by "==== 正文 ====".
_HEADER_KEYS = {
    "标题": "title",
    "发布时间": "published",
    "发布日期": "published",
    "文号": "document_number",
    "发布机构": "publisher",
    "栏目": "column",
    "原文链接": "source_url",
    "来源": "page_source",
}
_HEADER_LINE = re.compile(r"^\s*(?P<key>[^\s:：]{2,8})\s*[:：]\s*(?P<value>.*?)\s*$")
_HEADER_END = re.compile(r"^\s*=+\s*正文\s*=+\s*$")
_HEADER_MAX_LINES = 15

# Content farm: a "时间:" line and a "导语:" disclaimer within the first lines.
_FARM_TIME = re.compile(r"^\s*时间\s*[:：]\s*(?P<posted>\d{4}-\d{1,2}-\d{1,2}(?:\s+[\d:]+)?)\s*$")
_FARM_LEAD = re.compile(r"^\s*导语\s*[:：].*(?:网友上传|不代表本站观点|本站)")
_FARM_MAX_LINES = 5

_INVISIBLE = re.compile(r"<(script|style|head|noscript)\b[^>]{0,500}>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_COMMENT = re.compile(r"<!--.{0,2000}?-->|<!\[(?:if|endif)[^\]]{0,100}\]>|<!--|-->", re.DOTALL)
_CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)  # table cells keep a separator
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|tr|li|h[1-6]|table|section|article)\b[^<>]{0,500}>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]{0,20}(?:\s[^<>]{0,500})?/?>")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")

# Page chrome: share buttons, print/close links, attachment and related-link labels.
_CHROME_TOKEN = (
    r"微信\s*微博\s*QQ空间|分享到\s*[:：]?|扫一扫在手机打开当前页|全真版|文字版|文件下载|附件下载"
    r"|相关链接\s*[:：]?|打印本页|关闭窗口|【\s*(?:打印|关闭|打印本页|关闭窗口)\s*】|返回顶部"
    r"|【?\s*字[号体]\s*[:：]?\s*[大中小\s]+】?|浏览次数\s*[:：]\s*\d*|\[\s*(?:打印|关闭)\s*\]"
)
_CHROME_LINE = re.compile(rf"^(?:\s*(?:{_CHROME_TOKEN}))+\s*$")
_CHROME_RUN = re.compile(rf"(?:\s*(?:{_CHROME_TOKEN})(?:\s*-->)?)+")
_BREADCRUMB = re.compile(r"当前位置\s*[:：]")
_BREADCRUMB_WINDOW = 400
_PAGE_FACTS = re.compile(
    r"来源\s*[:：]\s*(?P<source>[^\s:：]{2,40})|时间\s*[:：]\s*(?P<date>\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?)"
)
_TRAILING_WINDOW = 300
_TRAILING_CHROME = re.compile(rf"(?:\s*(?:{_CHROME_TOKEN}|来源\s*[:：]\s*[^\s:：]{{2,40}}))+\s*$")
# A footer list starts at one of these lines; what follows is short link text, not prose.
_FOOTER_START = re.compile(
    r"^\s*(?:相关词条|热门词条|相关文章|相关阅读|相关新闻|猜你喜欢|推荐阅读|上一篇|下一篇|联系我们|联络我们)"
    r"\s*(?:[:：][^。，；\n]{0,40})?\s*$"
)
_FOOTER_LINE_MAX = 60


@dataclass(slots=True)
class Cleaned:
    text: str
    facts: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)


def strip_markup(text: str) -> tuple[str, list[str]]:
    """Drop leaked HTML and Word markup (<!--[if !supportLists]-->, <p>, &nbsp;)."""
    removed = []
    if "<" in text or "-->" in text:
        text, invisible = _INVISIBLE.subn("\n", text)
        text, comments = _COMMENT.subn("", text)
        text = _CELL_END.sub(" ", text)
        text, blocks = _BLOCK_TAG.subn("\n", text)
        text, tags = _TAG.subn("", text)
        if invisible + comments + blocks + tags:
            removed.append(f"网页或 Word 标记 {invisible + comments + blocks + tags} 处")
    if "&" in text and _ENTITY.search(text):
        text = _ENTITY.sub(lambda m: html.unescape(m[0]), text)
    return text, removed


def _take_crawler_header(lines: list[str], cleaned: Cleaned) -> list[str]:
    for end, line in enumerate(lines[:_HEADER_MAX_LINES]):
        if _HEADER_END.match(line):
            break
    else:
        return lines
    for line in lines[:end]:
        match = _HEADER_LINE.match(line)
        if match and match["key"] in _HEADER_KEYS and match["value"]:
            cleaned.facts[_HEADER_KEYS[match["key"]]] = match["value"]
    cleaned.removed.append(f"抓取程序附加的页头 {end + 1} 行")
    return lines[end + 1:]


def _take_farm_preface(lines: list[str], cleaned: Cleaned) -> list[str]:
    head = lines[:_FARM_MAX_LINES]
    lead = next((i for i, line in enumerate(head) if _FARM_LEAD.match(line)), None)
    if lead is None:
        return lines
    for i, line in enumerate(head[:lead]):
        match = _FARM_TIME.match(line)
        if match:
            cleaned.facts["farm_posted"] = match["posted"]
            title = " ".join(x.strip() for x in head[:i] if x.strip())
            if title:
                cleaned.facts["farm_title"] = title
    cleaned.removed.append(f"转载网站的按语 {lead + 1} 行")
    return lines[lead + 1:]


def _take_breadcrumb(text: str, cleaned: Cleaned) -> str:
    """Remove "当前位置：首页 > ... 微信 微博 QQ空间" near the top, keeping its date and source."""
    start = _BREADCRUMB.search(text, 0, _BREADCRUMB_WINDOW)
    if not start:
        return text
    window_end = start.start() + _BREADCRUMB_WINDOW
    last_run = None
    for last_run in _CHROME_RUN.finditer(text, start.end(), window_end):
        pass
    if last_run is not None:
        end = last_run.end()
    else:  # a breadcrumb line of its own
        line_end = text.find("\n", start.start())
        end = len(text) if line_end < 0 else line_end
        if end - start.start() > 200:
            return text
    for fact in _PAGE_FACTS.finditer(text, start.start(), end):
        if fact["source"]:
            cleaned.facts.setdefault("page_source", fact["source"])
        if fact["date"]:
            cleaned.facts.setdefault("page_date", fact["date"])
    cleaned.removed.append(f"网页导航：{text[start.start():end].strip()[:80]}")
    return text[: start.start()] + "\n" + text[end:]


def _take_footer(lines: list[str], cleaned: Cleaned) -> list[str]:
    for i, line in enumerate(lines):
        if _FOOTER_START.match(line) and all(len(x.strip()) <= _FOOTER_LINE_MAX for x in lines[i:]):
            cleaned.removed.append(f"网页页脚 {sum(1 for x in lines[i:] if x.strip())} 行")
            return lines[:i]
    return lines


def _take_trailing_chrome(text: str, cleaned: Cleaned) -> str:
    match = _TRAILING_CHROME.search(text, max(0, len(text) - _TRAILING_WINDOW))
    if not match or not match.group().strip():
        return text
    for fact in _PAGE_FACTS.finditer(match.group()):
        if fact["source"]:
            cleaned.facts.setdefault("page_source", fact["source"])
    cleaned.removed.append(f"网页按钮：{match.group().strip()[:80]}")
    return text[: match.start()]


def remove_junk(text: str) -> Cleaned:
    """Separate the report from what the hosting site wrapped around it."""
    cleaned = Cleaned(text)
    lines = text.split("\n")
    lines = _take_crawler_header(lines, cleaned)
    lines = _take_farm_preface(lines, cleaned)
    lines = _take_footer(lines, cleaned)
    chrome_lines = sum(1 for line in lines if line.strip() and _CHROME_LINE.match(line))
    if chrome_lines:
        lines = [line for line in lines if not (line.strip() and _CHROME_LINE.match(line))]
        cleaned.removed.append(f"网页按钮 {chrome_lines} 行")
    body = "\n".join(lines)
    body = _take_breadcrumb(body, cleaned)
    cleaned.text = _take_trailing_chrome(body, cleaned)
    return cleaned
