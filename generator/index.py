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
import re

from generator.catalog import ReportRow
from generator.opencc_tables import opencc_dictionary
from generator.search_index import FIELD_SEPARATOR

_WHITESPACE = re.compile(r"\s+")
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")
_HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)
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


def body_text(markdown: str) -> str:
    """Plain text of an entry body: headings' marks and Markdown escapes taken off."""
    return _MARKDOWN_ESCAPE.sub(r"\1", _HEADING.sub("", markdown))


def searchable(report: ReportRow, body: str) -> str:
    fields = (report.title, report.agency_name, report.region_name, body_text(body))
    return FIELD_SEPARATOR.join(_WHITESPACE.sub("", field) for field in fields)


def search(texts: list[str], query: str) -> list[int]:
    """Indexes of the texts containing every word of the query, in no particular order."""
    words = query_words(query)
    if not words:
        return []
    return [i for i, text in enumerate(texts) if all(any(form in text for form in word) for word in words)]
