"""`build` end to end: the real archive, under a subpath, deterministic, safe."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from search_reader import Reader

from generator.build import load_catalog
from generator.data import report_cells
from generator.index import FIELD_SEPARATOR, visible_text

from conftest import CORPUS, ROOT
from site_helpers import BASE_PATH, BASE_URL, build, is_internal, parse_links, site_file, tree

CONTENT = ROOT / "content"
ENTRY_COUNT = len(list(CONTENT.rglob("*.md")))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    result = build(CONTENT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("built ")
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_report_has_a_page_and_its_original(site):
    reports = sorted(site.glob("reports/*/*/*/index.html"))
    assert len(reports) == ENTRY_COUNT
    for page in reports:
        assert (page.parent / "source.txt").read_text(encoding="utf-8").strip()
    assert (site / "404.html").exists() and (site / "robots.txt").exists()


def test_checks_are_summed_per_rule_and_every_check_has_its_own_anchor(site):
    """The page's checks table has one row per rule whose counts are the entry's checks;
    every check has one anchor on the page (a citation can point at it), and every failing
    one is listed with both sides under it."""
    import yaml

    failing_pages = 0
    for entry in sorted(CONTENT.rglob("*.md")):
        checks = yaml.safe_load(entry.read_text(encoding="utf-8").split("---\n")[1]).get("checks") or []
        if not checks:
            continue
        page = site / "reports" / entry.relative_to(CONTENT).with_suffix("") / "index.html"
        page = page.read_text(encoding="utf-8")
        rows = re.findall(r'<tr id="check-([^"]+)"><th scope="row">[^<]+</th><td class="num">(\d+)</td>'
                          r'<td>(\d+)(?:：.*?)?</td><td class="num">(?:<span class="fails">)?(\d+)', page)
        expected = {}
        for check in checks:
            total, holds, fails = expected.get(check["id"], (0, 0, 0))
            result = check["result"]
            expected[check["id"]] = (total + 1, holds + (result == "holds"), fails + (result == "fails"))
        assert {rule: tuple(map(int, counts)) for rule, *counts in rows} == expected, entry
        for check in checks:
            anchor = f'check-{check["id"]}-{check["where"].replace(".", "-")}'
            assert page.count(f'id="{anchor}"') == 1, (entry, anchor)
            if check["result"] == "fails":
                item = re.search(f'<li id="{anchor}">(.*?)</li>', page)
                assert item and f"一边是 {check['left']:,}" in item[1] and f"另一边是 {check['right']:,}" in item[1]
                failing_pages += 1
    assert failing_pages >= 3


def test_every_internal_link_and_anchor_resolves_under_the_subpath(site):
    broken = []
    ids = {page: parse_links(page.read_text(encoding="utf-8")).ids for page in _pages(site)}
    for page in _pages(site):
        for tag, attribute, value in parse_links(page.read_text(encoding="utf-8")).links:
            if not is_internal(value):
                continue
            path, _, fragment = value.partition("#")
            target = page if not path else site_file(site, path)
            if target is None:
                broken.append(f"{page.relative_to(site)}: {value}")
            elif fragment and target.suffix == ".html" and fragment not in ids[target]:
                broken.append(f"{page.relative_to(site)}: {value} (no such anchor)")
            assert not path or path.startswith(BASE_PATH), value
    assert broken == []


def test_nothing_is_loaded_from_another_host(site):
    for page in _pages(site):
        for tag, attribute, value in parse_links(page.read_text(encoding="utf-8")).links:
            if tag in ("link", "script", "img", "iframe", "source", "video", "audio") and not (
                tag == "link" and value.startswith(BASE_URL)
            ):
                assert is_internal(value), f"{page}: <{tag} {attribute}={value}>"
            if tag == "a" and not is_internal(value):
                assert value.startswith(("https://", "http://")), value  # the report's source page
    for css in site.glob("assets/*.css"):
        text = css.read_text(encoding="utf-8")
        assert "url(" not in text and "@import" not in text and "@font-face" not in text


def test_report_pages_need_no_javascript_and_assets_carry_hashes(site):
    for page in site.glob("reports/*/*/*/index.html"):
        assert "<script" not in page.read_text(encoding="utf-8")
    names = [p.name for p in (site / "assets").iterdir()]
    assert all(len(name.split(".")) == 3 and len(name.split(".")[1]) == 10 for name in names), names


def _main_links(page: Path) -> list[str]:
    """The site paths a page's main part links to."""
    main = page.read_text(encoding="utf-8").split('id="main"')[1].split("</main>")[0]
    return [unquote(value.removeprefix(BASE_PATH)) for _, attribute, value in parse_links(main).links
            if attribute == "href" and is_internal(value)]


def test_agency_lists_are_one_page_per_province_reaching_every_agency(site):
    """agencies/ links a page per province; together they link each agency page once."""
    links = _main_links
    provinces = [link for link in links(site / "agencies/index.html") if link.startswith("agencies/")]
    assert "agencies/福建省/" in provinces and "agencies/地区不详/" in provinces
    listed = [link for province in provinces for link in links(site / province / "index.html")
              if link.startswith("agencies/")]
    agencies = sorted(f"{p.parent.relative_to(site).as_posix()}/" for p in site.glob("agencies/*/*/index.html"))
    assert sorted(listed) == agencies


def test_regions_list_a_page_per_province_reaching_every_region(site):
    """regions/ links each province's page (its regions with their agencies): one list of
    every region was 590 KB at 10,000 reports."""
    provinces = [link for link in _main_links(site / "regions/index.html") if link.startswith("agencies/")]
    listed = {link for province in provinces for link in _main_links(site / province / "index.html")
              if link.startswith("regions/")}
    regions = {f"{p.parent.relative_to(site).as_posix()}/" for p in site.glob("regions/*/index.html")}
    assert provinces and listed == regions


def test_long_lists_are_split_into_pages_holding_each_item_once(site, tmp_path, monkeypatch):
    """Beyond PAGE_ROWS reports a year's or region's table, beyond PAGE_AGENCIES agencies a
    province's list (whole regions), goes on numbered pages (page/2/, ...), each linking
    every other, all in the sitemap; together they show what the single page shows (here
    with limits of 1, against the same archive built with the usual ones)."""
    from generator import render
    from generator.build import build_site

    monkeypatch.setattr(render, "PAGE_ROWS", 1)
    monkeypatch.setattr(render, "PAGE_AGENCIES", 1)
    out = tmp_path / "site"
    build_site(CONTENT, out, BASE_URL)
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    firsts = [*out.glob("years/*/index.html"), *out.glob("regions/*/index.html"), *out.glob("agencies/*/index.html")]
    split = set()
    for first in sorted(firsts):
        pages = [first, *sorted(first.parent.glob("page/*/index.html"))]
        dests = [page.parent.relative_to(out).as_posix() + "/" for page in pages]
        kind, depth = ("agencies/", 3) if dests[0].startswith("agencies/") else ("reports/", 4)
        shown = []
        for page, dest in zip(pages, dests, strict=True):
            links = _main_links(page)
            assert set(dests) - {dest} <= set(links)  # the pager reaches every other page
            assert BASE_URL + quote(dest) in sitemap
            shown += [link for link in links if link.startswith(kind) and link.count("/") == depth]
        if len(pages) > 1:
            split.add(dests[0].split("/")[0])
        single = [link for link in _main_links(site / dests[0] / "index.html")
                  if link.startswith(kind) and link.count("/") == depth]
        assert single and sorted(shown) == sorted(single) and len(shown) == len(set(shown))
    assert split == {"years", "regions", "agencies"}


def test_the_same_archive_gives_a_byte_identical_site(site, tmp_path):
    again = tmp_path / "again"
    assert build(CONTENT, again).returncode == 0
    assert tree(again) == tree(site)


def test_404_page_links_work_from_any_depth(site):
    links = [v for _, _, v in parse_links((site / "404.html").read_text(encoding="utf-8")).links
             if is_internal(v) and not v.startswith("#")]
    assert len(links) >= 5 and all(v.startswith(BASE_PATH) for v in links)


def test_sitemap_and_feed_use_the_full_base_url(site):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "a": "http://www.w3.org/2005/Atom"}
    urls = [e.text for e in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)]
    assert urls and all(u.startswith(BASE_URL) for u in urls)
    assert len([u for u in urls if "/reports/" in u]) == ENTRY_COUNT
    feed = ET.parse(site / "feed.xml").getroot()
    entries = feed.findall("a:entry", namespace)
    assert len(entries) == min(50, ENTRY_COUNT)
    assert all(e.find("a:id", namespace).text.startswith(BASE_URL) for e in entries)
    assert (site / "robots.txt").read_text().endswith(f"Sitemap: {BASE_URL}sitemap.xml\n")


def test_downloads_describe_every_report_and_cell(site):
    rows = list(csv.DictReader(io.StringIO((site / "data/reports.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == ENTRY_COUNT
    by_url = {row["url"]: row for row in rows}
    row = by_url[
        f"{BASE_URL}reports/"
        "%E7%A6%8F%E5%BB%BA%E7%9C%81%E5%B9%B3%E6%BD%AD%E7%BB%BC%E5%90%88%E5%AE%9E%E9%AA%8C%E5%8C%BA/"
        "%E5%B9%B3%E6%BD%AD%E7%BB%BC%E5%90%88%E5%AE%9E%E9%AA%8C%E5%8C%BA"
        "%E7%AE%A1%E7%90%86%E5%A7%94%E5%91%98%E4%BC%9A/2025/"
    ]
    assert (row["requests_new"], row["results_total"], row["disclosure_rate"]) == ("154", "148", "0.47973")
    assert json.loads((site / "data/reports.json").read_text(encoding="utf-8"))[0].keys() == rows[0].keys()
    cells = list(csv.DictReader(io.StringIO((site / "data/cells/2025.csv").read_text(encoding="utf-8-sig"))))
    assert row["id"] == "福建省平潭综合实验区/平潭综合实验区管理委员会/2025"
    line = next(c for c in cells if c["report"] == row["id"])
    assert (line["format"], line["t3.new_received.total"], line["t4.cases.review_total"]) == ("table-2021", "154", "36")
    assert {c["report"] for c in cells} <= {r["id"] for r in rows if r["year"] == "2025"}  # a line names its report
    # every cell of every report's tables is in its year's file, under its column, and nothing else is
    catalog, _ = load_catalog(CONTENT)
    for report in (r for r in catalog.reports if r.tables):
        name = f"data/cells/{report.year or 'undated'}.csv"
        found = next(c for c in csv.DictReader(io.StringIO((site / name).read_text(encoding="utf-8-sig")))
                     if c["report"] == report.stem)
        written = {column: value for column, value in found.items() if column not in ("report", "format") and value}
        assert written == {column: str(value) for column, value in report_cells(report).items()
                           if value is not None}, report.stem
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][0]["schema"]["primaryKey"] == "id"
    cell_schema = json.loads((site / "data" / package["resources"][1]["schema"]).read_text(encoding="utf-8"))
    assert cell_schema["foreignKeys"][0]["reference"] == {"resource": "reports", "fields": "id"}
    assert [f["name"] for f in cell_schema["fields"]] == list(cells[0].keys())
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert fields == list(rows[0].keys())
    years = sorted({r["year"] or "undated" for r in rows})
    cell_files = [resource["path"] for resource in package["resources"][1:]]
    assert cell_files == [f"cells/{year}.csv" for year in years]  # one file of cells per year
    assert all((site / "data" / path).exists() for path in cell_files)


def test_a_failed_build_leaves_the_previous_site_as_it_was(site, tmp_path):
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = tree(out)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    entry = next(content.rglob("2025.md"))
    entry.write_text(entry.read_text(encoding="utf-8").replace("year: 2025", "year: [2025", 1), encoding="utf-8")
    result = build(content, out)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{entry}:")
    assert "Build failed: 1 errors" in result.stderr
    assert tree(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_a_bad_base_url_is_refused(tmp_path):
    result = build(CONTENT, tmp_path / "site", base_url="example.org/archive")
    assert result.returncode == 1 and "--base-url must be an absolute http(s) address" in result.stderr
    assert not (tmp_path / "site").exists()


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[点我](javascript:alert(3))",
    "{{ 7*7 }}",
    "{% raw %}",
]


def test_untrusted_report_text_shows_as_text(tmp_path):
    """A raw report carrying markup, scripts and template syntax, imported and built."""
    raw = CORPUS[5].read_text(encoding="utf-8")
    hostile = raw.replace("本报告根据", "本报告根据" + " ".join(HOSTILE), 1)
    hostile = hostile.replace("标题: 平潭综合实验区", "标题: <b onmouseover=alert(4)>平潭综合实验区", 1)
    source = tmp_path / "hostile.txt"
    source.write_text(hostile, encoding="utf-8")
    content = tmp_path / "content"
    imported = subprocess.run([sys.executable, "-m", "generator", "import", "--content", str(content), str(source)],
                              cwd=ROOT, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    entry = next(content.rglob("*.md"))
    entry.write_text(
        entry.read_text(encoding="utf-8") + "\n<script>alert(5)</script>\n\n[链接](javascript:alert(6))\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = build(content, out)
    assert result.returncode == 0, result.stdout + result.stderr
    page = next(out.glob("reports/*/*/*/index.html")).read_text(encoding="utf-8")
    # Markup in the raw report is page junk: normalization drops it and says so.
    assert ("网页或 Word 标记" in page and "alert(1)" not in page and "alert(2)" not in page
            and "onmouseover" not in page)
    # What reaches the body as text (Markdown syntax, template syntax, raw HTML a maintainer
    # typed) shows as that text: no element, no handler, no javascript: link is made of it.
    assert "<script" not in page and "<img" not in page
    assert "javascript:" not in " ".join(v for _, _, v in parse_links(page).links)
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in page
    assert "[点我](javascript:alert(3))" in page and "[链接](javascript:alert(6))" in page
    assert "{{ 7*7 }} {% raw %}" in page


def test_serve_builds_serves_and_rebuilds_on_change(tmp_path):
    import socket
    import threading
    import time
    import urllib.error
    import urllib.request

    from generator.build import TEMPLATES
    from generator.serve import serve

    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "archive", content)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stop = threading.Event()
    log: list[str] = []
    thread = threading.Thread(target=serve, args=(content, tmp_path / "site", TEMPLATES, port, log.append, stop),
                              daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if any(line.startswith("serving") for line in log):
                break
            time.sleep(0.1)
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode("utf-8")
        assert "<dd>4</dd>" in home
        # byte ranges, as static hosts serve them: the search index reads its files so
        docs = next((tmp_path / "site").glob("search/*/p0/docs.bin"))
        url = f"http://127.0.0.1:{port}/" + docs.relative_to(tmp_path / "site").as_posix()
        for spec, expected in (("bytes=3-8", docs.read_bytes()[3:9]), ("bytes=-4", docs.read_bytes()[-4:])):
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Range": spec}), timeout=10) as response:
                assert response.status == 206 and response.read() == expected
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers={"Range": "bytes=999999999-"}), timeout=10)
            raise AssertionError("a range past the end must be refused")
        except urllib.error.HTTPError as error:
            assert error.code == 416
        entry = next(content.rglob("2024.md"))
        entry.write_text(
            entry.read_text(encoding="utf-8").replace("title: 平潭综合实验区2024", "title: 已改标题2024", 1),
            encoding="utf-8",
        )
        for _ in range(100):
            if sum(line.startswith("built") for line in log) >= 2:
                break
            time.sleep(0.1)
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode("utf-8")
        assert "已改标题2024" in page
        # the edited report's own page is put in place first, before the rebuild
        assert any(line.startswith("preview: reports/") and line.endswith("/2024/index.html") for line in log), log
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_beyond_fifty_thousand_urls_the_sitemap_is_an_index(tmp_path, monkeypatch):
    """sitemaps.org allows 50,000 URLs per file; a larger site gets sitemap.xml as an index
    of sitemaps/N.xml (here with a limit of 10, on the fixture archive)."""
    from generator import render
    from generator.build import build_site

    monkeypatch.setattr(render, "SITEMAP_LIMIT", 10)
    out = tmp_path / "site"
    build_site(ROOT / "tests" / "fixtures" / "archive", out, BASE_URL)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(out / "sitemap.xml").getroot()
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert index.tag.endswith("sitemapindex") and len(parts) >= 2
    urls = []
    for part in parts:
        assert part.startswith(BASE_URL + "sitemaps/")
        found = ET.parse(out / part.removeprefix(BASE_URL)).getroot().findall("s:url/s:loc", ns)
        assert 0 < len(found) <= 10
        urls += [loc.text for loc in found]
    assert len(urls) == len(set(urls)) >= 15 and BASE_URL in urls


def test_build_warns_when_the_site_outgrows_github_pages(tmp_path, monkeypatch, capsys):
    from generator import cli

    monkeypatch.setattr(cli, "PAGES_WARNING", 1000)
    assert cli.main(["build", "--content", str(ROOT / "tests" / "fixtures" / "archive"), "--out", str(tmp_path / "s"),
                     "--base-url", BASE_URL]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("built ") and " MB into " in captured.out
    assert "warning: the site is" in captured.err and "GitHub Pages publishes at most 1 GB" in captured.err


def test_a_parallel_build_gives_the_same_site_and_the_same_refusals(tmp_path, monkeypatch):
    """Worker processes read and render the entries; the site must not depend on that."""
    from generator import build as build_module
    from generator.build import BuildFailed, build_site

    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    fixture = ROOT / "tests" / "fixtures" / "archive"
    build_site(fixture, tmp_path / "one", BASE_URL, jobs=1)
    build_site(fixture, tmp_path / "two", BASE_URL, jobs=2)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    content = tmp_path / "content"
    shutil.copytree(fixture, content)
    entry = next(content.rglob("2024.md"))
    entry.write_text(entry.read_text(encoding="utf-8").replace("year: 2024", "year: 1900", 1), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "two", BASE_URL, jobs=2)
    assert any("2024.md" in problem.path for problem in failure.value.problems)
    assert tree(tmp_path / "two") == tree(tmp_path / "one")  # the previous site, untouched


def test_snippets_are_read_from_the_report_pages_where_the_details_say(site):
    """Search cuts a snippet from a byte range of the report's own page: each place the
    details give is where that piece of the searchable text begins in the page, within
    the details' precision, for every piece of every report."""
    catalog, texts = load_catalog(CONTENT)
    reader = Reader(lambda path: (site / "search" / path).read_bytes())
    step = reader.manifest["placeBytes"]
    piece = reader.manifest["piece"]
    checked = 0
    for doc in range(sum(segment["docs"] for segment in reader.segments)):
        details = reader.details(doc)
        page = site_file(site, details["url"]).read_bytes()
        text = texts[next(r.stem for r in catalog.reports if BASE_PATH + r.dest == unquote(details["url"]))]
        units = text.encode("utf-16-le")
        body_unit = len(FIELD_SEPARATOR.join(text.split(FIELD_SEPARATOR)[:3]).encode("utf-16-le")) // 2 + 1
        assert details["places"], details["url"]
        for k, place in enumerate(details["places"]):
            start = max(k * piece, body_unit)
            wanted = units[2 * start:2 * (start + 6)].decode("utf-16-le")
            seen = visible_text(page[place:place + step + 80].decode("utf-8", errors="ignore"))[0]
            assert wanted in seen and len(seen[:seen.index(wanted)].encode()) < step, (details["url"], k, seen)
            checked += 1
    assert checked > ENTRY_COUNT
