"""The national report formats (2019 trial, 2021) as plain data for the parser and checks.

`report_format.yaml` is a copy of ../shared/docs/report-format.yaml (a test keeps the two
equal); this module flattens its anchors and merge keys into small frozen dataclasses so
the rest of the code never reads YAML structure.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

FORMAT_NAMES = {"gb2019": "table-2019", "gb2021": "table-2021"}
FORMAT_VALUES = ("prose-pre2019", "table-2019", "table-2021", "unknown")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    signed: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    data: bool = True
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One table-二 block ("第二十条第（一）项") or table 三 or 四."""

    key: str
    header: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    @property
    def data_rows(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.data)


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    """table-2019 or table-2021"""
    detect_by: tuple[str, ...]
    t2: tuple[Block, ...]
    t3: Block
    t4: Block

    def result_rows(self) -> tuple[Row, ...]:
        """Data rows of table 三 whose parent chain reaches 三、本年度办理结果, except （七）总计."""
        parents = {row.key: row.parent for row in self.t3.rows}

        def reaches_results(key: str | None) -> bool:
            while key is not None:
                if key == "results":
                    return True
                key = parents.get(key)
            return False

        return tuple(
            row for row in self.t3.data_rows if row.key != "results_total" and reaches_results(row.parent)
        )


@functools.cache
def _document() -> dict:
    """report_format.yaml, read once, with libyaml's loader where PyYAML has it (the pure
    Python one took 0.1 s, a twentieth of a rebuild after one report changed)."""
    source = resources.files(__package__).joinpath("report_format.yaml").read_text(encoding="utf-8")
    return yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def section_titles() -> tuple[str, ...]:
    """The six section titles and their variants, without their numbers ("总体情况"):
    reports often number them wrongly."""
    data = _document()
    labels = [label for section in data["sections"] for label in (section["label"], *section.get("aliases", ()))]
    return tuple(dict.fromkeys(label.split("、", 1)[1] for label in labels))


def _columns(items: list[dict]) -> tuple[Column, ...]:
    return tuple(Column(c["key"], c["label"], bool(c.get("signed"))) for c in items)


def _rows(items: list) -> tuple[Row, ...]:
    flat: list[dict] = []
    for item in items:
        flat.extend(item if isinstance(item, list) else [item])
    return tuple(
        Row(r["key"], r["label"], tuple(r.get("aliases", ())), bool(r.get("data", True)), r.get("parent"))
        for r in flat
    )


@functools.cache
def formats() -> dict[str, Format]:
    """table-2019 and table-2021, keyed by the `format` value of an entry."""
    data = _document()
    result = {}
    for key, spec in data["formats"].items():
        t2 = tuple(
            Block(block["key"], block["header"], _columns(block["columns"]), _rows(block["rows"]))
            for block in spec["t2"]
        )
        t3 = Block("t3", None, _columns(spec["t3"]["columns"]), _rows(spec["t3"]["rows"]))
        t4_spec = spec["t4"]
        t4 = Block("t4", None, _columns(t4_spec["columns"]), _rows(t4_spec["rows"]))
        name = FORMAT_NAMES[key]
        result[name] = Format(name, tuple(spec["detect_by"]), t2, t3, t4)
    return result
