"""Attacks from the issue, tried as an attacker would: a script link through the crawler
header or an edited entry, a formula through an edited title. Each must be inert."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.data import csv_cell
from generator.markdown import render_body
from generator.urls import web_link

from conftest import CORPUS, ROOT
from site_helpers import build, parse_links

REPORT = CORPUS[0].with_name("012.txt")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)",
        "JavaScript:alert(1)",
        " \x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&amp;#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "https:evil.example",
        "http://",
        "http://exa mple.org/",
        "http://example.org/\u2028javascript:alert(1)",
        "",
        "www.gov.cn/a",  # no scheme: a relative link on our site, not the page meant
    ],
)
def test_anything_but_an_http_address_is_not_a_link(url):
    assert web_link(url) is None


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("http://www.gov.cn/zhengce/2021-01/a.htm?b=1&c=2", "http://www.gov.cn/zhengce/2021-01/a.htm?b=1&c=2"),
        ("HTTPS://Example.org/x", "https://Example.org/x"),
        ("  https://example.org/\n", "https://example.org/"),
        ("//www.pingtan.gov.cn/a", "https://www.pingtan.gov.cn/a"),
        ("http://example.org/a?b=1&amp;c=2", "http://example.org/a?b=1&c=2"),
        ("http://中国政府网.cn/", "http://中国政府网.cn/"),
    ],
)
def test_http_addresses_are_links_as_browsers_read_them(url, link):
    assert web_link(url) == link


def test_markdown_links_are_made_only_to_http_addresses():
    sections, _ = render_body(
        "[甲](javascript:alert(1)) [乙](JAVASCRIPT:alert(2)) [丙](https://www.gov.cn/) <data:x>\n"
    )
    html = "".join(section.html for section in sections)
    assert html.count("<a ") == 1 and 'href="https://www.gov.cn/"' in html
    assert "[甲](javascript:alert(1))" in html and "[乙](JAVASCRIPT:alert(2))" in html


def _import(tmp_path: Path, raw: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    source = tmp_path / "report.txt"
    source.write_text(raw, encoding="utf-8")
    content = tmp_path / "content"
    result = subprocess.run([sys.executable, "-m", "generator", "import", "--content", str(content), str(source)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    return result, content


def test_a_script_link_in_the_crawler_header_is_dropped_with_a_warning(tmp_path):
    raw = REPORT.read_text(encoding="utf-8")
    header_line = next(line for line in raw.splitlines() if line.startswith("原文链接"))
    hostile = raw.replace(header_line, "原文链接: javascript:alert(document.domain)", 1)
    result, content = _import(tmp_path, hostile)
    assert result.returncode == 0, result.stderr
    entry = next(content.rglob("*.md")).read_text(encoding="utf-8")
    assert "\nsource_url: null\n" in entry
    assert "原文链接：'javascript:alert(document.domain)' 不是 http(s) 网址，未采用" in entry
    site = tmp_path / "site"
    assert build(content, site).returncode == 0
    page = next(site.glob("reports/*/*/*/index.html")).read_text(encoding="utf-8")
    assert not [v for _, _, v in parse_links(page).links if "javascript" in v.lower()]


def test_a_script_link_edited_into_an_entry_is_refused_by_check_and_build(tmp_path):
    result, content = _import(tmp_path, REPORT.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    entry = next(content.rglob("*.md"))
    text = entry.read_text(encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("source_url:"))) + 1
    entry.write_text(text.replace(text.splitlines()[line - 1], "source_url: ' JavaScript:alert(1)'", 1),
                     encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 1
    assert f"{entry}:{line}: source_url must be an http(s) address or null" in check.stdout + check.stderr
    site = tmp_path / "site"
    built = build(content, site)
    assert built.returncode == 1 and f"{entry}:{line}:" in built.stdout + built.stderr
    assert not site.exists()


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil.example/","点击")', '\'=HYPERLINK("http://evil.example/","点击")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("平潭县人民政府", "平潭县人民政府"),
        (-5, -5),
        (2019, 2019),
        (0.25, 0.25),
        (None, ""),
    ],
)
def test_csv_cells_that_start_a_formula_are_text(value, cell):
    assert csv_cell(value) == cell


def _spreadsheet_cell(text: str) -> object:
    """How a spreadsheet program reads a CSV cell: a number if it parses as one, a formula
    if it starts with = + - @ (and is not a number), otherwise text."""
    try:
        return float(text)
    except ValueError:
        pass
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return ("formula", text)
    return text


def test_a_formula_in_a_title_reaches_the_downloads_as_text(tmp_path):
    result, content = _import(tmp_path, REPORT.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    entry = next(content.rglob("*.md"))
    formula = '=HYPERLINK("http://evil.example/","点击")'
    text = entry.read_text(encoding="utf-8")
    title_line = next(x for x in text.splitlines() if x.startswith("title:"))
    entry.write_text(text.replace(title_line, "title: " + json.dumps(formula, ensure_ascii=False), 1), encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr  # a strange title is data, not an error
    site = tmp_path / "site"
    assert build(content, site).returncode == 0
    for name in ("reports.csv", *(f"cells/{p.name}" for p in (site / "data" / "cells").iterdir())):
        rows = list(csv.reader(io.StringIO((site / "data" / name).read_text(encoding="utf-8-sig"))))
        cells = [_spreadsheet_cell(cell) for row in rows[1:] for cell in row]
        assert not [cell for cell in cells if isinstance(cell, tuple)], name
        assert any(isinstance(cell, float) for cell in cells), name  # numbers stay numbers
    reports = list(csv.DictReader(io.StringIO((site / "data" / "reports.csv").read_text(encoding="utf-8-sig"))))
    assert reports[0]["title"] == "'" + formula
    assert json.loads((site / "data" / "reports.json").read_text(encoding="utf-8"))[0]["title"] == formula
