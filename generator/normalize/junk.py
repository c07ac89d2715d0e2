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

from generator.normalize.html_tables import tables_as_lines

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
_BREADCRUMB = re.compile(
    r"(?:当前位置|您现在的位置|您的位置|现在的位置|所在位置|当前页面)\s*[:：]|(?:^|(?<=\n))[ \t]*首页\s*[>＞»›]"
)
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

# Page metadata in the first lines: "标题：…", "| 发布机构 | … | 发布日期 | … |",
# "来源：… 发布时间：…", with keys spaced out by the page layout ("标 题", "索 引 号").
# A key of None is a label whose value is of no use to the archive.
_META_KEYS = {
    "标题": "title", "名称": "title", "信息名称": "title", "文章标题": "title",
    "发布机构": "publisher", "发文机关": "publisher", "发布单位": "publisher", "发文单位": "publisher",
    "来源": "page_source", "信息来源": "page_source", "文章来源": "page_source", "来源单位": "page_source",
    "发布日期": "published", "发布时间": "published", "发文日期": "published", "信息提供日期": "published",
    "公开日期": "published", "公布日期": "published", "成文日期": "written", "生成日期": "written",
    "时间": "page_date", "日期": "page_date", "更新时间": "page_date",
    **dict.fromkeys((
        "索引号", "文号", "发文字号", "主题分类", "体裁分类", "组配分类", "服务对象分类", "分类", "主题词", "关键词",
        "有效性", "时效性", "作者", "编辑", "责任编辑", "浏览次数", "访问次数", "阅读次数", "点击数", "点击次数",
        "公开方式", "公开范围", "公开形式", "公开时限", "所属机构", "字体", "字号", "信息类别",
    )),
}
_META_KEY = "|".join(r"\s*".join(key) for key in sorted(_META_KEYS, key=len, reverse=True))
_META_PAIR = re.compile(rf"(?P<key>{_META_KEY})\s*[:：]")
_META_CELL = re.compile(rf"^(?P<key>{_META_KEY})\s*[:：]?\s*(?P<value>.*)$")
_META_VALUE_MAX = 80
_META_WINDOW = 25  # lines
_TABLE_RULE = re.compile(r"^[\s|:：-]*-[\s|:：-]*$")
# A date heading a line of page chrome: "2013年04月30日17:01 | 中国发展门户网", "2021-02-09 发布：";
# with 星期 it is the day the page was looked at, not a fact of the report.
_LEADING_DATE = re.compile(
    r"^\s*(?P<date>\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?)\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?"
    r"\s*(?P<rest>[|｜].*|发布\s*[:：]?.*|来源\s*[:：].*|星期.*)?$"
)
_CRAWL_DAY = re.compile(
    r"^.{0,30}?(?:\d{4}|-{2,4})\s*年\s*(?:\d{1,2}|-{1,2})\s*月\s*(?:\d{1,2}|-{1,2})\s*日\s*星期.{0,3}$"
)


@dataclass(slots=True)
class Cleaned:
    text: str
    facts: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)


def strip_markup(text: str) -> tuple[str, list[str]]:
    """Drop leaked HTML and Word markup (<!--[if !supportLists]-->, <p>, &nbsp;)."""
    removed = []
    if "<" in text or "-->" in text:
        text = tables_as_lines(text)
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


def _meta_pairs(line: str) -> list[tuple[str, str]] | None:
    """The (key, value) pairs of a metadata line, or None if the line says anything else.
    Cells of a pipe table that hold no key ("浏览：123次") are page chrome and ignored."""
    pairs: list[tuple[str, str]] = []
    line = re.sub(r"[【】\[\]]", " ", line) if "【" in line else line
    if "|" in line or "｜" in line:
        cells = [cell.strip() for cell in re.split(r"[|｜]", line)]
        cells = [cell for cell in cells if cell]
        index = 0
        while index < len(cells):
            match = _META_CELL.match(cells[index])
            if not match:
                if len(cells[index]) > 20:
                    return None
                index += 1
                continue
            value = match["value"].strip()
            if not value and index + 1 < len(cells) and not _META_CELL.match(cells[index + 1]):
                value = cells[index + 1]
                index += 1
            pairs.append((re.sub(r"\s", "", match["key"]), value))
            index += 1
        return pairs or None
    # Keys start with a non-space character, so a key must stand right after the
    # indent: checked there first, as a flattened page's first line can run to thousands
    # of characters that hold a key word here and there.
    if not _META_PAIR.match(line, len(line) - len(line.lstrip())):
        return None
    matches = list(_META_PAIR.finditer(line))
    for match, following in zip(matches, matches[1:] + [None]):
        value = line[match.end(): following.start() if following else len(line)].strip()
        pairs.append((re.sub(r"\s", "", match["key"]), value))
    return pairs


def _take_page_metadata(lines: list[str], cleaned: Cleaned) -> list[str]:
    """Take the metadata lines of a page's head (title, publisher, dates, source), keeping
    their facts; a crawl-day date ("2018-05-22 星期二") or an unfilled one goes as chrome."""
    kept: list[str] = []
    taken = 0
    for number, line in enumerate(lines):
        if number >= _META_WINDOW or not line.strip():
            kept.append(line)
            continue
        pairs = _meta_pairs(line)
        if pairs and all(len(value) <= _META_VALUE_MAX for _, value in pairs):
            for key, value in pairs:
                value = value.strip(" |｜")
                if _META_KEYS.get(key) and value and not re.fullmatch(r"[\W_]*", value):
                    cleaned.facts.setdefault(_META_KEYS[key], value)
            taken += 1
            continue
        if _TABLE_RULE.match(line) or _CRAWL_DAY.match(line.strip()):
            taken += 1
            continue
        dated = _LEADING_DATE.match(line)
        if dated and dated["rest"] is not None and not dated["rest"].startswith("星期"):
            key = "published" if dated["rest"].startswith("发布") else "page_date"
            cleaned.facts.setdefault(key, dated["date"])
            taken += 1
            continue
        if dated and dated["rest"] is not None:
            taken += 1
            continue
        kept.append(line)
    if taken:
        cleaned.removed.append(f"网页的信息栏（标题、发布机构、日期等）{taken} 行")
    return kept


def _take_breadcrumb(text: str, cleaned: Cleaned) -> str:
    """Remove "当前位置：首页 > ... 微信 微博 QQ空间" (or "您现在的位置：", "首页 > …") near the
    top, keeping its date and source."""
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
    lines = _take_page_metadata(lines, cleaned)
    lines = _take_footer(lines, cleaned)
    chrome_lines = sum(1 for line in lines if line.strip() and _CHROME_LINE.match(line))
    if chrome_lines:
        lines = [line for line in lines if not (line.strip() and _CHROME_LINE.match(line))]
        cleaned.removed.append(f"网页按钮 {chrome_lines} 行")
    body = "\n".join(lines)
    body = _take_breadcrumb(body, cleaned)
    cleaned.text = _take_trailing_chrome(body, cleaned)
    return cleaned
