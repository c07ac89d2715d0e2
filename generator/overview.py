"""The archive's figures summed by statistics year: what the overview page and the home
page's chart show.

Every number says what it rests on. A sum or a rate is taken over the reports that state
every figure it needs (a report without 本年新收申请 adds nothing to the requests, and is not
in the denominator of a rate per request), and the count of those reports is shown beside
it: the archive holds more reports of some years than of others, and a total that rises
may only mean more reports. The figures are the ones data/reports.json gives for each
report, so anyone can redo the sums from the download.

Reports before 2019 stated their figures in prose, without the national tables, and what
they called an application or a result differs from the tables' rows; reports in the 2019
and 2021 formats fill the same table 三 (they differ in one row of （六）其他处理). So every
year is split into these format groups, and charts draw them as separate lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.catalog import Catalog, ReportRow

FORMAT_GROUPS = {"table-2021": "unified", "table-2019": "unified", "prose-pre2019": "prose", "unknown": "unknown"}
GROUP_NAMES = {"unified": "统一格式（2019年起）", "prose": "2019年以前（数字取自正文）", "unknown": "格式不详"}


@dataclass(frozen=True, slots=True)
class Ratio:
    """A sum over a sum, and how many reports both rest on."""

    top: int
    bottom: int
    reports: int

    @property
    def value(self) -> float | None:
        """None where the denominator is 0 (or the ratio is a plain sum)."""
        return self.top / self.bottom if self.bottom else None


def _ratio(pairs: Iterable[tuple[int | None, int | None]]) -> Ratio:
    """Σtop / Σbottom over the reports that state both."""
    top = bottom = reports = 0
    for a, b in pairs:
        if a is not None and b is not None:
            top, bottom, reports = top + a, bottom + b, reports + 1
    return Ratio(top, bottom, reports)


def granted(figures: Mapping[str, int]) -> int | None:
    """予以公开 + 部分公开, where the report states both."""
    full, part = figures.get("results_granted"), figures.get("results_partial")
    return None if full is None or part is None else full + part


def granted_share(figures: Mapping[str, int]) -> float | None:
    """One report's share granted in full or in part of the requests it decided."""
    share = _ratio([(granted(figures), figures.get("results_total"))])
    return share.value


@dataclass(frozen=True, slots=True)
class YearTotals:
    """One statistics year, one format group (or all of them: group "")."""

    year: int
    group: str
    reports: int
    requests: Ratio
    """Σ本年新收申请 (over a bottom of 0: a sum, not a rate)"""
    granted: Ratio
    """Σ(予以公开 + 部分公开) / Σ办理结果总计"""
    reviews: Ratio
    """Σ行政复议 / Σ本年新收申请"""
    lawsuits: Ratio
    """Σ行政诉讼 / Σ本年新收申请"""

    @property
    def group_name(self) -> str:
        return GROUP_NAMES.get(self.group, "全部格式")


def year_totals(year: int, group: str, reports: list[ReportRow]) -> YearTotals:
    figures = [r.figures for r in reports]
    return YearTotals(
        year, group, len(reports),
        _ratio((f.get("requests_new"), 0) for f in figures),
        _ratio((granted(f), f.get("results_total")) for f in figures),
        _ratio((f.get("review_total"), f.get("requests_new")) for f in figures),
        _ratio((f.get("litigation_total"), f.get("requests_new")) for f in figures),
    )


@dataclass(frozen=True, slots=True)
class Overview:
    years: tuple[int, ...]
    """every year from the first to the last the archive holds, oldest first (a chart
    spaces years evenly: a year without reports is a gap, not a shorter step)"""
    rows: tuple[YearTotals, ...]
    """each year's format groups, in the order of FORMAT_GROUPS' names, years oldest first"""
    undated: int
    """reports whose year is unknown: in no row"""

    def series(self, group: str) -> list[YearTotals | None]:
        """The group's totals for each year (None where the year has none of its reports)."""
        found = {t.year: t for t in self.rows if t.group == group}
        return [found.get(year) for year in self.years]

    @property
    def groups(self) -> list[str]:
        present = {t.group for t in self.rows}
        return [group for group in GROUP_NAMES if group in present]


def make_overview(catalog: Catalog) -> Overview:
    rows = []
    for group in sorted(catalog.years, key=lambda g: g.key):
        split: dict[str, list[ReportRow]] = {}
        for report in group.reports:
            split.setdefault(FORMAT_GROUPS.get(report.facts.format, "unknown"), []).append(report)
        rows += [year_totals(int(group.key), name, split[name]) for name in GROUP_NAMES if name in split]
    held = [int(g.key) for g in catalog.years]
    years = tuple(range(min(held), max(held) + 1)) if held else ()
    return Overview(years, tuple(rows),
                    sum(1 for r in catalog.reports if not r.year))
