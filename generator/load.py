"""Reading inputs: the only module that opens raw report files and reads `content/`.

Reads are bounded: a real report is well under a megabyte, so anything far larger is a
mistake (a PDF, an archive, a whole site dump) and is refused before it fills memory.
"""

from __future__ import annotations

from pathlib import Path

from generator.archive import raw_beside
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
    root = Path(content)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*.md") if p.is_file() and not p.name.startswith("."))


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
