"""HTML tables as one "| a | b |" line per row, with rowspan and colspan laid out.

A report copied as HTML keeps its statistics tables as <table> markup, where the official
layout spans cells: "三、本年度办理结果" covers a dozen rows (rowspan), "法人或其他组织" five
columns (colspan), and a cell may be empty. Stripping the tags would run the cells of a row
together and shift every number after a spanned or empty cell. Laid out on a grid first,
each number keeps its column; a spanned position is left empty (never a copy of the
number, which would count it twice), and the table parser reads the pipe rows.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_MAX_SPAN = 100  # a page that claims more is broken or hostile; the grid stays small
_SPACE = re.compile(r"\s+")


class _Cells(HTMLParser):
    """Rows of (text, rowspan, colspan) from one table's markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, int, int]]] = []
        self._cell: list[str] | None = None
        self._spans = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._close_cell()
            self.rows.append([])
        elif tag in ("td", "th"):
            self._close_cell()
            if not self.rows:
                self.rows.append([])
            values = dict(attrs)
            self._spans = (_span(values.get("rowspan")), _span(values.get("colspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "tr", "table"):
            self._close_cell()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None:
            text = _SPACE.sub(" ", "".join(self._cell)).strip().replace("|", "｜")
            self.rows[-1].append((text, *self._spans))
            self._cell = None


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), _MAX_SPAN)
    except ValueError:
        return 1


def _grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Place each cell at the first free column of its row, reserving its spanned area."""
    taken: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        column = 0
        for text, rowspan, colspan in row:
            while (r, column) in taken:
                column += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, column + dc)] = text if (dr, dc) == (0, 0) else ""
            column += colspan
    width = 1 + max((c for _, c in taken), default=-1)
    return [[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))]


_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


def _blanks_marked(row: list[str]) -> list[str]:
    """An empty cell among a row's numbers is a figure not stated: written "/" as the
    tables themselves write one, so the numbers after it keep their columns."""
    first = next((i for i, cell in enumerate(row) if _NUMBER.match(cell)), len(row))
    return row[:first] + [cell or "/" for cell in row[first:]]


def _as_lines(markup: str) -> str:
    parser = _Cells()
    parser.feed(markup)
    parser.close()
    lines = ["| " + " | ".join(_blanks_marked(row)) + " |" for row in _grid(parser.rows) if any(row)]
    return "\n" + "\n".join(lines) + "\n"


def tables_as_lines(text: str) -> str:
    """Every <table> in text replaced by its pipe rows; the rest left as it is."""
    if "<table" not in text and "<TABLE" not in text:
        return text
    return _TABLE.sub(lambda match: _as_lines(match[0]), text)
