"""`summary`: what the archive will say about the entries a pull request adds or changes.

The pull-request workflow writes it to the job summary, so a reviewer sees each entry's
facts, headline figures, failing checks and warnings without running anything. Only the
loader reads the entries; this module turns them into Markdown (all text escaped: entries
come from untrusted reports).
"""

from __future__ import annotations

from pathlib import Path

from generator.checks import FAILS, HOLDS
from generator.errors import SourceError
from generator.labels import FIGURE_NAMES, FORMAT_NAMES
from generator.load import read_entry


def _cell(value) -> str:
    """A value as table-cell text: Markdown and HTML characters shown as themselves."""
    text = "—" if value is None else str(value)
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def summarize(paths: list[Path]) -> str:
    lines = ["## 本次改动的报告 · Entries in this pull request", ""]
    if not paths:
        return "\n".join([*lines, "没有改动 content/ 中的报告。 (No entry changed.)", ""])
    for path in paths:
        lines += [f"### `{_cell(path.as_posix())}`", ""]
        if not path.exists():
            lines += ["已删除 (removed).", ""]
            continue
        try:
            entry = read_entry(path)
        except SourceError as error:
            lines += [f"无法读取 (cannot be read): {_cell(error)}", ""]
            continue
        front = entry.front
        lines += [
            "| 标题 title | 机关 agency | 地区 region | 年份 year | 格式 format |",
            "|---|---|---|---|---|",
            "| " + " | ".join(_cell(v) for v in (front.get("title"), front.get("agency"), front.get("region"),
                                                 front.get("year"),
                                                 FORMAT_NAMES.get(front.get("format"), front.get("format")))) + " |",
            "",
        ]
        figures = front.get("figures") or {}
        if figures:
            lines += ["| 数字 figure | 值 value |", "|---|---:|"]
            lines += [f"| {_cell(FIGURE_NAMES.get(key, key))} | {_cell(value)} |" for key, value in figures.items()]
            lines.append("")
        checks = front.get("checks") or []
        failing = [c for c in checks if c.get("result") == FAILS]
        holding = sum(c.get("result") == HOLDS for c in checks)
        lines.append(f"勾稽关系 checks: {holding} of {len(checks)} hold"
                     + ("." if not failing else f"; **{len(failing)} fail**:"))
        lines += [f"- {_cell(c.get('id'))} {_cell(c.get('where'))}: {_cell(c.get('left'))} ≠ {_cell(c.get('right'))}"
                  for c in failing]
        warnings = front.get("warnings") or []
        if warnings:
            lines += ["", "提示 warnings:"] + [f"- {_cell(w)}" for w in warnings]
        lines.append("")
    return "\n".join(lines)
