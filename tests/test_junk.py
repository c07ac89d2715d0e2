"""Hosting-site junk goes; the facts it carried are kept for the parser."""

from __future__ import annotations

import pytest

from generator.normalize import normalize_text
from generator.normalize.junk import remove_junk, strip_markup

from conftest import CORPUS, body, seed

CHROME = ("当前位置", "微信 微博", "QQ空间", "附件下载", "文字版", "相关链接", "-->", "====", "原文链接", "本地目录")


def test_crawler_header_is_removed_and_its_facts_kept(corpus_report):
    raw = corpus_report.read_text(encoding="utf-8")
    report = normalize_text(raw)
    for junk in CHROME:
        assert junk not in report.text
    header = dict(line.split(": ", 1) for line in raw.split("\n")[:6] if ": " in line)
    assert report.facts["source_url"] == header["原文链接"]
    assert report.facts["published"] == header["发布时间"]
    assert report.facts["title"] == header["标题"]
    assert any(item.startswith("抓取程序附加的页头") for item in report.removed)


def test_breadcrumb_date_and_source_are_kept():
    report = normalize_text(CORPUS[0].with_name("005.txt").read_text(encoding="utf-8"))
    assert report.facts["page_date"] == "2013-02-25 00:00"
    assert report.facts["page_source"] == "平潭综合实验区管委会"
    assert report.text.startswith("平潭综合实验区管委会办公室")


def test_trailing_source_and_attachment_label_are_removed():
    report = normalize_text(CORPUS[0].with_name("014.txt").read_text(encoding="utf-8"))
    assert report.text.endswith("平潭综合实验区旅游与文化体育局 2020年1月2日")
    assert report.facts["page_source"] == "平潭综合实验区旅游与文化体育局"


def test_content_farm_preface_is_removed_and_its_date_is_not_the_report_date():
    report = normalize_text(seed("004").read_text(encoding="utf-8"))
    assert report.text.startswith("根据《中华人民共和国政府信息公开条例》的要求")
    assert "网友上传" not in report.text and "本站" not in report.text
    assert report.facts == {"farm_posted": "2022-06-30 03:34:00", "farm_title": "贯实国土局信息公开报告"}
    assert "published" not in report.facts


def test_footer_link_lists_are_removed():
    report = normalize_text(seed("002").read_text(encoding="utf-8"))
    assert report.text.endswith("六、其他需要报告的事项\n无。")
    for junk in ("相关词条", "热门词条", "联系我们", "联络我们"):
        assert junk not in report.text


def test_footer_marker_inside_prose_is_kept():
    text = (
        "一、总体情况\n上一篇报告提出的问题已经整改，本年度继续推进政府信息公开工作，"
        "取得了新的成效，群众满意度进一步提高。\n二、其他"
    )
    assert remove_junk(text).text == text


def test_leaked_word_markup_is_removed():
    raw = CORPUS[0].with_name("012.txt").read_text(encoding="utf-8")
    leaked = raw.replace("（一）主动公开方面", "<!--[if !supportLists]-->（一）<!--[endif]-->主动公开方面", 1)
    leaked = leaked.replace("（二）依申请公开方面", "</p><p class=MsoNormal>&nbsp;（二）依申请公开方面", 1)
    assert leaked != raw
    assert normalize_text(leaked).text == normalize_text(raw).text


def test_a_saved_html_page_reads_like_its_text():
    raw = body(CORPUS[0].with_name("012.txt").read_text(encoding="utf-8"))
    page = (
        "<html><head><title>平潭</title><style>p { color: red }</style></head><body>"
        "<script>var 信息公开 = 1;</script>" + raw.replace("\n", "<br>\n") + "</body></html>"
    )
    assert normalize_text(page).text == normalize_text(raw).text


def test_markup_like_text_that_is_not_a_tag_stays():
    text = "办理时限<5个工作日的申请3件，a<b"
    assert strip_markup(text) == (text, [])


@pytest.mark.parametrize(
    "line",
    ["微信 微博 QQ空间", "【打印本页】【关闭窗口】", "附件下载", "【字体：大 中 小】"],
)
def test_chrome_lines_are_removed(line):
    text = f"一、总体情况\n{line}\n本年度政府信息公开工作稳步推进。"
    assert remove_junk(text).text == "一、总体情况\n本年度政府信息公开工作稳步推进。"
