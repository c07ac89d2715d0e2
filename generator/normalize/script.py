"""Traditional script back to simplified, and Taiwan/Hong Kong phrases back to mainland ones.

Plain character conversion (OpenCC tw2s, then hk2s for Hong Kong variants such as 衞)
undoes what s2t, s2tw and s2hk did. Phrase tables (s2twp, zhconv zh-tw) also swap words
(门户网站 -> 入口網站), and OpenCC's reverse phrase config over-corrects genuine words
(档案馆 -> 文件馆, 整合 -> 集成). So words are put back from our own government-vocabulary
table (phrases.tsv), and only when the text carries evidence of phrase conversion.
Simplified input is returned untouched: every word a report wrote is kept.
"""

from __future__ import annotations

import functools
import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import opencc

# A text is traditional when more than this share of its characters are ones that
# conversion changes; a simplified report quoting a few traditional names stays well below.
_TRADITIONAL_SHARE = 0.005
# Phrase conversion is assumed from this much marker evidence on (phrases.tsv): a marker
# of three characters or more counts two, a shorter one counts one.
_MIN_MARKER_SCORE = 2


@dataclass(frozen=True, slots=True)
class PhraseTable:
    """The government-vocabulary table, compiled for one pass over a text."""

    replacements: dict[str, str]
    """converted form -> mainland form (equal for protected words)"""
    ambiguous: tuple[str, ...]
    """converted forms that are ordinary mainland words too, applied only on evidence"""
    pattern: re.Pattern[str]
    """every converted form, longest first, so a protected longer word wins"""
    markers: re.Pattern[str]
    """forms that only phrase conversion produces"""


@dataclass(frozen=True, slots=True)
class ScriptResult:
    text: str
    script: str
    """'simplified', 'traditional', or 'traditional-phrases' (phrase-converted)"""
    changed_characters: int
    phrases_restored: int


def opencc_dictionary(name: str) -> list[tuple[str, list[str]]]:
    """An OpenCC dictionary as (key, candidates), read with the package's opencc_dict."""
    base = Path(opencc.__file__).parent / "clib"
    tool, data = base / "bin" / "opencc_dict", base / "share" / "opencc" / f"{name}.ocd2"
    if not tool.exists() or not data.exists():
        raise RuntimeError(f"OpenCC's {name} dictionary or its opencc_dict tool is missing from {base}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run([str(tool), "-i", str(data), "-o", str(out), "-f", "ocd2", "-t", "text"], check=True)
        rows = []
        for line in out.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            rows.append((key, values.split(" ")))
    return rows


@functools.cache
def _converters() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    return opencc.OpenCC("tw2s"), opencc.OpenCC("hk2s")


def to_simplified_characters(text: str) -> str:
    """Character (and OpenCC phrase) conversion alone, whatever the input script."""
    taiwan, hong_kong = _converters()
    return hong_kong.convert(taiwan.convert(text))


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
    """'' (always applied), 'marker' (evidence of conversion) or 'ambiguous'"""


def parse_phrase_rows(source: str) -> list[PhraseRow]:
    """The rows of phrases.tsv, with their line numbers for error messages and tests."""
    rows = []
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        kind = fields[2] if len(fields) == 3 else ""
        if len(fields) not in (2, 3) or kind not in ("", "marker", "ambiguous") or not all(fields[:2]):
            raise ValueError(
                f"phrases.tsv:{number}: expected 'converted<TAB>mainland[<TAB>marker|ambiguous]', got {line!r}"
            )
        rows.append(PhraseRow(number, fields[0], fields[1], kind))
    return rows


def read_phrase_rows() -> list[PhraseRow]:
    return parse_phrase_rows(resources.files(__package__).joinpath("phrases.tsv").read_text(encoding="utf-8"))


@functools.cache
def phrase_table() -> PhraseTable:
    rows = read_phrase_rows()
    replacements = {row.converted: row.mainland for row in rows}
    by_length = sorted(replacements, key=lambda form: (-len(form), form))
    markers = sorted((row.converted for row in rows if row.kind == "marker"), key=len, reverse=True)
    return PhraseTable(
        replacements=replacements,
        ambiguous=tuple(row.converted for row in rows if row.kind == "ambiguous"),
        pattern=re.compile("|".join(map(re.escape, by_length))),
        markers=re.compile("|".join(map(re.escape, markers))),
    )


def restore_phrases(text: str) -> tuple[str, int]:
    """Apply the phrase table to simplified text; return it and how many words changed."""
    table = phrase_table()
    matches = list(table.pattern.finditer(text))
    found = Counter(match[0] for match in matches)
    ambiguous = set(table.ambiguous)
    # An ambiguous form is kept where its mainland form is still in use as often.
    kept = {form for form in found if form in ambiguous and text.count(table.replacements[form]) >= found[form]}
    out, last, restored = [], 0, 0
    for match in matches:
        if match[0] in kept:
            continue
        mainland = table.replacements[match[0]]
        out.append(text[last:match.start()])
        out.append(mainland)
        last = match.end()
        restored += mainland != match[0]
    out.append(text[last:])
    return "".join(out), restored


def is_phrase_converted(simplified_text: str) -> bool:
    found = phrase_table().markers.findall(simplified_text)
    return sum(2 if len(marker) >= 3 else 1 for marker in found) >= _MIN_MARKER_SCORE


def to_simplified(text: str) -> ScriptResult:
    """Convert traditional text to simplified; leave simplified text exactly as it is."""
    changed = len(_traditional_only().findall(text))
    if changed <= _TRADITIONAL_SHARE * len(text):
        return ScriptResult(text, "simplified", 0, 0)
    converted = to_simplified_characters(text)
    if not is_phrase_converted(converted):
        return ScriptResult(converted, "traditional", changed, 0)
    restored_text, restored = restore_phrases(converted)
    return ScriptResult(restored_text, "traditional-phrases", changed, restored)
