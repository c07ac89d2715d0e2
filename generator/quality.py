"""What the archive's numbers rest on: the reports that fail a 勾稽 check, carry a warning
or lack a headline figure, counted by year and by province, each with its reports listed.
For maintainers a work list, for readers the limits of the overview's sums.

Warnings are sentences the importer wrote ("发布日期：网页和落款都没有写明"); their kind is
what they are about, the words before the first "：", with the row of a table left out
(统计表二第二十条第（一）项… is a warning about 统计表二). A figure's key there
(review_total：正文为 1，表格为 0) is a figure whose text and table disagree. A maintainer
may write any warning; one about nothing listed here is of the kind 其他.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from generator.catalog import Catalog, ReportRow
from generator.labels import CHECK_NAMES, FIGURE_NAMES, HEADLINE_FIGURES
from generator.places import province_of

WARNING_KINDS = {
    "标题": "title", "发布机关": "agency", "地区": "region", "年份": "year", "发布日期": "published",
    "原文链接": "source-url", "格式": "format",
    "统计表二": "table-2", "统计表三": "table-3", "统计表四": "table-4", "统计表": "prose-table",
    "报告本身的数字对不上": "report-sums", "正文与表格不一致": "prose-vs-table", "其他": "other",
}
"""kind -> the name of its page below quality/warnings/"""
UNDATED = "年份不详"


@functools.lru_cache(maxsize=65536)  # importers write the same sentences again and again
def warning_kind(warning: str) -> str:
    subject = warning.partition("：")[0].partition("“")[0].strip()
    if subject in FIGURE_NAMES:
        return "正文与表格不一致"
    if subject.startswith("统计表"):
        subject = subject[:4] if subject[3:4] in ("二", "三", "四") else "统计表"
    return subject if subject in WARNING_KINDS else "其他"


@dataclass(frozen=True, slots=True)
class Problem:
    """Reports sharing one problem, sorted as the catalog is (by region, agency, year)."""

    key: str
    """its page below quality/: checks/T3-A, warnings/published, missing/requests_new"""
    group: str
    """checks, warnings or missing"""
    name: str
    reports: tuple[ReportRow, ...]
    details: tuple[tuple[str, ...], ...]
    """per report, what exactly: the warnings' sentences, the failing checks"""
    by_year: Counter
    by_province: Counter

    @property
    def dest(self) -> str:
        return f"quality/{self.key}/"


@functools.cache
def _province_of(region_part: str) -> str | None:
    return province_of(region_part)


def province(report: ReportRow) -> str:
    return _province_of(report.region_part) or report.region_name


@dataclass(frozen=True, slots=True)
class Quality:
    problems: tuple[Problem, ...]
    """every kind of problem, found or not, in the order the page lists them"""
    years: tuple[int | str, ...]
    """newest first, then 年份不详 if any report lacks a year"""
    reports_by_year: Counter
    provinces: tuple[str, ...]
    reports_by_province: Counter
    complete: int
    """reports with every headline figure, no failing check and no warning"""


_MISSING = {key: f"missing/{key}" for key in HEADLINE_FIGURES}


def _report_problems(report: ReportRow) -> list[tuple[str, str]]:
    """(problem key, what exactly) of one report."""
    found = [(f"checks/{check.partition(' ')[0]}", check) for check in report.failing]
    found += [(f"warnings/{WARNING_KINDS[warning_kind(warning)]}", warning) for warning in report.warnings]
    figures = report.figures
    return found + [(problem, "") for key, problem in _MISSING.items() if figures.get(key) is None]


def make_quality(catalog: Catalog) -> Quality:
    """Every report's problems in one pass; then each problem's reports, in catalog order."""
    kinds = [(f"checks/{check_id}", "checks", f"{check_id} {name}") for check_id, name in CHECK_NAMES.items()]
    kinds += [(f"warnings/{slug}", "warnings", kind) for kind, slug in WARNING_KINDS.items()]
    kinds += [(f"missing/{key}", "missing", FIGURE_NAMES[key]) for key in HEADLINE_FIGURES]
    found: dict[str, dict[str, list[str]]] = {key: {} for key, _, _ in kinds}
    rows: dict[str, ReportRow] = {}
    years: Counter = Counter()
    provinces: Counter = Counter()
    where: dict[str, str] = {}
    for report in catalog.reports:
        years[report.year or UNDATED] += 1
        where[report.stem] = province(report)
        provinces[where[report.stem]] += 1
        for key, detail in _report_problems(report):
            if key in found:  # a check id the labels do not name is not a rule of the national format
                found[key].setdefault(report.stem, []).append(detail)
                rows[report.stem] = report
    problems = []
    for key, group, name in kinds:
        hit = [rows[stem] for stem in found[key]]
        problems.append(Problem(key, group, name, tuple(hit), tuple(tuple(d for d in found[key][r.stem] if d)
                                                                      for r in hit),
                                Counter(r.year or UNDATED for r in hit), Counter(where[r.stem] for r in hit)))
    return Quality(
        tuple(problems), tuple(sorted((y for y in years if y != UNDATED), reverse=True)) + (
            (UNDATED,) if UNDATED in years else ()),
        years, tuple(sorted(provinces)), provinces, len(catalog.reports) - len(rows),
    )
