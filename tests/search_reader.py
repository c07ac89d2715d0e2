"""A Python reader of the sharded search index, written from the layout described in
generator/search_index.py the way search.js reads it: tests use it to check the index
against a plain scan of the texts, and to count which files a query needs."""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable
from itertools import accumulate

from generator.index import query_words


def varints(data: bytes, at: int = 0, count: int = -1) -> tuple[list[int], int]:
    values = []
    while at < len(data) and (count < 0 or len(values) < count):
        value = shift = 0
        while True:
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        values.append(value)
    return values, at


class Reader:
    def __init__(self, read: Callable[[str], bytes]) -> None:
        """read(path below the site's search/) -> bytes; every call is recorded."""
        self._read = read
        self.fetched: list[str] = []
        self.manifest = self.json("manifest.json")
        self.segments = self.manifest["segments"]
        self.firsts = list(accumulate([0] + [s["docs"] for s in self.segments]))[:-1]
        self.dropped = [set(d) for d in self.manifest["deleted"]]

    def bytes(self, path: str, start: int = 0, end: int | None = None) -> bytes:
        """A file, or bytes [start, end) of it as a range request reads them."""
        name = path if end is None else f"{path}#{start}-{end}"
        if name not in self.fetched:
            self.fetched.append(name)
        data = self._read(path)
        return data if end is None else data[start:end]

    def json(self, path: str):
        return json.loads(self.bytes(path))

    def rows(self, path: str, start: int = 0, end: int | None = None) -> list[int]:
        return chunk_rows(self.bytes(path, start, end))

    def char(self, s: int, p: int, unit: int) -> list[int] | None:
        k = unit >> self.manifest["shardBits"]
        if k not in self.segments[s]["partitions"][p]["shards"]:
            return None
        return self.json(f"{self.segments[s]['dir']}p{p}/chars/{k}.json").get(str(unit))

    def rank(self, s: int, p: int, unit: int, info: list[int], row: int) -> int:
        chunk, at = info[2], f"{self.segments[s]['dir']}p{p}"
        if info[1] <= chunk:
            return bisect_left(self.rows(f"{at}/occ/{unit}.bin"), row)
        gaps, lengths = self.json(f"{at}/heads/{unit}.json")
        heads, offsets = list(accumulate(gaps)), [0, *accumulate(lengths)]
        j = bisect_left(heads, row) - 1
        if j < 0:
            return 0
        return j * chunk + bisect_left(self.rows(f"{at}/occ/{unit}.bin", offsets[j], offsets[j + 1]), row)

    def locate(self, s: int, p: int, form: str) -> tuple[int, int] | None:
        units = list(memoryview(form.encode("utf-16-le")).cast("H"))
        infos = [self.char(s, p, unit) for unit in units]
        if not all(infos):
            return None
        sp, ep = infos[-1][0], infos[-1][0] + infos[-1][1]
        for ch, info in zip(reversed(units[:-1]), reversed(infos[:-1])):
            if sp >= ep:
                return None
            sp, ep = info[0] + self.rank(s, p, ch, info, sp), info[0] + self.rank(s, p, ch, info, ep)
        return (sp, ep) if sp < ep else None

    def reports(self, s: int, p: int, sp: int, ep: int) -> dict[int, tuple[int, bool]]:
        """{report: (weight, in heading)} of a range of rows, without the reports the segment drops."""
        segment, at_part = self.segments[s], f"{self.segments[s]['dir']}p{p}"
        part = segment["partitions"][p]
        if ep - sp >= segment["wide"]:
            entries = self.json(f"{at_part}/wide/{sp >> self.manifest['wideDirBits']}.json")
            at = next(i for i in range(0, len(entries), 4) if entries[i:i + 2] == [sp, ep])
            data = self.bytes(f"{at_part}/wide.bin", entries[at + 2], entries[at + 2] + entries[at + 3])
            (mode, n), at = varints(data, 0, 2)
            if mode == 1:
                docs = [d for d in range(part["docs"]) if data[at + d // 8] >> (d % 8) & 1]
                at += (part["docs"] + 7) // 8
            else:
                gaps, at = varints(data, at, n)
                docs = list(accumulate(gaps))
            nibbles = [data[at + i // 2] >> (4 * (i % 2)) & 15 for i in range(n)]
            found = {part["first"] + d: (v & 7, bool(v & 8)) for d, v in zip(docs, nibbles)}
        else:
            hits: dict[int, int] = {}
            heading: dict[int, bool] = {}
            for doc, piece in self.document_rows(s, p, sp, ep):
                doc += part["first"]
                hits[doc] = hits.get(doc, 0) + 1
                heading[doc] = heading.get(doc, False) or piece == self.manifest["headingPiece"]
            found = {doc: (min(7, h.bit_length()), heading[doc]) for doc, h in hits.items()}
        return {self.firsts[s] + d: v for d, v in found.items() if d not in self.dropped[s]}

    def document_rows(self, s: int, p: int, sp: int, ep: int) -> list[tuple[int, int]]:
        """(report within the partition, piece) of rows [sp, ep) of the document array: two
        rows of 20 bits in each five bytes."""
        data = self.bytes(f"{self.segments[s]['dir']}p{p}/docs.bin", 5 * (sp // 2), 5 * ((ep + 1) // 2))
        rows = []
        for o in range(0, len(data), 5):
            pair = int.from_bytes(data[o:o + 5], "little")
            rows += [pair & 0xFFFFF, pair >> 20]
        bits = self.manifest["docBits"]
        return [(row & ((1 << bits) - 1), row >> bits) for row in rows[sp % 2:sp % 2 + ep - sp]]

    def query(self, q: str) -> dict[int, tuple[int, bool]]:
        """{report: (sum of the words' weights, a word in its heading)} for every report
        matching every word."""
        per_word = []
        for forms in query_words(q):
            found: dict[int, tuple[int, bool]] = {}
            for form in reversed(forms):  # the first form a report contains wins
                for s, segment in enumerate(self.segments):
                    for p in range(len(segment["partitions"])):
                        where = self.locate(s, p, form)
                        if where:
                            found |= self.reports(s, p, *where)
            per_word.append(found)
        if not per_word:
            return {}
        docs = set(per_word[0]).intersection(*per_word[1:])
        return {d: (sum(found[d][0] for found in per_word), any(found[d][1] for found in per_word)) for d in docs}

    def keys(self, doc: int) -> dict:
        """A report's province and year, from the segment's keys.json (what ranking needs)."""
        s, doc = self._segment_of(doc)
        keys = self.json(f"{self.segments[s]['dir']}keys.json")

        def unrun(pairs: list) -> list:
            return [value for value, count in pairs for _ in range(count)]

        return {"province": keys["provinces"][unrun(keys["province"])[doc]], "year": unrun(keys["year"])[doc]}

    def _segment_of(self, doc: int) -> tuple[int, int]:
        s = max(i for i, first in enumerate(self.firsts) if first <= doc)
        return s, doc - self.firsts[s]

    def details(self, doc: int) -> dict:
        """A report's url, title, agency, region and year, unfolded from its details file."""
        from urllib.parse import quote

        s, doc = self._segment_of(doc)
        size = self.manifest["detailDocs"]
        meta = self.json(f"{self.segments[s]['dir']}meta/{doc // size}.json")
        doc %= size
        region = _names(meta)[_column(meta, "region", doc)]
        agency = region[len(region) - _column(meta, "overlap", doc):] + meta["kinds"][_column(meta, "kind", doc)]
        year = meta["firstYear"] + _column(meta, "year", doc) if _column(meta, "year", doc) else None
        template = meta["templates"][_column(meta, "title", doc)]
        title = meta["titles"].get(str(doc), template.replace("{agency}", agency).replace("{year}", str(year)))
        url = meta["urls"].get(str(doc)) or meta["base"] + "reports/" + "".join(
            quote(part, safe="") + "/" for part in (region, agency, str(year)))
        coded, places, at = meta["places"][doc], [], 0
        for k in range(1, len(coded), int(coded[:1] or 1)):
            at += _digits(meta, coded[k:k + int(coded[0])])
            places.append(at * self.manifest["placeBytes"])
        return {"url": url, "title": title, "agency": agency, "region": region, "year": year, "places": places}


def chunk_rows(data: bytes) -> list[int]:
    """A chunk of rows (search_index.run_lengths): (gap << 1 | run) and, for a run, how
    many more rows follow one apart."""
    values = iter(varints(data)[0])
    rows: list[int] = []
    for value in values:
        rows.append((rows[-1] if rows else 0) + (value >> 1))
        if value & 1:
            rows += range(rows[-1] + 1, rows[-1] + 1 + next(values))
    return rows


def _digits(table: dict, text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + table["digits"].index(ch)
    return value


def _column(table: dict, name: str, i: int) -> int:
    """Value i of a column of base-64 digits (search_index.digits)."""
    width, text = table["columns"][name] if "columns" in table else table[name]
    return _digits(table, text[i * width:(i + 1) * width])


def _names(table: dict) -> list[str]:
    """The front-coded region names of a keys or details file."""
    names, previous = [], ""
    for coded in table["regions"]:
        previous = previous[:table["digits"].index(coded[0])] + coded[1:]
        names.append(previous)
    return names
