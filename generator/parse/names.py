"""What an agency's name looks like, so that a name can be told from the text around it.

Names reach the parser dirty: a mirror's domain spliced in ("example.com某镇"), a
gambling site's name on a hijacked page ("…登录入口官网林业服务中心"), the year of the
title before them ("2018年深圳市…"), a label ("标题："), the office that compiled the report
after them ("…人民政府办公室", "…办公厅政务公开处"), or only an abbreviation ("省卫健委",
"市卫生局"). The rules here are about the shape of Chinese organ names, never about a
particular agency: a name ends in an organ word or is a place that names its government,
and what is left of it without place and organ words must say something.
"""

from __future__ import annotations

import re

from generator.parse import dates
from generator.places import ZONE_SUFFIXES, is_place, place_prefix

HAN = "\u4e00-\u9fff"
# Words that end an organ's name, longest first where one ends another.
ORGAN_WORDS = (
    "人民政府办公室", "人民政府办公厅", "人民政府", "管理委员会", "管委会", "委员会", "办事处", "办公室", "办公厅",
    "政府", "总局", "总署", "中心", "委", "局", "厅", "署", "院", "部", "处", "所", "站", "队", "社", "会", "办",
)
_ORGAN_END = re.compile(f"(?:{'|'.join(ORGAN_WORDS)})$")
# A bare place ending names the government of that place.
_PLACE_END = re.compile(
    r"(?:省|市|县|区|州|旗|盟|镇|乡|街道|自治区|自治州|自治县|新区|" + "|".join(ZONE_SUFFIXES) + r")$"
)
# What a name's core may not consist of alone: words of the report's subject and of
# organ structure, and the single characters that abbreviate a level ("市卫生局").
_GENERIC = re.compile(
    r"人民政府|政府|人民|信息|公开|政务|工作|领导小组|小组|机关|行政|部门|单位|办公|本级|直属|有关|相关|各级|全[省市县区]"
    r"|^[省市县区州乡镇]"
)
_PRONOUN = re.compile(r"^(?:我|本|该|其|贵|各|此|上述|以上|下属)")
# Internal units that compile a report or answer questions for the agency above them.
_DUTY = (
    r"(?:政府信息与政务公开|政府信息公开|政务信息公开|政务公开|信息公开|政务信息|电子政务"
    r"|党政|综合|行政|秘书|办文|信息|法规|政策法规)"
)
_UNIT_TAIL = re.compile(
    rf"^(?:{_DUTY}(?:工作)?(?:领导小组)?)?(?:办公室|办公厅)$|^{_DUTY}[处科股]$|^(?:电子政务|信息)中心$"
    rf"|^{_DUTY}(?:工作)?领导小组$"
)
# Spam spliced into names on hijacked pages and content farms: Latin letters and digits
# (domains, brand names), and the vocabulary of gambling and download sites.
_SPAM = re.compile(
    r"[A-Za-z0-9_.\-/:@]*[A-Za-z][A-Za-z0-9_.\-/:@]*|登录|登陆|入口|官网|下载|网页版|手机版|客户端|彩票|博彩|棋牌|真人"
    r"|投注|开户|赌场|娱乐城"
)
_YEAR_PREFIX = re.compile(rf"^(?:{dates.YEAR}|{dates.CN_YEAR})\s*年度?")
_LABEL_PREFIX = re.compile(r"^(?:标\s*题|名\s*称|发布机构|来\s*源)\s*[:：|]\s*")
_LEVEL_ABBREVIATION = re.compile(r"^(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟)")


def remove_spam(text: str) -> str:
    """Everything after the last piece of spam: "BET365…官网林业服务中心" -> "林业服务中心"."""
    last = None
    for last in _SPAM.finditer(text):
        pass
    return text[last.end():] if last else text


def clean_name(raw: str) -> str:
    """A candidate name without label, spam, leading year, brackets around it or spaces."""
    name = _LABEL_PREFIX.sub("", raw.strip())
    name = re.sub(r"\s+", "", remove_spam(name))
    name = _YEAR_PREFIX.sub("", name).strip("【】[]“”\"《》：:，,、|")
    while name[:1] in "（(" and _balance(name) > 0 or name[-1:] in "）)" and _balance(name) < 0:
        name = name[1:] if name[:1] in "（(" else name[:-1]
    return name


def _balance(name: str) -> int:
    """Opening brackets minus closing ones: a name keeps its bracketed second name
    ("…市场监督管理局（…知识产权局）") but loses a bracket cut off from its pair."""
    return sum(name.count(c) for c in "（(") - sum(name.count(c) for c in "）)")


def is_agency(name: str | None) -> bool:
    """True for a name that can stand as the reporting body: organ word or place at the
    end, no pronoun, Han characters only, and something specific besides generic words."""
    if not name or not 2 <= len(name) <= 40 or _PRONOUN.match(name):
        return False
    if not re.fullmatch(f"[{HAN}（）()]+", name) or _balance(name):
        return False
    name = re.sub(r"[（(][^）)]*[）)]$", "", name) or name  # a second name in brackets
    if is_place(name) or (_PLACE_END.search(name) and place_prefix(name)):
        return True
    if not _ORGAN_END.search(name):
        return _PLACE_END.search(name) is not None and len(name) >= 3 and not _GENERIC.fullmatch(name[:-1])
    place = place_prefix(name)
    rest = name[len(place):] if place else name
    specific = _GENERIC.sub("", _ORGAN_END.sub("", rest))
    return bool(place) or bool(re.search(f"[{HAN}]", specific))


def without_unit(name: str) -> str:
    """The agency whose internal unit is named: "某省民政厅办公室" -> "某省民政厅",
    "某县政务公开领导小组办公室" -> "某县", "…办公厅政务公开处" -> the organ above both."""
    while True:
        for cut in range(len(name) - 2, 1, -1):
            head, tail = name[:cut], name[cut:]
            if _UNIT_TAIL.match(tail) and is_agency(head) and not head.endswith(("人民", "管理")):
                name = head
                break
        else:
            return name


def official_name(name: str) -> str:
    """A bare place names its government (某县 -> 某县人民政府, a township 某镇 ->
    某镇人民政府, a street 某街道 -> 某街道办事处, a zone -> 管理委员会); "政府" is
    written 人民政府 and 管委会 is written out as 管理委员会."""
    if name.endswith("管委会"):
        return name[: -len("管委会")] + "管理委员会"
    if name.endswith("政府") and not name.endswith("人民政府"):
        return name[: -len("政府")] + "人民政府"
    if name.endswith("街道"):
        return name + "办事处"
    if any(name.endswith(zone) for zone in ZONE_SUFFIXES):
        return name + "管理委员会"
    if _ORGAN_END.search(name):
        return name
    if is_place(name) or name.endswith(("镇", "乡")):
        return name + "人民政府"
    return name


def expand(name: str, text: str) -> str:
    """An abbreviation as the text writes it in full: "市卫生局" -> "某某市卫生局" where
    the text names 某某市卫生局; the name itself where it does not."""
    level = _LEVEL_ABBREVIATION.match(name)
    if not level:
        return name
    best = name
    for match in re.finditer(f"([{HAN}]{{1,12}}?){re.escape(name)}", text):
        for start in range(match.start(), match.start(1) + len(match[1])):
            full = text[start:match.end()]
            place = full[: len(full) - len(name) + len(level[0])]
            if is_place(place) or place_prefix(place) == place:
                if len(full) > len(best):
                    best = full
                break
    return best
