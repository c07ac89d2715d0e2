"""The site's model: a row per entry for lists, downloads and search, a page per entry for
its own page, and the groupings list pages are made of.

Built from what the loader read (front matter, body, raw source); nothing here touches a
file. Everything is sorted, so the same archive always gives the same site.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from generator.archive import UNKNOWN_AGENCY, UNKNOWN_REGION
from generator.checks import FAILS
from generator.markdown import Section, render_body
from generator.model import Facts, FrontMatter, ReadOnlyDict, frozen, thawed
from generator.places import province_of
from generator.rates import rates_of
from generator.urls import agencies_in_dest, agency_dest, region_dest, report_dest, year_dest


@dataclass(frozen=True, slots=True)
class Neighbour:
    """The previous or next year's report of the same agency, as its page links to it."""

    dest: str
    year: int


@dataclass(frozen=True, slots=True)
class ReportRow:
    """What list pages, downloads and the search index show of a report: one row of the
    catalog. Kept in the build cache for every report, so it holds no text."""

    stem: str
    """the entry's path below content/ without suffix: 福建省平潭县/平潭县人民政府/2012"""
    facts: Facts
    figures: Mapping[str, int]
    tables: Mapping[str, Mapping]
    rates: Mapping[str, float | None]
    """derived rates, computed once: every list page and download reads them"""
    raw_suffix: str
    digest: str = ""
    """a digest of all of the above (build.py): a list page or download whose reports'
    digests are unchanged is not made again"""
    snippet_places: tuple[int, ...] = ()
    """where each snippet piece of its searchable text begins in its page, in bytes
    (index.snippet_places): the search index's details carry them"""
    warnings: tuple[str, ...] = ()
    failing: tuple[str, ...] = ()
    """its failing checks as "T3-B t3.total" (id, where): the data quality pages list them"""

    @property
    def title(self) -> str:
        return self.facts.title or f"{self.agency_name}政府信息公开工作年度报告"

    @property
    def agency_name(self) -> str:
        return self.facts.agency or UNKNOWN_AGENCY

    @property
    def region_name(self) -> str:
        return self.facts.region or UNKNOWN_REGION

    @property
    def year(self) -> int | None:
        return self.facts.year

    @property
    def published(self) -> str | None:
        return self.facts.published

    @property
    def region_part(self) -> str:
        return self.stem.split("/")[0]

    @property
    def agency_part(self) -> str:
        return self.stem.split("/")[1]

    @property
    def dest(self) -> str:
        return report_dest(*self.stem.split("/"))

    @property
    def raw_dest(self) -> str:
        return f"{self.dest}source.txt"

    @property
    def data_dest(self) -> str:
        return f"{self.dest}index.json"

    @property
    def agency_dest(self) -> str:
        return agency_dest(self.region_part, self.agency_part)

    @property
    def region_dest(self) -> str:
        return region_dest(self.region_part)

    @property
    def sort_key(self) -> tuple:
        return (self.region_part, self.agency_part, self.year or 0, self.stem)


@dataclass(frozen=True, slots=True)
class ReportPage:
    """Everything one report's own page shows: its row, the rest of its front matter, its
    text in sections, and its neighbours."""

    row: ReportRow
    front: FrontMatter
    sections: tuple[Section, ...]
    toc: tuple[tuple[int, str, str], ...]
    placement: Mapping[str | None, tuple[str, ...]]
    """which tables go under which section anchor (None: after the text)"""
    previous: Neighbour | None = None
    next: Neighbour | None = None
    """the agency's previous and next dated reports, from the archive's paths alone
    (build._neighbours), so that each page renders on its own"""

    def __getattr__(self, name: str):
        """The row's facts and paths (report.title, report.dest, ...) read through."""
        return getattr(self.row, name)


@dataclass(slots=True)
class Group:
    """Reports that share an agency, a region or a year."""

    key: str
    name: str
    dest: str
    reports: list[ReportRow] = field(default_factory=list)


@dataclass(slots=True)
class Province:
    """A province's regions, each with its agencies, as its agency list shows them."""

    name: str
    dest: str
    regions: list[tuple[Group, list[Group]]]

    @property
    def agency_count(self) -> int:
        return sum(len(agencies) for _, agencies in self.regions)


@dataclass
class Catalog:
    reports: list[ReportRow]
    agencies: list[Group]
    regions: list[Group]
    years: list[Group]

    @functools.cached_property
    def agencies_by_region(self) -> dict[str, list[Group]]:
        """Each region's agencies (dest -> groups): the agencies page lists them region by region."""
        found: dict[str, list[Group]] = defaultdict(list)
        for agency in self.agencies:
            found[agency.reports[0].region_dest].append(agency)
        return found

    @functools.cached_property
    def provinces(self) -> list[Province]:
        """The regions by province, each with its agencies: the agency lists are one page
        per province (at 10,000 reports the largest, 四川省, is 204 KB, where the single list
        of all agencies was 3.3 MB; a province's page still grows with its agencies)."""
        found: dict[str, list[Group]] = defaultdict(list)
        for region in self.regions:
            part = region.reports[0].region_part
            found[province_of(part) or part].append(region)
        return [Province(name, agencies_in_dest(name), [(region, self.agencies_by_region[region.dest])
                                                         for region in regions])
                for name, regions in sorted(found.items())]

    @functools.cached_property
    def latest(self) -> list[ReportRow]:
        """Newest first: by publication date, then year (the home page and the feed both
        read it)."""
        return sorted(self.reports, key=lambda r: (r.published or "", r.year or 0, r.stem), reverse=True)


def _placement(tables: Mapping, sections: tuple[Section, ...]) -> dict[str | None, tuple[str, ...]]:
    """Table 二 under 主动公开政府信息情况, 三 under 收到和处理…申请情况, 四 under the 行政复议
    section; a table whose section the text lacks goes after the text (None)."""
    places: dict[str | None, list[str]] = {}
    for table, words in (("t2", "主动公开政府信息情况"), ("t3", "申请情况"), ("t4", "行政复议")):
        if table in tables:
            home = next((s.anchor for s in sections if s.title and words in s.title), None)
            places.setdefault(home, []).append(table)
    return {anchor: tuple(found) for anchor, found in places.items()}


def make_row(stem: str, front: FrontMatter, raw_suffix: str, digest: str = "") -> ReportRow:
    failing = tuple(f"{check.id} {check.where}" for check in front.checks if check.result == FAILS)
    return ReportRow(stem, front.facts, front.figures, front.tables, ReadOnlyDict(rates_of(front.tables)),
                     raw_suffix, digest, (), front.warnings, failing)


def row_json(row: ReportRow) -> dict:
    """A row as JSON data (the build cache keeps rows so)."""
    return {"stem": row.stem, "facts": asdict(row.facts), "figures": thawed(row.figures),
            "tables": thawed(row.tables), "rates": dict(row.rates), "raw_suffix": row.raw_suffix, "digest": row.digest,
            "snippet_places": list(row.snippet_places), "warnings": list(row.warnings), "failing": list(row.failing)}


def row_from_json(data: dict, figures: Mapping | None = None, tables: Mapping | None = None) -> ReportRow:
    """A row from row_json's data; figures and tables may come apart (the build cache keeps
    them as text until they are read)."""
    figures = frozen(data["figures"] if figures is None else figures)
    tables = frozen(data["tables"] if tables is None else tables)
    return ReportRow(data["stem"], Facts(**data["facts"]), figures, tables, ReadOnlyDict(data["rates"]),
                     data["raw_suffix"], data["digest"], tuple(data["snippet_places"]), tuple(data["warnings"]),
                     tuple(data["failing"]))


def make_page(row: ReportRow, front: FrontMatter, body: str, neighbours: tuple[Neighbour | None, Neighbour | None]
              ) -> ReportPage:
    sections, toc = render_body(body)
    sections = tuple(sections)
    return ReportPage(row, front, sections, tuple(toc), ReadOnlyDict(_placement(front.tables, sections)),
                      *neighbours)


def make_catalog(reports: list[ReportRow]) -> Catalog:
    reports = sorted(reports, key=lambda r: r.sort_key)
    agencies: dict[str, Group] = {}
    regions: dict[str, Group] = {}
    years: dict[int, Group] = defaultdict(lambda: Group("", "", ""))
    for report in reports:
        agency = agencies.setdefault(
            report.agency_dest, Group(report.agency_dest, report.agency_name, report.agency_dest)
        )
        agency.reports.append(report)
        region = regions.setdefault(
            report.region_dest, Group(report.region_dest, report.region_name, report.region_dest)
        )
        region.reports.append(report)
        if report.year:
            group = years[report.year]
            group.key, group.name, group.dest = str(report.year), f"{report.year}年", year_dest(report.year)
            group.reports.append(report)
    return Catalog(
        reports=reports,
        agencies=sorted(agencies.values(), key=lambda g: g.key),
        regions=sorted(regions.values(), key=lambda g: g.key),
        years=[years[y] for y in sorted(years, reverse=True)],
    )
