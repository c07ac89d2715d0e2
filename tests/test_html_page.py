"""A saved web page (what "save page" gives a maintainer) imports as the report it holds:
the same facts and figures as the report's text, none of the page around it."""

from __future__ import annotations

import html
import re

import pytest

from generator.importer import prepare
from generator.normalize import normalize_text
from generator.normalize.html_page import looks_like_page, page_to_report

from conftest import CORPUS

CHROME = ("无障碍浏览", "请输入关键词", "主办单位", "ICP备案号", "技术支持", "分享到", "document.write")


def saved_page(text: str) -> str:
    """The report of a crawler-style file on a typical agency page: header with navigation
    and search, breadcrumb, title and date outside the article, share bar, footer, scripts."""
    head, _, body = text.partition("正文 ====================\n")
    title = re.search(r"标题: *(.*)", head)[1]
    date = re.search(r"发布时间: *(\S+)", head)[1]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in body.splitlines() if line.strip())
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}-某市人民政府门户网站</title>
<style>.nav li {{ float: left }}</style><script>var _hmt = _hmt || [];</script></head>
<body><div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/wza/">无障碍浏览</a></li></ul><form><input placeholder="请输入关键词"><button>搜索</button></form></div>
<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 年报</div>
<div class="article"><h1 class="title">{html.escape(title)}</h1>
<div class="info">发布时间：{date} 来源：本网 【字体：大 中 小】 【打印】</div>
<div class="TRS_Editor">{paragraphs}</div><div class="share">分享到：微信 微博</div></div>
<div class="footer"><p>主办单位：某市人民政府办公室 地址：某市人民路1号 电话：0000-12345678</p>
<p>网站标识码：1234000001 ICP备案号：京ICP备12345678号</p><p>技术支持：某科技有限公司</p></div>
<script>document.write('统计');</script></body></html>"""


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_a_saved_page_imports_as_its_report(path, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(saved_page(path.read_text(encoding="utf-8")), encoding="utf-8")
    from_text, from_page = prepare(path).front, prepare(page).front
    keys = ("title", "agency", "region", "year", "published", "format", "figures")
    assert {k: from_page[k] for k in keys} == {k: from_text[k] for k in keys}
    text = prepare(page).body
    assert not [word for word in CHROME if word in text]


def test_plain_text_is_not_taken_for_a_page():
    assert not looks_like_page(CORPUS[0].read_text(encoding="utf-8"))
    assert looks_like_page("<!doctype html><p>x</p>") and looks_like_page("<HTML><body>")


def test_a_page_without_one_main_block_keeps_all_its_prose():
    scattered = "<html><body>" + "".join(f"<div>政府信息公开第{i}段。</div>" for i in range(10)) + "</body></html>"
    kept = page_to_report(scattered)
    assert kept is not None and "第9段" in kept[0]  # the body itself is the smallest holding it all
    assert "第0段" in normalize_text(scattered).text


def test_what_was_dropped_is_said():
    page = saved_page(CORPUS[0].read_text(encoding="utf-8"))
    removed = normalize_text(page).removed
    assert removed[0].startswith("网页外框")
