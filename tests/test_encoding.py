"""Encodings: every one a report is published in reads back to the same text."""

from __future__ import annotations

import pytest

from generator.errors import SourceError
from generator.normalize import normalize_bytes
from generator.normalize.encoding import decode_report

from conftest import CORPUS, seed

SIMPLIFIED = CORPUS[5].read_text(encoding="utf-8")  # 2025 report, tables and prose
TRADITIONAL = seed("002").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "expected_name", "bom"),
    [
        ("utf-8", "utf-8", b""),
        ("utf-8", "utf-8-sig", b"\xef\xbb\xbf"),
        ("utf-16-le", "utf-16-le", b"\xff\xfe"),
        ("utf-16-be", "utf-16-be", b"\xfe\xff"),
        ("utf-32-le", "utf-32-le", b"\xff\xfe\x00\x00"),
        ("gb18030", "gb18030", b""),
    ],
)
def test_simplified_report_reads_back_in_each_encoding(encoding, expected_name, bom):
    text, name = decode_report(bom + SIMPLIFIED.encode(encoding), "r.txt")
    assert (text, name) == (SIMPLIFIED, expected_name)


def test_gbk_subset_is_read_as_gb18030():
    text, name = decode_report(SIMPLIFIED.encode("gbk"), "r.txt")
    assert (text, name) == (SIMPLIFIED, "gb18030")


def test_big5_traditional_report_is_not_mistaken_for_gb18030():
    data = TRADITIONAL.encode("big5hkscs")
    assert data.decode("gb18030", errors="strict")  # it would decode, as mojibake
    text, name = decode_report(data, "r.txt")
    assert (text, name) == (TRADITIONAL, "big5hkscs")


def test_big5_report_normalizes_like_its_utf8_form():
    from_big5 = normalize_bytes(TRADITIONAL.encode("big5hkscs"), "r.txt")
    from_utf8 = normalize_bytes(TRADITIONAL.encode("utf-8"), "r.txt")
    assert from_big5.text == from_utf8.text
    assert from_big5.encoding == "big5hkscs"


@pytest.mark.parametrize("data", [b"", b"   \n\r\n", b"\xef\xbb\xbf"])
def test_empty_file_is_refused(data):
    with pytest.raises(SourceError) as caught:
        decode_report(data, "empty.txt")
    assert str(caught.value) == "empty.txt:1: the file is empty; expected the text of a report."


def test_binary_file_is_refused_with_its_line():
    data = "第一行\n第二行\n".encode() + b"\x89PNG\x00\x00\x01"
    with pytest.raises(SourceError) as caught:
        decode_report(data, "image.txt")
    assert caught.value.line == 3
    assert str(caught.value).startswith("image.txt:3: this is a binary file, not text")


def test_undecodable_bytes_are_refused_not_turned_into_mojibake():
    # Valid UTF-8 Chinese followed by bytes that no Chinese encoding reads as text.
    prefix = SIMPLIFIED[:200] + "\n"
    data = prefix.encode() + bytes(range(0x80, 0x100)) * 4
    with pytest.raises(SourceError) as caught:
        decode_report(data, "broken.txt")
    message = str(caught.value)
    assert message.startswith("broken.txt:")
    assert "is not valid UTF-8" in message and "GB18030 or Big5" in message
    assert caught.value.line == prefix.count("\n") + 1  # the line the bad bytes start on
