"""Remove pinyin that mirror sites insert after characters: "發(fā)展", "們(men)".

Parentheses are common in reports ("(一)", "(PDF)", "(2017年度)"), so a parenthesis is
only taken for inserted pinyin when it holds one lowercase syllable, with or without tone
marks, that is a real reading of the character just before it (pypinyin's dictionary).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# The match starts at the parenthesis and looks back for the character: the scan then
# stops at each parenthesis, not at every Chinese character.
_PINYIN_AFTER_HAN = re.compile(
    r"[(（](?<=(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[(（])"
    r"\s?(?P<syllable>[a-zāáǎàēéěèêīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,6}[1-5]?)\s?[)）]"
)


@functools.cache
def _plain(syllable: str) -> str:
    """fā -> fa, lǜ -> lv, yue4 -> yue: the toneless form pypinyin uses."""
    syllable = syllable.rstrip("12345").replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v")
    syllable = syllable.replace("ǚ", "v").replace("ǜ", "v")
    decomposed = unicodedata.normalize("NFD", syllable)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.cache
def _simplified_candidates() -> dict[str, list[str]]:
    """Every simplified form OpenCC knows for a traditional character: 瞭 is 了 in 瞭解
    and 瞭 in 瞭望, which character conversion alone cannot tell."""
    from generator.opencc_tables import opencc_dictionary

    return dict(opencc_dictionary("TSCharacters"))


@functools.cache
def _readings(han: str) -> frozenset[str]:
    """Readings of the character and of each of its simplified forms: sites that insert
    pinyin compute it from the simplified source ("瞭(le)解" from 了解)."""
    from pypinyin.pinyin_dict import pinyin_dict  # large table: load only when needed

    from generator.normalize.script import to_simplified_characters

    readings = set()
    for form in {han, to_simplified_characters(han), *_simplified_candidates().get(han, ())}:
        value = pinyin_dict.get(ord(form), "")
        readings.update(_plain(reading) for reading in value.split(",") if reading)
    return frozenset(readings)


def remove_pinyin(text: str) -> tuple[str, int]:
    """Return the text without inserted pinyin, and how many were removed."""
    if "(" not in text and "（" not in text:
        return text, 0
    removed = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal removed
        if _plain(match["syllable"]) in _readings(match["han"]):
            removed += 1
            return ""
        return match[0]

    return _PINYIN_AFTER_HAN.sub(replace, text), removed
