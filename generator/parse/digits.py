"""Reading table cells whose separators were lost.

Flattened tables run cells together: "本年新收政府信息公开申请数量15130000154" is seven
cells, 151,3,0,0,0,0,154. Any split is a guess on its own; the table's arithmetic decides.
This module lists every reading of a cell run; tables.py keeps the readings that satisfy
the 勾稽 checks, and a cell more than one reading fits is left unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A token of a cell run: a signed or unsigned digit run, or an empty-cell mark.
_TOKEN = re.compile(r"[-+]?\d+(?:\.\d+)?|/|—|－|-")
# Table 二 cells may carry a unit: "1个", "246900元", "160.5964万元".
_UNIT_TOKEN = re.compile(r"[-+]?\d+(?:\.\d+)?(?:万元|元|个|件|项)?|/|—|－|-")
EMPTY_MARKS = frozenset({"/", "—", "－", "-"})
# Readings listed per run before giving up: a run of 25 digits into 7 cells has 134,596.
MAX_READINGS = 20_000


class TooManyReadings(Exception):
    """A run has more readings than can be checked; the cells stay unknown."""


def tokens(cell_text: str, units: bool = False) -> list[str]:
    """Digit runs and empty-cell marks in the text between two row labels."""
    return (_UNIT_TOKEN if units else _TOKEN).findall(cell_text)


def _parts(run: str, count: int) -> Iterator[tuple[int, ...]]:
    """Every way to cut one digit run into `count` numbers, none with a leading zero."""
    if count == 1:
        if len(run) == 1 or run[0] != "0":
            yield (int(run),)
        return
    for cut in range(1, len(run) - count + 2):
        head = run[:cut]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in _parts(run[cut:], count - 1):
            yield (int(head), *rest)


def readings(runs: list[str], cells: int) -> list[tuple[int | None, ...]]:
    """Every reading of the runs of one row as exactly `cells` values.

    Each run gives one or more cells; a sign belongs to the first number of its run
    ("2648-18538": 2648 then -18, 538 or -185, 38 ...); an empty mark gives None.
    """
    if len(runs) > cells:
        return []
    results: list[tuple[int | None, ...]] = []

    def walk(index: int, left: int, done: tuple[int | None, ...]) -> None:
        if index == len(runs):
            if left == 0:
                results.append(done)
                if len(results) > MAX_READINGS:
                    raise TooManyReadings
            return
        run = runs[index]
        still = len(runs) - index - 1
        if run in EMPTY_MARKS:
            walk(index + 1, left - 1, (*done, None))
            return
        sign = -1 if run[0] == "-" else 1
        digits = run.lstrip("+-")
        if "." in digits:  # a decimal is one value
            walk(index + 1, left - 1, (*done, sign * float(digits)))  # type: ignore[arg-type]
            return
        for count in range(1, min(len(digits), left - still) + 1):
            for parts in _parts(digits, count):
                walk(index + 1, left - count, (*done, sign * parts[0], *parts[1:]))

    walk(0, cells, ())
    return results


def summed_readings(run: str, cells: int) -> list[tuple[int, ...]]:
    """Readings of one digit run as `cells` numbers whose last is the sum of the others.

    The row-sum check of a table (总计 = the cells before it) prunes the search, so long
    runs stay cheap: every cell is at most the total, so at most as long as it.
    """
    results: list[tuple[int, ...]] = []
    for total_length in range(1, len(run) - cells + 2):
        total_text, head = run[-total_length:], run[:-total_length]
        if len(total_text) > 1 and total_text[0] == "0":
            continue
        total = int(total_text)
        width = len(total_text)

        def walk(start: int, left: int, remaining: int, done: tuple[int, ...]) -> None:
            if left == 0:
                if start == len(head) and remaining == 0:
                    results.append((*done, total))
                return
            for end in range(start + 1, min(len(head) - left + 1, start + width) + 1):
                part = head[start:end]
                if len(part) > 1 and part[0] == "0":
                    break
                value = int(part)
                if value > remaining:
                    break
                walk(end, left - 1, remaining - value, (*done, value))

        walk(0, cells - 1, total, ())
    return results
