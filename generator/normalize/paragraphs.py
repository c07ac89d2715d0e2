"""Put back the paragraph breaks that crawlers ran together into one long line.

A crawler that flattens a page leaves a space where each paragraph ended ("。 一、 概述
推进..."). Breaks are restored only where the evidence is plain: after a sentence end
followed by a space, before a numbered heading that follows a sentence end, and around
the section titles of the national report formats. Tables are left on their lines for
the parser.
"""

from __future__ import annotations

import re

from generator.formats import section_titles

_NUMERAL = "一二三四五六七八九十"
# Each pattern that scans a whole text starts with a character or a character class, not
# a lookbehind or a repeat: Python's regex engine then skips ahead to where a match can
# start instead of trying the whole pattern at every character ("[ ](?<=。[ ])" is
# "(?<=。)[ ]"; "[一][一]?" is "[一]{1,2}").
# The section titles of the national formats (report_format.yaml), whatever their number.
_SECTION = re.compile(rf"[{_NUMERAL}][{_NUMERAL}]?、\s?(?:{'|'.join(map(re.escape, section_titles()))})")
_AFTER_SENTENCE_SPACE = re.compile(r"[ ](?<=[。！？；][ ])[ ]*")
_COLON_BEFORE_ITEM = re.compile(rf"[ ](?<=：[ ])[ ]*(?=（[{_NUMERAL}]{{1,2}}）|[{_NUMERAL}]{{1,2}}、)")
_HEADING_AFTER_SENTENCE = re.compile(rf"[。！？](?=[{_NUMERAL}]{{1,2}}、|（[{_NUMERAL}]{{1,2}}）)")
_SHORT_HEADING = re.compile(
    rf"^(?P<heading>(?:[{_NUMERAL}]{{1,2}}、|（[{_NUMERAL}]{{1,2}}）)[ ]?[^ 。，；：！？\d]{{2,20}})[ ]+(?=\S)",
    re.MULTILINE,
)

# The title at the very start, run into the first paragraph: "...工作年度报告 本报告根据..."
_TITLE_AT_START = re.compile(r"\A\s*(?P<title>[^\n。，]{4,60}?(?:年度报告|工作报告|年报)(?:（\d{4}年度?）)?)[ ]+(?=\S)")
# A full date followed by a space ends a signature: "二○一三年一月二十日 平潭综合实验区..."
# The pattern starts at 日 and looks back for the rest of the date, one lookbehind for each
# length of month and day (a lookbehind has a fixed width): a text has far fewer 日 than
# digits to try a date at. Only the spaces after the date are replaced.
_DIGIT = "\\d〇○零一二三四五六七八九十"
_DATE_ENDS = "|".join(
    rf"(?<=(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}})年[{_DIGIT}]{{{month}}}月[{_DIGIT}]{{{day}}}日)"
    for month in (1, 2)
    for day in (1, 2, 3)
)
_DATE_THEN_SPACE = re.compile(rf"日(?:{_DATE_ENDS})[ ]+(?=\S)")

# A signature run onto the end of the last paragraph or table: "…数件00 平潭综合实验区市场
# 监督管理局 2018年1月15日".
_SIGNATURE_AT_END = re.compile(
    rf"[ ][ ]*(?=[^\s。，；：\d]{{2,40}}[ ]?(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}})"
    rf"年[{_DIGIT}]{{1,2}}月[{_DIGIT}]{{1,3}}日$)",
    re.MULTILINE,
)


def restore_paragraphs(text: str) -> str:
    """Break run-together paragraphs onto lines of their own."""
    text = _AFTER_SENTENCE_SPACE.sub("\n", text)
    text = _COLON_BEFORE_ITEM.sub("\n", text)
    text = _HEADING_AFTER_SENTENCE.sub("\\g<0>\n", text)
    text = _SHORT_HEADING.sub(lambda m: f"{m['heading']}\n", text)
    text = _TITLE_AT_START.sub(lambda m: f"{m['title']}\n", text)
    text = _DATE_THEN_SPACE.sub("日\n", text)
    text = _SIGNATURE_AT_END.sub("\n", text)
    return _SECTION.sub("\n\\g<0>\n", text)
