"""Bytes to text: reports arrive as UTF-8, UTF-16, GB18030/GBK or Big5, rarely labelled.

A wrong guess gives mojibake that looks like Chinese, so the legacy encodings are not
tried in a fixed order: every encoding that decodes the bytes without error is scored by
how many of its Han characters are common ones (GB2312 level 1 or Big5 level 1), and the
best wins. A file no encoding reads well is refused, never half-decoded.
"""

from __future__ import annotations

import functools
import re

from generator.errors import SourceError

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_LEGACY = ("gb18030", "big5hkscs")
# Every name decode_report can give: an entry's normalization.encoding must be one of them,
# since the build decodes the raw source with it.
ENCODINGS = ("utf-8", *(name for _, name in _BOMS), *_LEGACY)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Below this share of common characters a decoding is taken for mojibake.
_MIN_COMMON_SHARE = 0.8


@functools.cache
def _common_han() -> frozenset[str]:
    """GB2312 level 1 (3,755 simplified) and Big5 level 1 (5,401 traditional) characters."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _common_share(text: str) -> float:
    han = _HAN.findall(text)
    if not han:
        return 0.0
    common = _common_han()
    return sum(ch in common for ch in han) / len(han)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_report(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise SourceError naming the file and line."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise SourceError(path, "the file is empty; expected the text of a report.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError as exc:
                raise SourceError(
                    path,
                    f"the file starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} at byte {exc.start + len(bom)}; re-save it as UTF-8.",
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceError(
            path,
            "this is a binary file, not text (it contains NUL bytes); "
            "save the report's text as UTF-8 and import that.",
            _line_of(data, nul),
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    best: tuple[float, str, str] | None = None
    for encoding in _LEGACY:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _common_share(text)
        if best is None or share > best[0]:
            best = (share, text, encoding)
    if best is not None and best[0] >= _MIN_COMMON_SHARE:
        return best[1], best[2]
    raise SourceError(
        path,
        f"cannot read the text: byte 0x{data[utf8_error.start]:02x} is not valid UTF-8, and "
        "the file does not read as Chinese in GB18030 or Big5 either; "
        "save the report as UTF-8 and import that.",
        _line_of(data, utf8_error.start),
    )
