"""The site's model: one Report per entry, and the groupings list pages are made of.

Built from what the loader read (front matter, body, raw source); nothing here touches a
file. Everything is sorted, so the same archive always gives the same site.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from generator.archive import UNKNOWN_AGENCY, UNKNOWN_REGION
from generator.markdown import Section, render_body
from generator.rates import rates_of
from generator.urls import agency_dest, region_dest, report_dest, year_dest


@dataclass(frozen=True, slots=True)
class Neighbour:
    """The previous or next year's report of the same agency, as its page links to it."""

    dest: str
    year: int


@dataclass(slots=True)
class Report:
    stem: str
    """the entry's path below content/ without suffix: 福建省平潭县/平潭县人民政府/2012"""
    front: dict
    sections: list[Section]
    toc: list[tuple[int, str, str]]
    raw: bytes
    raw_suffix: str
    rates: dict[str, float | None]
    """derived rates, computed once: every list page and download reads them"""
    placement: dict[str | None, list[str]]
    """which tables go under which section anchor (None: after the text)"""
    previous: Neighbour | None = None
    next: Neighbour | None = None
    """the agency's previous and next dated reports, set by the build (build._neighbours)
    from the archive's paths alone, so that each page renders on its own"""
    digest: str = ""
    """a digest of what list pages and downloads show of the report (build.py): a page
    whose reports' digests are unchanged is not made again"""

    @property
    def title(self) -> str:
        return self.front["title"] or f"{self.agency_name}政府信息公开工作年度报告"

    @property
    def agency_name(self) -> str:
        return self.front["agency"] or UNKNOWN_AGENCY

    @property
    def region_name(self) -> str:
        return self.front["region"] or UNKNOWN_REGION

    @property
    def year(self) -> int | None:
        return self.front["year"]

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
    def agency_dest(self) -> str:
        return agency_dest(self.region_part, self.agency_part)

    @property
    def region_dest(self) -> str:
        return region_dest(self.region_part)

    @property
    def figures(self) -> dict:
        return self.front["figures"]

    @property
    def sort_key(self) -> tuple:
        return (self.region_part, self.agency_part, self.year or 0, self.stem)


@dataclass(slots=True)
class Group:
    """Reports that share an agency, a region or a year."""

    key: str
    name: str
    dest: str
    reports: list[Report] = field(default_factory=list)


@dataclass
class Catalog:
    reports: list[Report]
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

    @property
    def latest(self) -> list[Report]:
        """Newest first: by publication date, then year."""
        return sorted(self.reports, key=lambda r: (r.front["published"] or "", r.year or 0, r.stem), reverse=True)


def _placement(tables: dict, sections: list[Section]) -> dict[str | None, list[str]]:
    """Table 二 under 主动公开政府信息情况, 三 under 收到和处理…申请情况, 四 under the 行政复议
    section; a table whose section the text lacks goes after the text (None)."""
    places: dict[str | None, list[str]] = {}
    for table, words in (("t2", "主动公开政府信息情况"), ("t3", "申请情况"), ("t4", "行政复议")):
        if table in tables:
            home = next((s.anchor for s in sections if s.title and words in s.title), None)
            places.setdefault(home, []).append(table)
    return places


def make_report(stem: str, front: dict, body: str, raw: bytes, raw_suffix: str) -> Report:
    sections, toc = render_body(body)
    tables = front["tables"]
    return Report(stem, front, sections, toc, raw, raw_suffix, rates_of(tables), _placement(tables, sections))


def make_catalog(reports: list[Report]) -> Catalog:
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
