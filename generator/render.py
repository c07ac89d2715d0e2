"""Pages from the catalog with Jinja2: every page is (output path, text); nothing is written.

Autoescape is on and undefined names are errors, so report text shows as text and a
template typo fails the build instead of leaving a blank.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.catalog import Catalog, Group, Province, ReportPage, ReportRow
from generator.charts import bar_chart, line_chart
from generator.checks import FAILS, HOLDS, check_anchor
from generator.formats import formats
from generator.kinds import KINDS
from generator.labels import CHECK_NAMES, FIGURE_KEYS, FIGURE_NAMES, FORMAT_NAMES, HEADLINE_FIGURES, SCRIPT_NAMES
from generator.overview import GROUP_NAMES, Overview, make_overview
from generator.peers import Peers, make_peers
from generator.quality import Problem, Quality, make_quality
from generator.quality import province as _province
from generator.rates import RATES
from generator.urls import Urls, web_link

SITE_NAME = "政府信息公开工作年度报告库"
COMPARISON_FIGURES = HEADLINE_FIGURES
COMPARISON_RATES = ("disclosure_rate", "unable_share", "review_correction_rate")


SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)
# Rows of a year's or region's comparison table per page. A row is about 1 KB of HTML, so
# a page stays under ~300 KB: at 10,000 reports a year's single page was 430-660 KB, at
# 100,000 it would be 5 MB, too much for a phone on a slow line.
PAGE_ROWS = 200
# Agencies of a province's list per page (whole regions; about 350 bytes each, as the
# links' Chinese paths are percent-encoded: 四川省's 600 at 10,000 reports made 210 KB).
PAGE_AGENCIES = 600


def sitemaps(pages: list[str], env: jinja2.Environment) -> Iterator[tuple[str, Callable[[], str]]]:
    """(dest, render) of sitemap.xml; beyond SITEMAP_LIMIT pages, of an index of
    sitemaps/N.xml files of that many."""
    if len(pages) <= SITEMAP_LIMIT:
        yield "sitemap.xml", lambda: env.get_template("sitemap.xml").render(pages=pages)
        return
    parts = [pages[i:i + SITEMAP_LIMIT] for i in range(0, len(pages), SITEMAP_LIMIT)]
    for n, part in enumerate(parts, 1):
        yield f"sitemaps/{n}.xml", lambda part=part: env.get_template("sitemap.xml").render(pages=part)
    names = [f"sitemaps/{n}.xml" for n in range(1, len(parts) + 1)]
    yield "sitemap.xml", lambda: env.get_template("sitemap-index.xml").render(parts=names)


def asset_name(name: str, data: bytes) -> str:
    """style.css -> style.1a2b3c4d.css: a new name whenever the content changes."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _per_hundred(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}"


def _per_request(count: int | None, requests: int | None) -> str:
    """行政复议 (or 诉讼) per 100 new requests of one report."""
    return "—" if count is None or not requests else _per_hundred(count / requests)


def environment(templates: Path, urls: Urls, assets: dict[str, str]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(("html", "xml"), default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(number=_number, percent=_percent, per_hundred=_per_hundred, web_link=web_link)
    env.globals.update(
        urls=urls, asset=lambda name: urls.link(f"assets/{assets[name]}"), site_name=SITE_NAME,
        figure_names=FIGURE_NAMES, format_names=FORMAT_NAMES, script_names=SCRIPT_NAMES,
        figure_keys=FIGURE_KEYS, rates=RATES, formats=formats(), HOLDS=HOLDS, FAILS=FAILS,
        per_request=_per_request, check_anchor=check_anchor,
    )
    return env


_T4_GROUP_NAMES = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼：未经复议直接起诉",
    "litigation_after_review": "行政诉讼：复议后起诉",
}


def _where(report: ReportPage, where: str) -> str:
    """"t3.natural_person" -> "自然人": the row, column or figure a check is about."""
    kind, _, key = where.partition(".")
    fmt = formats().get(report.facts.format)
    if kind == "t3" and fmt:
        labels = {c.key: f"{c.label}列" for c in fmt.t3.columns} | {r.key: r.label for r in fmt.t3.rows}
        return labels.get(key, key)
    if kind == "t4":
        return _T4_GROUP_NAMES.get(key, key)
    return FIGURE_NAMES.get(key, key)


def _check_summary(report: ReportPage) -> dict:
    """The checks, and one line per rule (T3-A over seven columns is one line): a report's
    44 checks listed one by one were 11 KB of a page with both tables (44 MB of the report
    pages of 10,000 generated reports), and a reader learns nothing from 40 lines that say
    the same sum holds. Failing checks are listed each with both sides; a check that holds
    shows what the tables show, and is named in its rule's row by its column, row or group
    alone, under its own anchor (check_anchor), so that a citation can point at any check."""
    checks = [
        {**asdict(check), "name": CHECK_NAMES.get(check.id, check.id), "label": _where(report, check.where),
         "anchor": check_anchor(check.id, check.where)}
        for check in report.front.checks
    ]
    rules: dict[str, dict] = {}
    for check in checks:
        rule = rules.setdefault(check["id"], {"id": check["id"], "name": check["name"], "total": 0, "holds": 0,
                                              "holding": [], "fails": [], "not_applicable": []})
        rule["total"] += 1
        if check["result"] == HOLDS:
            rule["holds"] += 1
            rule["holding"].append(check)
        else:
            rule["fails" if check["result"] == FAILS else "not_applicable"].append(check)
    return {
        "all": checks,
        "rules": list(rules.values()),
        "holds": sum(c["result"] == HOLDS for c in checks),
        "fails": [c for c in checks if c["result"] == FAILS],
        "not_applicable": sum(c["result"] not in (HOLDS, FAILS) for c in checks),
    }


def _trend_chart(group: Group) -> Markup:
    dated = [r for r in group.reports if r.year]
    years = [r.year for r in dated]
    series = [
        (FIGURE_NAMES[key], [r.figures.get(key) for r in dated])
        for key in ("requests_new", "results_total", "review_total")
        if any(r.figures.get(key) is not None for r in dated)
    ]
    return Markup(line_chart("trend-chart", f"{group.name}历年主要数字", years, series))


def _distribution_chart(group: Group, reports: list[ReportRow]) -> Markup:
    bars = [(f"{r.agency_name}", r.figures.get("requests_new")) for r in reports]
    return Markup(bar_chart("distribution-chart", f"{group.name}各机关本年新收政府信息公开申请", bars, " 件"))


CHARTED_GROUPS = ("unified", "prose")
"""the format groups the overview's charts draw (格式不详 is in its table only)"""


def _overview_charts(overview: Overview, prefix: str = "") -> dict[str, Markup]:
    """The overview's charts: one line per format group, and under each year how many
    reports its points rest on (chart ids get `prefix`: the home page shows one too)."""
    years = list(overview.years)
    groups = [g for g in CHARTED_GROUPS if g in overview.groups]

    def points(group: str, pick: Callable) -> list[float | None]:
        return [None if t is None else pick(t) for t in overview.series(group)]

    def drawn(series: list[tuple[str, list[float | None]]]) -> list[tuple[str, list[float | None]]]:
        return [(name, values) for name, values in series if any(v is not None for v in values)]

    def rate(part: str) -> Callable:
        return lambda t: None if getattr(t, part).value is None else getattr(t, part).value * 100

    def notes(part: str) -> list[str]:
        return [f"n={sum(getattr(t, part).reports for t in overview.rows if t.year == y and t.group in groups)}"
                for y in years]

    share = drawn([(GROUP_NAMES[g], points(g, rate("granted"))) for g in groups])
    requests = drawn([(GROUP_NAMES[g], points(g, lambda t: t.requests.top if t.requests.reports else None))
                      for g in groups])
    disputes = drawn([(f"{label}：{GROUP_NAMES[g]}", points(g, rate(part)))
                      for part, label in (("reviews", "行政复议"), ("lawsuits", "行政诉讼")) for g in groups])
    return {
        "share": Markup(line_chart(f"{prefix}share-chart", "各年予以公开和部分公开占办理结果的比例（%）", years, share,
                                   notes("granted"), 100)),
        "requests": Markup(line_chart(f"{prefix}requests-chart", "各年本年新收申请合计（件）", years, requests,
                                      notes("requests"))),
        "disputes": Markup(line_chart(f"{prefix}disputes-chart", "各年每百件申请的行政复议和行政诉讼", years, disputes,
                                      notes("reviews"))),
    }


def report_page(report: ReportPage, env: jinja2.Environment) -> tuple[str, str]:
    """One report's page; it needs only the report (and its neighbours' years), so report
    pages are rendered in parallel as entries are read (build.py)."""
    return f"{report.dest}index.html", env.get_template("report.html").render(
        page_dest=report.dest, report=report, checks=_check_summary(report)
    )


@dataclass(frozen=True, slots=True)
class Page:
    """One page to make: where it goes, a digest of what it shows (None: made every time),
    and how to make it."""

    dest: str
    inputs: str | None
    render: Callable[[], str]


def _group_inputs(kind: str, group: Group, reports: list[ReportRow] | None = None) -> str:
    """An agency, region or year page shows its group's reports (or one page of them) and
    nothing else of the catalog: the digests of those reports (build.py) stand for
    everything it shows."""
    reports = group.reports if reports is None else reports
    parts = [kind, group.key, group.name, group.dest, *(r.digest for r in reports)]
    if not all(parts[4:]):
        return ""
    return hashlib.blake2b("\n".join(map(str, parts)).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class PagerLink:
    """One page of a table split into pages, as the pager names it: its number and the
    first and last region on it (rows are sorted by region, so a reader finds theirs)."""

    number: int
    dest: str
    first: str
    last: str


def _paged(dest: str, chunks: list[list], region: Callable[[object], str]) -> list[tuple[PagerLink, list]]:
    """Chunks of a list as pages: the first at the list's own address, the others at
    page/2/, page/3/, ... below it (Hugo's and most sites' convention)."""
    chunks = chunks or [[]]
    return [(PagerLink(n, dest if n == 1 else f"{dest}page/{n}/",
                       region(chunk[0]) if chunk else "", region(chunk[-1]) if chunk else ""), chunk)
            for n, chunk in enumerate(chunks, 1)]


def split_pages(group: Group, rows: int) -> list[tuple[PagerLink, list[ReportRow]]]:
    """A group's reports in pages of at most `rows` (sorted by region, then agency)."""
    chunks = [group.reports[i:i + rows] for i in range(0, len(group.reports), rows)]
    return _paged(group.dest, chunks, lambda report: report.region_name)


def split_province(province: Province, agencies: int) -> list[tuple[PagerLink, list[tuple[Group, list[Group]]]]]:
    """A province's regions in pages of whole regions holding at most `agencies` agencies
    (a region with more has a page of its own)."""
    chunks: list[list[tuple[Group, list[Group]]]] = []
    count = 0
    for region in province.regions:
        if not chunks or count + len(region[1]) > agencies:
            chunks.append([])
            count = 0
        chunks[-1].append(region)
        count += len(region[1])
    return _paged(province.dest, chunks, lambda region: region[0].name)


def _values(item: object) -> list:
    """A slotted dataclass's field values, in order: what a page shows of it (cheaper than
    asdict or repr, for every agency of a build)."""
    return [getattr(item, name) for name in item.__slots__]


def _digest(shown: object) -> str:
    return hashlib.blake2b(json.dumps(shown, ensure_ascii=False).encode(), digest_size=16).hexdigest()


def _province_inputs(province: Province, regions: list[tuple[Group, list[Group]]]) -> str:
    """A province's agency list (a page of it: `regions`) shows its regions' and agencies'
    names and report counts, and the province's totals."""
    return _digest([province.dest, len(province.regions), province.agency_count,
                    [[region.dest, region.name, [[a.dest, a.name, len(a.reports)] for a in agencies]]
                     for region, agencies in regions]])


def _outline(catalog: Catalog) -> str:
    """What the pages made from the whole catalog show (home, the agency, region and year
    lists, about, sitemap, feed): which reports there are, their titles, agencies, regions,
    years and dates. A changed figure or text leaves it as it was, and those pages too."""
    return _digest([[r.stem, r.title, r.agency_name, r.region_name, r.year, r.published] for r in catalog.reports])


PROBLEM_GROUPS = {
    "checks": ("勾稽核对不成立", "报告本身的数字对不上，本站照录原数；点击核对项查看报告页上的两边数字。"),
    "warnings": ("整理时的提示", "每篇报告下列出提示的原文；维护者核对原文后可以补正条目并删去提示。"),
    "missing": ("缺少主要数字", "这些报告没有写明这个数字（或无法确定），总览的合计和比例不计入它们。"),
}


def _province_pages(problem: Problem) -> list[list[tuple[ReportRow, tuple[str, ...]]]]:
    """A problem's reports with their details: one page up to PAGE_ROWS, else a page per
    province (split where one has more), so that a report added or changed remakes its own
    province's page and the first, which shows the counts; a maintainer works through a
    province."""
    items = list(zip(problem.reports, problem.details, strict=True))
    if len(items) <= PAGE_ROWS:
        return [items]
    provinces: dict[str, list[tuple[ReportRow, tuple[str, ...]]]] = {}
    for report, details in items:
        provinces.setdefault(_province(report), []).append((report, details))
    return [items[i:i + PAGE_ROWS] for items in provinces.values() for i in range(0, len(items), PAGE_ROWS)]


def _summary_pages(catalog: Catalog, overview: Overview, peers: Peers, quality: Quality, everything: str,
                   page: Callable[..., Page], pages_of: Callable[..., Iterator[Page]]) -> Iterator[Page]:
    """The overview, the peers pages and the data quality pages: what the archive shows of
    many reports at once."""
    yield page("overview/index.html", "overview.html", everything, lambda: {
        "page_dest": "overview/", "overview": overview, "charts": _overview_charts(overview)})
    by_kind_year = {(g.kind, g.year): g for g in peers.groups}
    years = sorted({g.year for g in peers.groups}, reverse=True)
    yield page("peers/index.html", "peers.html", everything, lambda: {
        "page_dest": "peers/", "peers": peers, "years": years, "by_kind_year": by_kind_year, "kinds": KINDS})
    for group in peers.groups:
        chunks = [list(enumerate(group.peers[i:i + PAGE_ROWS], i + 1)) for i in range(0, len(group.peers), PAGE_ROWS)]
        yield from pages_of(_paged(group.dest, chunks, lambda item: str(item[0])), "peer-group.html",
                            lambda rows, group=group: _digest([group.kind, group.year, group.requests_stated,
                                                               group.share_stated,
                                                               [[p.report.digest, p.requests_rank, p.share_rank]
                                                                for _, p in rows]]),
                            lambda rows, group=group: {"group": group, "rows": [p for _, p in rows]})
    unclassified = list(peers.unclassified)
    chunks = [unclassified[i:i + PAGE_AGENCIES] for i in range(0, len(unclassified), PAGE_AGENCIES)]
    yield from pages_of(_paged("peers/unclassified/", chunks, lambda agency: agency.reports[0].region_name),
                        "unclassified.html",
                        lambda rows: _digest([len(unclassified), [[a.dest, a.name, a.reports[0].region_name]
                                                                   for a in rows]]),
                        lambda rows: {"rows": rows, "total": len(unclassified)})
    flagged: dict[tuple[str, str], set[str]] = {(name, group): set() for name in quality.provinces
                                                for group in PROBLEM_GROUPS}
    for problem in quality.problems:
        for report in problem.reports:
            flagged[(_province(report), problem.group)].add(report.stem)
    by_province_group = {key: len(stems) for key, stems in flagged.items()}
    totals = [sorted(quality.reports_by_year.items(), key=str), sorted(quality.reports_by_province.items()),
              len(catalog.reports)]
    yield page("quality/index.html", "quality.html", everything, lambda: {
        "page_dest": "quality/", "quality": quality, "by_province_group": by_province_group})
    for problem in quality.problems:
        if not problem.reports:
            continue
        chunks = _province_pages(problem)
        title, note = PROBLEM_GROUPS[problem.group]
        yield from pages_of(_paged(problem.dest, chunks, lambda item: _province(item[0])), "problem.html",
                            lambda rows, problem=problem, first=chunks[0]: _digest(
                                [rows is first and [totals, sorted(problem.by_year.items(), key=str),
                                                    sorted(problem.by_province.items())],
                                 problem.key, [[r.digest, d] for r, d in rows]]),
                            lambda rows, problem=problem, title=title, note=note: {
                                "problem": problem, "quality": quality, "rows": rows, "group_title": title,
                                "group_note": note})


def list_pages(catalog: Catalog, env: jinja2.Environment, urls: Urls) -> Iterator[Page]:
    """Every page made from the whole catalog (all but the report pages), feed and sitemap.
    A build skips a page whose inputs are those of the page the site already holds."""
    common = {"catalog": catalog}
    outline = _outline(catalog)
    overview, peers, quality = make_overview(catalog), make_peers(catalog), make_quality(catalog)
    digests = [r.digest for r in catalog.reports]
    everything = _digest(digests) if all(digests) else ""  # what the overview, peers and quality pages rest on

    def page(dest: str, template: str, inputs: str | None = None, context: Callable[[], dict] = dict) -> Page:
        return Page(dest, inputs or None, lambda: env.get_template(template).render(**common, **context()))

    yield page("index.html", "home.html", _digest([outline, repr(overview.rows)]),
               lambda: {"page_dest": "", "latest": catalog.latest[:10], "overview": overview,
                        "headline": _overview_charts(overview, "home-")["share"]})
    for group in catalog.agencies:
        standings, distribution = peers.standings.get(group.dest, ()), peers.distributions.get(group.dest)
        inputs = _group_inputs("agency", group)
        shown = [inputs, [_values(s) for s in standings], distribution and _values(distribution)]
        yield page(f"{group.dest}index.html", "agency.html", inputs and _digest(shown),
                   lambda group=group, standings=standings, distribution=distribution: {
                       "page_dest": group.dest, "group": group, "chart": _trend_chart(group),
                       "standings": standings, "distribution": distribution})
    paged = []

    def pages_of(split: list[tuple[PagerLink, list]], template: str, inputs: Callable[[list], str],
                 context: Callable[[list], dict]) -> Iterator[Page]:
        """The pages of one split list, each with the pager (none when there is one page)."""
        pager = [link for link, _ in split] if len(split) > 1 else []
        shown = [asdict(link) for link in pager]
        for link, items in split:
            paged.append(link.dest)
            known = inputs(items)  # "": not known, the page is made every time
            yield page(f"{link.dest}index.html", template, known and _digest([known, link.number, shown]),
                       lambda link=link, items=items: {"page_dest": link.dest, "pager": pager, "current": link,
                                                       **context(items)})

    for kind, groups in (("region", catalog.regions), ("year", catalog.years)):
        for group in groups:
            yield from pages_of(split_pages(group, PAGE_ROWS), "comparison.html",
                                lambda rows, group=group, kind=kind: _group_inputs(kind, group, rows),
                                lambda rows, group=group, kind=kind: {
                                    "group": group, "kind": kind, "rows": rows,
                                    "chart": _distribution_chart(group, rows),
                                    "comparison_figures": COMPARISON_FIGURES, "comparison_rates": COMPARISON_RATES})
    for province in catalog.provinces:
        yield from pages_of(split_province(province, PAGE_AGENCIES), "agencies-province.html",
                            lambda regions, province=province: _province_inputs(province, regions),
                            lambda regions, province=province: {"province": province, "regions": regions})
    yield from _summary_pages(catalog, overview, peers, quality, everything, page, pages_of)
    for dest, template in (
        ("agencies/", "agencies.html"), ("regions/", "regions.html"), ("years/", "years.html"),
        ("about/", "about.html"), ("search/", "search.html"),
    ):
        yield page(f"{dest}index.html", template, outline, lambda dest=dest: {"page_dest": dest})
    yield page("404.html", "404.html", outline, lambda: {"page_dest": "404.html"})
    pages = ["", *(r.dest for r in catalog.reports), *(g.dest for g in catalog.agencies), *paged,
             "agencies/", "regions/", "years/", "about/", "search/", "overview/", "peers/", "quality/"]
    listed = sorted(pages)  # the data quality pages come and go with a report's warnings and figures
    for dest, render in sitemaps(listed, env):
        yield Page(dest, _digest(listed), render)

    def feed() -> str:
        newest = catalog.latest[:50]
        updated = max((r.published or "" for r in newest), default="") or "2008-01-01"
        return env.get_template("feed.xml").render(reports=newest, updated=updated)

    yield Page("feed.xml", outline, feed)
    robots = f"User-agent: *\nAllow: {urls.base_path}\nSitemap: {urls.absolute('sitemap.xml')}\n"
    yield Page("robots.txt", None, lambda: robots)
