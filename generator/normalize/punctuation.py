"""Mainland punctuation and character width, leaving URLs, e-mail addresses and numbers alone.

Mirror sites and converters leave half-width punctuation in Chinese sentences
("2019年,江门市"), corner quotes (「」) and full-width letters and digits. Punctuation next
to Chinese text becomes its full-width form; between digits or inside an address it is
part of the value ("1,234", "00:00", "http://...") and stays.
"""

from __future__ import annotations

import re

_WIDTH = {
    **{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},
    **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
    **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
    "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "",
    "「": "“", "」": "”", "『": "‘", "』": "’",
    "﹐": "，", "﹑": "、", "﹔": "；", "﹕": "：", "﹖": "？", "﹗": "！", "﹙": "（", "﹚": "）",
    "％": "%", "．": ".", "／": "/", "＋": "+", "－": "-", "＝": "=", "＠": "@", "＃": "#",
    "＆": "&", "＊": "*", "＿": "_", "｜": "|", "～": "~",
}
_NEEDS_WIDTH = re.compile(f"[{re.escape(''.join(_WIDTH))}]")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_OR_FULL = re.compile(rf"[{_CJK}\u3000-\u303f\uff00-\uffef“”‘’]")
# What no address holds: Chinese text, full-width forms, spaces, brackets and quotes.
_NOT_IN_ADDRESS = rf"\s<>\"'()（）{_CJK}\u3000-\u303f\uff00-\uffef“”"
_PROTECTED = (
    rf"(?:https?|ftp)://[^{_NOT_IN_ADDRESS}]+"
    rf"|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^{_NOT_IN_ADDRESS}]*)?"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_MARKS = re.compile(rf"(?P<keep>{_PROTECTED})|(?P<mark>[,:;?!])")
_HALF_MARK = re.compile(r"[,:;?!]")
_ADDRESS_CHARACTERS = re.compile(rf"[^{_NOT_IN_ADDRESS}]*")
_NOT_ADDRESS_CHARACTER = re.compile(rf"[{_NOT_IN_ADDRESS}]")
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_PARENS = re.compile(r"[(（](?P<inner>[^()（）\n]{0,300})[)）]")
_QUOTES = re.compile(r'"(?P<inner>[^"\n]{1,300})"')
# The space patterns start with the space, not with a lookbehind or a choice: Python's
# regex engine then skips straight to the next space instead of trying the pattern at
# every character. A single space is left alone rather than replaced by itself.
_SPACE_RUN = re.compile(r"[ \t\f\v](?:[ \t\f\v]+|(?<=[\t\f\v]))")
_FULL_MARKS = "，。：；、！？“”‘’（）《》〈〉【】"
_SPACE_AT_FULL = re.compile(rf" (?:(?<=[{_FULL_MARKS}] ) *| *(?=[{_FULL_MARKS}]))")
# Full-width spaces that a lossy re-encoding turned into question marks: the paragraph
# indents ("??2025年，…", "??" alone on a line) and one after a sentence's full stop.
_LOST_INDENT = re.compile(rf"^[ \t]*[?？]{{1,4}}(?=[ \t]*(?:[{_CJK}0-9（(]|$))", re.MULTILINE)
_LOST_AFTER_STOP = re.compile(r"(?<=[。；])[?？]+(?=[ \t]*$)", re.MULTILINE)
_PROSE = re.compile(r"[，。；]")
_SPLIT_WORD = re.compile(rf" (?<=[{_CJK}] )(?=[{_CJK}])")
_PDF_SPLITS_PER_CHARACTER = 0.01


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character before (step -1) or after (step 1), skipping one space."""
    index += step
    if 0 <= index < len(text) and text[index] == " ":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _mark(match: re.Match[str]) -> str:
    text, start = match.string, match.start()
    before, after = _neighbour(text, start, -1), _neighbour(text, start, 1)
    if before.isdigit() and after.isdigit():
        return match[0]
    if _CJK_OR_FULL.match(before) or _CJK_OR_FULL.match(after):
        return _FULL[match[0]]
    return match[0]


def _parens(match: re.Match[str]) -> str:
    text, inner = match.string, match["inner"]
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    chinese = (
        "（" in match[0] or "）" in match[0]
        or _CJK_OR_FULL.search(inner) or _CJK_OR_FULL.match(before) or _CJK_OR_FULL.match(after)
    )
    return f"（{inner}）" if chinese else match[0]


def _quotes(match: re.Match[str]) -> str:
    return f"“{match['inner']}”" if _CJK_OR_FULL.search(match["inner"]) else match[0]


def fix_width(text: str) -> str:
    """Full-width letters, digits and spaces to ASCII; corner quotes to mainland quotes.

    A substitution at each character found, not str.translate: a report has a few dozen
    such characters, and translate looks up every character of a non-ASCII text in the
    table (measured: six times slower over the benchmark's texts)."""
    return _NEEDS_WIDTH.sub(lambda match: _WIDTH[match[0]], text)


def drop_lost_spaces(text: str) -> str:
    """Remove the question marks that stand where a page's full-width spaces were."""
    if "?" not in text and "？" not in text:
        return text
    return _LOST_AFTER_STOP.sub("", _LOST_INDENT.sub("", text))


def _fix_marks(text: str) -> str:
    """What `_MARKS.sub` with `_mark` gives, with the scan run only around half-width marks.

    No match of _MARKS holds a character of _NOT_IN_ADDRESS (most of a Chinese text), so
    the scan starts afresh after each one: scanning just the stretch between two of them
    that holds a mark finds the same matches, and a stretch without a mark only has
    addresses, which are kept. Scanning the whole text tried every alternative at every
    character (a tenth of normalization's time)."""
    out, last, scanned = [], 0, 0
    for found in _HALF_MARK.finditer(text):
        if found.start() < scanned:
            continue
        start = found.start()
        while start and not _NOT_ADDRESS_CHARACTER.match(text, start - 1):
            start -= 1
        scanned = _ADDRESS_CHARACTERS.match(text, found.start()).end()
        for match in _MARKS.finditer(text, start, scanned):
            if match["mark"]:
                out += (text[last:match.start()], _mark(match))
                last = match.end()
    out.append(text[last:])
    return "".join(out)


def fix_punctuation(text: str) -> str:
    """Half-width punctuation in Chinese text to full width."""
    text = _fix_marks(text)
    text = _PARENS.sub(_parens, text)
    if '"' in text:
        text = _QUOTES.sub(_quotes, text)
    return text


def tidy_spaces(text: str) -> str:
    """One space at most, none around full-width punctuation or at line ends; and in a
    PDF's text, none inside words."""
    text = _SPACE_RUN.sub(" ", text)
    text = _SPACE_AT_FULL.sub("", text)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if _split_by_pdf(lines):
        lines = [_SPLIT_WORD.sub("", line) if _PROSE.search(line) else line for line in lines]
    return "\n".join(lines)


def _split_by_pdf(lines: list[str]) -> bool:
    """Whether the sentences carry the spaces a PDF's line ends leave inside words ("由某市
    住房和城乡建设 局综合…"). Chinese prose has no spaces between characters, but one space
    often ends a heading run into its paragraph ("（一）主动公开的数量 区直各部门…"); a
    PDF's text has one every few dozen characters (measured: 29.5 per 1,000 Chinese
    characters in such a text, at most 2.6 in the reports that only run headings in). Lines without sentence
    punctuation (a title block, a table's labels) keep their spaces, which separate parts."""
    prose = [line for line in lines if " " in line and _PROSE.search(line)]
    splits = sum(len(_SPLIT_WORD.findall(line)) for line in prose)
    return splits >= 5 and splits >= _PDF_SPLITS_PER_CHARACTER * sum(map(len, lines))
