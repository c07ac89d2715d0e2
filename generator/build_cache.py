"""The build cache: what reading, checking and rendering one report gave, kept between builds.

Reading an entry, checking it and rendering its page is most of a build's work per report,
and a maintainer's edit touches one report of thousands. So each report's result is kept
under a key made of everything it depends on: the entry's path and bytes, its raw source's
name and bytes, the links to the agency's previous and next reports, and a salt of the templates, the
generator's own files, the base URL and the year limit of validation. A report whose key is
found is neither re-read nor re-rendered; any change to one of those inputs changes the key.

The cache is local data, never trusted: each file is gzip (its CRC catches a damaged file)
holding JSON (no code is ever loaded from it) that repeats its own key and format. A file
that fails any of this is ignored and rebuilt, and the build says how many there were.
After a successful build, files no key used are removed, so the cache holds one build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1
GENERATOR = Path(__file__).resolve().parent


def fingerprint(*folders: Path) -> str:
    """A hash of every file below the folders (names and bytes), in a stable order."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _orders(value: object) -> object:
    """The key order of every mapping in value: pages and downloads list rows in it."""
    if isinstance(value, dict):
        return [(key, _orders(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_orders(item) for item in value]
    return None


@dataclass(frozen=True, slots=True)
class CachedReport:
    """One report's result as the build uses it (see build.Built)."""

    stem: str
    duplicate_key: tuple | None
    front: dict
    rates: dict
    suffix: str
    text: str
    files: tuple[tuple[str, bytes], ...]


@dataclass(slots=True)
class BuildCache:
    folder: Path
    salt: str
    used: set[str] = field(default_factory=set)
    hits: int = 0
    unreadable: int = 0

    def key(self, entry: bytes, raw: bytes, where: object) -> str:
        """where: the entry's place and links, anything whose repr names them."""
        digest = hashlib.sha256(self.salt.encode())
        for part in (entry, raw, repr(where).encode()):
            digest.update(hashlib.sha256(part).digest())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / "reports" / key[:2] / f"{key}.json.gz"

    def has(self, key: str) -> bool:
        return self._path(key).exists()

    def get(self, key: str) -> CachedReport | None:
        self.used.add(key)
        path = self._path(key)
        if not path.exists():
            return None
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
            if data["format"] != FORMAT or data["key"] != key:
                raise ValueError("a foreign cache file")
            duplicate = data["duplicate_key"]
            report = CachedReport(
                stem=data["stem"], duplicate_key=tuple(duplicate) if duplicate else None, front=data["front"],
                rates=data["rates"], suffix=data["suffix"], text=data["text"],
                files=tuple((dest, body.encode("utf-8")) for dest, body in data["files"]),
            )
        except (OSError, EOFError, ValueError, KeyError, TypeError, zlib.error):
            self.unreadable += 1
            return None
        self.hits += 1
        return report

    def put(self, key: str, report: CachedReport) -> None:
        """Keep a result; one that JSON would not give back exactly is not kept."""
        self.used.add(key)
        data = {
            "format": FORMAT, "key": key, "stem": report.stem, "duplicate_key": report.duplicate_key,
            "front": report.front, "rates": report.rates, "suffix": report.suffix, "text": report.text,
            "files": [[dest, body.decode("utf-8")] for dest, body in report.files],
        }
        try:
            encoded = json.dumps(data, ensure_ascii=False)  # key order kept: tables list rows in it
        except (TypeError, ValueError, UnicodeDecodeError):
            return
        back = json.loads(encoded)
        same = back["front"] == report.front and back["rates"] == report.rates
        if not same or _orders(back["front"]) != _orders(report.front):
            return  # a value JSON changes (a date object, key order): rendering it again is safer
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            handle.write(gzip.compress(encoded.encode("utf-8"), compresslevel=3, mtime=0))
        os.replace(handle.name, path)

    def prune(self) -> None:
        """Remove what this build did not use (reports gone or changed, older builds)."""
        reports = self.folder / "reports"
        if not reports.is_dir():
            return
        for path in reports.glob("*/*"):
            if path.name.removesuffix(".json.gz") not in self.used:
                path.unlink(missing_ok=True)
