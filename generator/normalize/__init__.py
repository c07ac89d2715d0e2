"""Normalize: a raw report as found on the web in, clean simplified Chinese out.

The steps run in the order listed in `normalize_text`; each is a pure function in its own
module. The result keeps what was learned on the way (encoding, script, facts from the
crawler header, what was removed) for the parser and for readers of the site.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from generator.errors import SourceError
from generator.normalize.encoding import decode_report
from generator.normalize.html_page import looks_like_page, page_to_report
from generator.normalize.junk import remove_junk, strip_markup
from generator.normalize.paragraphs import restore_paragraphs
from generator.normalize.pinyin import remove_pinyin
from generator.normalize.punctuation import drop_lost_spaces, fix_punctuation, fix_width, tidy_spaces
from generator.normalize.script import to_simplified

__all__ = ["NormalizedReport", "normalize_bytes", "normalize_text"]

# "\r\n?" as one character class and an optional "\n" after a "\r": a class first lets the
# regex engine skip to the next candidate instead of trying the pattern at every character.
_NEWLINES = re.compile(r"[\r\u2028\u2029\x0b\x0c\x85](?:(?<=\r)\n)?")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_REPORT_WORDS = re.compile(r"信息公开|政务公开|依申请公开|政府信息")
_MIN_HAN = 100
_TITLE = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^\n。]{0,30}?报告")


@dataclass(frozen=True, slots=True)
class NormalizedReport:
    """One report's clean text and what normalization learned and changed."""

    text: str
    """the report in simplified Chinese, one paragraph (or table cell run) per line"""
    encoding: str
    """the encoding the raw bytes were read in (utf-8, gb18030, big5hkscs, utf-16-le, ...)"""
    script: str
    """what the source was written in: simplified, traditional, traditional-phrases"""
    facts: dict[str, str]
    """facts from around the report: title, published, source_url, publisher, page_source,
    page_date, farm_title, farm_posted (a content farm's posting, not the report's date)"""
    removed: tuple[str, ...]
    """one line per piece of hosting-site junk removed"""
    pinyin_removed: int
    characters_converted: int
    phrases_restored: int


def normalize_text(raw: str) -> NormalizedReport:
    """Normalize decoded text; see `normalize_bytes` for files."""
    text = _CONTROL.sub("", _NEWLINES.sub("\n", raw))
    page_removed = []
    if looks_like_page(text) and (page := page_to_report(text)):
        text, dropped = page
        page_removed.append(f"网页外框（页头、导航、页脚等）{dropped} 个字符")
    text = fix_width(text)
    text, markup_removed = strip_markup(text)
    text = drop_lost_spaces(text)
    text, pinyin_removed = remove_pinyin(text)
    script = to_simplified(text)
    cleaned = remove_junk(script.text)
    text = fix_punctuation(cleaned.text)
    text = restore_paragraphs(text)
    text = tidy_spaces(text)
    return NormalizedReport(
        text=text,
        encoding="unicode",
        script=script.script,
        facts=dict(sorted(cleaned.facts.items())),
        removed=tuple(page_removed + markup_removed + cleaned.removed),
        pinyin_removed=pinyin_removed,
        characters_converted=script.changed_characters,
        phrases_restored=script.phrases_restored,
    )


def normalize_bytes(data: bytes, path: str) -> NormalizedReport:
    """Decode and normalize one raw report file; raise SourceError if it is not a report."""
    decoded, encoding = decode_report(data, path)
    report = normalize_text(decoded)
    han = len(_HAN.findall(report.text))
    if not _REPORT_WORDS.search(report.text):
        raise SourceError(
            path,
            "this does not look like a government information-disclosure report: after normalization it never "
            "mentions 信息公开, 政务公开 or 政府信息.",
            1,
        )
    # A short text is kept when it has a report's title: a mirror may keep little more
    # ("峰江街道2021年度信息公开年度报告"), and a text that names its agency and year is imported.
    if han < _MIN_HAN and not _TITLE.search(report.text):
        raise SourceError(
            path,
            f"this does not look like a government information-disclosure report: after normalization it has "
            f"only {han} Chinese characters and no report title (…年…报告).",
            1,
        )
    return dataclasses.replace(report, encoding=encoding)
