"""The build cache: what reading, checking and rendering one report gave, kept between builds.

Reading an entry, checking it and rendering its page is most of a build's work per report,
and a maintainer's edit touches one report of thousands. So each report's result is kept
under a key made of everything it depends on: the entry's path and bytes, its raw source's
name and bytes, the links to the agency's previous and next reports, and a salt of the
templates, the generator's own files, the base URL and the year limit of validation. A
report whose key is found is neither re-read nor re-rendered; any change to one of those
inputs changes the key.

What is kept, below .cache/build:
  reports/<kk>/<key>.json.gz   a report's searchable text and its files (page, original)
  rows/<k>.txt.gz              every report's catalog row, one line each, in 16 shards: a
                               build reads them all and rewrites the shards that changed
  files/<hash>/                a search segment's files, under the segment's folder name
  pieces/<download>.bin, .json each report's piece of a download (its rows of reports.csv,
                               its cells) as made last, and their index: an addition
                               makes one piece, not the 10,000 of the file
  digests, site, pages, search (.json.gz)   small records of the last build: the files'
                               digests by stat, what the site holds, what each list page
                               and download was made from, which segments the index has

The cache is local data, never trusted: each file is gzip (its CRC catches a damaged file)
holding JSON or text (no code is ever loaded from it) that repeats its format, and its key
or salt; a pieces file is plain bytes, whose hash its index holds. A file that fails any
of this is ignored and rebuilt, and the build says how many there were; one made for other
templates or code is ignored silently. After a successful build, files no key used are
removed, so the cache holds one build (a download's pieces stay until it is made again).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalog import ReportRow, row_from_json, row_json
from generator.model import frozen

FORMAT = 2
GENERATOR = Path(__file__).resolve().parent


def fingerprint(*folders: Path) -> str:
    """A hash of every file below the folders (names and bytes), in a stable order."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(data)
    os.replace(handle.name, path)


def _orders(value: object) -> object:
    """The key order of every mapping in value: pages and downloads list rows in it."""
    if isinstance(value, dict):
        return [(key, _orders(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_orders(item) for item in value]
    return None


@dataclass(frozen=True, slots=True)
class CachedRow:
    """What the build needs of an unchanged report without loading its page or text:
    its catalog row for lists and downloads, a digest of its searchable text, and the
    names of the files its page made."""

    row: ReportRow
    duplicate_key: tuple | None
    text_digest: str
    dests: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CachedData:
    """The heavy part of a report's result: its searchable text and its files."""

    text: str
    files: tuple[tuple[str, bytes], ...]


class LazyJSON(Mapping):
    """A read-only mapping kept as its JSON text, parsed where it is read and not kept
    parsed: most cached rows are never looked into, and a full build reads each report's
    tables once (for the cells download). As JSON a report's tables take 2 KB; parsed,
    8 KB more, which at 100,000 reports is 0.8 GB of the main process."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        self._text = text

    def _parsed(self) -> Mapping:
        return frozen(json.loads(self._text))

    def __getitem__(self, key):
        return self._parsed()[key]

    def __iter__(self):
        return iter(self._parsed())

    def items(self):  # one parse, where Mapping's would parse for every key
        return self._parsed().items()

    def __len__(self) -> int:
        return len(self._parsed())

    def __bool__(self) -> bool:  # the cells downloads ask every report whether it has tables: no parse
        return self._text.strip() != "{}"

    def __eq__(self, other: object) -> bool:
        return self._parsed() == other

    __hash__ = None

    def __reduce__(self):
        return (LazyJSON, (self._text,))


def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(slots=True)
class BuildCache:
    folder: Path
    salt: str
    used: set[str] = field(default_factory=set)
    hits: int = 0
    """reports taken from the cache (counted by the build, which decides)"""
    unreadable: int = 0
    reused: list[str] = field(default_factory=list)
    """names of whole file sets taken from the cache (search segments)"""
    _rows: dict[str, list[str]] | None = None
    """key -> [head, figures, tables] as JSON texts, from the last build's row shards"""
    _new_rows: dict[str, list[str]] = field(default_factory=dict)
    _saved: dict[str, object] = field(default_factory=dict)

    def key(self, entry_digest: str, raw_digest: str, where: object) -> str:
        """A report's key from the SHA-256 of its entry and of its raw source, and `where`:
        the entry's place and links, anything whose repr names them."""
        digest = hashlib.sha256(self.salt.encode())
        for part in (entry_digest, raw_digest, hashlib.sha256(repr(where).encode()).hexdigest()):
            digest.update(part.encode())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return Path(self._file(key))

    def _file(self, key: str) -> str:
        """As a string: a rebuild checks tens of thousands of these, and pathlib's
        parsing of each was a tenth of an unchanged rebuild."""
        return f"{self.folder}/reports/{key[:2]}/{key}.json.gz"

    def _json(self, name: str) -> dict | None:
        """A JSON file of the cache that repeats its format and salt, or None."""
        path = self.folder / name
        if not path.exists():
            return None
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
            if data["format"] != FORMAT:
                raise ValueError("a foreign cache file")
        except (OSError, EOFError, ValueError, KeyError, TypeError, zlib.error):
            self.unreadable += 1
            return None
        if data.get("salt") != self._salt_digest:
            return None  # made for other templates or code
        self._saved[name] = data
        return data

    def _save_json(self, name: str, value: dict) -> None:
        data = {"format": FORMAT, "salt": self._salt_digest, **value}
        if self._saved.get(name) == data:
            return  # as it was: not written again
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.folder / name, gzip.compress(json.dumps(data, ensure_ascii=False).encode(),
                                                            compresslevel=1, mtime=0))

    @property
    def _salt_digest(self) -> str:
        return hashlib.sha256(self.salt.encode()).hexdigest()

    def _shard(self, key: str) -> Path:
        return self.folder / "rows" / f"{key[0]}.txt.gz"

    def _load_rows(self) -> dict[str, list[str]]:
        """Every row of the last build, in ROW_SHARDS files by the key's first digit, each
        line `key TAB head TAB figures TAB tables` (JSON texts; the tables, most of the
        bytes, are parsed only when read: a rebuild reads those of the few reports whose
        pages it remakes)."""
        rows: dict[str, list[str]] = {}
        for shard in sorted((self.folder / "rows").glob("*.txt.gz")):
            try:
                lines = gzip.decompress(shard.read_bytes()).decode("utf-8").split("\n")
                if lines[0] != f"{FORMAT}\t{self._salt_digest}":
                    continue  # made for other templates or code
                for line in lines[1:]:
                    if line:
                        key, *parts = line.split("\t")
                        if len(parts) != 3:
                            raise ValueError("a damaged row")
                        rows[key] = parts
            except (OSError, EOFError, ValueError, UnicodeDecodeError, zlib.error):
                self.unreadable += 1
        return rows

    def row(self, key: str) -> CachedRow | None:
        """An unchanged report's row, from the shards that hold every row of the last build."""
        if self._rows is None:
            self._rows = self._load_rows()
        parts = self._rows.get(key)
        if parts is None or not os.path.exists(self._file(key)):
            return None
        try:
            head = json.loads(parts[0])
            duplicate = head["duplicate_key"]
            row = CachedRow(row_from_json(head["row"], frozen(json.loads(parts[1])), LazyJSON(parts[2])),
                            tuple(duplicate) if duplicate else None, head["text_digest"], tuple(head["dests"]))
        except (KeyError, TypeError, ValueError):
            self.unreadable += 1
            return None
        self.used.add(key)
        self._new_rows[key] = parts
        return row

    def data(self, key: str) -> CachedData | None:
        """A report's text and files; None when its file is missing, damaged or foreign."""
        path = self._path(key)
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
            if data["format"] != FORMAT or data["key"] != key:
                raise ValueError("a foreign cache file")
            return CachedData(data["text"], tuple((dest, body.encode("utf-8")) for dest, body in data["files"]))
        except (OSError, EOFError, ValueError, KeyError, TypeError, zlib.error):
            self.unreadable += 1
            return None

    def put(self, key: str, row: CachedRow, data: CachedData) -> str | None:
        """Keep a result; one that JSON would not give back exactly is not kept. Returns
        the row's tables as the JSON text kept (None: not kept)."""
        whole = row_json(row.row)
        figures, tables = whole.pop("figures"), whole.pop("tables")
        fields = {"row": whole, "duplicate_key": row.duplicate_key, "text_digest": row.text_digest,
                  "dests": list(row.dests)}
        try:
            encoded = json.dumps({"format": FORMAT, "key": key, "text": data.text,
                                  "files": [[dest, body.decode("utf-8")] for dest, body in data.files]},
                                 ensure_ascii=False)
            parts = [json.dumps(value, ensure_ascii=False) for value in (fields, figures, tables)]
            back = [json.loads(part) for part in parts]
        except (TypeError, ValueError, UnicodeDecodeError):
            return None
        again = row_from_json(back[0]["row"], back[1], back[2])
        if again != row.row or _orders(back[1:]) != _orders([figures, tables]):
            return None  # a value JSON changes (a date object, key order): rendering it again is safer
        self.used.add(key)
        self._new_rows[key] = parts
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, gzip.compress(encoded.encode("utf-8"), compresslevel=3, mtime=0))
        return parts[2]

    def state(self, name: str) -> dict | None:
        """A small record the build keeps between runs (the site written, the search base)."""
        return self._json(f"{name}.json.gz")

    def save_state(self, name: str, value: dict) -> None:
        self._save_json(f"{name}.json.gz", value)

    def file_names(self, name: str, use: bool = False) -> list[str] | None:
        """The names of a complete file set kept under `name`, without reading the files;
        `use`: the build uses the set, so it outlives this build's prune."""
        key = hashlib.sha256(f"{self.salt}\n{name}".encode()).hexdigest()
        listing = self.folder / "files" / key / "files.json"
        try:
            names = [dest for dest, _ in json.loads(listing.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            return None
        if use:
            self.used.add(key)
        return names

    def files(self, name: str, produce: Iterator[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
        """The files `produce` would give, from the cache when a complete set named `name`
        (a search segment's folder, a hash of what it indexes) is there; else
        produced and kept. A kept file that fails its hash is dropped, and the rest come
        from `produce` after all."""
        key = hashlib.sha256(f"{self.salt}\n{name}".encode()).hexdigest()
        self.used.add(key)
        folder = self.folder / "files" / key
        given: set[str] = set()
        listing = folder / "files.json"
        if listing.exists():
            try:
                for dest, digest in json.loads(listing.read_text(encoding="utf-8")):
                    data = (folder / digest).read_bytes()
                    if hashlib.sha256(data).hexdigest() != digest:
                        raise ValueError("a damaged cache file")
                    given.add(dest)
                    yield dest, data
                self.reused.append(name)
                return
            except (OSError, ValueError, TypeError):
                self.unreadable += 1
                shutil.rmtree(folder, ignore_errors=True)
        kept = []
        folder.mkdir(parents=True, exist_ok=True)
        for dest, data in produce:
            if dest in given:
                continue
            digest = hashlib.sha256(data).hexdigest()
            (folder / digest).write_bytes(data)
            kept.append([dest, digest])
            yield dest, data
        if not given:  # complete: mark it so, last
            _write_atomically(listing, json.dumps(kept).encode("utf-8"))

    def pieces(self, name: str) -> dict[str, memoryview]:
        """A download's pieces by report digest as the last build that made it kept them;
        none where they are missing, damaged or made for other templates or code."""
        folder = self.folder / "pieces"
        try:
            index = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
            blob = (folder / f"{name}.bin").read_bytes()
            if index["format"] != FORMAT or index["salt"] != self._salt_digest:
                return {}
            if index["blob"] != hashlib.blake2b(blob, digest_size=16).hexdigest():
                raise ValueError("a damaged pieces file")
            view, found, at = memoryview(blob), {}, 0
            for digest, length in index["pieces"]:
                found[digest], at = view[at:at + length], at + length
            if at != len(blob):
                raise ValueError("a damaged pieces index")
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            self.unreadable += 1
            return {}
        return found

    def keep_pieces(self, name: str, pieces: Iterator[tuple[str, bytes]]) -> Iterator[bytes]:
        """Pass a download's (digest, piece) through, keeping them as its pieces for the
        next build once all have passed (the blob first, then the index naming its hash)."""
        folder = self.folder / "pieces"
        folder.mkdir(parents=True, exist_ok=True)
        index, hasher = [], hashlib.blake2b(digest_size=16)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as handle:
            try:
                for digest, piece in pieces:
                    handle.write(piece)
                    hasher.update(piece)
                    index.append([digest, len(piece)])
                    yield piece
            except BaseException:
                handle.close()
                os.unlink(handle.name)
                raise
        os.replace(handle.name, folder / f"{name}.bin")
        record = {"format": FORMAT, "salt": self._salt_digest, "blob": hasher.hexdigest(), "pieces": index}
        _write_atomically(folder / f"{name}.json", json.dumps(record).encode("utf-8"))

    def _save_rows(self) -> None:
        """Write the row shards that changed: a rebuild after one edit rewrites one of them."""
        old = self._rows or {}
        shards: dict[str, list[str]] = {}
        for key in sorted(self._new_rows):
            shards.setdefault(key[0], []).append(key)
        changed = {key[0] for key in self._new_rows.keys() ^ old.keys()}
        changed |= {key[0] for key, parts in self._new_rows.items() if old.get(key) != parts}
        folder = self.folder / "rows"
        folder.mkdir(parents=True, exist_ok=True)
        for digit in "0123456789abcdef":
            path = folder / f"{digit}.txt.gz"
            if digit not in changed and path.exists() and self._rows is not None:
                continue
            lines = [f"{FORMAT}\t{self._salt_digest}"]
            lines += ["\t".join([key, *self._new_rows[key]]) for key in shards.get(digit, [])]
            _write_atomically(path, gzip.compress("\n".join(lines).encode("utf-8"), compresslevel=1, mtime=0))

    def prune(self) -> None:
        """Keep the rows of this build; remove what it did not use (reports gone or
        changed, older builds)."""
        self._save_rows()
        if self._rows:  # the last build's keys: only theirs can be left over
            for key in self._rows.keys() - self.used:
                self._path(key).unlink(missing_ok=True)
        else:
            for path in (self.folder / "reports").glob("*/*"):
                if path.name.removesuffix(".json.gz") not in self.used:
                    path.unlink(missing_ok=True)
        for path in (self.folder / "files").glob("*"):
            if path.name not in self.used:
                shutil.rmtree(path, ignore_errors=True)
