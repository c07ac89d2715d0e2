"""Traditional script back to simplified, and Taiwan/Hong Kong phrases back to mainland ones.

Plain character conversion (Taiwan and Hong Kong variants such as 衞 back to standard
characters, then OpenCC's traditional-to-simplified tables) undoes what s2t, s2tw and
s2hk did. Phrase tables (s2twp, zhconv zh-tw) also swap words (门户网站 -> 入口網站),
and OpenCC's reverse phrase config over-corrects genuine words
(档案馆 -> 文件馆, 整合 -> 集成). So words are put back from our own government-vocabulary
tables (phrases_derived.tsv, derived from the converters' tables and mainland word
frequencies by derive_phrases.py, and the hand-kept phrases.tsv), and only when the text
carries evidence of phrase conversion.
Simplified input is returned untouched: every word a report wrote is kept.
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import opencc

# A text is traditional when more than this share of its characters are ones that
# conversion changes; a simplified report quoting a few traditional names stays well below.
_TRADITIONAL_SHARE = 0.005
# Phrase conversion is assumed from this much marker evidence on: a marker
# of three characters or more counts two, a shorter one counts one.
_MIN_MARKER_SCORE = 2


@dataclass(frozen=True, slots=True)
class ScriptResult:
    text: str
    script: str
    """'simplified', 'traditional', or 'traditional-phrases' (phrase-converted)"""
    changed_characters: int
    phrases_restored: int


def _ocd2(name: str, **options: bool) -> dict[str, object]:
    data = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    return {"type": "ocd2", "file": str(data / f"{name}.ocd2"), **options}


def _group(*dictionaries: dict[str, object]) -> dict[str, object]:
    return {"dict": {"type": "group", "match_policy": "short_circuit", "dicts": list(dictionaries)}}


@functools.cache
def _converter() -> opencc.OpenCC:
    """Taiwan and Hong Kong variants back to standard characters, then traditional to
    simplified, in one pass: one call, one segmentation.

    Running OpenCC's tw2s and then hk2s converts twice, and the second pass, seeing only
    single simplified characters, breaks what the first kept by its phrases: 乾县 (a county
    in Shaanxi) became 干县, 乾清宫 干清宫, 毕昇 毕升. Over every key of OpenCC's dictionaries
    and every CJK character the two differ on 65 items: one pass is right on 61, two passes
    on 4 obscure ones (薴 comes out as 苧, not 苎). One pass also takes a quarter less time."""
    variants = _group(
        _ocd2("TWVariantsRevPhrases"), _ocd2("TWVariantsRev"), _ocd2("HKVariantsRevPhrases"), _ocd2("HKVariantsRev")
    )
    to_simplified = _group(_ocd2("TSPhrases"), _ocd2("TSCharactersExt", may_output_tofu=True), _ocd2("TSCharacters"))
    config = {
        "name": "Taiwan and Hong Kong variants, then traditional to simplified",
        "normalization": [{"dict": _ocd2("CJK_Compatibility_Ideographs")}],
        "segmentation": {"type": "mmseg", "dict": _ocd2("TSPhrases")},
        "conversion_chain": [variants, to_simplified],
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tw_hk_to_simplified.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        return opencc.OpenCC(str(path))  # reads the files now; the config can go


def to_simplified_characters(text: str) -> str:
    """Character (and OpenCC phrase) conversion alone, whatever the input script."""
    return _converter().convert(text)


@functools.cache
def _traditional_only() -> re.Pattern[str]:
    """Every character that conversion changes on its own: one regex pass finds them."""
    han = [chr(code) for code in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00))]
    converted = to_simplified_characters("\n".join(han)).split("\n")
    changed = "".join(a for a, b in zip(han, converted, strict=True) if a != b)
    return re.compile(f"[{re.escape(changed)}]")


@dataclass(frozen=True, slots=True)
class PhraseRow:
    line: int
    converted: str
    mainland: str
    kind: str
    """'' (restore), 'marker' (restore; evidence of conversion), 'ambiguous', 'unattested'
    (both restored only where the mainland form is out of use) or 'protected' (kept)"""
    source: str = "phrases.tsv"


_KINDS = ("", "marker", "ambiguous", "unattested", "protected")


def parse_phrase_rows(source: str, name: str = "phrases.tsv") -> list[PhraseRow]:
    """The rows of a phrase table, with their line numbers for error messages and tests."""
    rows = []
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        kind = fields[2] if len(fields) == 3 else ""
        if len(fields) not in (2, 3) or kind not in _KINDS or not all(fields[:2]):
            raise ValueError(
                f"{name}:{number}: expected 'converted<TAB>mainland[<TAB>marker|ambiguous|unattested|protected]',"
                f" got {line!r}"
            )
        if kind == "" and fields[0] == fields[1]:
            kind = "protected"
        rows.append(PhraseRow(number, fields[0], fields[1], kind, name))
    return rows


def read_phrase_rows() -> list[PhraseRow]:
    """The derived table (derive_phrases.py), then the hand table, which wins where both
    name a form: government words the converters' tables and word frequencies cannot decide."""
    rows = []
    for name in ("phrases_derived.tsv", "phrases.tsv"):
        rows += parse_phrase_rows(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"), name)
    return rows


# Kinds whose converted form is also mainland usage (or may be): such a form is restored
# only where the text shows the converter at work, its mainland form no longer in use.
_GATED = frozenset({"ambiguous", "unattested"})
# An ambiguous form in the same sentence as a protected word holding it, and this close
# (in characters), is that word's sense too: "档案馆接待查档者1361人次，复制档案3581页"
# speaks of archives throughout; the next sentence may speak of documents again.
_SENSE_WINDOW = 24
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")

# Around each form found, the phrase matcher writes these Unicode noncharacters, which
# interchange text never holds (a text that does has them blanked for the match).
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_FOUND = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")


@dataclass(frozen=True, slots=True)
class PhraseTable:
    """The phrase tables, compiled for one pass over a text."""

    rows: dict[str, PhraseRow]
    """converted form -> its row (the hand table's where both have one)"""
    genuine_in: dict[str, frozenset[str]]
    """protected word -> the ambiguous converted forms it holds (档案馆 -> 档案)"""
    matcher: opencc.OpenCC
    """wraps every form in _OPEN/_CLOSE, longest first at each position (OpenCC's own
    maximum-match segmentation, in C++: ten times a Python automaton's speed), so a
    protected longer word wins"""


@functools.cache
def phrase_table() -> PhraseTable:
    all_rows = read_phrase_rows()
    rows = {row.converted: row for row in all_rows}
    with tempfile.TemporaryDirectory() as tmp:
        words = Path(tmp) / "phrases.txt"
        words.write_text("".join(f"{form}\t{_OPEN}{form}{_CLOSE}\n" for form in sorted(rows)), encoding="utf-8")
        dictionary = {"type": "text", "file": str(words)}
        config = Path(tmp) / "phrases.json"
        config.write_text(json.dumps({
            "name": "phrase forms",
            "segmentation": {"type": "mmseg", "dict": dictionary},
            "conversion_chain": [{"dict": dictionary}],
        }), encoding="utf-8")
        matcher = opencc.OpenCC(str(config))  # reads the files now; they can go
    # A form the word frequencies call ambiguous is a mainland word with a sense of its own
    # (档案 beside 文件); one they lack (线上, for the hand table a synonym of 在线) inside a
    # protected phrase (线上线下) says nothing of the bare word beside it.
    senses = {row.converted for row in all_rows if row.source == "phrases_derived.tsv" and row.kind == "ambiguous"}
    gated = [form for form, row in rows.items() if row.kind in _GATED and form in senses]
    genuine_in = {
        form: frozenset(g for g in gated if g in form and g != form)
        for form, row in rows.items()
        if row.kind == "protected"
    }
    return PhraseTable(rows=rows, matcher=matcher, genuine_in={k: v for k, v in genuine_in.items() if v})


def _phrases_in(text: str) -> list[tuple[int, str]]:
    """(start, form) of each table form in text, longest first, left to right."""
    blanked = text.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd")
    marked = phrase_table().matcher.convert(blanked)
    return [(match.start() - 2 * k, match[1]) for k, match in enumerate(_FOUND.finditer(marked))]




def restore_phrases(text: str, matches: list[tuple[int, str]] | None = None) -> tuple[str, int]:
    """Apply the phrase tables to simplified text; return it and how many words changed.

    A converter replaces a mainland word everywhere or nowhere. So where the mainland word
    is still in use in the text as often as the converted form, the converted form there is
    original; rows whose converted form is rare on the mainland are restored regardless."""
    rows = phrase_table().rows
    matches = _phrases_in(text) if matches is None else matches
    found = Counter(form for _, form in matches)
    kept = {form for form in found if rows[form].kind == "protected"}
    kept |= {form for form in found if rows[form].kind in _GATED and text.count(rows[form].mainland) >= found[form]}
    genuine = _genuine_senses(matches)
    out, last, restored = [], 0, 0
    for start, form in matches:
        if form in kept or _same_sense(text, genuine.get(form, ()), start):
            continue
        out.append(text[last:start])
        out.append(rows[form].mainland)
        last = start + len(form)
        restored += 1
    out.append(text[last:])
    return "".join(out), restored


def _genuine_senses(matches: list[tuple[int, str]]) -> dict[str, list[int]]:
    """ambiguous form -> where the text uses it inside a protected word (its own sense)."""
    genuine_in = phrase_table().genuine_in
    where: dict[str, list[int]] = {}
    for start, form in matches:
        for gated in genuine_in.get(form, ()):
            where.setdefault(gated, []).append(start)
    return where


def _same_sense(text: str, positions: list[int] | tuple[()], start: int) -> bool:
    """One sense per passage: a converter swaps a word wherever it occurs, so where a
    sentence holds the form in a protected word (档案馆), a bare occurrence beside it is
    more likely that sense than the converted mainland word (文件)."""
    return any(
        abs(start - position) <= _SENSE_WINDOW
        and not _SENTENCE_END.search(text, min(start, position), max(start, position))
        for position in positions
    )


def is_phrase_converted(simplified_text: str, matches: list[tuple[int, str]] | None = None) -> bool:
    rows = phrase_table().rows
    matches = _phrases_in(simplified_text) if matches is None else matches
    found = [form for _, form in matches if rows[form].kind in ("marker", "unattested")]
    return sum(2 if len(marker) >= 3 else 1 for marker in found) >= _MIN_MARKER_SCORE


def to_simplified(text: str) -> ScriptResult:
    """Convert traditional text to simplified; leave simplified text exactly as it is."""
    changed = len(_traditional_only().findall(text))
    if changed <= _TRADITIONAL_SHARE * len(text):
        return ScriptResult(text, "simplified", 0, 0)
    converted = to_simplified_characters(text)
    matches = _phrases_in(converted)
    if not is_phrase_converted(converted, matches):
        return ScriptResult(converted, "traditional", changed, 0)
    restored_text, restored = restore_phrases(converted, matches)
    return ScriptResult(restored_text, "traditional-phrases", changed, restored)
