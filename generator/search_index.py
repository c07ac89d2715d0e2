"""The search index: files from which a query reads only the few small pieces it needs.

Why this shape. Readers search for any substring (行政复议, 依申请公开, half a sentence) and
expect every report containing it. A word index cannot answer that for Chinese, and an
n-gram index cannot answer a common long phrase without downloading texts to verify it.
An FM-index can: the suffixes of all report texts are sorted (the suffix array; a row is a
position in it), and for each character the sorted list of rows whose suffix that
character precedes is stored in chunks. The browser narrows the rows whose suffixes start
with the query one character at a time, from the last character to the first (backward
search), reading one or two chunks per character. The rows then name the matching
reports: a narrow range's reports come from a chunk or two of the document array; a wide
range (信息公开 occurs 200,000 times in 10,000 reports) is always a node of the suffix tree,
and the answer of every wide node is computed here once. Answers are exact, with no
candidates to verify, so no text is downloaded except the piece a snippet is cut from: a
byte range of the report's own page (the searchable text is the page's text, and the
details say where each piece begins in it), so the site holds each text once.

Reports are split into partitions of at most PARTITION_DOCS, each with its own FM-index, so
that the memory a build needs is bounded by a partition; a query searches each partition.

The index is a list of segments, as in search engines built on immutable segments (Lucene,
Tantivy): a clean build writes one (the base); a build after a few reports changed keeps it
and adds a small segment of the reports added or changed, and the manifest names the base's
reports that are gone or replaced. The browser searches every segment and drops those.

Files below search/ (a segment's or the fold table's folder is a hash of its inputs: its
files never change). Few files, read by byte ranges (`Range: bytes=a-b`, which static hosts
serve): writing a hundred thousand small files costs more than building the index.
  manifest.json              parameters, the fold table's shards, the segments, deletions
  fold<h>/<k>.json           traditional -> simplified alternatives, code points k*128...
  s<h>/segment.json          the segment's entry in the manifest (parameters, partitions)
  s<h>/keys.json             province and year of every report: what ranking and the
                             filters need for every result
  s<h>/meta/<k>.json         url, title, agency, region, year of reports k*DETAIL_DOCS...
                             (factored), and where each snippet piece begins in the
                             report's page: fetched only for the results shown
  s<h>/p<i>/chars/<k>.json   partition i, UTF-16 code units k*128...: {unit: [first row,
                             count, rows per chunk]}
  s<h>/p<i>/occ/<u>.bin      the rows code unit u precedes, in chunks (`chunk_rows`),
                             each chunk its first row whole, then gaps, runs of rows one
                             apart as one run (`run_lengths`)
  s<h>/p<i>/heads/<u>.json   for a unit with several chunks: [first row of each chunk, as
                             gaps], [byte length of each chunk]
  s<h>/p<i>/docs.bin         the document array: 20 bits per row (report, 14 bits, then
                             piece, 6), two rows in 5 bytes, little-endian; piece
                             HEADING_PIECE: the suffix starts in the title or agency
  s<h>/p<i>/wide.bin         the answers of the wide ranges, one after another: the
                             reports, then a nibble each (weight | 8 if in the heading)
  s<h>/p<i>/wide/<k>.json    where: [first row, end row, offset, length, ...] for ranges
                             starting at rows k * 2**WIDE_DIR_BITS...
Texts are indexed as UTF-16 code units, as JavaScript sees strings. Binary files hold
unsigned LEB128 varints (`varints`) unless said otherwise.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from urllib.parse import quote

import numpy as np
import pydivsufsort

from generator.places import province_of

log = logging.getLogger(__name__)
FORMAT = 6  # bump when the layout changes: it is part of the version hash
PARTITION_DOCS = 10_000  # report numbers within a partition fit in DOC_BITS
PIECE = 512  # code units of text per snippet piece (the document array names the piece)
PLACE_BYTES = 16  # the details give where a piece begins in its page in these units: two digits a piece
# A row of the document array: its report in DOC_BITS, its piece in PIECE_BITS; two rows
# fill five bytes. The array is most of the index (one row per character of text): 2.5
# bytes a row instead of 3 took 31 MB off 185 at 10,000 reports.
DOC_BITS, PIECE_BITS = 14, 6
HEADING_PIECE = (1 << PIECE_BITS) - 1  # the piece of a row whose suffix starts in the title or agency
LAST_PIECE = HEADING_PIECE - 1  # this piece or a later one: texts past 31,744 code units are searched on
assert PARTITION_DOCS <= 1 << DOC_BITS
# Reports per details file: a screen of 20 results reads up to 20 files of about 860 bytes
# gzipped (10,000 reports).
DETAIL_DOCS = 16
WIDE_DIR_BITS = 18
SHARD_BITS = 7  # code points per char/fold shard: 128
DOC_SEPARATOR = "\x00"
FIELD_SEPARATOR = "\u0001"  # between title, agency, region and body: no match spans two; search.js reads it
SEPARATORS = 2  # code units 0 (between reports) and 1 (between fields) never occur in a query


@dataclass(frozen=True, slots=True)
class Params:
    """Chunk sizes: a query reads one or two chunks per character, so chunks are small. Defaults suit 10,000 reports;
    small archives get smaller ones, so both the narrow and the wide path are used."""

    occ_chunk: int = 2048  # rows per chunk of a code unit's list
    wide: int = 4096  # ranges of at least this many rows have a precomputed answer

    @classmethod
    def for_rows(cls, rows: int) -> Params:
        scale = max(1, min(16, rows // 65536))
        return cls(occ_chunk=128 * scale, wide=256 * scale)


@dataclass(frozen=True, slots=True)
class Doc:
    url: str
    title: str
    agency: str
    region: str
    year: int | None
    text: str
    """searchable text: title, agency, region and body joined by a separator, no whitespace"""
    places: tuple[int, ...] = ()
    """the byte offset in the report's page where each snippet piece begins (index.snippet_places)"""


def varints(values: np.ndarray) -> tuple[bytes, np.ndarray]:
    """LEB128 encoding of non-negative integers below 2**35, and the byte offset where
    each value's encoding ends (most values here are small gaps: one byte)."""
    v = np.asarray(values, dtype=np.uint64)
    size = np.ones(len(v), dtype=np.uint8)
    for shift in (7, 14, 21, 28):
        size += v >= (1 << shift)
    ends = np.cumsum(size, dtype=np.int64)
    out = np.empty(int(ends[-1]) if len(v) else 0, dtype=np.uint8)
    starts = ends - size
    out[starts] = (v & 0x7F).astype(np.uint8) | ((size > 1).astype(np.uint8) << 7)
    longer = np.flatnonzero(size > 1)
    for k in range(1, 5):
        longer = longer[size[longer] > k]
        if not len(longer):
            break
        byte = ((v[longer] >> (7 * k)) & 0x7F).astype(np.uint8)
        out[starts[longer] + k] = byte | ((size[longer] > k + 1).astype(np.uint8) << 7)
    return out.tobytes(), ends


def encode(values) -> bytes:
    return varints(np.asarray(values, dtype=np.uint64))[0]


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _symbols(texts: list[str]) -> np.ndarray:
    """The partition's text as UTF-16 code units: what JavaScript strings are made of, so
    the browser looks characters up exactly as they are stored here."""
    return np.frombuffer((DOC_SEPARATOR.join(texts) + DOC_SEPARATOR).encode("utf-16-le"), dtype=np.uint16).copy()


def wide_nodes(sym: np.ndarray, sa: np.ndarray, lcp: np.ndarray, wide: int) -> list[tuple[int, int]]:
    """Every suffix-tree node with at least `wide` rows whose label starts with a query
    character. A query's rows are always exactly one node's, so the browser can ask for
    the answer file of any wide range it meets.

    `lcp[i]` is the common prefix length of rows i and i+1. A node of depth d splits into
    children where lcp == d; a child's depth is the least lcp inside it."""
    n = len(sa)
    nodes = []
    stack = [(0, n, 0)]
    while stack:
        left, right, depth = stack.pop()
        cuts = np.flatnonzero(lcp[left:right - 1] == depth) + left + 1
        starts = np.concatenate(([left], cuts))
        ends = np.concatenate((cuts, [right]))
        big = ends - starts >= wide
        for a, b in zip(starts[big].tolist(), ends[big].tolist()):
            head = int(sa[a]) + depth
            if head >= n or sym[head] < SEPARATORS:
                continue  # the label reaches a separator: no query gets here
            child_depth = int(lcp[a:b - 1].min())
            nodes.append((a, b))
            if sym[head + 1:int(sa[a]) + child_depth].min(initial=SEPARATORS) >= SEPARATORS:
                stack.append((a, b, child_depth))
    return nodes


def weight(hits):
    """A report's weight for one word: 1 + floor(log2(occurrences)), at most 7. Ranking by
    raw counts adds little past a few occurrences (BM25 saturates term frequency the same
    way), and a weight fits a nibble: the answer of a word in every report of a partition
    of 10,000 takes 5 KB instead of about 10 KB of counts (信息公开's answer was 11 KB with
    its bitmap), which matters when a query at 100,000 reports reads ten partitions."""
    return np.minimum(7, np.floor(np.log2(np.maximum(hits, 1))).astype(np.int64) + 1)


def wide_answer(rows: np.ndarray, docs: int) -> bytes:
    """Reports, their weights and whether the range is in their heading, for one wide range:
    a list of report gaps when few, a bitmap when many, then a nibble per report (low
    nibble first): its weight, plus 8 when a row is in the title or agency."""
    report = rows & np.uint32((1 << DOC_BITS) - 1)
    hits = np.bincount(report, minlength=docs)
    heading = np.bincount(report[(rows >> np.uint32(DOC_BITS)) == HEADING_PIECE], minlength=docs) > 0
    found = np.flatnonzero(hits)
    if len(found) * 8 > docs:
        bitmap = np.zeros(docs, dtype=bool)
        bitmap[found] = True
        head = encode([1, len(found)]) + np.packbits(bitmap, bitorder="little").tobytes()
    else:
        head = encode([0, len(found)]) + encode(np.diff(found, prepend=0))
    nibbles = (weight(hits[found]) | (heading[found].astype(np.int64) << 3)).astype(np.uint8)
    if len(nibbles) % 2:
        nibbles = np.append(nibbles, np.uint8(0))
    return head + (nibbles[0::2] | (nibbles[1::2] << 4)).tobytes()


def heading_length(text: str) -> int:
    """Code units of the title and agency that open a searchable text (title, separator,
    agency): a query found there ranks the report first."""
    fields = text.split(FIELD_SEPARATOR, 2)
    return len(FIELD_SEPARATOR.join(fields[:2]).encode("utf-16-le")) // 2


def _document_array(texts: list[str], sa: np.ndarray) -> np.ndarray:
    """For each row: its report (low DOC_BITS) and the snippet piece its suffix starts in, or
    HEADING_PIECE in the title or agency (the heading is read for its snippet as piece 0)."""
    entry = np.empty(len(sa), dtype=np.uint32)
    at = 0
    for doc, text in enumerate(texts):
        size = len(text.encode("utf-16-le")) // 2 + 1  # code units, as in the index
        piece = np.minimum(np.arange(size, dtype=np.uint32) // PIECE, LAST_PIECE)
        piece[:heading_length(text)] = HEADING_PIECE
        entry[at:at + size] = doc | (piece << DOC_BITS)
        at += size
    return entry[sa]


def document_bytes(rows: np.ndarray) -> bytes:
    """Rows of 20 bits, two in five bytes (a | b << 20, little-endian); an odd last row is
    paired with 0."""
    pairs = np.zeros((len(rows) + 1) // 2 * 2, dtype=np.uint64)
    pairs[:len(rows)] = rows
    packed = (pairs[0::2] | (pairs[1::2] << np.uint64(20))).astype("<u8")
    return packed.view(np.uint8).reshape(-1, 8)[:, :5].tobytes()


def _preceding(sym: np.ndarray, sa: np.ndarray) -> np.ndarray:
    """The BWT: the symbol before each row's suffix (the final separator for the first)."""
    bwt = np.empty(len(sa), dtype=sym.dtype)
    step = 1 << 22
    for i in range(0, len(sa), step):
        bwt[i:i + step] = sym[sa[i:i + step] - 1]  # -1 wraps to the final separator
    return bwt


def chunk_rows(total: int, most: int) -> int:
    """Rows per chunk of one code unit's list. A backward-search step reads the unit's
    heads (total/chunk entries) and two chunks (2*chunk rows, about a byte each): the sum is
    least near sqrt(1.25*total), rounded to a power of two."""
    best = 1 << max(0, round(np.log2(max(1.0, (1.25 * total) ** 0.5))))
    return int(min(most, max(64, best)))


def run_lengths(rows: np.ndarray, chunk: int) -> tuple[bytes, np.ndarray]:
    """Sorted rows in chunks of `chunk`, each chunk on its own: a varint per run of rows
    one apart, (gap << 1) | 1 followed by how many more rows the run holds, or gap << 1
    alone (the first gap of a chunk is its first row). Returns the bytes and where each
    chunk starts in them.

    Reports repeat one another (the national format's headings and sentences, the same
    regulations quoted), so a character's rows come in runs: in the 10,000 generated
    reports 94% of the gaps are 1, and these lists were 63 MB as one varint a row."""
    if not len(rows):
        return b"", np.zeros(0, dtype=np.int64)
    gaps = np.diff(rows, prepend=0)
    gaps[::chunk] = rows[::chunk]
    more = gaps == 1
    more[::chunk] = False  # a chunk starts a run of its own
    heads = np.flatnonzero(~more)
    run = np.diff(np.append(heads, len(rows))) - 1
    width = 1 + (run > 0)
    at = np.cumsum(width) - width  # where each head's values go
    values = np.empty(int(width.sum()), dtype=np.uint64)
    values[at] = (gaps[heads].astype(np.uint64) << np.uint64(1)) | (run > 0).astype(np.uint64)
    values[at[run > 0] + 1] = run[run > 0]
    stream, ends = varints(values)
    first_values = at[np.searchsorted(heads, np.arange(0, len(rows), chunk))]
    starts = np.where(first_values > 0, ends[np.maximum(first_values - 1, 0)], 0)
    return stream, starts


def _rows_by_unit(bwt: np.ndarray, counts: np.ndarray, groups: int = 8) -> Iterator[tuple[np.ndarray, int]]:
    """(sorted rows preceded by code unit u, u) for each query code unit, sorting a slice of
    the code units at a time so that the row numbers of only one slice are in memory."""
    units = np.flatnonzero(counts[SEPARATORS:]) + SEPARATORS
    bounds = np.searchsorted(np.cumsum(counts[units]), np.linspace(0, counts[units].sum(), groups + 1)[1:-1])
    for group in np.split(units, bounds):
        if not len(group):
            continue
        rows = np.flatnonzero((bwt >= group[0]) & (bwt <= group[-1]))
        rows = rows[np.argsort(bwt[rows], kind="stable")]
        at = 0
        for unit in group.tolist():
            yield rows[at:at + counts[unit]], unit
            at += counts[unit]


def _partition(texts: list[str], params: Params) -> Iterator[tuple[str, bytes] | dict]:
    """Files of one partition's FM-index, then its summary for the manifest. The order of
    the steps keeps few large arrays alive at once."""
    clock = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        log.debug("search index: %s %.1f s", name, now - clock)
        clock = now

    sym = _symbols(texts)
    n = len(sym)
    counts = np.bincount(sym, minlength=1 << 16)
    phase("symbols")
    sa = pydivsufsort.divsufsort(sym)
    phase("suffix array")
    rows = _document_array(texts, sa)
    phase("document array")

    # Wide ranges: the answer of every suffix-tree node with many rows.
    lcp = pydivsufsort.kasai(sym, sa)
    nodes = wide_nodes(sym, sa, lcp, params.wide)
    del lcp
    phase("suffix tree nodes")
    answers, where, offset = [], {}, 0
    for a, b in sorted(nodes):
        answers.append(wide_answer(rows[a:b], len(texts)))
        where.setdefault(a >> WIDE_DIR_BITS, []).extend([a, b, offset, len(answers[-1])])
        offset += len(answers[-1])
    yield "wide.bin", b"".join(answers)
    del answers
    for k, entries in where.items():
        yield f"wide/{k}.json", _json(entries)
    phase("wide answers")
    yield "docs.bin", document_bytes(rows)
    del rows
    phase("document array file")

    # Each character's first row (C) and the rows it precedes (its places in the BWT).
    bwt = _preceding(sym, sa)
    del sa, sym
    bwt_counts = np.bincount(bwt, minlength=1 << 16)
    phase("BWT")
    first_row = np.cumsum(counts) - counts
    shards: dict[int, dict[str, list[int]]] = {}
    for rows_of, cp in _rows_by_unit(bwt, bwt_counts):
        total = len(rows_of)
        chunk = chunk_rows(total, params.occ_chunk)
        shards.setdefault(cp >> SHARD_BITS, {})[str(cp)] = [int(first_row[cp]), total, chunk]
        stream, starts = run_lengths(rows_of, chunk)
        yield f"occ/{cp}.bin", stream
        if total > chunk:
            lengths = np.diff(np.append(starts, len(stream))).tolist()
            heads = np.diff(rows_of[::chunk], prepend=0).tolist()  # gaps: fewer digits
            yield f"heads/{cp}.json", _json([heads, lengths])
    del bwt
    for k, table in shards.items():
        yield f"chars/{k}.json", _json(table)
    phase("character chunks")
    yield {"rows": n, "docs": len(texts), "shards": sorted(shards), "wideNodes": len(nodes)}


def _overlap(region: str, agency: str) -> int:
    """How many final characters of the region name begin the agency name: 嘉定区 in
    上海市嘉定区 / 嘉定区财政局. The agency is then written as that overlap and its kind."""
    for k in range(min(len(region), len(agency) - 1), 0, -1):
        if agency.startswith(region[-k:]):
            return k
    return 0


DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"


def digits(values: list[int]) -> list:
    """[width, text]: each value as `width` base-64 digits, one after another. Columns of
    small numbers are shorter this way than as JSON numbers, gzipped or not."""
    width = 1
    while max(values, default=0) >= len(DIGITS) ** width:
        width += 1
    out = []
    for value in values:
        out.append("".join(DIGITS[value // len(DIGITS) ** k % len(DIGITS)] for k in reversed(range(width))))
    return [width, "".join(out)]


def front_coded(names: list[str]) -> list[str]:
    """Each name as how many leading characters it shares with the one before (one digit),
    then the rest: regions in catalog order share their province and city."""
    out, previous = [], ""
    for name in names:
        shared = 0
        while shared < min(len(name), len(previous), len(DIGITS) - 1) and name[shared] == previous[shared]:
            shared += 1
        out.append(DIGITS[shared] + name[shared:])
        previous = name
    return out


def _title_template(doc: Doc) -> str | None:
    """The title with its agency and year as {agency} and {year}: most titles then share one
    of a few forms (…2019年政府信息公开工作年度报告, …2019年度…). None if it has braces."""
    if "{" in doc.title or "}" in doc.title:
        return None
    template = doc.title.replace(doc.agency, "{agency}", 1) if doc.agency else doc.title
    return template.replace(str(doc.year), "{year}", 1) if doc.year else template


def runs(values: list) -> list[list]:
    """[[value, how many in a row], ...]."""
    out: list[list] = []
    for value in values:
        if out and out[-1][0] == value:
            out[-1][1] += 1
        else:
            out.append([value, 1])
    return out


def newest_first(years: list[int | None]) -> list[int]:
    """The order a segment numbers its reports in: newest year first, then the archive's
    order (region, agency). Ranking breaks ties by this number, and keys.json holds each
    year as one run and each province as a run within it: 1.7 KB gzipped at 100,000
    generated reports, where the file with a column of provinces and one of years was 57 KB."""
    return sorted(range(len(years)), key=lambda i: (-(years[i] or 0), i))


def keys(docs: list[Doc]) -> dict:
    """Every report's province and year: ranking (newest first among equals) and the year and
    province filters need them for every result, so they are one file per segment: the
    provinces once, then runs of each (short when the reports are numbered newest_first).
    Regions are not here: 3,000 names are 16 KB gzipped, and a list of 3,000 is no filter."""
    provinces: dict[str, int] = {}
    of_region = {region: province_of(region) or region for region in {doc.region for doc in docs}}
    province_ids = [provinces.setdefault(of_region[doc.region], len(provinces)) for doc in docs]
    return {"provinces": list(provinces), "province": runs(province_ids), "year": runs([doc.year for doc in docs])}


def metadata(docs: list[Doc], base_path: str) -> dict:
    """The url, title, agency, region and year of a few reports (DETAIL_DOCS), factored:
    region names (front-coded), agency kinds (the agency name after its place) and title
    forms are listed once; a URL made from the names is not written out. Only the results
    on screen need these, so a query fetches a few small files rather than every report's
    line (one file of them was 107 KB, 35 KB gzipped, at 10,000 reports)."""
    regions: dict[str, int] = {}
    kinds: dict[str, int] = {}
    templates: dict[str, int] = {}
    columns: dict[str, list[int]] = {"region": [], "kind": [], "overlap": [], "year": [], "title": []}
    places = []
    titles: dict[int, str] = {}
    urls: dict[int, str] = {}
    first_year = min((d.year for d in docs if d.year), default=1) - 1
    for i, doc in enumerate(docs):
        r = regions.setdefault(doc.region, len(regions))
        columns["region"].append(r)
        overlap = _overlap(doc.region, doc.agency)
        columns["kind"].append(kinds.setdefault(doc.agency[overlap:], len(kinds)))
        columns["overlap"].append(overlap)
        columns["year"].append(doc.year - first_year if doc.year else 0)
        template = _title_template(doc)
        columns["title"].append(templates.setdefault(template or "", len(templates)))
        if template is None:
            titles[i] = doc.title
        usual = base_path + "reports/" + "".join(
            quote(str(x), safe="") + "/" for x in (doc.region, doc.agency, doc.year)
        )
        if doc.url != usual:
            urls[i] = doc.url
        width, written = digits(np.diff([0, *(p // PLACE_BYTES for p in doc.places)]).tolist())
        places.append(f"{width}{written}" if doc.places else "")
    return {"regions": front_coded(list(regions)), "kinds": list(kinds),
            "columns": {name: digits(values) for name, values in columns.items()}, "digits": DIGITS,
            "places": places,
            "firstYear": first_year, "templates": list(templates), "titles": titles, "urls": urls, "base": base_path}


def _digest(*parts) -> str:
    return hashlib.sha256(_json(list(parts))).hexdigest()[:12]


def segment_files(docs: list[Doc], text_of: Callable[[int], str] | None, base_path: str,
                  params: Params | None = None) -> tuple[str, Iterator[tuple[str, bytes]]]:
    """(folder, files) of one segment: the FM-index of these reports in partitions and their
    details, paths relative to the site's search/. The last file is the folder's
    segment.json, the segment's entry in the manifest.

    `text_of(i)` gives doc i's text where the docs carry none: a build keeps the texts on
    disk and they are read one partition at a time, never all at once (None: the docs'
    own). A segment never changes once written (its folder is a hash of what it indexes):
    an incremental build keeps the base segment and adds a small one for the reports changed."""
    text_of = text_of or (lambda i: docs[i].text)
    digest, length = hashlib.sha256(), 0
    for i, doc in enumerate(docs):
        text = text_of(i)
        length += len(text) + 1
        digest.update(_json([doc.url, doc.title, doc.agency, doc.region, doc.year, text, doc.places]))
    params = params or Params.for_rows(length)
    folder = f"s{hashlib.sha256(_json([FORMAT, asdict(params), base_path, digest.hexdigest()])).hexdigest()[:12]}/"

    def files() -> Iterator[tuple[str, bytes]]:
        partitions = []
        for p, first in enumerate(range(0, len(docs), PARTITION_DOCS)):
            texts = [text_of(i) for i in range(first, min(first + PARTITION_DOCS, len(docs)))]
            for item in _partition(texts, params):
                if isinstance(item, dict):
                    partitions.append({"first": first, **item})
                else:
                    yield f"{folder}p{p}/{item[0]}", item[1]
        yield f"{folder}keys.json", _json(keys(docs))
        for k, first in enumerate(range(0, len(docs), DETAIL_DOCS)):
            yield f"{folder}meta/{k}.json", _json(metadata(docs[first:first + DETAIL_DOCS], base_path))
        entry = {"dir": folder, "docs": len(docs), "occChunk": params.occ_chunk, "wide": params.wide,
                 "partitions": partitions}
        yield f"{folder}{SEGMENT}", _json(entry)

    return folder, files()


SEGMENT = "segment.json"
"""The last file of a segment's folder: its entry in the manifest."""


def segment_entry(name: str, data: bytes) -> dict | None:
    """The manifest entry, when this file of segment_files is its segment.json."""
    return json.loads(data) if name.endswith(f"/{SEGMENT}") else None


def fold_files(folds: dict[str, str]) -> tuple[dict, Iterator[tuple[str, bytes]]]:
    """(manifest entry, files) of the traditional -> simplified table, in shards of code points."""
    shards: dict[int, dict[str, str]] = {}
    for char, alternatives in folds.items():
        shards.setdefault(ord(char) >> SHARD_BITS, {})[char] = alternatives
    folder = f"fold{_digest(FORMAT, folds)}/"
    entry = {"dir": folder, "shards": sorted(shards)}
    return entry, ((f"{folder}{k}.json", _json(table)) for k, table in sorted(shards.items()))


MANIFEST = "manifest.json"
"""The manifest's path below search/: always the same, so that pages do not change when
the index does; search.js asks for it with `cache: "no-cache"` (a revalidation)."""


def manifest_file(segments: list[dict], deleted: list[list[int]], fold: dict) -> bytes:
    """The manifest: the parameters search.js shares with this module, the fold table, the
    segments in order (a report's number is its segment's first number plus its number
    within it), and, for each segment, its reports that a later segment replaces or that
    are gone."""
    body = {
        "piece": PIECE, "fieldSeparator": FIELD_SEPARATOR, "shardBits": SHARD_BITS, "wideDirBits": WIDE_DIR_BITS,
        "docBits": DOC_BITS, "headingPiece": HEADING_PIECE, "lastPiece": LAST_PIECE, "detailDocs": DETAIL_DOCS,
        "placeBytes": PLACE_BYTES,
        "fold": fold, "segments": segments, "deleted": deleted,
    }
    return _json({"version": _digest(body), **body})


def index_files(docs: list[Doc], folds: dict[str, str], base_path: str,
                params: Params | None = None) -> tuple[str, Iterator[tuple[str, bytes]]]:
    """(manifest path, files) of a whole index of one segment, paths relative to the
    site's search/; files are produced one at a time so that they can be written as they come."""
    _, segment = segment_files(docs, None, base_path, params)
    fold, fold_list = fold_files(folds)

    def files() -> Iterator[tuple[str, bytes]]:
        entry = None
        for name, data in segment:
            entry = segment_entry(name, data) or entry
            yield name, data
        yield from fold_list
        yield MANIFEST, manifest_file([entry], [[]], fold)

    return MANIFEST, files()
