"""Finding table labels in normalized text, whatever the layout around them.

Tables arrive as one cell per line, space-separated, or run together with stray spaces
inside labels ("本年度办 理结果"). Labels are searched in a compact copy of the text (no
whitespace, no quote marks) that remembers where each of its characters came from, so
the cells between two labels can be cut from the original text with their separators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DROPPED = frozenset(" \t\n\r“”\"‘’'「」")
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）|\d{1,2}\s*[.、．])")


@dataclass(frozen=True, slots=True)
class Compact:
    text: str
    """the text without whitespace and quote marks"""
    origin: tuple[int, ...]
    """for each character of `text`, its offset in the original"""
    source: str

    def offset(self, position: int) -> int:
        """The original offset of compact position `position` (the end maps to the end)."""
        return self.origin[position] if position < len(self.origin) else len(self.source)


def compact(text: str) -> Compact:
    kept = [(i, ch) for i, ch in enumerate(text) if ch not in _DROPPED]
    return Compact("".join(ch for _, ch in kept), tuple(i for i, _ in kept), text)


def label_body(label: str) -> str:
    """The label without its enumerator and quote marks: "1.属于国家秘密" -> "属于国家秘密"."""
    body = _ENUMERATOR.sub("", label)
    return "".join(ch for ch in body if ch not in _DROPPED)


def enumerator(label: str) -> str | None:
    """The digits of a numeric enumerator ("2" for "2.其他法律..."), which run into cells."""
    match = re.match(r"(\d{1,2})\s*[.、．]", label)
    return match[1] if match else None


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    """compact offset of the label's first character"""
    end: int
    """compact offset just past the label"""


def find_label(text: Compact, labels: tuple[str, ...], start: int, end: int) -> Found | None:
    """The first of the label forms found in text.text[start:end], longest form first."""
    best: Found | None = None
    for label in sorted({label_body(form) for form in labels}, key=len, reverse=True):
        position = text.text.find(label, start, end)
        if position >= 0 and (best is None or position < best.start):
            best = Found(position, position + len(label))
    return best


def cell_text(text: Compact, after: int, before: int, next_label: str | None, units: str = "") -> str:
    """Original text from a label's end to the next label or the first Han character.

    The next label's numeric enumerator ("2." of "2.其他法律...") is removed from the end:
    in flattened tables it follows the last digit of the cell with no separator.
    """
    chunk = text.source[text.offset(after):text.offset(max(after, before))]
    stop = re.search(f"[\u3400-\u9fff](?<![{units}])" if units else r"[\u3400-\u9fff]", chunk)
    if stop:
        chunk = chunk[: stop.start()]
    number = enumerator(next_label) if next_label else None
    if number:
        chunk = re.sub(rf"{number}\s*[.、．]\s*$", "", chunk)
    return chunk
