"""Mainland punctuation in Chinese text; URLs, e-mail addresses and numbers untouched."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from generator.normalize import normalize_text
from generator.normalize.punctuation import fix_punctuation, fix_width

from conftest import CORPUS, SEEDS, body, seed

URL_OR_EMAIL = re.compile(r"https?://[A-Za-z0-9./_\-?=&%#]+|www\.[A-Za-z0-9.\-]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}")
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


@pytest.mark.parametrize("path", CORPUS + SEEDS, ids=lambda p: p.name[:3])
def test_urls_and_emails_survive_unchanged(path):
    raw = path.read_text(encoding="utf-8")
    page = body(raw)
    report = normalize_text(raw)
    for address in URL_OR_EMAIL.findall(page):
        assert address in report.text


@pytest.mark.parametrize("path", CORPUS + SEEDS, ids=lambda p: p.name[:3])
def test_no_half_width_punctuation_between_chinese_characters(path):
    text = normalize_text(path.read_text(encoding="utf-8")).text
    assert not re.search(r"[\u4e00-\u9fff][,;:?!()\"][\u4e00-\u9fff]", text)
    assert "「" not in text and "」" not in text


def test_seed_commas_and_parentheses_become_full_width():
    text = normalize_text(seed("000").read_text(encoding="utf-8")).text
    assert "2019年，江门市土地储备中心依据" in text
    assert "（一）主动公开情况。" in text
    assert "目录系统（http://456150.com.cn/jmtdcb/gkmlpt/index）主动公开" in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("共1,234条,其中", "共1,234条，其中"),
        ("时间:2013-02-25 00:00", "时间：2013-02-25 00:00"),
        ("电话:23158668;传真:23158568", "电话：23158668；传真：23158568"),
        ("邮箱:24336243@163.com,网址:http://www.pingtan.gov.cn/a?b=1,2", "邮箱：24336243@163.com，网址：http://www.pingtan.gov.cn/a?b=1,2"),
        ('按照"先审查,后公开"原则', "按照“先审查，后公开”原则"),
        ("占比3.5%(上年2.1%)", "占比3.5%（上年2.1%）"),
        ("f(x) = 1, g(y) = 2", "f(x) = 1, g(y) = 2"),
        ("第3,4项", "第3,4项"),
    ],
)
def test_punctuation_cases(raw, expected):
    assert fix_punctuation(raw) == expected


def test_width_of_letters_digits_and_quotes():
    assert fix_width("２０１９年「政务公开」ＰＤＦ\u3000版") == "2019年“政务公开”PDF 版"


def test_numbers_are_never_altered(corpus_report):
    """Every number of the output stands in the input; only those in removed chrome
    (the breadcrumb's posting time, a trailing date) may go."""
    raw = body(corpus_report.read_text(encoding="utf-8"))
    before = Counter(NUMBER.findall(raw))
    after = Counter(NUMBER.findall(normalize_text(raw).text))
    assert after <= before
    assert sum(before.values()) - sum(after.values()) <= 6


def test_question_marks_where_full_width_spaces_were_lost():
    """A page re-encoded without its full-width spaces shows "??" where paragraphs were
    indented and "?" after a full stop; a question mark inside a sentence stays."""
    raw = "??2025年，全省发布信息2.96万条。?\n??\n??（一）主动公开方面。是否需要公开？需要。\n“中国?成都”门户网站。\n"
    text = normalize_text(raw).text
    assert text.split("\n")[0] == "2025年，全省发布信息2.96万条。"
    assert text.split("\n")[1] == "（一）主动公开方面。是否需要公开？需要。"
    assert "中国？成都" in text and len(text.split("\n")) == 3


def test_spaces_a_pdf_left_inside_words_go_only_from_such_a_text():
    """A PDF's text has a space every few dozen characters inside words; a report that only
    runs a heading into its paragraph keeps that one space (it ends the heading)."""
    pdf = (
        "本报告由某市住房和城乡建设 局综合全年信息公开情况编制而成。报告共分概述、主动公 开政府信息情况、"
        "依申请公开政府信息情况、因政府信息公 开申请行政复议的情况、政府信息公开机构 人员及经费情况七个部 分。\n"
        "2018 年度政府信息公开 年度报告 某市住房和城乡建设局\n"
    )
    text = normalize_text(pdf).text
    assert "由某市住房和城乡建设局综合" in text and "主动公开政府信息情况" in text and "七个部分" in text
    assert "2018 年度政府信息公开 年度报告 某市住房和城乡建设局" in text  # a title block keeps its parts
    heading = "（一）主动公开政府信息的数量 区直各部门对政府信息进行了梳理和编目，全年主动公开政府信息4970条。\n"
    assert "数量区直" not in normalize_text(heading * 3).text
