"""What a reader sees: the real archive built under a subpath, opened in headless Chromium.

Every page type is opened, read and checked with axe-core (no violations); every page is
validated with html-validate (no errors). Chromium is Debian's, the tools are the ones
tests/node/package-lock.json pins; `python3 dev.py test` installs both.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from generator.build import load_catalog
from generator.urls import Urls

from conftest import ROOT
from site_helpers import BASE_URL, SubpathServer, build, site_file

NODE = ROOT / "tests" / "node"
AXE = NODE / "node_modules" / "axe-core" / "axe.min.js"
HTML_VALIDATE = NODE / "node_modules" / ".bin" / "html-validate"
# Every result of a query, described: the urls a plain scan must equal.
ALL_URLS = "async q => (await reportSearch.details(await reportSearch.query(q))).map(r => r.url)"
REPORT = "reports/福建省平潭综合实验区/平潭综合实验区管理委员会/2025/"
AGENCY = "agencies/福建省平潭综合实验区/平潭综合实验区管理委员会/"
YEAR = "years/2019/"
PAGES = {
    "home": "", "report": REPORT, "agency": AGENCY, "year": YEAR, "region": "regions/广东省阳江市/", "about": "about/",
    "overview": "overview/", "peers": "peers/", "quality": "quality/",
}
# The overview's table, computed again in the reader's browser from the download: each
# year's and format group's reports, the sums and their counts, formatted as the page does.
PLAIN_OVERVIEW = """async () => {
  const rows = await (await fetch("../data/reports.json")).json();
  const groups = {"table-2021": "统一格式（2019年起）", "table-2019": "统一格式（2019年起）",
                  "prose-pre2019": "2019年以前（数字取自正文）", "unknown": "格式不详"};
  const sums = {};
  for (const r of rows) {
    if (r.year === null) continue;
    const key = r.year + " " + groups[r.format];
    const s = sums[key] = sums[key] || {year: String(r.year), group: groups[r.format], reports: 0, requests: 0,
      requestsN: 0, granted: 0, decided: 0, shareN: 0, reviews: 0, reviewsBase: 0, reviewsN: 0, suits: 0,
      suitsBase: 0, suitsN: 0};
    s.reports += 1;
    if (r.requests_new !== null) { s.requests += r.requests_new; s.requestsN += 1; }
    if (r.results_granted !== null && r.results_partial !== null && r.results_total !== null) {
      s.granted += r.results_granted + r.results_partial; s.decided += r.results_total; s.shareN += 1;
    }
    if (r.review_total !== null && r.requests_new !== null) {
      s.reviews += r.review_total; s.reviewsBase += r.requests_new; s.reviewsN += 1;
    }
    if (r.litigation_total !== null && r.requests_new !== null) {
      s.suits += r.litigation_total; s.suitsBase += r.requests_new; s.suitsN += 1;
    }
  }
  const n = v => v.toLocaleString("en-US");
  const per100 = (a, b) => b ? (a / b * 100).toFixed(2) : "—";
  const expected = Object.values(sums).map(s => [s.year, s.group, n(s.reports), s.requestsN ? n(s.requests) : "—",
    String(s.requestsN), s.decided ? (s.granted / s.decided * 100).toFixed(1) + "%" : "—", String(s.shareN),
    per100(s.reviews, s.reviewsBase), String(s.reviewsN), per100(s.suits, s.suitsBase), String(s.suitsN)]);
  const shown = Array.from(document.querySelectorAll("table.overview tbody tr"),
                           tr => Array.from(tr.cells, cell => cell.textContent.trim()));
  return {expected, shown};
}"""
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    result = build(ROOT / "content", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def server(site):
    with SubpathServer(site) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is needed: python3 dev.py test installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    opened = context.new_page()
    foreign: list[str] = []
    errors: list[str] = []

    def route(request_route) -> None:
        if request_route.request.url.startswith(server.origin):
            request_route.continue_()
        else:
            foreign.append(request_route.request.url)
            request_route.abort()

    opened.route("**/*", route)
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.console_errors = errors  # a test expecting an error (a 404) takes it off this list
    yield opened
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert errors == [], f"console errors: {errors}"


def _open(page, server, dest: str):
    response = page.goto(server.url(dest))
    assert response is not None and response.status == 200, dest
    return page


@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violations(page, server, name):
    _open(page, server, PAGES[name])
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []


def test_home_shows_counts_and_ways_in(page, server):
    _open(page, server, "")
    assert page.locator("h1").inner_text() == "政府信息公开工作年度报告库"
    counts = page.locator(".counts dd").all_inner_texts()
    assert counts[0] == str(len(list((ROOT / "content").rglob("*.md"))))
    page.get_by_role("link", name="按年份浏览").first.click()
    assert page.url.endswith("/archive/years/")


def test_report_reads_as_a_report(page, server):
    _open(page, server, REPORT)
    assert page.locator("h1").inner_text() == "平潭综合实验区2025年度政府信息公开工作年度报告"
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("script").count() == 0
    t3 = page.locator("table.t3")
    assert t3.locator("caption").inner_text() == "三、收到和处理政府信息公开申请情况"
    first_row = t3.locator("tbody tr").first.locator("td").all_inner_texts()
    assert first_row == ["151", "3", "0", "0", "0", "0", "154"]
    assert page.locator("#checks + p").inner_text().startswith("共 45 项核对：45 项成立，0 项不成立。")
    # the table sits under its own section of the text
    heading = page.locator("h2", has_text="三、收到和处理政府信息公开申请情况")
    assert heading.count() == 1
    assert page.locator("h2:has-text('三、收到和处理政府信息公开申请情况') ~ section table.t3").count() == 1
    page.get_by_role("link", name="← 2024年报告").click()
    assert "/2024/" in page.url


def test_keyboard_reaches_the_skip_link_first(page, server):
    _open(page, server, REPORT)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")  # the fragment navigation may land after the key press returns


def test_agency_page_has_trend_table_and_chart(page, server):
    _open(page, server, AGENCY)
    rows = page.locator("table.compare tbody tr")
    assert rows.count() >= 7
    chart = page.locator("svg.chart")
    assert chart.get_attribute("role") == "img"
    assert "历年主要数字" in chart.locator("title").text_content()


def test_overview_numbers_are_a_plain_computation_over_the_download(page, server):
    _open(page, server, "overview/")
    found = page.evaluate(PLAIN_OVERVIEW)
    key = lambda row: (row[0], row[1])  # noqa: E731
    assert len(found["shown"]) == len(found["expected"]) > 8
    assert sorted(found["shown"], key=key) == sorted(found["expected"], key=key)
    assert page.locator("svg#share-chart, svg[aria-labelledby='share-chart']").count() == 1
    assert "n=" in page.locator("svg[aria-labelledby='share-chart']").text_content()  # coverage on the chart


def test_home_shows_the_headline_chart_with_its_numbers(page, server):
    _open(page, server, "")
    chart = page.locator("svg[aria-labelledby='home-share-chart']")
    assert "比例" in chart.locator("title").text_content()
    rows = page.locator("section[aria-labelledby='at-a-glance'] table tbody tr")
    assert rows.count() >= 5
    page.get_by_role("link", name="总览").first.click()
    assert page.url.endswith("/archive/overview/")


def test_year_page_sorts_by_any_column(page, server):
    _open(page, server, YEAR)
    table = page.locator("table.sortable")
    before = table.locator("tbody th").all_inner_texts()
    table.locator("thead th").nth(2).get_by_role("button").click()
    assert table.locator("thead th").nth(2).get_attribute("aria-sort") == "ascending"
    values = [int(v.replace(",", "")) for v in table.locator("tbody tr td:nth-child(3)").all_inner_texts() if v != "—"]
    assert values == sorted(values)
    table.locator("thead th").nth(2).get_by_role("button").click()
    after = table.locator("tbody th").all_inner_texts()
    assert sorted(after) == sorted(before)


def test_missing_pages_get_the_404_page_with_working_links(page, server):
    response = page.goto(server.url("reports/no/such/page/"))
    assert response.status == 404
    assert page.console_errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    page.console_errors.clear()
    page.get_by_role("link", name="按地区浏览").click()
    assert page.url.endswith("/archive/regions/") and page.locator("h1").inner_text() == "按地区浏览"


def test_every_page_is_valid_html(site):
    pages = sorted(str(p) for p in site.rglob("*.html"))
    status, report = _html_validate(pages)
    assert status == 0 and ": error " not in report, report[:4000]


def _html_validate(pages) -> tuple[int, str]:
    """html-validate's exit status and report on the pages ("path:line:col: error [rule]
    message" lines): text, not JSON, since node may cut a long report off at 64 KB when it
    exits, mid-character."""
    result = subprocess.run(
        [str(HTML_VALIDATE), "--config", str(NODE / ".htmlvalidate.json"), "--formatter", "text", *map(str, pages)],
        capture_output=True, cwd=NODE,
    )
    return result.returncode, (result.stdout + result.stderr).decode("utf-8", errors="replace")


def _searchable_texts(site: Path) -> dict[str, str]:
    """Each report's searchable text (title, agency, region, body), from the archive itself
    rather than from the index under test."""
    catalog, texts = load_catalog(ROOT / "content")
    urls = Urls.from_base(BASE_URL)
    return {urls.path(r.dest): texts[r.stem] for r in catalog.reports}


def test_random_substrings_find_exactly_the_reports_that_contain_them(page, server, site):
    """Random pieces of report text, some typed in traditional characters, against a plain
    substring scan of every report's text."""
    import random

    import opencc

    s2t = opencc.OpenCC("s2t").convert
    texts = _searchable_texts(site)
    rng = random.Random(20261123)
    queries = []
    for _ in range(150):
        url = rng.choice(sorted(texts))
        body = texts[url].split("\u0001")[3]
        length = rng.choice([2, 2, 3, 4, 6, 10])
        start = rng.randrange(0, max(1, len(body) - length))
        piece = body[start:start + length]
        queries.append((piece, s2t(piece) if rng.random() < 0.4 else piece))
    _open(page, server, "search/")
    for simplified, typed in queries:
        expected = sorted(url for url, text in texts.items() if simplified in text)
        got = page.evaluate(ALL_URLS, typed)
        assert sorted(got) == expected, (simplified, typed)
        assert len(got) == len(set(got))


def test_snippets_cut_from_report_pages_show_the_match(page, server, site):
    """A snippet is read from a piece of the report's page (search_index: the details say
    where each piece begins): for random pieces of report text, every result shown whose
    page shows the words marks them in its snippet."""
    import random
    from urllib.parse import quote

    from generator.index import visible_text

    texts = _searchable_texts(site)
    shown = {url: visible_text(site_file(site, url).read_text(encoding="utf-8"))[0] for url in texts}
    rng = random.Random(20261203)
    marked = 0
    for _ in range(16):
        body = texts[rng.choice(sorted(texts))].split("\u0001")[3]
        length = rng.choice([3, 4, 6, 8])
        start = rng.randrange(0, max(1, len(body) - length))
        q = body[start:start + length]
        _open(page, server, "search/?q=" + quote(q))
        page.locator("#search-status").filter(has_text="找到").wait_for()
        results = page.locator(".search-result")
        for i in range(min(4, results.count())):
            result = results.nth(i)
            result.scroll_into_view_if_needed()
            snippet = result.locator(".snippet")
            page.wait_for_function("s => s.textContent.length > 0", arg=snippet.element_handle())
            url = result.locator("a").get_attribute("href")
            if q in shown[url]:
                assert snippet.locator("mark").inner_text() == q, (q, url, snippet.inner_text())
                marked += 1
    assert marked >= 16


def test_search_page_with_the_keyboard(page, server):
    _open(page, server, "")
    page.get_by_label("搜索全部报告").fill("行政複議")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    status = page.locator("#search-status")
    status.filter(has_text="找到").wait_for()
    results = page.locator(".search-result")
    assert results.count() >= 5
    first = results.first
    assert first.locator("a").get_attribute("href").startswith("/archive/reports/")
    assert first.locator("mark").inner_text() == "行政复议"
    total = int(status.inner_text().split()[1])
    assert total == results.count()
    page.select_option("#filter-year", "2019")
    status.filter(has_text="筛选后").wait_for()
    assert all("2019年" in meta for meta in page.locator(".search-result .meta").all_inner_texts())
    page.select_option("#filter-year", "")
    status.filter(has_text=re.compile(r"^找到 \d+ 篇报告。$")).wait_for()
    provinces = page.locator("#filter-province option").all_inner_texts()[1:]
    assert len(provinces) >= 2 and "广东省" in provinces
    page.select_option("#filter-province", "广东省")
    status.filter(has_text="筛选后").wait_for()
    regions = [meta.split(" · ")[1] for meta in page.locator(".search-result .meta").all_inner_texts()]
    assert regions and all(region.startswith("广东省") for region in regions)


def test_a_query_reads_index_files_by_ranges_not_whole(page, server):
    """The document array and the answers are large files, and a snippet is a piece of a
    report's page: a query reads the bytes it needs from them with range requests, and
    shows highlighted snippets."""
    responses = []
    page.on("requestfinished", lambda request: responses.append((request.url, request.response().status)))
    _open(page, server, "search/?q=%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80")  # 信息公开
    page.locator("#search-status").filter(has_text="找到").wait_for()
    page.locator(".search-result mark").first.wait_for()
    page.wait_for_load_state("networkidle")
    large = [(url, status) for url, status in responses if url.endswith(("docs.bin", "wide.bin"))]
    pages = [(url, status) for url, status in responses if "/reports/" in url]
    assert large and pages and all(status == 206 for _, status in large + pages), large + pages
    assert page.locator(".search-result mark").first.inner_text() == "信息公开"


def test_search_links_run_on_load_and_say_when_nothing_matches(page, server):
    _open(page, server, "search/?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E7%A7%8D%E8%AF%8D%E8%AF%AD")
    page.locator("#search-status").filter(has_text="没有找到").wait_for()
    assert page.locator(".search-result").count() == 0
    assert page.locator("#q").input_value() == "没有这种词语"


def test_search_ranks_title_and_agency_matches_first(page, server):
    _open(page, server, "search/")
    results = page.evaluate("""async () => (await reportSearch.details(await reportSearch.query('阳江市')))
        .map(r => ({url: r.url, title: r.title, agency: r.agency, region: r.region, year: r.year}))""")
    assert results[0]["agency"] == "阳江市人民政府"
    assert {"url", "title", "agency", "year"} <= set(results[0])


def test_search_page_has_no_accessibility_violations(page, server):
    _open(page, server, "search/?q=%E5%A4%8D%E8%AE%AE")
    page.locator(".search-result").first.wait_for()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"]] == []


def test_every_page_has_no_accessibility_violations(page, server, site):
    pages = sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))
    assert len(pages) > 40
    found = {}
    for dest in pages:
        if dest == "404.html":
            continue
        _open(page, server, dest)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        if result["violations"]:
            found[dest] = [v["id"] for v in result["violations"]]
    assert found == {}


@pytest.fixture(scope="module")
def incremental_site(tmp_path_factory) -> tuple[Path, Path]:
    """The archive built, then one report edited and one deleted, each time updated in place
    with the build cache: the index is a base segment, a delta segment and deletions."""
    from generator import segments
    from generator.build import build_site

    work = tmp_path_factory.mktemp("incremental")
    content, site = work / "content", work / "site"
    shutil.copytree(ROOT / "content", content)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "MERGE_SHARE", 1.0)
        build_site(content, site, BASE_URL, jobs=1, cache=work / ".cache")
        entries = sorted(content.rglob("*.md"))
        entries[0].write_text(entries[0].read_text(encoding="utf-8") + "\n补充说明：新增一段文字。\n", encoding="utf-8")
        for path in entries[-1].parent.glob(entries[-1].stem + ".*"):
            path.unlink()
        build_site(content, site, BASE_URL, jobs=1, cache=work / ".cache")
    manifest = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["segments"]) == 2 and len(manifest["deleted"][0]) == 2
    return content, site


def test_search_over_segments_and_deletions_finds_exactly_the_reports(browser, incremental_site):
    """search.js over a base segment, a delta and deletions, against a plain scan of the
    archive's texts: random substrings, some typed in traditional characters."""
    import random

    import opencc

    from generator.index import search

    content, site = incremental_site
    catalog, texts = load_catalog(content)
    urls = Urls.from_base(BASE_URL)
    by_url = sorted((urls.path(r.dest), texts[r.stem]) for r in catalog.reports)
    s2t = opencc.OpenCC("s2t").convert
    rng = random.Random(20261202)
    queries = ["补充说明", "新增一段文字"]
    while len(queries) < 80:
        body = rng.choice(by_url)[1].split("\u0001")[3]
        length = rng.choice([2, 3, 4, 6, 10])
        start = rng.randrange(0, max(1, len(body) - length))
        piece = body[start:start + length]
        queries.append(s2t(piece) if rng.random() < 0.4 else piece)
    with SubpathServer(site) as running:
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(running.url("search/"))
        for q in queries:
            expected = sorted(by_url[i][0] for i in search([text for _, text in by_url], q))
            got = page.evaluate(ALL_URLS, q)
            assert sorted(got) == expected and len(got) == len(set(got)), q
        assert len(page.evaluate("async q => await window.reportSearch.query(q)", "新增一段文字")) == 1
        context.close()


@pytest.fixture(scope="module")
def split_site(tmp_path_factory) -> Path:
    """The archive with every long list split (limits of 1): pagers on every list page."""
    from generator import render
    from generator.build import build_site

    out = tmp_path_factory.mktemp("split") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "PAGE_ROWS", 1)
        patch.setattr(render, "PAGE_AGENCIES", 1)
        build_site(ROOT / "content", out, BASE_URL)
    return out


def test_pages_of_split_lists_are_valid_and_accessible(split_site, browser):
    """The pages a long year, region, province or data quality list is split into (with two
    pagers each) pass html-validate and axe-core like every other page."""
    split = sorted({p.parent.parent.parent for p in split_site.rglob("page/*/index.html")})
    pages = [p for folder in split for p in [folder / "index.html", *sorted(folder.glob("page/*/index.html"))]]
    assert {p.relative_to(split_site).parts[0] for p in pages} == {"years", "regions", "agencies", "quality"}
    status, report = _html_validate(pages)
    assert status == 0 and ": error " not in report, report[:4000]
    found = {}
    with SubpathServer(split_site) as server:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        opened = context.new_page()
        for path in pages:
            dest = path.parent.relative_to(split_site).as_posix() + "/"
            _open(opened, server, dest)
            opened.add_script_tag(path=str(AXE))
            violations = opened.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            if violations["violations"]:
                found[dest] = [v["id"] for v in violations["violations"]]
        context.close()
    assert found == {}
