"""Reading inputs: the only module that opens report files (and, later, `content/`).

Reads are bounded: a real report is well under a megabyte, so anything far larger is a
mistake (a PDF, an archive, a whole site dump) and is refused before it fills memory.
"""

from __future__ import annotations

from pathlib import Path

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
