"""The arithmetic checks (勾稽关系) of report-format.yaml, computed from an entry's tables.

Import stores the results in front matter and `check` recomputes them, so a maintainer
who edits a figure sees at once whether the table still adds up. A failing check is
data about the report, shown to readers; nothing here changes a number.
"""

from __future__ import annotations

from generator.formats import Format, formats

HOLDS, FAILS, NOT_APPLICABLE = "holds", "fails", "not applicable"
_T4_GROUPS = {"review": "review", "litigation_direct": "lit_direct", "litigation_after_review": "lit_after"}


def check_anchor(check_id: str, where: str) -> str:
    """The id of a check's place on its report's page: check-T3-B-t3-total. Stable: made of
    the national format's keys, which never change."""
    return f"check-{check_id}-{where.replace('.', '-')}"


def _result(check_id: str, where: str, left: list, right: list) -> dict:
    if any(v is None or isinstance(v, str) for v in left + right):
        return {"id": check_id, "where": where, "result": NOT_APPLICABLE}
    a, b = sum(left), sum(right)
    return {"id": check_id, "where": where, "result": HOLDS if a == b else FAILS, "left": a, "right": b}


def table_checks(fmt: Format, tables: dict) -> list[dict]:
    """T3-A and T3-B for every column, T3-C for every row, T4-A for every group."""
    checks: list[dict] = []
    t3 = tables.get("t3")
    if t3:
        columns = [column.key for column in fmt.t3.columns]
        results = [row.key for row in fmt.result_rows()]

        def cell(row: str, column: str):
            return t3.get(row, {}).get(column)

        for column in columns:
            checks.append(_result(
                "T3-A", f"t3.{column}",
                [cell("new_received", column), cell("carried_over", column)],
                [cell("results_total", column), cell("carry_forward", column)],
            ))
        for column in columns:
            checks.append(_result(
                "T3-B", f"t3.{column}", [cell("results_total", column)], [cell(r, column) for r in results]
            ))
        for row in fmt.t3.data_rows:
            checks.append(_result(
                "T3-C", f"t3.{row.key}", [cell(row.key, "total")], [cell(row.key, c) for c in columns[:-1]]
            ))
    cases = (tables.get("t4") or {}).get("cases")
    if cases:
        for group, prefix in _T4_GROUPS.items():
            parts = [cases.get(f"{prefix}_{part}") for part in ("maintained", "corrected", "other", "pending")]
            checks.append(_result("T4-A", f"t4.{group}", parts, [cases.get(f"{prefix}_total")]))
    return checks


def prose_checks(figure_sources: dict) -> list[dict]:
    """X-1: a figure stated in the text and in a table, where both were read."""
    checks = []
    for key, source in sorted(figure_sources.items()):
        if "prose" in source and "table" in source:
            checks.append(_result("X-1", f"figures.{key}", [source["prose"]], [source["table"]]))
    return checks


def compute_checks(format_name: str, tables: dict, figure_sources: dict) -> list[dict]:
    fmt = formats().get(format_name)
    return (table_checks(fmt, tables) if fmt else []) + prose_checks(figure_sources)
