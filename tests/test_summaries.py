"""The views of many reports at once: the overview, peers, data quality, each report's
data file and citation line, on the real archive plus two clones of one report under
other agencies of its kind (the bundled archive has no two agencies of one kind in one
year, and peers need them)."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml

from generator.kinds import KINDS, agency_kind
from generator.quality import HEADLINE_FIGURES, warning_kind

from conftest import ROOT
from site_helpers import BASE_URL, build, clone_entry

CLONES = {  # (region, agency): 本年新收申请 in place of 104
    ("广东省江门市", "江门市人民政府"): 218,
    ("广东省茂名市", "茂名市人民政府"): 104,
    ("广东省江门市", "江门市公共资源交易中心"): 9,  # of no kind kinds.py names
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("summaries")
    content, site = work / "content", work / "site"
    shutil.copytree(ROOT / "content", content)
    for (region, agency), requests in CLONES.items():
        clone_entry(content, region, agency, requests)
    result = build(content, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return content, site


def _fronts(content: Path) -> dict[str, dict]:
    return {path.relative_to(content).with_suffix("").as_posix():
            yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            for path in sorted(content.rglob("*.md"))}


def _cells(html: str, table_class: str) -> list[list[str]]:
    """The text of every body row's cells of the first table of that class."""
    table = html[html.index(f'<table class="{table_class}'):]
    body = table[table.index("<tbody>"):table.index("</tbody>")]
    return [[unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_agency_kinds_follow_the_documented_rule():
    assert agency_kind("平潭县人民政府") == "人民政府"
    assert agency_kind("丰满区旺起镇人民政府") == "乡镇人民政府"  # the longest name wins
    assert agency_kind("阳江市国有资产监督管理委员会") == "国有资产监督管理委员会"
    assert agency_kind("万盛经开区管理委员会") == "管理委员会"
    assert agency_kind("市国土资源局") == agency_kind("江门市自然资源局") == "自然资源局"  # before and after 2018
    assert agency_kind("贵州省环境保护厅") == agency_kind("平潭县生态环境局") == "生态环境局"
    assert agency_kind("东城区东华门街道办事处") == "街道办事处"
    assert agency_kind("人民政府") is None  # a kind's name alone names no agency
    assert agency_kind("平潭综合实验区旅游与文化体育局") == "文化和旅游局"
    assert agency_kind("某某市公安局交通警察支队") is None
    assert agency_kind("江北市公安局湖滨区分局") == "公安局"  # a branch is of its office's kind
    assert agency_kind("江北市生态环境局湖滨分局") == "生态环境局"
    assert agency_kind("江北市民族事务委员会(宗教事务局)") == "民族宗教事务局"  # a second name is left out
    assert agency_kind("某某市分局") is None
    assert agency_kind(None) is None
    names = [name for _, found in KINDS for name in found]
    assert len(names) == len(set(names))  # a name belongs to one kind


def _plain_overview(rows: list[dict]) -> dict[tuple[str, str], dict]:
    """Each year's and format group's sums, computed the plain way from data/reports.json."""
    groups = {"table-2021": "统一格式（2019年起）", "table-2019": "统一格式（2019年起）",
              "prose-pre2019": "2019年以前（数字取自正文）", "unknown": "格式不详"}
    found: dict[tuple[str, str], dict] = {}
    for row in rows:
        if row["year"] is None:
            continue
        sums = found.setdefault((str(row["year"]), groups[row["format"]]), {
            "reports": 0, "requests": 0, "requests_n": 0, "granted": 0, "decided": 0, "share_n": 0,
            "reviews": 0, "reviews_base": 0, "reviews_n": 0, "suits": 0, "suits_base": 0, "suits_n": 0})
        sums["reports"] += 1
        requests = row["requests_new"]
        if requests is not None:
            sums["requests"] += requests
            sums["requests_n"] += 1
        if None not in (row["results_granted"], row["results_partial"], row["results_total"]):
            sums["granted"] += row["results_granted"] + row["results_partial"]
            sums["decided"] += row["results_total"]
            sums["share_n"] += 1
        for name, key in (("reviews", "review_total"), ("suits", "litigation_total")):
            if row[key] is not None and requests is not None:
                sums[name] += row[key]
                sums[f"{name}_base"] += requests
                sums[f"{name}_n"] += 1
    return found


def _expected_row(year: str, group: str, sums: dict) -> list[str]:
    """The overview table's row as a reader sees it."""
    def per_hundred(top: int, bottom: int) -> str:
        return f"{top / bottom * 100:.2f}" if bottom else "—"
    return [year, group, f"{sums['reports']:,}", f"{sums['requests']:,}" if sums["requests_n"] else "—",
            str(sums["requests_n"]), f"{sums['granted'] / sums['decided'] * 100:.1f}%" if sums["decided"] else "—",
            str(sums["share_n"]), per_hundred(sums["reviews"], sums["reviews_base"]), str(sums["reviews_n"]),
            per_hundred(sums["suits"], sums["suits_base"]), str(sums["suits_n"])]


def test_overview_sums_what_data_reports_json_holds(archive):
    """Every row of the overview's table against a plain computation over the download."""
    _, site = archive
    plain = _plain_overview(json.loads((site / "data/reports.json").read_text(encoding="utf-8")))
    shown = _cells((site / "overview/index.html").read_text(encoding="utf-8"), "compare overview")
    assert len(shown) == len(plain)
    assert {(row[0], row[1]): row for row in shown} == {key: _expected_row(*key, sums) for key, sums in plain.items()}
    assert ("2019", "统一格式（2019年起）") in plain and len(shown) > 8


def test_peers_rank_agencies_of_one_kind_and_year(archive):
    _, site = archive
    page = (site / "peers/人民政府/2019/index.html").read_text(encoding="utf-8")
    table = _cells(page, "compare sortable")
    # most requests first; equal numbers share a rank
    assert [(row[0], row[2], row[3]) for row in table] == [
        ("江门市人民政府", "218", "1"), ("茂名市人民政府", "104", "2"), ("阳江市人民政府", "104", "2")]
    assert all(row[5] == "61.4%" and row[6] == "1" for row in table)  # the clones share 阳江's share granted
    agency = (site / "agencies/广东省茂名市/茂名市人民政府/index.html").read_text(encoding="utf-8")
    standing = _cells(agency[agency.index('aria-labelledby="peers"'):], "compare")
    assert standing == [["2019年的人民政府", "104", "第 2 位，共 3 个", "61.4%", "第 1 位，共 3 个"]]
    bars = dict((row[0], row[1]) for row in _cells(agency[agency.index('<table class="bars"'):], "bars"))
    assert bars["100–999"] == "3（本机关在此）" and bars["0"] == "0"
    index = (site / "peers/index.html").read_text(encoding="utf-8")
    assert 'href="/archive/peers/人民政府/2019/">3</a>' in index


def test_unclassified_agencies_are_listed(archive):
    content, site = archive
    agencies = {front["agency"] for front in _fronts(content).values() if front["agency"]}
    unclassified = sorted(name for name in agencies if agency_kind(name) is None)
    page = (site / "peers/unclassified/index.html").read_text(encoding="utf-8")
    listed = sorted(re.findall(r'<li><a href="/archive/agencies/[^"]+">([^<]+)</a>', page))
    assert listed == unclassified == ["江门市公共资源交易中心"]


def test_quality_counts_what_the_entries_say(archive):
    content, site = archive
    fronts = _fronts(content)
    page = (site / "quality/index.html").read_text(encoding="utf-8")
    rows = {row[0]: row for row in _cells(page, "compare quality")}
    table = page[page.index('<table class="compare quality'):]
    header = re.findall(r'<th scope="col" class="num">([^<]+)</th>', table[:table.index("</thead>")])
    years = header[1:]
    for rule in ("T3-A", "T3-B", "T3-C", "T4-A", "X-1"):
        hit = [f for f in fronts.values() if any(c["id"] == rule and c["result"] == "fails" for c in f["checks"])]
        row = next(r for name, r in rows.items() if name.startswith(rule + " "))
        assert int(row[1]) == len(hit), rule
        for year, count in zip(years, row[2:], strict=True):
            assert int(count) == sum(str(f["year"] or "年份不详") == year for f in hit), (rule, year)
    kinds = [warning_kind(w) for f in fronts.values() for w in set(f["warnings"])]
    for kind in set(kinds):
        assert int(rows[kind][1]) == len([f for f in fronts.values() if any(warning_kind(w) == kind
                                                                             for w in f["warnings"])]), kind
    assert warning_kind("统计表二第二十条第（一）项“行政规范性文件”：数字连在一起") == "统计表二"
    assert warning_kind("review_total：正文为 1，表格为 0，两者都保留") == "正文与表格不一致"
    assert warning_kind("随便写的一句话") == "其他"
    from generator.labels import FIGURE_NAMES
    for key in HEADLINE_FIGURES:
        lacking = sorted(stem for stem, f in fronts.items() if f["figures"].get(key) is None)
        assert int(rows[FIGURE_NAMES[key]][1]) == len(lacking), key
        if lacking:  # the problem's page lists exactly those entries
            listed = re.findall(r'<li><a href="/archive/reports/[^"]+">([^<]+)</a>',
                                (site / f"quality/missing/{key}/index.html").read_text(encoding="utf-8"))
            assert sorted(listed) == lacking, key


def test_failing_checks_on_the_quality_pages_link_to_their_anchors(archive):
    content, site = archive
    page = (site / "quality/checks/T3-B/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="/archive/(reports/[^"#]+)#(check-T3-B-[^"]+)">', page)
    assert links
    for dest, anchor in links:
        assert f'id="{anchor}"' in (site / dest / "index.html").read_text(encoding="utf-8")


def test_each_report_has_its_data_as_json_beside_its_page(archive):
    content, site = archive
    download = {row["id"]: row for row in json.loads((site / "data/reports.json").read_text(encoding="utf-8"))}
    for stem, front in _fronts(content).items():
        region, agency, year = stem.split("/")
        folder = site / "reports" / region / agency / year
        data = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        assert {k: v for k, v in data.items() if k not in ("tables", "checks", "warnings")} == download[stem]
        assert data["tables"] == front["tables"] and data["warnings"] == front["warnings"]
        assert [{k: v for k, v in c.items() if v is not None} for c in data["checks"]] == front["checks"]
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert f'href="/archive/reports/{region}/{agency}/{year}/index.json"' in page


def test_each_report_page_offers_a_citation_line(archive):
    content, site = archive
    for stem, front in _fronts(content).items():
        page = (site / "reports" / stem / "index.html").read_text(encoding="utf-8")
        line = unescape(re.search(r'<p class="citation">(.*?)</p>', page, re.S)[1])
        assert line.startswith(f"{front['agency'] or '机构不详'}：《{front['title']}》")
        assert (f"（{front['year']}年度）" in line) == bool(front["year"])
        assert f"{BASE_URL}reports/" in line and f"原文：{front['source_url'] or '原网址不详'}，" in line
        assert line.endswith(f"{front['retrieved']}收录。")
        for key in front["figures"]:
            assert f'<tr id="figure-{key}">' in page


def test_long_problem_lists_go_on_a_page_per_province(archive, tmp_path, monkeypatch):
    """Past PAGE_ROWS a problem's reports go on a page per province (split again where a
    province has more): together the pages list each report once, as the single page does,
    each page holds one province, and the first shows the counts."""
    from generator import render
    from generator.build import build_site
    content, site = archive
    monkeypatch.setattr(render, "PAGE_ROWS", 2)
    out = tmp_path / "site"
    build_site(content, out, BASE_URL)
    split = 0
    for first in sorted(out.glob("quality/*/*/index.html")):
        pages = [first, *sorted(first.parent.glob("page/*/index.html"), key=lambda p: int(p.parent.name))]
        single = re.findall(r'<li><a href="/archive/reports/[^"]+">([^<]+)</a>',
                            (site / first.relative_to(out)).read_text(encoding="utf-8"))
        shown = []
        for n, page in enumerate(pages):
            text = page.read_text(encoding="utf-8")
            listed = re.findall(r'<li><a href="/archive/reports/[^"]+">([^<]+)</a>', text)
            assert 0 < len(listed) <= 2
            assert len({province_of_stem(stem) for stem in listed}) == 1, page
            assert ("<caption>按省份</caption>" in text) == (n == 0)
            shown += listed
        assert shown == single, first
        split += len(pages) > 1
    assert split >= 3


def province_of_stem(stem: str) -> str:
    from generator.places import province_of

    region = stem.split("/")[0]
    return province_of(region) or region
