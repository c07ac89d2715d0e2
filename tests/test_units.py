"""Unit tests for the modules the end-to-end tests reach only through a whole build:
writing (staging, swap, refusals), URLs, rates, the catalog and Markdown rendering."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import make_catalog, make_page, make_row
from generator.entry_file import parse_entry
from generator.markdown import render_body
from generator.model import front_matter
from generator.rates import RATES, rates_of
from generator.urls import Urls, report_dest
from generator.write import SiteWriter, WriteError

from conftest import ROOT

ENTRIES = ROOT / "content" / "福建省平潭综合实验区" / "平潭综合实验区管理委员会"


def _entry(path: Path):
    return parse_entry(path.read_text(encoding="utf-8"), str(path))


# write.py


def test_a_site_is_written_beside_and_swapped_in_whole(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old")
    with SiteWriter(out) as writer:
        writer.write("a/index.html", b"new")
        writer.write("data/big.csv", iter([b"x" * 10, b"y" * 5]))
        assert (out / "old.html").exists() and not (out / "a").exists()  # nothing visible yet
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [".build-stamp", "a/index.html", "data/big.csv"]
    assert (writer.files, writer.bytes) == (2, 18)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging or old folder left


def test_a_failed_write_leaves_the_previous_site(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous")
    with pytest.raises(RuntimeError), SiteWriter(out) as writer:
        writer.write("index.html", b"half")
        raise RuntimeError("render failed")
    assert (out / "index.html").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


@pytest.mark.parametrize("dest", ["../escape.html", "/etc/passwd", "a/../../b", ""])
def test_paths_outside_the_site_are_refused(tmp_path, dest):
    with pytest.raises(WriteError, match="outside the output folder"), SiteWriter(tmp_path / "site") as writer:
        writer.write(dest, b"x")
    assert not (tmp_path / "site").exists() and not (tmp_path / "escape.html").exists()


def test_two_files_for_one_path_are_refused(tmp_path):
    refused = pytest.raises(WriteError, match="two files would be written to 'a.html'")
    with refused, SiteWriter(tmp_path / "s") as writer:
        writer.write("a.html", b"1")
        writer.write("a.html", b"2")


# urls.py


def test_links_carry_the_subpath_and_percent_encode_chinese():
    urls = Urls.from_base("https://example.org/archive")
    dest = report_dest("福建省平潭综合实验区", "平潭综合实验区管理委员会", "2024")
    assert urls.base_url == "https://example.org/archive/" and urls.base_path == "/archive/"
    assert urls.path(dest).startswith("/archive/reports/%E7%A6%8F%E5%BB%BA%E7%9C%81")  # 福建省
    assert urls.path(dest).endswith("/2024/") and "平潭" not in urls.path(dest)
    assert urls.absolute("feed.xml") == "https://example.org/archive/feed.xml"


@pytest.mark.parametrize("base", ["example.org/archive/", "javascript:alert(1)//", "ftp://example.org/", "https://"])
def test_a_base_url_must_be_an_absolute_http_address(base):
    with pytest.raises(ValueError, match="--base-url must be an absolute http"):
        Urls.from_base(base)


# rates.py


def test_rates_of_a_real_report_follow_their_definitions():
    tables = _entry(ENTRIES / "2024.md").front["tables"]
    t3 = tables["t3"]
    rates = rates_of(tables)
    granted = t3["granted"]["total"] + t3["partially_granted"]["total"]
    assert rates["disclosure_rate"] == pytest.approx(granted / t3["results_total"]["total"])
    accepted = t3["new_received"]["total"] + t3["carried_over"]["total"]
    assert rates["disclosure_rate_alt"] == pytest.approx(granted / accepted)
    assert rates["carry_forward_rate"] == pytest.approx(t3["carry_forward"]["total"] / accepted)
    assert set(rates) == {rate.key for rate in RATES}


def test_a_rate_over_zero_or_unknown_is_none_never_zero():
    tables = _entry(ENTRIES / "2024.md").front["tables"]
    zero = {**tables, "t3": {**tables["t3"], "results_total": {**tables["t3"]["results_total"], "total": 0}}}
    assert rates_of(zero)["disclosure_rate"] is None
    unknown = {**tables, "t3": {**tables["t3"], "granted": {**tables["t3"]["granted"], "total": None}}}
    assert rates_of(unknown)["disclosure_rate"] is None
    assert all(value is None for value in rates_of({}).values())  # a pre-2019 report has no tables


# catalog.py


def _pages():
    pages = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        entry = _entry(path)
        stem = path.relative_to(ROOT / "content").with_suffix("").as_posix()
        front = front_matter(entry.front)
        pages.append(make_page(make_row(stem, front, ".txt"), front, entry.body, (None, None)))
    return pages


def _reports():
    return [page.row for page in _pages()]


def test_the_catalog_groups_by_agency_region_and_year():
    catalog = make_catalog(_reports())
    committee = next(g for g in catalog.agencies if g.name == "平潭综合实验区管理委员会")
    years = [r.year for r in committee.reports]
    assert years == sorted(years) and len(years) == 7
    assert [g.name for g in catalog.years] == sorted((g.name for g in catalog.years), reverse=True)
    undated = [r for r in catalog.reports if r.year is None]
    assert undated and not any(r in g.reports for g in catalog.years for r in undated)
    assert sum(len(g.reports) for g in catalog.regions) == len(catalog.reports) == 16


def test_latest_is_newest_published_first():
    latest = make_catalog(_reports()).latest
    dates = [r.published or "" for r in latest]
    assert dates == sorted(dates, reverse=True)


def test_tables_are_placed_under_their_sections():
    report = next(r for r in _pages() if r.stem.endswith("平潭综合实验区管理委员会/2024"))
    titles = {s.anchor: s.title for s in report.sections}
    placed = {table: titles.get(anchor) for anchor, tables in report.placement.items() for table in tables}
    assert "主动公开政府信息情况" in placed["t2"] and "申请情况" in placed["t3"] and "行政复议" in placed["t4"]


# markdown.py


def test_markdown_sections_and_contents():
    body = "前言。\n\n## 一、总体情况\n\n正文。\n\n### （一）主动公开\n\n内容。\n\n## 二、其他\n\n<b>不是标记</b>\n"
    sections, toc = render_body(body)
    assert [(s.title, s.anchor) for s in sections] == [(None, None), ("一、总体情况", "s1"), ("二、其他", "s3")]
    assert toc == [(2, "s1", "一、总体情况"), (3, "s2", "（一）主动公开"), (2, "s3", "二、其他")]
    assert '<h3 id="s2">（一）主动公开</h3>' in sections[1].html
    assert "&lt;b&gt;不是标记&lt;/b&gt;" in sections[2].html and "<b>" not in sections[2].html


def test_markdown_loads_no_image_and_links_no_bare_address():
    """An image would load from another host: it stays a plain link. A bare address stays text."""
    sections, _ = render_body("![图](https://evil.example/x.png) 见 https://www.gov.cn/ 。\n")
    html = sections[0].html
    assert "<img" not in html and 'href="https://www.gov.cn/"' not in html
    assert '<a href="https://evil.example/x.png">图</a>' in html


def test_a_rebuild_links_the_files_it_would_write_unchanged(tmp_path):
    out = tmp_path / "site"
    with SiteWriter(out) as writer:
        writer.write("same.html", b"same")
        writer.write("changed.html", b"before")
    same, changed = (out / "same.html").stat().st_ino, (out / "changed.html").stat().st_ino
    with SiteWriter(out) as writer:
        writer.write("same.html", b"same")
        writer.write("changed.html", b"after!")
    assert writer.linked == 1 and (writer.files, writer.bytes) == (2, 10)
    assert (out / "same.html").stat().st_ino == same and (out / "changed.html").stat().st_ino != changed
    assert (out / "same.html").stat().st_nlink == 1  # the previous site is gone: nothing shared
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_failed_rebuild_leaves_linked_files_intact(tmp_path):
    out = tmp_path / "site"
    with SiteWriter(out) as writer:
        writer.write("page.html", b"kept")
    with pytest.raises(RuntimeError), SiteWriter(out) as writer:
        writer.write("page.html", b"kept")
        raise RuntimeError("render failed")
    assert (out / "page.html").read_bytes() == b"kept" and (out / "page.html").stat().st_nlink == 1


def test_a_symbolic_link_in_the_old_site_is_never_linked_through(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret")
    out = tmp_path / "site"
    out.mkdir()
    (out / "page.html").symlink_to(outside)
    with SiteWriter(out) as writer:
        writer.write("page.html", b"secret")
    assert writer.linked == 0 and not (out / "page.html").is_symlink()
    assert (out / "page.html").stat().st_ino != outside.stat().st_ino


class _Counted(list):
    """A list that counts how far the pool has read it."""

    read = 0

    def __iter__(self):
        for item in super().__iter__():
            self.read += 1
            yield item


def _square(x: int) -> int:
    return x * x


def test_the_pool_hands_out_a_bounded_window_and_stops_cleanly():
    """A slow caller never has more than IN_FLIGHT chunks per worker out (their results
    would wait in memory), gets every result in order, and can stop early without a hang."""
    import threading

    from generator import parallel

    items = _Counted(range(4000))
    window = parallel.IN_FLIGHT * parallel.CHUNK * 2
    results, most = [], 0
    for result in parallel.parallel_map(_square, items, 2, 10):
        results.append(result)
        most = max(most, items.read - len(results))
    assert results == [x * x for x in range(4000)]
    assert 0 < most <= window + parallel.CHUNK

    def stop_early():
        run = parallel.parallel_map(_square, list(range(4000)), 2, 10)
        next(run)
        run.close()

    stopper = threading.Thread(target=stop_early, daemon=True)
    stopper.start()
    stopper.join(30)
    assert not stopper.is_alive()
