"""Reading inputs: the only module that opens raw report files and reads `content/`.

Reads are bounded: a real report is well under a megabyte, so anything far larger is a
mistake (a PDF, an archive, a whole site dump) and is refused before it fills memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.archive import RAW_SUFFIXES, raw_beside
from generator.entry_file import EntryText, parse_entry
from generator.errors import SourceError

MAX_RAW_BYTES = 16 * 1024 * 1024


def read_raw_report(path: str | Path) -> bytes:
    """Return the bytes of one raw report, or raise SourceError naming the file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SourceError(str(path), "is not a file; give the path of a raw report (.txt, .html).")
        if size > MAX_RAW_BYTES:
            raise SourceError(
                str(path),
                f"the file is {size / 1024 / 1024:.1f} MB, larger than any report "
                f"(the limit is {MAX_RAW_BYTES // 1024 // 1024} MB); is it the right file?",
            )
        with path.open("rb") as handle:
            return handle.read(MAX_RAW_BYTES + 1)
    except FileNotFoundError:
        raise SourceError(str(path), "no such file.") from None
    except PermissionError:
        raise SourceError(str(path), "cannot be read: permission denied.") from None
    except IsADirectoryError:
        raise SourceError(str(path), "is a directory; give the path of a raw report.") from None


def iter_entry_paths(content: str | Path) -> list[Path]:
    """Every entry file below content/, in a stable order (raw sources are not entries)."""
    return [found.path for found in scan_entries(content)]


@dataclass(frozen=True, slots=True)
class EntryFile:
    """An entry file and the raw source beside it, as the folder lists them: a build
    compares the stats with the last build's to know which files to read again."""

    path: Path
    stem: str
    """the path below content/ without suffix, POSIX style"""
    stat: tuple[int, int, int]
    """(modification time in ns, size, inode)"""
    raw: Path | None
    raw_stat: tuple[int, int, int] | None


def _stat(entry: os.DirEntry) -> tuple[int, int, int] | None:
    try:
        if not entry.is_file():
            return None
        found = entry.stat()
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)


def scan_entries(content: str | Path) -> list[EntryFile]:
    """Every entry below content/ with its raw source, in the order of iter_entry_paths,
    from one listing of each folder (tens of thousands of entries are listed in well
    under a second, where a glob and a probe per file take several)."""
    root = Path(content)
    if not root.is_dir():
        return []
    found = []
    folders = [(str(root), "")]  # strings: a Path per folder cost a quarter of the time
    while folders:
        folder, below = folders.pop()
        with os.scandir(folder) as listing:
            entries = {entry.name: entry for entry in listing}
        for name, entry in entries.items():
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, f"{below}{name}/"))
                continue
            if not name.endswith(".md") or name.startswith(".") or (stat := _stat(entry)) is None:
                continue
            stem = name[:-3]
            raw = next((entries[f"{stem}.raw{suffix}"] for suffix in RAW_SUFFIXES if f"{stem}.raw{suffix}" in entries),
                       None)
            raw_stat = _stat(raw) if raw is not None else None
            found.append(EntryFile(Path(entry.path), below + stem, stat, Path(raw.path) if raw_stat else None,
                                   raw_stat))
    found.sort(key=lambda entry: f"{entry.stem}.md".split("/"))  # as Path.parts would sort
    return found


def read_entry(path: Path) -> EntryText:
    """One entry, split into front matter (with key lines) and body."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(str(path), f"an entry must be UTF-8 text (byte {error.start} is not).", 1) from None
    return parse_entry(text, str(path))


def iter_entries(content: str | Path):
    """(path, EntryText or the SourceError that reading it raised) for every entry."""
    for path in iter_entry_paths(content):
        try:
            yield path, read_entry(path)
        except SourceError as error:
            yield path, error


def read_raw_source(entry: Path) -> tuple[bytes, str]:
    """The raw source kept beside an entry, and its suffix ("" bytes if it is missing)."""
    raw = raw_beside(entry)
    return (raw.read_bytes(), raw.suffix) if raw else (b"", "")
