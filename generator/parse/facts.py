"""Who published the report, for which year, and when: from the page's head, the title,
the opening sentences and the signature.

Each fact has several witnesses, asked from the most to the least reliable, and a
witness counts only when what it gives has the shape of the fact: a name that can stand
as an agency (names.py), a whole date, a year of the reports' era. A wrong fact in a
public archive is worse than a missing one, so what no witness gives stays None with a
warning, and a content farm's or a copying site's date is never the report's.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from generator.parse import dates
from generator.parse.names import HAN, clean_name, expand, is_agency, official_name, remove_spam, without_unit
from generator.places import place_prefix, region_of
from generator.urls import web_link

FIRST_YEAR = 2008  # the 2008 regulation started the annual reports
_TITLE_END = r"(?:年度报告|工作报告|公开报告|情况报告|的报告|年报)"
_REPORT_TITLE = re.compile(rf"(?:政府信息公开|政务公开|信息公开|政务信息公开|政府信息)[^。，；]{{0,16}}?{_TITLE_END}")
_TITLE_LINE_END = re.compile(rf"{_TITLE_END}\s*(?:[（(][^）)]{{0,12}}[）)])?\s*$")
_HEAD_LINES = 16
_FRAGMENT_MAX = 40  # characters of a short line a title may have been split from
_ENUMERATED = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}\s*、|（[一二三四五六七八九十]{1,2}）|\d{1,2}[.、．])")
# Where the issuer of a title ends: at the year, at 关于, or at the subject of the report.
_ISSUER_END = re.compile(
    rf"{dates.YEAR}\s*年|{dates.CN_YEAR}\s*年|关于|政府信息公开|政务信息公开|政务公开|信息公开|政府信息|年度"
)
_LEADING_YEAR = re.compile(rf"^\s*(?:{dates.YEAR}|{dates.CN_YEAR})\s*年度?")
_NAME = f"[{HAN}（）()]{{2,40}}?"
# Sentences that say who made or published the report.
_PUBLISHES = re.compile(rf"(?:公布|印发|发布|编制)(?:了)?《?(?P<title>[^。，；《》“”\n]{{4,60}}?{_TITLE_END})")
_COMPILED_BY = re.compile(
    rf"由(?P<name>{_NAME})(?:综合[^。；\n]{{0,80}}?)?(?:负责)?编制(?:而成)?(?:的(?P<title>[^。，；\n]{{2,40}}?{_TITLE_END}))?"
)
_COMPILES = re.compile(rf"(?:^|[。，；：、）)\s])(?P<name>{_NAME})(?:特|现|负责)?编制(?:了)?(?:本|该|此)?")
_CONTACT = re.compile(
    rf"(?:请|可)与(?P<name>{_NAME})(?:[（(][^）)\n]{{0,40}}[）)])?(?:联系|联络)"
    rf"|(?:请|可)联系(?P<name2>{_NAME})(?=[（(，,。；：:])"
)
_SIGNATURE_DATE = re.compile(rf"(?:{dates.DATE.pattern})\s*$")
_TRUNCATED_DATE = re.compile(rf"(?P<y>{dates.YEAR})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})\s*$")
_DATE_LINE = re.compile(rf"^\s*[（(]?\s*(?:{dates.DATE.pattern})\s*[）)]?\s*$")
_OPENING_YEAR = re.compile(rf"^(?P<y>{dates.YEAR})年(?:度)?[，,]", re.MULTILINE)
# "2025年，某省人民政府办公厅坚持…": the subject of the 总体情况's first sentence.
_OPENING_SUBJECT = re.compile(rf"^(?:{dates.YEAR})年度?[，,](?P<rest>[{HAN}（）]{{4,40}})", re.MULTILINE)
# A PDF's cover puts the date on the title's line or breaks it over two ("2019." / "03.06").
_BROKEN_DATE = re.compile(rf"(?:{dates.YEAR})\s*[年.]\s*$")
_DATE_END = re.compile(rf"(?:{dates.DATE.pattern})\s*$")
_ORGAN_MENTION = re.compile(r"人民政府|管理委员会|管委会|委员会|办事处|办公室|办公厅|中心|总局|总署|局|厅|委|署")


@dataclass(slots=True)
class Facts:
    title: str | None = None
    agency: str | None = None
    region: str | None = None
    year: int | None = None
    published: str | None = None
    source_url: str | None = None
    warnings: list[str] = field(default_factory=list)


def signature_date(lines: list[str]) -> str | None:
    """The date signed at the end of the report (last five lines); a page cut short may
    have lost the 日 of it ("2010年3月18")."""
    for index in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
        line = lines[index].strip()
        if match := _SIGNATURE_DATE.search(line):
            return dates.date_of(match)
        if index == len(lines) - 1 and (match := _TRUNCATED_DATE.search(line)):
            return dates._iso(int(match["y"]), int(match["m"]), int(match["d"]))
    return None


def _signature_agency(lines: list[str]) -> str | None:
    """The organ signed beside (or just above) the closing date."""
    tail = lines[-5:]
    for index in range(len(tail) - 1, -1, -1):
        match = _SIGNATURE_DATE.search(tail[index]) or (index == len(tail) - 1 and _TRUNCATED_DATE.search(tail[index]))
        if not match:
            continue
        before = tail[index][: match.start()].strip() or next(
            (line.strip() for line in reversed(tail[:index]) if line.strip()), ""
        )
        if is_agency(clean_name(before)):
            return clean_name(before)
    return None


def issuer_of(title: str) -> str | None:
    """The agency a title names before its year or its subject, or None: "某县人民政府",
    "某市某区某街道" (of "2018年某市某区某街道政府信息公开…")."""
    rest = _LEADING_YEAR.sub("", remove_spam(title))
    for match in _ISSUER_END.finditer(rest):
        name = clean_name(rest[: match.start()])
        if is_agency(name):
            return name
    return None


def _clean_title(title: str) -> str:
    """The title without spam before it and without stray spaces."""
    title = re.sub(r"\s+", "", title)
    title = re.sub(r"^(?:【[^】]{0,8}】|\[[^\]]{0,8}\])+", "", title).strip("《》")  # 【转载】
    title = re.sub(rf"({_TITLE_END}(?:[（(][^）)]{{0,12}}[）)])?)[-_|—–]+.*$", r"\1", title)  # "…报告_某某门户网站"
    cut = remove_spam(title)
    if cut != title and issuer_of(cut) is None and (year := dates.YEAR_IN_TITLE.search(cut)):
        cut = cut[year.start():]
    return cut


def _is_fragment(line: str) -> bool:
    line = line.strip()
    return (
        bool(line) and len(line) <= _FRAGMENT_MAX and not re.search(r"[。，；：:|]", line)
        and not _ENUMERATED.match(line)
    )


def _title_at(lines: list[str], index: int) -> str | None:
    """The title ending on line `index`, joined with the short lines above it while it
    lacks its subject or its issuer ("example.com某镇" / "2008年政府信息公开工作年度报告")."""
    line = lines[index].strip()
    if not line or len(line) > 80 or line.endswith("。") or _ENUMERATED.match(line) or re.search(r"根据|[>＞»›]", line):
        return None
    title, first = line, index
    while first > 0 and _is_fragment(lines[first - 1]) and (
        not _REPORT_TITLE.search(title) or issuer_of(_clean_title(title)) is None
    ):
        joined = lines[first - 1].strip() + title
        if len(joined) > 80:
            break
        title, first = joined, first - 1
    if not _REPORT_TITLE.search(title):
        return None
    if issuer_of(_clean_title(title)) is None and not _LEADING_YEAR.match(_clean_title(title)):
        title = line  # the lines above said nothing useful
    return _clean_title(title)


def title_line(lines: list[str]) -> str | None:
    """The report's title among the first lines: a line ending like a report title first
    (a covering notice's title "…的通知" comes before the report's own), else any line
    naming a report."""
    head = lines[:_HEAD_LINES]
    for index, line in enumerate(head):
        if _TITLE_LINE_END.search(line) and (title := _title_at(head, index)):
            return title
    for index, line in enumerate(head):
        if _REPORT_TITLE.search(line) and (title := _title_at(head, index)):
            return title
    return None


@dataclass(frozen=True, slots=True)
class _Opening:
    """What the opening sentences say: a report title they name, who compiled it, whom to ask."""

    title: str | None
    compiler: str | None
    contact: str | None


def _opening(text: str) -> _Opening:
    head = text[:3000]
    title = compiler = contact = None
    for match in _PUBLISHES.finditer(head):
        candidate = _clean_title(match["title"])
        if issuer_of(candidate) or _LEADING_YEAR.match(candidate):
            title = candidate
            break
    for match in _COMPILED_BY.finditer(head):
        name = without_unit(clean_name(match["name"]))
        if is_agency(name):
            compiler = name
            if title is None and match["title"]:
                title = name + _clean_title(match["title"])
            break
    if compiler is None:
        for match in _COMPILES.finditer(head):
            name = without_unit(clean_name(match["name"]))
            if is_agency(name):
                compiler = name
                break
    for match in _CONTACT.finditer(head):
        name = without_unit(clean_name(match["name"] or match["name2"]))
        if is_agency(name):
            contact = name
            break
    return _Opening(title, compiler, contact)


def _named_most(text: str) -> str | None:
    """The organ the text names most often, where one stands out (a centre or bureau the title leaves out).

    Chinese has no spaces, so every run of Han characters ending in an organ word is a
    candidate; a name must start with a place, or with 市/县/区 ("市卫生局")."""
    counts: Counter[str] = Counter()
    for match in _ORGAN_MENTION.finditer(text):
        for start in range(match.start() - 1, max(-1, match.start() - 16), -1):
            if not "\u4e00" <= text[start] <= "\u9fff":
                break
            name = text[start:match.end()]
            if (
                len(name) >= 4
                and (name.startswith(("市", "县", "区", "省", "州")) or place_prefix(name))
                and is_agency(name)
            ):
                counts[name] += 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))
    best, count = ranked[0]
    rivals = [n for name, n in ranked[1:] if not best.endswith(name)]
    return best if count >= 2 and (not rivals or count > rivals[0]) else None


def _opening_subject(text: str) -> str | None:
    """The organ that opens the 总体情况 ("2025年，某省人民政府办公厅坚持…"): the longest
    name that ends in an organ word and starts with a place."""
    for match in _OPENING_SUBJECT.finditer(text[:3000]):
        rest = match["rest"]
        ends = [organ.end() for organ in _ORGAN_MENTION.finditer(rest)]
        for end in reversed(ends):
            name = clean_name(rest[:end])
            if place_prefix(name) and is_agency(name):
                return name
    return None


def _year(title: str | None, opening: _Opening, text: str, facts: Facts) -> int | None:
    """The statistics year: the period the report states wins over its title."""
    latest = datetime.date.today().year
    titled = None
    for candidate in (title, opening.title):
        if candidate and (match := dates.YEAR_IN_TITLE.search(candidate)):
            titled = dates.year_of(match)
            break
    period = dates.period_year(text)
    for year in (period, titled):
        if year is not None and not FIRST_YEAR <= year <= latest:
            facts.warnings.append(f"年份：{year} 不在 {FIRST_YEAR}—{latest} 之间，未采用")
    period = period if period and FIRST_YEAR <= period <= latest else None
    titled = titled if titled and FIRST_YEAR <= titled <= latest else None
    if period and titled and period != titled:
        facts.warnings.append(f"年份：标题写 {titled} 年，统计期限是 {period} 年，采用统计期限")
    if period or titled:
        return period or titled
    match = _OPENING_YEAR.search("\n".join(text.split("\n")[:12]))
    return int(match["y"]) if match and FIRST_YEAR <= int(match["y"]) <= latest else None


def _date_under_title(lines: list[str]) -> str | None:
    """A line holding only a date among the first lines: under the title "(2013年1月30日)",
    or the date of a covering notice; or a date ending the title's own line, as on a PDF's
    cover, where it may be broken over two lines."""
    head = lines[:_HEAD_LINES]
    for index, line in enumerate(head):
        if _BROKEN_DATE.search(line) and index + 1 < len(head):
            line += head[index + 1].strip()
        if _DATE_LINE.match(line):
            found = dates.first_date(line)
        elif _REPORT_TITLE.search(line) and (end := _DATE_END.search(line)):
            found = dates.date_of(end)
        else:
            continue
        if found:
            return found
    return None


def _published(header: dict[str, str], lines: list[str], year: int | None, facts: Facts) -> str | None:
    """The first witness whose date can be the report's: not before its year, and not
    years after it (a page re-posted later, a copying site's own date)."""
    witnesses = (
        ("网页的发布日期", dates.first_date(header.get("published", ""))),
        ("网页日期", dates.first_date(header.get("page_date", ""))),
        ("成文日期", dates.first_date(header.get("written", ""))),
        ("标题下的日期", _date_under_title(lines)),
        ("落款日期", signature_date(lines)),
    )
    for label, found in witnesses:
        if found is None:
            continue
        if year is not None and int(found[:4]) < year:
            facts.warnings.append(f"发布日期：{label} {found} 早于报告年度 {year}，未采用")
            continue
        if year is not None and int(found[:4]) > year + 1:
            facts.warnings.append(f"发布日期：{label} {found} 晚于报告年度的次年，可能是转载或重发的日期，未采用")
            continue
        return found
    return None


def _agency(title: str | None, header: dict[str, str], opening: _Opening, lines: list[str], text: str) -> str | None:
    witnesses = (
        issuer_of(title) if title else None,
        issuer_of(opening.title) if opening.title else None,
        opening.compiler,
        clean_name(header.get("publisher", "")),
        opening.contact,
        _signature_agency(lines),
        clean_name(header.get("page_source", "")),
        _opening_subject(text),
        _named_most(text),
    )
    for name in witnesses:
        if name and is_agency(name):
            return official_name(expand(name, text))
    return None


def extract_facts(text: str, header: dict[str, str]) -> Facts:
    """Facts of one normalized report; `header` is what normalization kept from the page."""
    lines = [line for line in text.split("\n") if line.strip()]
    facts = Facts(source_url=web_link(header.get("source_url")))
    if header.get("source_url") and facts.source_url is None:
        facts.warnings.append(f"原文链接：{header['source_url'][:200]!r} 不是 http(s) 网址，未采用")
    header_title = _clean_title(header["title"]) if header.get("title") else None
    title = header_title if header_title and _REPORT_TITLE.search(header_title) else title_line(lines)
    opening = _opening(text)
    facts.agency = _agency(title, header, opening, lines, text)
    if facts.agency is None:
        facts.warnings.append("发布机关：标题、网页信息栏、开头、落款和正文中都没有找到")
    facts.region = region_of(facts.agency, text)
    if facts.region is None:
        facts.warnings.append("地区：无法从机关名称和正文确定所在省份和地方")
    facts.year = _year(title, opening, text, facts)
    if facts.year is None:
        facts.warnings.append("年份：标题、统计期限和开头都没有写明报告年度")
    facts.published = _published(header, lines, facts.year, facts)
    if facts.published is None:
        facts.warnings.append("发布日期：网页和落款都没有写明")
    if title:
        facts.title = title
    elif opening.title:
        named = issuer_of(opening.title) or not facts.agency
        facts.title = opening.title if named else facts.agency + opening.title
        facts.warnings.append("标题：报告没有标题行，标题取自开头一句")
    elif facts.agency:
        year = f"{facts.year}年" if facts.year else ""
        facts.title = f"{facts.agency}{year}政府信息公开工作年度报告"
        facts.warnings.append("标题：报告没有标题行，标题由机关和年份组成")
    else:
        facts.warnings.append("标题：报告没有标题行")
    return facts
