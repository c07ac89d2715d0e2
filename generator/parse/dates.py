"""Dates and years as reports and pages write them.

"2021-03-30 16:52", "2013年04月30日", "2019/1/30", "二〇一〇年一月十九日", "二○一三年一月二十日";
years as "2019年" or "二〇一九年"; statistics periods "自2019年1月1日起至2019年12月31日止",
also when the page lost 年 and 月 ("从202011日起至20201231日止") or broke every token onto
a line of its own.
"""

from __future__ import annotations

import datetime
import re

_CN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0, "Ｏ": 0}
_CN = "〇○零一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
YEAR = r"(?:19|20)\d{2}"
CN_YEAR = f"二[{_CN}][{_CN}][{_CN}]"
DATE = re.compile(
    rf"(?P<y>{YEAR})\s*[-年/.]\s*(?P<m>\d{{1,2}})\s*[-月/.]\s*(?P<d>\d{{1,2}})(?!\d)\s*日?"
    rf"|(?P<cy>{CN_YEAR})\s*年\s*(?P<cm>[{_CN_SMALL}]{{1,2}})\s*月\s*(?P<cd>[{_CN_SMALL}]{{1,3}})\s*日"
)
YEAR_IN_TITLE = re.compile(rf"(?P<y>{YEAR})\s*年|(?P<cy>{CN_YEAR})\s*年")
_PERIOD = re.compile(
    rf"(?P<start>{YEAR})年\d{{1,2}}月\d{{1,2}}日(?:起)?[，,、]?(?:至|到|—|－|-|～|~)(?:(?P<end>{YEAR})年)?12月31日"
    rf"|(?P<lstart>{YEAR})0?10?1日(?:起)?(?:至|到)(?P<lend>{YEAR})1231日"
)


def chinese_number(text: str) -> int:
    """二○一三 -> 2013 (digit by digit); 二十 -> 20, 十二 -> 12, 三十一 -> 31."""
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_of(match: re.Match[str]) -> str | None:
    if match["y"]:
        return _iso(int(match["y"]), int(match["m"]), int(match["d"]))
    return _iso(chinese_number(match["cy"]), chinese_number(match["cm"]), chinese_number(match["cd"]))


def first_date(text: str) -> str | None:
    """The first whole date in text as YYYY-MM-DD; a month without a day is no date."""
    match = DATE.search(text)
    return date_of(match) if match else None


def year_of(match: re.Match[str]) -> int:
    return int(match["y"]) if match["y"] else chinese_number(match["cy"])


def period_year(text: str) -> int | None:
    """The year of the statistics period (a whole calendar year ending 12月31日)."""
    flat = re.sub(r"\s+", "", text)
    for match in _PERIOD.finditer(flat):
        start, end = match["start"] or match["lstart"], match["end"] or match["lend"]
        if end is None or end == start:
            return int(start)
    return None
