"""Search semantics in Python: folding, words, exact matching (search.js mirrors these)."""

from __future__ import annotations

import opencc
import pytest

from generator.index import FIELD_SEPARATOR, body_text, fold, fold_map, query_words, search, visible_text
from generator.markdown import render_body


def test_fold_map_comes_from_opencc_dictionaries():
    table = fold_map()
    assert table["發"] == "发" and table["們"] == "们" and table["議"] == "议"
    assert table["於"] == "于於" and table["乾"] == "干乾"  # OpenCC keeps 於 and 乾 as simplified too
    assert table["衞"][0] == "卫"  # a Hong Kong variant, through its standard form
    assert "信" not in table and "公" not in table  # the same in both scripts


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("行政複議", "行政复议"),
        ("依申請公開", "依申请公开"),
        ("ＰＤＦ２０１９", "PDF2019"),
        ("關於", "关于"),
        ("顯著", "显著"),
    ],
)
def test_traditional_and_full_width_queries_fold_to_what_reports_write(typed, expected):
    assert expected in fold(typed)


def test_full_width_punctuation_is_kept():
    assert fold("（一）：") == ["（一）："]


def test_simplified_queries_are_kept_as_typed():
    assert fold("行政复议") == ["行政复议"]
    assert fold("著名")[-1] == "著名"


def test_every_traditional_form_opencc_makes_folds_back():
    s2t = opencc.OpenCC("s2t").convert
    for phrase in ("政府信息公开工作年度报告", "收到和处理政府信息公开申请情况", "本机关不掌握相关政府信息",
                   "结转下年度继续办理"):
        assert phrase in fold(s2t(phrase))


def test_words_are_separated_by_any_whitespace():
    assert query_words("  行政复议\u3000诉讼 ") == [["行政复议"], ["诉讼"]]
    assert query_words("   ") == []


TEXTS = [
    FIELD_SEPARATOR.join(["阳江市人民政府2019年报告", "阳江市人民政府", "广东省阳江市",
                          "行政复议23件，行政诉讼23件。"]),
    FIELD_SEPARATOR.join(["平潭县2012年报告", "平潭县人民政府", "福建省平潭县", "未收到行政复议申请。"]),
    FIELD_SEPARATOR.join(["报告", "某局", "某省", "行政诉讼1件。"]),
]


def test_every_word_must_occur():
    assert search(TEXTS, "行政复议") == [0, 1]
    assert search(TEXTS, "行政复议 诉讼") == [0]
    assert search(TEXTS, "行政複議 平潭") == [1]
    assert search(TEXTS, "没有这个词") == []
    assert search(TEXTS, "") == []


def test_a_match_never_spans_two_fields():
    assert search(TEXTS, "县人民政府福建") == []
    assert search(TEXTS, "平潭县人民政府") == [1]


def test_body_text_is_what_the_page_shows_without_whitespace():
    sections, _ = render_body("## 一、总体情况\n\n1\\. 加强\\*管理\\* <b>x</b> a&b&amp;c\u3000d")
    assert body_text(sections) == "一、总体情况1.加强*管理*<b>x</b>a&b&cd"
    text, where = visible_text("<p>甲 <a href='x'>乙</a>&lt;</p>")
    assert text == "甲乙<" and where.tolist() == [3, 17, 22]
