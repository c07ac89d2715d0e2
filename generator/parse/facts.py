"""Who published the report, for which year, and when: from the title, the crawler header,
the text and the signature at the end.

A wrong fact in a public archive is worse than a missing one, so each rule takes only
what the text states; what no rule finds stays None with a warning. A content farm's
posting date is never the report's date.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from generator.parse.places import ZONE_SUFFIXES, place_prefix, region_of

_YEAR = r"((?:19|20)\d{2})"
_TITLE_YEAR = re.compile(rf"{_YEAR}\s*年|(?P<chinese>二[〇○零][〇○零一二][〇○零一二三四五六七八九])\s*年")
_PERIOD_YEAR = re.compile(rf"{_YEAR}年\d{{1,2}}月\d{{1,2}}日(?:起)?\s*(?:至|到|—|-|～)\s*(\1)年12月31日")
_OPENING_YEAR = re.compile(rf"^{_YEAR}年(?:度)?[，,]", re.MULTILINE)
_REPORT_TITLE = re.compile(r"(?:政府信息公开|政务公开|信息公开)[^。，；]{0,12}(?:年度报告|工作报告|年报)")
_ORGAN = "(?:人民政府办公室|人民政府办公厅|人民政府|管理委员会|管委会|委员会|办公室|办公厅|中心|局|厅|署|院)"
_ORGAN_SUFFIX = re.compile(_ORGAN)
_LOCAL_PREFIX = ("市", "县", "区", "省", "州")
_SIGNATURE_DATE = re.compile(
    r"(?:(\d{4})年(\d{1,2})月(\d{1,2})日|([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日)\s*$"
)
_ISO_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_CN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_GENERIC = ("本机关", "我局", "我区", "我市", "我县", "本局", "行政机关", "政府信息公开办公室")


@dataclass(slots=True)
class Facts:
    title: str | None = None
    agency: str | None = None
    region: str | None = None
    year: int | None = None
    published: str | None = None
    source_url: str | None = None
    warnings: list[str] = field(default_factory=list)


def _chinese_number(text: str) -> int:
    """二○一三 -> 2013 (digit by digit); 二十 -> 20, 十二 -> 12, 三十一 -> 31."""
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _date(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def signature_date(lines: list[str]) -> str | None:
    """The date signed at the end of the report (last five lines)."""
    for line in reversed(lines[-5:]):
        match = _SIGNATURE_DATE.search(line)
        if match and match[1]:
            return _date(int(match[1]), int(match[2]), int(match[3]))
        if match:
            return _date(_chinese_number(match[4]), _chinese_number(match[5]), _chinese_number(match[6]))
    return None


def _signature_agency(lines: list[str]) -> str | None:
    """The organ signed beside (or just above) the closing date."""
    tail = lines[-5:]
    for index in range(len(tail) - 1, -1, -1):
        match = _SIGNATURE_DATE.search(tail[index])
        if not match:
            continue
        before = tail[index][: match.start()].strip() or (tail[index - 1].strip() if index else "")
        if re.fullmatch(rf"[\u4e00-\u9fff（）]{{2,30}}{_ORGAN}", before):
            return before
    return None


def _title_line(lines: list[str]) -> str | None:
    if lines and len(lines[0]) <= 80 and _REPORT_TITLE.search(lines[0]) and not lines[0].endswith("。"):
        return lines[0]
    return None


def _issuer_from_title(title: str) -> str | None:
    """The part of the title before the year or before 政府信息公开: "平潭县人民政府"."""
    match = re.match(r"^(.{2,40}?)(?:(?:19|20)\d{2}\s*年|二[〇○零][〇○零一二][〇○零一二三四五六七八九]\s*年|关于|政府信息公开|政务公开|信息公开)", title)
    if not match:
        return None
    issuer = match[1].strip(" ：:（(")
    return issuer or None


def official_name(issuer: str) -> str:
    """A bare place names its government: 平潭县 -> 平潭县人民政府, 平潭综合实验区 ->
    平潭综合实验区管理委员会; 管委会 is written out as 管理委员会."""
    if issuer.endswith("管委会"):
        return issuer[: -len("管委会")] + "管理委员会"
    if re.search(rf"{_ORGAN}$", issuer):
        return issuer
    if any(issuer.endswith(zone) for zone in ZONE_SUFFIXES):
        return issuer + "管理委员会"
    if issuer.endswith(("省", "市", "县", "区", "州", "旗", "盟")) and place_prefix(issuer) == issuer:
        return issuer + "人民政府"
    return issuer


def _agency_from_text(text: str) -> str | None:
    """The organ the text names most often: 江门市土地储备中心, 市国土资源局.

    Chinese has no spaces, so every run of Han characters ending in an organ word is a
    candidate; a name must start with a known place or with 市/县/区 ("市国土资源局")."""
    counts: Counter[str] = Counter()
    for match in _ORGAN_SUFFIX.finditer(text):
        for start in range(match.start() - 1, max(-1, match.start() - 16), -1):
            if not "\u4e00" <= text[start] <= "\u9fff":
                break
            name = text[start:match.end()]
            if len(name) >= 4 and (name.startswith(_LOCAL_PREFIX) or place_prefix(name)):
                counts[name] += 1
    counts = Counter({name: n for name, n in counts.items() if not any(g in name for g in ("我", "本"))})
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))
    best, count = ranked[0]
    rivals = [n for name, n in ranked[1:] if not best.endswith(name)]
    return best if count >= 2 and (not rivals or count > rivals[0]) else None


def _year(title: str | None, text: str, lines: list[str]) -> int | None:
    if title and (match := _TITLE_YEAR.search(title)):
        return _chinese_number(match["chinese"]) if match["chinese"] else int(match[1])
    if match := _PERIOD_YEAR.search(text):
        return int(match[1])
    for line in lines[:12]:
        if match := _OPENING_YEAR.match(line):
            return int(match[1])
    return None


def extract_facts(text: str, header: dict[str, str]) -> Facts:
    """Facts of one normalized report; `header` is what normalization kept from the page."""
    lines = text.split("\n")
    facts = Facts(source_url=header.get("source_url"))
    text_title = _title_line(lines)
    title = header.get("title") or text_title
    issuer = _issuer_from_title(title) if title else None
    agency = issuer or _signature_agency(lines) or _agency_from_text(text)
    facts.agency = official_name(agency) if agency else None
    if facts.agency is None:
        facts.warnings.append("发布机关：标题、落款和正文中都没有找到")
    facts.region = region_of(facts.agency, text)
    if facts.region is None:
        facts.warnings.append("地区：无法从机关名称和正文确定所在省份和地方")
    facts.year = _year(title, text, lines)
    if facts.year is None:
        facts.warnings.append("年份：标题、统计期限和开头都没有写明报告年度")
    published = None
    for key in ("published", "page_date"):
        if key in header and (match := _ISO_DATE.search(header[key])):
            published = _date(int(match[1]), int(match[2]), int(match[3]))
            break
    facts.published = published or signature_date(lines)
    if facts.published and facts.year and int(facts.published[:4]) < facts.year:
        facts.warnings.append(f"发布日期：{facts.published} 早于报告年度 {facts.year}，已留空")
        facts.published = None
    if facts.published is None:
        facts.warnings.append("发布日期：网页和落款都没有写明")
    if title:
        facts.title = title
    elif facts.agency:
        facts.title = f"{facts.agency}{facts.year or ''}{'年' if facts.year else ''}政府信息公开工作年度报告"
        facts.warnings.append("标题：报告没有标题行，标题由机关和年份组成")
    else:
        facts.warnings.append("标题：报告没有标题行")
    return facts
