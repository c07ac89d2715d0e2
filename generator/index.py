"""The search index: what the browser needs to find every report containing a phrase.

Search is exact: a report matches when its text (title, agency, region, body; whitespace
ignored) contains every word of the query. Reports are stored in simplified Chinese; a
query typed in traditional characters or full-width letters is folded first with a map
made here from OpenCC's own dictionaries: a traditional character is mapped only when it
has one simplified form (發 -> 发, but not 著, which is also a simplified character).
This module is also the reference the browser tests compare search.js with.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence

import numpy as np

from generator.catalog import ReportRow
from generator.markdown import Section
from generator.opencc_tables import opencc_dictionary
from generator.search_index import FIELD_SEPARATOR, LAST_PIECE, PIECE

_WHITESPACE = re.compile(r"\s+")
# Full-width letters and digits only: full-width punctuation (，：（）) is what reports write.
_FULL_WIDTH = {
    chr(code): chr(code - 0xFEE0)
    for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(start, end + 1)
} | {"\u3000": " "}


@functools.cache
def fold_map() -> dict[str, str]:
    """Character -> the characters a simplified report may write for it, preferred first.

    發 -> 发 (one simplified form); 於 -> 于於 and 乾 -> 干乾 (OpenCC lists the character
    itself among its simplified forms: 於 is also a surname); Taiwan and Hong Kong variants
    go through their standard form (衞 -> 卫衞, 著 -> 着著: 著 is also simplified, as in 著名).
    """
    simplified: dict[str, list[str]] = {}
    for key, candidates in opencc_dictionary("TSCharacters"):
        if len(key) == 1 and all(len(c) == 1 for c in candidates) and candidates != [key]:
            simplified[key] = candidates
    folds = {key: "".join(dict.fromkeys(candidates)) for key, candidates in simplified.items()}
    for name in ("TWVariantsRev", "HKVariantsRev"):
        for key, candidates in opencc_dictionary(name):
            if len(key) != 1 or len(candidates) != 1 or key in folds:
                continue
            standard = candidates[0]
            targets = [c for c in simplified.get(standard, [standard]) if len(c) == 1]
            alternatives = "".join(dict.fromkeys([*targets, key]))
            if alternatives != key:
                folds[key] = alternatives
    return dict(sorted(folds.items()))


MAX_VARIANTS = 64


def fold(word: str) -> list[str]:
    """The forms of one query word a simplified report may contain: full-width letters and
    digits to ASCII, each traditional character to its simplified forms (at most 64
    combinations; beyond that, the preferred form of each character), and the word as
    typed."""
    table = fold_map()
    typed = "".join(_FULL_WIDTH.get(c, c) for c in word)
    choices = [table.get(ch, ch) for ch in typed]
    total = 1
    for options in choices:
        total *= len(options)
    if total > MAX_VARIANTS:
        forms = ["".join(options[0] for options in choices)]
    else:
        forms = [""]
        for options in choices:
            forms = [form + option for form in forms for option in options]
    return list(dict.fromkeys([*forms, typed]))  # as typed too: a report may quote 臺灣


def query_words(query: str) -> list[list[str]]:
    """Each whitespace-separated word of a query, as the forms it may take."""
    return [fold(word) for word in _WHITESPACE.split(query.strip()) if word]


_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_SPACE = np.array([chr(c).isspace() for c in range(0x3001)])  # what \s matches: none above U+3000


@functools.lru_cache(maxsize=256)  # a section's text is wanted for the index and for its snippets' places
def visible_text(markup: str) -> tuple[str, np.ndarray]:
    """The text a reader sees in a piece of HTML, whitespace left out, and for each of its
    characters the index in `markup` where it is written. A report's searchable body is
    the text of its page, so a snippet can be cut from the page itself by byte ranges
    (search.js strips tags the same way)."""
    points = np.frombuffer(markup.encode("utf-32-le"), dtype=np.uint32).copy()
    keep = np.ones(len(points), dtype=bool)
    for tag in _TAG.finditer(markup):
        keep[tag.start():tag.end()] = False
    for entity in _ENTITY.finditer(markup):
        if keep[entity.start()]:
            keep[entity.start() + 1:entity.end()] = False
            points[entity.start()] = ord(html.unescape(entity.group())[0])
    keep &= ~_SPACE[np.minimum(points, len(_SPACE) - 1)] | (points >= len(_SPACE))
    where = np.flatnonzero(keep)
    return points[where].astype("<u4").tobytes().decode("utf-32-le"), where


def body_text(sections: Sequence[Section]) -> str:
    """A report body's searchable text: what its page shows of it, without whitespace."""
    return "".join(visible_text(section.html)[0] for section in sections)


def searchable(report: ReportRow, sections: Sequence[Section]) -> str:
    fields = (report.title, report.agency_name, report.region_name)
    return FIELD_SEPARATOR.join([_WHITESPACE.sub("", field) for field in fields] + [body_text(sections)])


def snippet_places(page: str, sections: Sequence[Section], text: str) -> tuple[int, ...]:
    """The byte offset in the page (UTF-8) where each snippet piece of the searchable text
    (PIECE code units; the title, agency and region count as the body's first characters)
    begins, up to LAST_PIECE: search.js reads a snippet from the report's own page by
    range, so the site holds the text once (separate UTF-16 texts for snippets were 123 MB
    of 375 at 10,000 reports)."""
    points, at = [], 0
    for section in sections:
        at = page.index(section.html, at)  # the template writes each section as it is
        points.append(visible_text(section.html)[1] + at)
        at += len(section.html)
    if not points:
        return ()
    where = np.concatenate(points)
    if not len(where):
        return ()  # sections with no visible text
    page_points = np.frombuffer(page.encode("utf-32-le"), dtype=np.uint32)
    byte_at = np.concatenate(([0], np.cumsum(1 + (page_points >= 0x80) + (page_points >= 0x800)
                                             + (page_points >= 0x10000), dtype=np.int64)))
    body = text.rsplit(FIELD_SEPARATOR, 1)[1]
    assert len(body) == len(where), "the searchable text is not the page's text"
    units = np.frombuffer(body.encode("utf-16-le"), dtype=np.uint16)
    first_unit = len(text.encode("utf-16-le")) // 2 - len(units)
    # the code unit where each body character starts (a character outside the BMP takes two)
    starts = first_unit + np.flatnonzero((units < 0xDC00) | (units > 0xDFFF))
    pieces = min(LAST_PIECE, (first_unit + len(units) - 1) // PIECE) + 1
    chars = np.searchsorted(starts, np.arange(pieces) * PIECE)
    return tuple(int(b) for b in byte_at[where[np.minimum(chars, len(where) - 1)]])


def search(texts: list[str], query: str) -> list[int]:
    """Indexes of the texts containing every word of the query, in no particular order."""
    words = query_words(query)
    if not words:
        return []
    return [i for i, text in enumerate(texts) if all(any(form in text for form in word) for word in words)]
