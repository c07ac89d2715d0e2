"""Tables 二, 三 and 四 of the 2019 and 2021 formats, from normalized text.

Rows are found by their labels (locate.py), cells are read between labels, and where
cells ran together the readings are narrowed by the table's own arithmetic: each row of
table 三 sums to its 总计 column, each column's result rows sum to （七）总计 and
一+二 = 三+四, each group of table 四 sums to its 总计. A cell that more than one reading
fits is left None and named in a warning; a table not in the text gives no numbers at all.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from generator.formats import Block, Format, Row, formats
from generator.parse import digits
from generator.parse.locate import Compact, Found, cell_text, find_label, label_body

Value = int | float | str | None
# How far (compact characters) the next row label may be from the previous one.
_ROW_GAP = 600
# Combinations of ambiguous rows tried against the column checks.
_MAX_COMBINATIONS = 200_000


@dataclass(slots=True)
class TableResult:
    values: dict[str, dict[str, Value]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    """original-text offsets covered by the table, to leave out of the body"""


def _find_rows(text: Compact, rows: tuple[Row, ...], start: int, limit: int) -> list[tuple[Row, Found | None]]:
    found: list[tuple[Row, Found | None]] = []
    cursor = start
    for row in rows:
        hit = find_label(text, (row.label, *row.aliases), cursor, min(limit, cursor + _ROW_GAP))
        found.append((row, hit))
        if hit:
            cursor = hit.end
    return found


def _cells(text: Compact, found: list[tuple[Row, Found | None]], units: str = "") -> dict[str, list[str] | None]:
    """Tokens of each data row: None where its label is missing."""
    located = [(row, hit) for row, hit in found if hit]
    result: dict[str, list[str] | None] = {row.key: None for row, _ in found if row.data}
    for index, (row, hit) in enumerate(located):
        if not row.data:
            continue
        following = located[index + 1] if index + 1 < len(located) else None
        before = following[1].start if following else len(text.text)
        next_label = following[0].label if following else None
        result[row.key] = digits.tokens(cell_text(text, hit.end, before, next_label, units), units=bool(units))
    return result


def _row_candidates(tokens: list[str] | None, cells: int, summed: bool) -> list[tuple[Value, ...]]:
    """Readings of one row; with `summed`, the last cell is the sum of the others."""
    if tokens is None or not tokens:
        return [(None,) * cells]
    if len(tokens) == cells:
        return [tuple(None if t in digits.EMPTY_MARKS else _number(t) for t in tokens)]
    if summed and len(tokens) == 1 and tokens[0].isdigit():
        found = digits.summed_readings(tokens[0], cells)
        if found:
            return found  # type: ignore[return-value]
    try:
        every = digits.readings(tokens, cells)
    except digits.TooManyReadings:
        return []
    if summed:
        fitting = [r for r in every if None not in r and sum(r[:-1]) == r[-1]]  # type: ignore[arg-type]
        if fitting:
            return fitting  # type: ignore[return-value]
    return every if len(every) == 1 else []


def _number(token: str) -> int | float:
    return float(token) if "." in token else int(token)


def _t3_consistent(fmt: Format, rows: dict[str, tuple[Value, ...]]) -> bool:
    """T3-A and T3-B on every column where all their cells are known."""
    results = [row.key for row in fmt.result_rows()]
    for column in range(len(fmt.t3.columns)):
        def cell(key: str) -> Value:
            return rows[key][column] if key in rows else None

        a = [cell("new_received"), cell("carried_over"), cell("results_total"), cell("carry_forward")]
        if None not in a and a[0] + a[1] != a[2] + a[3]:  # type: ignore[operator]
            return False
        b = [cell(key) for key in results]
        if None not in b and cell("results_total") is not None and sum(b) != cell("results_total"):  # type: ignore[arg-type]
            return False
    return True


def _choose(
    candidates: dict[str, list[tuple[Value, ...]]], cells: int, consistent
) -> tuple[dict[str, tuple[Value, ...]], list[str]]:
    """One reading per row, using the cross-row checks to settle ambiguous rows."""
    unknown = (None,) * cells
    fixed = {key: options[0] for key, options in candidates.items() if len(options) == 1}
    open_rows = {key: options for key, options in candidates.items() if len(options) > 1}
    unreadable = [key for key, options in candidates.items() if not options]
    chosen = {**fixed, **{key: unknown for key in unreadable}}
    if not open_rows:
        return chosen, unreadable
    keys = list(open_rows)
    total = 1
    for key in keys:
        total *= len(open_rows[key])
    fitting: list[tuple[tuple[Value, ...], ...]] = []
    if total <= _MAX_COMBINATIONS:
        for combination in itertools.product(*(open_rows[key] for key in keys)):
            if consistent({**chosen, **dict(zip(keys, combination))}):
                fitting.append(combination)
    unclear = list(unreadable)
    for index, key in enumerate(keys):
        values = {combination[index] for combination in fitting}
        if len(values) == 1:
            chosen[key] = values.pop()
        else:
            chosen[key] = unknown
            unclear.append(key)
    return chosen, unclear


def parse_t3(text: Compact, fmt: Format) -> TableResult:
    result = TableResult()
    first = fmt.t3.rows[0]
    start = find_label(text, (first.label, *first.aliases), 0, len(text.text))
    if start is None:
        return result
    found = _find_rows(text, fmt.t3.rows, start.start, len(text.text))
    tokens = _cells(text, found)
    cells = len(fmt.t3.columns)
    candidates = {key: _row_candidates(tok, cells, summed=True) for key, tok in tokens.items()}
    chosen, unclear = _choose(candidates, cells, lambda rows: _t3_consistent(fmt, rows))
    columns = [column.key for column in fmt.t3.columns]
    result.values = {row.key: dict(zip(columns, chosen[row.key])) for row in fmt.t3.data_rows}
    missing = [row.label for row, hit in found if row.data and hit is None]
    if missing:
        result.warnings.append(f"统计表三：没有找到这些行，已留空：{'、'.join(missing)}")
    if unclear := [key for key in unclear if tokens.get(key)]:
        labels = {row.key: row.label for row in fmt.t3.rows}
        result.warnings.append(
            "统计表三：这些行的数字连在一起，有不止一种读法符合全部核对，"
            f"已留空：{'、'.join(labels[k] for k in unclear)}"
        )
    last = [hit for _, hit in found if hit][-1]
    begin = start.start
    for marker in ("（本列数据的勾稽关系", "申请人情况"):
        before = text.text.rfind(marker, max(0, begin - 300), begin)
        if before >= 0:
            begin = min(begin, before)
    begin = _with_enumerator(text, begin)
    end = text.offset(last.end) + len(cell_text(text, last.end, len(text.text), None))
    result.spans.append((text.offset(begin), end))
    return result


def _with_enumerator(text: Compact, position: int) -> int:
    """Move a label start back over its enumerator ("一、", "（一）", "1.")."""
    head = text.text[max(0, position - 4):position]
    match = re.search(r"(?:[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）|\d{1,2}[.、．])$", head)
    return position - len(match[0]) if match else position


def _t4_readings(tokens: list[str], fmt: Format) -> list[tuple[Value, ...]]:
    cells = len(fmt.t4.columns)
    if len(tokens) == cells or not (len(tokens) == 1 and tokens[0].isdigit()):
        return _row_candidates(tokens, cells, summed=False)
    run = tokens[0]
    group = cells // 3
    found = []
    for first, second in itertools.combinations(range(group, len(run) - group + 1), 2):
        parts = (run[:first], run[first:second], run[second:])
        if any(len(p) < group for p in parts):
            continue
        options = [digits.summed_readings(p, group) for p in parts]
        for a, b, c in itertools.product(*options):
            found.append((*a, *b, *c))
    return found


def parse_t4(text: Compact, fmt: Format) -> TableResult:
    """Table 四: 15 numbers after the three 结果维持…总计 header groups."""
    result = TableResult()
    header = text.text.find("行政复议")
    while header >= 0:
        window = text.text[header: header + 200]
        # The table header reads 行政复议行政诉讼结果维持…; the section title has 、 and 情况.
        if window.startswith(("行政复议行政诉讼", "行政复议结果维持")) and window.count("总计") >= 3:
            break
        header = text.text.find("行政复议", header + 1)
    if header < 0:
        return result
    after = header
    for _ in range(3):
        after = text.text.find("总计", after) + len("总计")
    raw = cell_text(text, after, len(text.text), None)
    tokens = digits.tokens(raw)
    if not tokens:
        result.warnings.append("统计表四：有表头但没有数字")
        return result
    options = _t4_readings(tokens, fmt)
    fitting = [o for o in options if _t4_consistent(o)] or (options if len(options) == 1 else [])
    columns = [column.key for column in fmt.t4.columns]
    if len(fitting) == 1:
        result.values = {"cases": dict(zip(columns, fitting[0]))}
    else:
        result.values = {"cases": dict.fromkeys(columns)}
        result.warnings.append(
            f"统计表四：数字“{raw.strip()}”连在一起，有 {len(fitting)} 种读法都符合各组加总，已留空"
        )
    result.spans.append((text.offset(header), text.offset(after) + len(raw)))
    return result


def _t4_consistent(values: tuple[Value, ...]) -> bool:
    for group in range(3):
        part = values[group * 5: group * 5 + 5]
        if None not in part and sum(part[:4]) != part[4]:  # type: ignore[arg-type]
            return False
    return True


_T2_UNITS = "个件项元万"


def parse_t2(text: Compact, fmt: Format) -> TableResult:
    """The 第二十条 blocks; their cells have no checks, so only a forced reading is kept."""
    result = TableResult()
    located = []
    for block in fmt.t2:
        forms = (block.header, block.header.replace("（", "(").replace("）", ")"))
        hit = find_label(text, forms, 0, len(text.text))
        if hit:
            located.append((block, hit))
    end = 0
    for index, (block, hit) in enumerate(located):
        limit = located[index + 1][1].start if index + 1 < len(located) else len(text.text)
        found = _find_rows(text, block.rows, hit.end, limit)
        tokens = _cells(text, found, _T2_UNITS)
        result.values[block.key] = {}
        for row in block.data_rows:
            values, note = _t2_row(tokens.get(row.key), block)
            result.values[block.key][row.key] = dict(zip((c.key for c in block.columns), values))
            if note:
                result.warnings.append(f"统计表二{block.header}“{row.label}”：{note}")
        hits = [h for _, h in found if h]
        last = hits[-1].end if hits else hit.end
        end = text.offset(last) + len(cell_text(text, last, limit, None, _T2_UNITS))
    if located:
        result.spans.append((text.offset(located[0][1].start), end))
    return result


def _t2_row(tokens: list[str] | None, block: Block) -> tuple[tuple[Value, ...], str | None]:
    cells = len(block.columns)
    if not tokens:
        return (None,) * cells, None
    if len(tokens) == cells:
        return tuple(_t2_value(t) for t in tokens), None
    if any(not t[-1].isdigit() and t not in digits.EMPTY_MARKS for t in tokens):
        return (None,) * cells, f"“{' '.join(tokens)}”与 {cells} 列对不上，已留空"
    try:
        options = digits.readings(tokens, cells)
    except digits.TooManyReadings:
        options = []
    signed = {i for i, column in enumerate(block.columns) if column.signed}
    options = [o for o in options if all(v is None or v >= 0 or i in signed for i, v in enumerate(o))]
    if len(options) == 1:
        return options[0], None
    return (None,) * cells, f"数字“{' '.join(tokens)}”连在一起，有 {len(options)} 种读法，已留空"


def _t2_value(token: str) -> Value:
    """A number, None for an empty mark, or the cell as written when it carries 元 or 万元."""
    if token in digits.EMPTY_MARKS:
        return None
    if token.endswith("元"):
        return token
    return _number(token.rstrip("个件项"))


_PRE2019_WORDS = ("主动公开", "依申请公开", "行政复议", "不予公开", "收费", "概述", "存在的主要问题", "统计表")


def detect_format(text: Compact, year: int | None, has_new_sections: bool) -> str:
    """table-2019 or table-2021 by the table columns (report-format.yaml detect_by); by the
    year when a six-section report lost its tables; prose-pre2019 for an older report."""
    scores = {
        name: sum(label_body(marker) in text.text for marker in fmt.detect_by) for name, fmt in formats().items()
    }
    best = max(scores, key=scores.get)
    if scores[best] > 0 and list(scores.values()).count(scores[best]) == 1:
        return best
    if has_new_sections and year is not None and year >= 2019:
        return "table-2021" if year >= 2021 else "table-2019"
    old_style = sum(word in text.text for word in _PRE2019_WORDS) >= 3
    if old_style and not has_new_sections and (year is None or year < 2019):
        return "prose-pre2019"
    return "unknown"
