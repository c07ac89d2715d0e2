"""Downloads for researchers: one row per report, one row per table cell, and a
Frictionless Data Package describing them, so the data loads without scraping.

CSV is UTF-8 with a byte-order mark (Excel on Chinese Windows opens it correctly) and
"\\r\\n" line ends, as RFC 4180 says; JSON holds one report per line, so it diffs line
by line. Table cells come one file per statistics year (data/cells/2019.csv), one row per
report and one column per cell of the national formats ("t3.new_received.total"): the same
columns in every year's file, so the files stack; a cell the report's format lacks is
empty. One row per cell (report, table, block, row, column, value) was 85 MB at 10,000
generated reports, this layout 2.5 MB, and a year of a hundred thousand reports is still
a sheet Excel opens. A row names its report by the report's id, the key of reports.csv
(the Data Package says so). A build after one report changed remakes only that year's file.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass

from generator.catalog import Catalog, ReportRow
from generator.formats import formats
from generator.labels import FIGURE_KEYS, FIGURE_NAMES
from generator.rates import RATES
from generator.urls import Urls

FACTS = (
    "id", "url", "title", "agency", "region", "year", "published", "retrieved", "format", "script", "source_url",
    "source_sha256",
)
CELL_SCHEMA = "cells-schema.json"  # below data/: the Table Schema every year's cells file shares
_FACT_TYPES = {"year": "integer", "published": "date", "retrieved": "date"}
_FACT_NOTES = {"id": "the report's id: its entry's path below content/, without .md (the key cells name)",
               "retrieved": "the day the raw source was saved into the archive"}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: object) -> object:
    """A cell as a spreadsheet program may read it safely: text that would start a formula
    (= + - @, tab, carriage return: OWASP's CSV injection list) gets a leading apostrophe,
    which spreadsheets show as text; numbers stay numbers, None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_text(rows: Iterable[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def report_row(report: ReportRow, urls: Urls) -> dict:
    facts = report.facts
    row = {
        "id": report.stem, "url": urls.absolute(report.dest), "title": report.title, "agency": facts.agency,
        "region": facts.region, "year": facts.year, "published": facts.published, "retrieved": facts.retrieved,
        "format": facts.format, "script": facts.script, "source_url": facts.source_url,
        "source_sha256": facts.source_sha256,
    }
    row |= {key: report.figures.get(key) for key in FIGURE_KEYS}
    rates = report.rates
    row |= {rate.key: None if rates[rate.key] is None else round(rates[rate.key], 6) for rate in RATES}
    return row


def report_json(report: ReportRow, checks: Iterable, urls: Urls) -> bytes:
    """A report's own data file (…/index.json beside its page): its row of reports.json,
    then its tables, its checks and its warnings (docs/data.md)."""
    data = report_row(report, urls) | {
        "tables": report.tables, "checks": [asdict(check) for check in checks], "warnings": report.warnings,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


@functools.cache
def cell_columns() -> tuple[str, ...]:
    """Every cell of the national formats, as "table.row.column" ("t2.block.row.column"),
    in the formats' order, each once: 2019's and 2021's tables share most of their cells."""
    blocks = [[("t2", block) for fmt in formats().values() for block in fmt.t2],
              [("t3", fmt.t3) for fmt in formats().values()], [("t4", fmt.t4) for fmt in formats().values()]]
    columns: dict[str, None] = {}
    for table, block in (pair for table_blocks in blocks for pair in table_blocks):
        prefix = f"t2.{block.key}." if table == "t2" else f"{table}."
        columns |= {f"{prefix}{row.key}.{c.key}": None for row in block.data_rows for c in block.columns}
    return tuple(columns)


def report_cells(report: ReportRow) -> dict[str, object]:
    """The report's table cells by column name (cell_columns)."""
    cells = {}
    for table, content in report.tables.items():
        blocks = content.items() if table == "t2" else [(None, content)]
        for block, table_rows in blocks:
            prefix = f"{table}.{block}." if block else f"{table}."
            for row, values in table_rows.items():
                cells |= {f"{prefix}{row}.{column}": value for column, value in values.items()}
    return cells


def cell_row(report: ReportRow) -> list:
    """One line of a cells file: the report's id and format, then every column's cell.
    The id is a path below content/ and the format a name, both validated; values are
    numbers or amounts with their unit. Every cell has its column: check refuses a cell
    outside its format's rows and columns (model._validate_tables)."""
    cells = report_cells(report)
    return [csv_cell(report.stem), report.facts.format or "", *(csv_cell(cells.get(c)) for c in cell_columns())]


_CHUNK = 1 << 20  # bytes a large download is written in: never whole in memory


@dataclass(frozen=True, slots=True)
class Pieces:
    """A download made of one piece per report (its CSV rows, its JSON line) between a
    head and a tail. A build keeps each report's piece by the report's digest and makes
    only the pieces of reports added or changed: remaking every row of reports.csv/json
    and of a year's cells after one report was added took longer than the rest of the
    rebuild."""

    head: bytes
    reports: list[ReportRow]
    piece: Callable[[ReportRow], bytes]
    separator: bytes = b""
    tail: bytes = b""

    def chunks(self) -> Iterator[bytes]:
        return self.join(self.piece(report) for report in self.reports)

    def join(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        """The file, in chunks of about _CHUNK bytes, from the reports' pieces in order."""
        batch, size = [self.head], len(self.head)
        for n, piece in enumerate(pieces):
            batch += [self.separator, piece] if n else [piece]
            size += len(piece)
            if size >= _CHUNK:
                yield b"".join(batch)
                batch, size = [], 0
        batch.append(self.tail)
        yield b"".join(batch)


def _schema(fields: list[tuple[str, str, str]]) -> dict:
    return {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields]}


@dataclass(frozen=True, slots=True)
class Download:
    """One download to make: where it goes, a digest of the reports it holds (None: always
    made), and how to make it (bytes, or chunks of bytes for a large file); a file of one
    piece per report says so (`pieces`), so a build can keep the pieces of unchanged reports."""

    dest: str
    inputs: str | None
    make: Callable[[], bytes | Iterator[bytes]]
    pieces: Pieces | None = None


def _pieces(dest: str, inputs: str | None, pieces: Pieces) -> Download:
    return Download(dest, inputs, pieces.chunks, pieces)


def _inputs(kind: str, reports: list[ReportRow]) -> str | None:
    digests = [r.digest for r in reports]
    if not all(digests):
        return None
    return hashlib.blake2b("\n".join([kind, *digests]).encode(), digest_size=16).hexdigest()


def cell_files(catalog: Catalog) -> list[tuple[str, list[ReportRow]]]:
    """(name below data/, reports) of each file of table cells: one per year, one for reports
    without a year."""
    files = [(f"cells/{group.key}.csv", group.reports) for group in sorted(catalog.years, key=lambda g: g.key)]
    undated = [r for r in catalog.reports if not r.year]
    return files + ([("cells/undated.csv", undated)] if undated else [])


def data_files(catalog: Catalog, urls: Urls) -> list[Download]:
    """Each download, in the order they are written."""
    header = FACTS + FIGURE_KEYS + tuple(r.key for r in RATES)
    csv_head = ("\ufeff" + _csv_text([header])).encode()
    rows: dict[str, dict] = {}

    def row(report: ReportRow) -> dict:  # reports.csv makes it, reports.json (made next) takes it
        if report.stem not in rows:
            rows[report.stem] = report_row(report, urls)
        return rows[report.stem]

    def csv_piece(report: ReportRow) -> bytes:
        return _csv_text([[csv_cell(v) for v in row(report).values()]]).encode()

    def json_piece(report: ReportRow) -> bytes:
        return json.dumps(rows.pop(report.stem, None) or report_row(report, urls), ensure_ascii=False).encode()

    everything = _inputs("reports", catalog.reports)
    files = [
        _pieces("data/reports.csv", everything, Pieces(csv_head, catalog.reports, csv_piece)),
        _pieces("data/reports.json", everything, Pieces(b"[\n", catalog.reports, json_piece, b",\n", b"\n]\n")),
    ]
    cells = cell_files(catalog)
    cell_head = ("\ufeff" + _csv_text([["report", "format", *cell_columns()]])).encode()
    for name, reports in cells:
        files.append(_pieces(f"data/{name}", _inputs(name, reports), Pieces(
            cell_head, [r for r in reports if r.tables], lambda report: _csv_text([cell_row(report)]).encode())))
    report_fields = [(f, _FACT_TYPES.get(f, "string"), _FACT_NOTES.get(f, f)) for f in FACTS]
    report_fields += [(k, "integer", FIGURE_NAMES[k]) for k in FIGURE_KEYS]
    report_fields += [(r.key, "number", f"{r.name} = {r.numerator} ÷ {r.denominator}") for r in RATES]
    cell_fields = [("report", "string", "the report's id (reports.csv)"),
                   ("format", "string", "the national table format the report follows (report-format.yaml)")]
    cell_fields += [(c, "any", "a cell of the format's tables: a number, an amount with its unit, or empty")
                    for c in cell_columns()]
    resources = [{
        "name": "reports", "path": "reports.csv", "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": {**_schema(report_fields), "primaryKey": "id"},
    }]
    cell_schema = {**_schema(cell_fields),
                   "foreignKeys": [{"fields": "report", "reference": {"resource": "reports", "fields": "id"}}]}
    # One schema file for every year's cells (226 columns): written into each resource it
    # made datapackage.json 175 KB for a handful of years.
    for name, _ in cells:
        resources.append({
            "name": name.removesuffix(".csv").replace("/", "-"), "path": name, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": CELL_SCHEMA,
        })
    package = {
        "profile": "tabular-data-package",
        "name": "gov-information-disclosure-annual-reports",
        "title": "政府信息公开工作年度报告：事实与数字",
        "homepage": urls.base_url,
        "licenses": [{"name": "CC0-1.0", "title": "Public domain dedication for the extracted data"}],
        "resources": resources,
    }
    package_bytes = json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    schema_bytes = json.dumps(cell_schema, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    files.append(Download(f"data/{CELL_SCHEMA}", None, lambda: schema_bytes))
    files.append(Download("data/datapackage.json", None, lambda: package_bytes))
    return files
