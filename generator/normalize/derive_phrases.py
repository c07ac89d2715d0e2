"""Derive the phrase table from the converters' own tables and mainland word frequencies.

Mirror sites turn mainland words into Taiwan or Hong Kong ones (数据库 -> 資料庫, 登录 ->
登入) with OpenCC (s2twp: TWPhrases) or MediaWiki's tables (zhconv zh-tw, zh-hk). Plain
character conversion brings back simplified characters but leaves the words: 资料库,
登入. The candidates are every word pair those tables hold, read in both directions
(OpenCC TWPhrasesRev and zhconv zh2CN name the mainland form of a Taiwan/HK one). Each is
decided with evidence of mainland usage, the word frequencies of jieba's dictionary
(compiled from mainland text), never by hand:

- restore: the converted form is rare on the mainland beside the mainland form
  (资料库 32 : 数据库 625): put the mainland form back wherever it occurs;
- marker: as restore, and so rare (or absent) that finding it is evidence the text was
  phrase-converted at all;
- unattested: the converted form is absent from the list, a Taiwan word (登入) or a
  mainland one newer than the list (线上): restored, and taken as evidence of conversion,
  but only where the text no longer uses the mainland form as often;
- ambiguous: the converted form is an ordinary mainland word too, but rarer than the
  mainland form (设定 406 : 设置 4230): restored only where the text no longer holds the
  mainland form anywhere (the converter has visibly replaced it), never where it does;
- left alone: the converted form is a common mainland word in its own right, at least
  half as frequent as the mainland form (资料 9021 : 数据 5232, 智慧 1581 : 智能 778,
  新增 1177 : 添加 1748): an occurrence is as likely original as converted;
- protected: a mainland word that contains a converted form (方程式, 档案馆, 资料室): kept
  as it is, since at each position the longest form wins;
- compounds of an ambiguous or left-alone pair that jieba knows only in their mainland
  form (智能化 for 智慧 -> 智能) are restored wherever they occur.

    python -m generator.normalize.derive_phrases   # rewrites phrases_derived.tsv

Needs jieba and zhconv (the test extras); the table is committed so that normalization
itself needs neither. A test re-derives it and compares.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

from generator.normalize.script import to_simplified_characters
from generator.opencc_tables import opencc_dictionary

OUTPUT = Path(__file__).with_name("phrases_derived.tsv")
RESTORE_RATIO = 0.1  # converted : mainland frequency at or below which the word is restored
MARKER_RATIO = 0.02
AMBIGUOUS_RATIO = 0.5  # above it the converted form is too common a mainland word to touch
MIN_COMPOUND = 20  # jieba frequency a compound needs to count as evidence
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")


def _frequencies() -> dict[str, int]:
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    frequencies = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, frequency, *_ = line.split(" ")
        frequencies[word] = int(frequency)
    return frequencies


def _t2s(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def candidate_pairs() -> dict[str, set[str]]:
    """converted form (as plain character conversion leaves it) -> mainland forms."""
    import zhconv.zhconv as zh

    zh.loaddict()
    pairs: dict[str, set[str]] = defaultdict(set)

    def add(mainland: str, converted: str) -> None:
        mainland, converted = _t2s(mainland), to_simplified_characters(converted)
        if mainland != converted and _HAN_ONLY.fullmatch(mainland) and _HAN_ONLY.fullmatch(converted):
            pairs[converted].add(mainland)

    for key, values in opencc_dictionary("TWPhrases"):
        add(key, values[0])
    for key, values in opencc_dictionary("TWPhrasesRev"):
        add(values[0], key)
    for table in ("zh2TW", "zh2HK"):
        for key, value in zh.zhcdicts[table].items():
            add(key, value)
    for key, value in zh.zhcdicts["zh2CN"].items():
        add(value, key)
    return pairs


def _variant_pairs() -> set[frozenset[str]]:
    """Characters OpenCC's variant tables hold as two spellings of one character (着 著)."""
    pairs = set()
    for name in ("TWVariants", "HKVariants"):
        for key, values in opencc_dictionary(name):
            pairs.update(frozenset((key, value)) for value in values if len(key) == len(value) == 1 and key != value)
    return pairs


def _variant_spellings(a: str, b: str, variants: set[frozenset[str]]) -> bool:
    return len(a) == len(b) and all(x == y or frozenset((x, y)) in variants for x, y in zip(a, b, strict=True))


def derive() -> list[tuple[str, str, str]]:
    """(converted, mainland, kind) rows; kinds as in the module docstring ('' is restore)."""
    frequency = _frequencies()
    rows: dict[str, tuple[str, str]] = {}
    ambiguous: list[tuple[str, str]] = []
    pairs = candidate_pairs()
    variants = _variant_pairs()
    for converted, mainlands in sorted(pairs.items()):
        # A "mainland" form that is itself some table's converted form is another region's
        # word (zhconv maps Hong Kong forms to Taiwan ones too): not a candidate.
        mainlands = {m for m in mainlands if m not in pairs} or mainlands
        mainland = max(sorted(mainlands), key=lambda m: frequency.get(m, 0))
        f_converted, f_mainland = frequency.get(converted, 0), frequency.get(mainland, 0)
        if f_mainland == 0 and f_converted > 0:
            continue  # jieba knows only the converted form: no evidence it is not mainland usage
        if f_mainland == 0 and _variant_spellings(converted, mainland, variants):
            # Two spellings of a character (Hong Kong's 揮着 for 揮著 reads 挥着 -> 挥著)
            # and neither in the list: no evidence which the mainland writes.
            continue
        ratio = f_converted / f_mainland if f_mainland else 0.0
        if f_converted == 0 and len(converted) >= 2:
            # Absent from the list: a Taiwan word (登入) or a mainland one the list is too
            # old to hold (线上 for 在线): restored only where the mainland form is out of use.
            rows[converted] = (mainland, "unattested")
        elif ratio <= MARKER_RATIO and len(converted) >= 2:
            rows[converted] = (mainland, "marker")
        elif ratio <= RESTORE_RATIO:
            rows[converted] = (mainland, "")
        else:
            ambiguous.append((converted, mainland))
            if ratio < AMBIGUOUS_RATIO:
                rows[converted] = (mainland, "ambiguous")
            # else: the converted form is a common mainland word in its own right (文件 for
            # 文档, 新增 for 添加): an occurrence is as likely original as converted, so it stays.
    # Mainland words holding a converted form are protected; compounds that exist only in
    # their mainland form restore an ambiguous pair where the word alone would not.
    for word, f_word in sorted(frequency.items()):
        if f_word < MIN_COMPOUND or len(word) < 3 or word in rows:
            continue
        for converted in {word[i:j] for i in range(len(word)) for j in range(i + 2, len(word) + 1)} & rows.keys():
            if converted == word:
                continue
            swapped = word.replace(converted, rows[converted][0])
            if frequency.get(swapped, 0) == 0 and swapped not in rows:
                rows[word] = (word, "protected")
                break
    for converted, mainland in ambiguous:
        for word, f_word in frequency.items():
            if mainland in word and word != mainland and f_word >= MIN_COMPOUND:
                form = word.replace(mainland, converted)
                if form not in rows and frequency.get(form, 0) == 0 and form != word:
                    rows[form] = (word, "")
    return sorted(((c, m, k) for c, (m, k) in rows.items()), key=lambda row: (row[2], row[0]))


def render(rows: list[tuple[str, str, str]]) -> str:
    header = resources.files(__package__).joinpath("derive_phrases.py").read_text(encoding="utf-8")
    doc = header.split('"""')[1].strip().splitlines()[0]
    lines = [f"# {doc} Generated by `python -m generator.normalize.derive_phrases`; do not edit.",
             "# converted<TAB>mainland<TAB>kind"]
    lines += [f"{c}\t{m}\t{k}" if k else f"{c}\t{m}" for c, m, k in rows]
    return "\n".join(lines) + "\n"


def main() -> int:
    rows = derive()
    OUTPUT.write_text(render(rows), encoding="utf-8")
    counts = defaultdict(int)
    for _, _, kind in rows:
        counts[kind or "restore"] += 1
    print(f"wrote {OUTPUT}: {len(rows)} rows ({', '.join(f'{k} {n}' for k, n in sorted(counts.items()))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
