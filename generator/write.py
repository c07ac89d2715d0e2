"""Writing the site: the only module that touches the output folder.

Everything is written to a fresh temporary folder beside the output and swapped in at
the end, so a failed or interrupted build leaves the previous site exactly as it was. A
file the previous site holds with the same bytes is hard-linked rather than written, so a
rebuild after a small change writes little; the previous site is removed after the swap,
so no file stays shared.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path, PurePosixPath


class WriteError(Exception):
    """Two files mapped to one path, or a path outside the output folder."""


def _safe(dest: str) -> PurePosixPath:
    path = PurePosixPath(dest)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise WriteError(f"refusing to write '{dest}': outside the output folder")
    return path


class SiteWriter:
    """Writes a site file by file into a fresh folder beside `out` and swaps it in when the
    `with` block ends without an error; on an error the folder is removed and `out` stays
    as it was. Files are written as they are made, so a build never holds the whole site
    in memory. Safe to use from several threads (the search index is written by one)."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.files = 0
        self.bytes = 0
        self.linked = 0
        """files the current site already had byte for byte: linked, not written"""
        self._written: set[str] = set()
        self._folders: set[Path] = set()
        self._lock = threading.Lock()
        self.staging: Path | None = None

    def __enter__(self) -> SiteWriter:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(dir=self.out.parent, prefix=f".{self.out.name}-new-"))
        return self

    def write(self, dest: str, data: bytes | Iterable[bytes]) -> None:
        """Write one file: bytes, or chunks of bytes for a file too large to hold whole."""
        path = self.staging.joinpath(*_safe(dest).parts)
        with self._lock:
            if dest in self._written:
                raise WriteError(f"two files would be written to '{dest}'")
            self._written.add(dest)
            self.files += 1
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
        if isinstance(data, bytes) and self._link_unchanged(dest, path, data):
            with self._lock:
                self.bytes += len(data)
                self.linked += 1
            return
        size = 0
        with open(path, "wb") as file:
            for chunk in [data] if isinstance(data, bytes) else data:
                file.write(chunk)
                size += len(chunk)
        with self._lock:
            self.bytes += size

    def _link_unchanged(self, dest: str, path: Path, data: bytes) -> bool:
        """Where the current site has this file with these very bytes, link it into the new
        one instead of writing it again: a rebuild after one change writes only what
        changed. Reading back is cheaper than writing; a file system without hard links
        gets the file written."""
        old = self.out.joinpath(*_safe(dest).parts)
        try:
            found = old.lstat()
            if not stat.S_ISREG(found.st_mode) or found.st_size != len(data) or old.read_bytes() != data:
                return False  # a link or anything but a plain file of these bytes is written afresh
            os.link(old, path, follow_symlinks=False)
        except OSError:
            return False
        return True

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        try:
            old = None
            if self.out.exists():
                old = Path(tempfile.mkdtemp(dir=self.out.parent, prefix=f".{self.out.name}-old-"))
                os.replace(self.out, old / "site")
            os.replace(self.staging, self.out)
            if old is not None:
                shutil.rmtree(old)
        except BaseException:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise

