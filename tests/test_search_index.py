"""The sharded search index, read back in Python the way search.js reads it (search_reader):
every answer must equal a plain substring scan of the texts, through both the narrow and
the wide path, across partitions, for queries typed in either script."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import numpy as np
import opencc
import pytest
from search_reader import Reader, chunk_rows
from search_reader import varints as read_varints

from generator import search_index
from generator.build import load_catalog
from generator.index import fold_map, query_words
from generator.places import province_of
from generator.search_index import Doc, Params, index_files, varints
from generator.urls import Urls

from conftest import ROOT

SMALL = Params(occ_chunk=16, wide=32)


@pytest.fixture(scope="module")
def docs() -> list[Doc]:
    catalog, texts = load_catalog(ROOT / "content")
    urls = Urls.from_base("https://example.org/archive/")
    return [Doc(urls.path(r.dest), r.title, r.agency_name, r.region_name, r.year, texts[r.stem])
            for r in catalog.reports]


def _reader(docs: list[Doc], params: Params) -> Reader:
    _, files = index_files(docs, fold_map(), "/archive/", params)
    stored = dict(files)
    return Reader(lambda path: stored[path])


def _starts(text: str, form: str) -> int:
    """Occurrences as the index counts them: every position a match starts at, so "ww"
    occurs twice in "www" (str.count would say once)."""
    count, at = 0, text.find(form)
    while at >= 0:
        count, at = count + 1, text.find(form, at + 1)
    return count


def _expected(docs: list[Doc], q: str) -> dict[int, tuple[int, bool]]:
    """{report: (sum of the words' weights, a word in its title or agency)}: a plain scan,
    the weight of a word being 1 + floor(log2(occurrences of its first form the report
    contains)), at most 7."""
    found = {}
    for i, doc in enumerate(docs):
        total, in_heading = 0, False
        heading = "\x01".join(doc.text.split("\x01", 2)[:2])
        for forms in query_words(q):
            form = next((f for f in forms if f in doc.text), None)
            if form is None:
                break
            total += min(7, _starts(doc.text, form).bit_length())
            in_heading = in_heading or form in heading
        else:
            found[i] = (total, in_heading)
    return found


def _queries(docs: list[Doc], count: int, seed: int) -> list[str]:
    s2t = opencc.OpenCC("s2t").convert
    rng = random.Random(seed)
    queries = ["信息公开", "行政复议", "依申请公开", "行政複議", "ＰＤＦ", "行政复议 诉讼", "的", "阳江市 2019",
               "没有这种词语"]
    while len(queries) < count:
        text = rng.choice(docs).text
        length = rng.choice([1, 2, 2, 3, 4, 6, 10, 20])
        start = rng.randrange(0, max(1, len(text) - length))
        piece = text[start:start + length]
        if "\x01" in piece or not piece.strip():
            continue
        queries.append(s2t(piece) if rng.random() < 0.4 else piece)
    return queries


def test_varints_round_trip():
    values = np.array([0, 1, 127, 128, 300, 16383, 16384, 2**21, 2**28 + 5, 2**34], dtype=np.uint64)
    data, ends = varints(values)
    assert read_varints(data)[0] == values.tolist()
    assert ends[-1] == len(data) and ends.tolist() == [1, 2, 3, 5, 7, 9, 12, 16, 21, 26]


@pytest.mark.parametrize("params", [SMALL, None], ids=["small chunks", "default chunks"])
def test_every_answer_equals_a_plain_scan(docs, params):
    reader = _reader(docs, params or Params.for_rows(sum(len(d.text) + 1 for d in docs)))
    for q in _queries(docs, 400, seed=5):
        assert reader.query(q) == _expected(docs, q), q
    part = reader.segments[0]["dir"] + "p0/"
    kinds = Counter(path[len(part):].split("/")[0].split("#")[0] for path in reader.fetched if path.startswith(part))
    assert kinds["wide.bin"] > 0 and kinds["docs.bin"] > 0 and kinds["heads"] > 0  # both paths, chunked lists


def test_partitions_give_the_same_answers(docs, monkeypatch):
    monkeypatch.setattr(search_index, "PARTITION_DOCS", 5)
    reader = _reader(docs, SMALL)
    assert len(reader.segments[0]["partitions"]) == 4
    assert [p["first"] for p in reader.segments[0]["partitions"]] == [0, 5, 10, 15]
    for q in _queries(docs, 150, seed=7):
        assert reader.query(q) == _expected(docs, q), q


def test_a_query_reads_few_files(docs):
    reader = _reader(docs, SMALL)
    reader.query("政府信息公开工作年度报告")
    units = len("政府信息公开工作年度报告")
    # per character: its shard, its heads, at most two chunks; then the answer
    assert len(reader.fetched) <= 1 + 4 * units + 3


def test_every_wide_range_is_a_suffix_tree_node_with_an_answer(docs):
    reader = _reader(docs, SMALL)
    text = "\x00".join(d.text for d in docs)
    for q in ("公开", "政府信息", "申请", "年度报告", "情况"):
        sp, ep = reader.locate(0, 0, q)
        assert ep - sp == text.count(q) >= SMALL.wide  # one row per occurrence
        reader.reports(0, 0, sp, ep)
        assert any(name.startswith(reader.segments[0]["dir"] + "p0/wide.bin#") for name in reader.fetched)


def test_report_details_unfold_from_the_factored_metadata(docs, monkeypatch):
    monkeypatch.setattr(search_index, "DETAIL_DOCS", 3)  # several details files, the last one short
    docs = [replace(doc, places=(5000 + 7 * i, 6600 + 7 * i, 70_000)[:i % 4]) for i, doc in enumerate(docs)]
    reader = _reader(docs, SMALL)
    step = search_index.PLACE_BYTES
    for i, doc in enumerate(docs):
        assert reader.details(i) == {"url": doc.url, "title": doc.title, "agency": doc.agency,
                                     "region": doc.region, "year": doc.year,
                                     "places": [place // step * step for place in doc.places]}
        assert reader.keys(i) == {"province": province_of(doc.region) or doc.region, "year": doc.year}
    files = [path for path in reader.fetched if "/meta/" in path]
    assert len(files) == -(-len(docs) // 3)
    meta = reader.json(files[0])
    assert len(meta["regions"]) < 3 and meta["titles"] == {} and len(meta["templates"]) < 3


def test_unusual_details_are_written_out():
    docs = [Doc("/archive/elsewhere/", "一份{特别}的报告", "某局", "某省", None, "报告\x01某局\x01某省\x01正文"),
            Doc("/archive/reports/%E6%9F%90%E7%9C%81/%E6%9F%90%E7%9C%81%E8%B4%A2%E6%94%BF%E5%8E%85/2020/",
                "某省财政厅2020年政府信息公开工作年度报告", "某省财政厅", "某省", 2020, "x")]
    reader = _reader(docs, SMALL)
    assert [reader.details(i)["url"] for i in range(2)] == [d.url for d in docs]
    assert reader.details(0)["title"] == "一份{特别}的报告" and reader.details(0)["year"] is None
    meta = reader.json(reader.segments[0]["dir"] + "meta/0.json")
    assert meta["urls"] == {"0": "/archive/elsewhere/"} and meta["titles"] == {"0": "一份{特别}的报告"}


def test_columns_of_small_numbers_and_front_coded_names():
    assert search_index.digits([0, 5, 63]) == [1, "05-"]
    assert search_index.digits([64, 1]) == [2, "1001"]
    assert (search_index.front_coded(["江苏省南京市鼓楼区", "江苏省南京市玄武区", "浙江省"])
            == ["0江苏省南京市鼓楼区", "6玄武区", "0浙江省"])


def test_the_index_is_the_same_for_the_same_archive(docs):
    first = dict(index_files(docs, fold_map(), "/archive/", SMALL)[1])
    second = dict(index_files(docs, fold_map(), "/archive/", SMALL)[1])
    assert first == second


def test_characters_outside_the_basic_plane_are_found_and_keep_snippet_pieces_right():
    rare = "𠀀𪚥"  # two code units each in UTF-16
    docs = [Doc("/a/", "甲", "甲局", "某省", 2020, "甲\x01甲局\x01某省\x01" + rare * 300 + "行政复议" + "乙" * 10),
            Doc("/b/", "乙", "乙局", "某省", 2021, "乙\x01乙局\x01某省\x01行政复议" + rare)]
    reader = _reader(docs, SMALL)
    assert reader.query(rare) == {0: (7, False), 1: (1, False)}  # 300 occurrences weigh 7
    assert reader.query("行政复议") == {0: (1, False), 1: (1, False)}
    assert reader.query("乙局") == {1: (1, True)} and reader.query("乙") == {0: (4, False), 1: (2, True)}
    sp, ep = reader.locate(0, 0, "行政复议")
    piece_of = dict(reader.document_rows(0, 0, sp, ep))
    offset = len(docs[0].text.encode("utf-16-le")) // 2 - 14  # 行政复议 + ten 乙
    assert piece_of[0] == offset // search_index.PIECE and piece_of[1] == 0


def test_rows_name_the_heading_and_the_last_piece_of_long_texts():
    """Two rows of 20 bits fill five bytes: a row in the title or agency says so (it ranks
    first), and a row past the last piece the bits can name says "this piece or later"."""
    long_body = "甲" * (search_index.LAST_PIECE + 3) * search_index.PIECE
    docs = [Doc("/a/", "甲乙报告", "甲乙局", "某省", 2020, "甲乙报告\x01甲乙局\x01某省\x01" + long_body + "行政复议"),
            Doc("/b/", "丙", "丙局", "某省", 2021, "丙\x01丙局\x01某省\x01甲乙与行政复议")]
    reader = _reader(docs, SMALL)
    sp, ep = reader.locate(0, 0, "行政复议")
    assert sorted(reader.document_rows(0, 0, sp, ep)) == [(0, search_index.LAST_PIECE), (1, 0)]
    sp, ep = reader.locate(0, 0, "甲乙")
    assert sorted(reader.document_rows(0, 0, sp, ep)) == [(0, search_index.HEADING_PIECE)] * 2 + [(1, 0)]
    assert reader.query("甲乙") == {0: (2, True), 1: (1, False)}


def test_reports_numbered_newest_first_make_short_runs_of_keys(docs):
    """A segment numbers its reports newest year first (then in the archive's order): ties
    in ranking go to the newest, and keys.json holds a run per year."""
    assert search_index.newest_first([2019, None, 2021, 2019]) == [2, 0, 3, 1]
    ordered = [docs[i] for i in search_index.newest_first([d.year for d in docs])]
    keys = search_index.keys(ordered)
    assert [year for year, _ in keys["year"]] == sorted({d.year for d in docs}, key=lambda y: -(y or 0))
    assert sum(count for _, count in keys["province"]) == len(docs)
    reader = _reader(ordered, SMALL)
    assert [reader.keys(i)["year"] for i in range(len(ordered))] == [d.year for d in ordered]


def test_rows_in_runs_read_back_chunk_by_chunk():
    """A character's rows come in runs where reports repeat one another: a run is two
    varints however long, and every chunk reads back on its own (runs are cut at chunk
    boundaries)."""
    rng = np.random.default_rng(5)
    rows = np.unique(np.concatenate([np.arange(100, 180), rng.integers(0, 5000, 300), np.arange(899, 905), [0]]))
    for chunk in (1, 3, 64, 4096):
        stream, starts = search_index.run_lengths(rows, chunk)
        bounds = [*starts.tolist(), len(stream)]
        assert len(starts) == -(-len(rows) // chunk)
        for j in range(len(starts)):
            assert chunk_rows(stream[bounds[j]:bounds[j + 1]]) == rows[j * chunk:(j + 1) * chunk].tolist()
    # three chunks, a run each: 10,000 bytes as a varint a row
    assert len(search_index.run_lengths(np.arange(7, 10_007), 4096)[0]) <= 12
