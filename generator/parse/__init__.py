"""Parse: a normalized report in, the facts, tables, figures and body of an entry out.

The steps: facts (facts.py), format and tables (tables.py), figures stated in prose or in
a pre-2019 statistics table (prose.py), the arithmetic checks (generator.checks), and
the body as Markdown without the tables (body.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.checks import FAILS, compute_checks
from generator.formats import formats
from generator.labels import FIGURE_KEYS
from generator.normalize import NormalizedReport
from generator.parse.body import remove_spans, to_markdown
from generator.parse.facts import extract_facts
from generator.parse.locate import compact
from generator.parse.prose import legacy_span, legacy_table, prose_figures
from generator.parse.tables import detect_format, parse_t2, parse_t3, parse_t4

# Figures read from table 三 (column 总计) and table 四.
_T3_FIGURES = {
    "requests_new": "new_received",
    "requests_carried_over": "carried_over",
    "results_granted": "granted",
    "results_partial": "partially_granted",
    "results_total": "results_total",
    "carried_forward": "carry_forward",
}
_NEW_SECTIONS = (
    "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "行政复议、行政诉讼情况", "行政复议和行政诉讼情况",
)


@dataclass(slots=True)
class ParsedReport:
    title: str | None
    agency: str | None
    region: str | None
    year: int | None
    published: str | None
    source_url: str | None
    format: str
    figures: dict[str, int | None]
    figure_sources: dict[str, dict]
    tables: dict
    checks: list[dict]
    warnings: list[str] = field(default_factory=list)
    body: str = ""


def _table_figures(tables: dict) -> dict[str, int | None]:
    figures: dict[str, int | None] = {}
    t3 = tables.get("t3") or {}
    for key, row in _T3_FIGURES.items():
        if row in t3:
            figures[key] = t3[row].get("total")
    cases = (tables.get("t4") or {}).get("cases")
    if cases:
        figures["review_total"] = cases.get("review_total")
        direct, after = cases.get("lit_direct_total"), cases.get("lit_after_total")
        figures["litigation_total"] = None if direct is None or after is None else direct + after
    return figures


def _combine(prose: dict, table: dict[str, int | None], table_rows: dict[str, str], prefer_prose: set[str]):
    """One value per figure: the table's unless the figure is one prose states better.
    Where prose and table disagree on any other figure, neither is certain: the figure
    is left empty and both stay in its sources (and a warning says so)."""
    figures: dict[str, int | None] = {}
    sources: dict[str, dict] = {}
    for key in FIGURE_KEYS:
        source: dict = {}
        if key in prose:
            source["prose"] = prose[key].value
            source["sentence"] = prose[key].evidence
        if key in table:
            source["table"] = table[key]
            source["cell"] = table_rows[key]
        if not source:
            continue
        sources[key] = source
        if "prose" in source and (key in prefer_prose or source.get("table") is None):
            figures[key] = source["prose"]
        elif "prose" in source and source["prose"] != source["table"]:
            figures[key] = None
        else:
            figures[key] = source.get("table")
    return figures, sources


def parse_report(report: NormalizedReport) -> ParsedReport:
    facts = extract_facts(report.text, report.facts)
    warnings = list(facts.warnings)
    text = compact(report.text)
    new_sections = sum(title in text.text for title in _NEW_SECTIONS) >= 2
    format_name = detect_format(text, facts.year, new_sections)
    tables: dict = {}
    spans: list[tuple[int, int]] = []
    fmt = formats().get(format_name)
    if fmt:
        for name, result in (("t2", parse_t2(text, fmt)), ("t3", parse_t3(text, fmt))):
            if result.values:
                tables[name] = result.values
            warnings += result.warnings
            spans += result.spans
        t4 = parse_t4(text, fmt)
        if t4.values:
            tables["t4"] = t4.values
        warnings += t4.warnings
        spans += t4.spans
        for number, key in (("二", "t2"), ("三", "t3"), ("四", "t4")):
            if key not in tables:
                warnings.append(f"统计表{number}：正文中没有（可能是图片，或被转载网站删去）")
    prose = prose_figures(report.text)
    table = _table_figures(tables)
    table_rows = {key: f"t3.{row}.total" for key, row in _T3_FIGURES.items()}
    table_rows |= {"review_total": "t4.review_total", "litigation_total": "t4.lit_direct_total + t4.lit_after_total"}
    if format_name in ("prose-pre2019", "unknown"):
        legacy, legacy_warnings = legacy_table(report.text, prose)
        warnings += legacy_warnings
        if span := legacy_span(report.text):
            spans.append(span)
        table = {key: figure.value for key, figure in legacy.items()}
        table_rows = {key: figure.evidence for key, figure in legacy.items()}
    figures, sources = _combine(prose, table, table_rows, prefer_prose={"proactive_total"})
    checks = compute_checks(format_name, tables, sources)
    failing = sorted({check["id"] for check in checks if check["result"] == FAILS and check["id"] != "X-1"})
    if failing:
        warnings.append(f"报告本身的数字对不上：{'、'.join(failing)} 核对不成立（见勾稽核对）")
    for check in checks:
        if check["id"] == "X-1" and check["result"] == FAILS:
            key = check["where"].removeprefix("figures.")
            warnings.append(
                f"{key}：正文为 {check['left']}，表格为 {check['right']}，两者都保留"
            )
    if format_name == "unknown":
        warnings.append("格式：既不是2019年或2021年的统一格式，也不像2019年以前的报告")
    body = to_markdown(remove_spans(report.text, spans), facts.title)
    return ParsedReport(
        title=facts.title, agency=facts.agency, region=facts.region, year=facts.year,
        published=facts.published, source_url=facts.source_url, format=format_name,
        figures=figures, figure_sources=sources, tables=tables, checks=checks,
        warnings=warnings, body=body,
    )
