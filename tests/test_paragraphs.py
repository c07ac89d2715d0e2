"""Paragraphs run together by crawlers are put back on lines of their own."""

from __future__ import annotations

from generator.normalize import normalize_text
from generator.normalize.paragraphs import restore_paragraphs

from conftest import CORPUS, body

SECTIONS_2021 = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def _lines(name: str) -> list[str]:
    path = CORPUS[0].with_name(name)
    return normalize_text(path.read_text(encoding="utf-8")).text.split("\n")


def test_sections_of_a_flattened_2021_report_are_lines_of_their_own():
    lines = _lines("012.txt")
    assert [line for line in lines if line in SECTIONS_2021] == SECTIONS_2021


def test_sub_headings_start_lines():
    lines = _lines("012.txt")
    for start in ("（一）主动公开方面。", "（二）依申请公开方面。", "（五）监督保障方面。"):
        assert any(line.startswith(start) for line in lines), start


def test_short_heading_is_split_from_its_paragraph():
    lines = _lines("020.txt")
    assert lines[0] == "平潭县人民政府2012年政府信息公开工作年度报告"
    assert "一、概述" in lines
    assert any(line.startswith("推进政府信息公开工作是平潭县贯彻实施") for line in lines)


def test_signature_date_ends_its_line():
    lines = _lines("005.txt")
    assert "二○一三年一月二十日" in lines
    assert any(line.startswith("平潭综合实验区政府信息公开情况统计表") for line in lines)


def test_flattened_reports_get_many_paragraphs(corpus_report):
    raw = body(corpus_report.read_text(encoding="utf-8"))
    assert raw.strip().count("\n") == 0  # the crawler ran the whole page into one line
    assert normalize_text(raw).text.count("\n") >= 10


def test_table_digit_runs_are_not_split():
    text = "（七）总计14710000148四、结转下年度继续办理4200006"
    assert restore_paragraphs(text) == text


def test_sentence_end_without_space_inside_a_paragraph_stays():
    text = "全年共受理申请5件。均已按时答复。"
    assert restore_paragraphs(text) == text
