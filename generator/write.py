"""Writing the site: the only module that touches the output folder.

Two ways, both leaving the previous site exactly as it was when the build fails:

- Fresh: everything is written to a new folder beside the output and swapped in at the
  end. A file the previous site holds with the same bytes is hard-linked rather than
  written; the previous site is removed after the swap, so no file stays shared.
- Update: when the build knows what the output holds (the record of the build that made
  it, checked against the stamp file the output carries), only the files that changed are
  written, into a staging folder beside the output; when the build succeeded they are moved
  into place and the files no longer made are removed. A rebuild after one report changed
  then writes a few files instead of tens of thousands. The stamp is removed first and
  written last, so an update interrupted half way is never trusted again: the next build
  is fresh.

The stamp is a hash of every file's name and digest, so the same site gets the same stamp
however it was built.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

STAMP = ".build-stamp"


class WriteError(Exception):
    """Two files mapped to one path, or a path outside the output folder."""


def _safe(dest: str) -> PurePosixPath:
    path = PurePosixPath(dest)
    if path.is_absolute() or ".." in path.parts or not path.parts or dest == STAMP:
        raise WriteError(f"refusing to write '{dest}': outside the output folder")
    return path


def digest(data: bytes) -> str:
    """A file's digest as the record keeps it: a hash and the size."""
    return f"{hashlib.blake2b(data, digest_size=16).hexdigest()}:{len(data)}"


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """What a build wrote: every file's name and digest, and the stamp they make."""

    files: dict[str, str]
    """path -> digest (write.digest)"""

    @property
    def stamp(self) -> str:
        return digest(json.dumps(sorted(self.files.items())).encode())


class SiteWriter:
    """Writes a site file by file and puts it in place when the `with` block ends without
    an error; on an error the staging folder is removed and `out` stays as it was. Files are
    written as they are made, so a build never holds the whole site in memory. Safe to use
    from several threads (the search index is written by one).

    `previous`: the record of the build that made `out`; used (update mode) only when
    `out` carries that record's stamp."""

    def __init__(self, out: Path, previous: SiteRecord | None = None) -> None:
        self.out = out.resolve()
        self.files = 0
        self.bytes = 0
        self.linked = 0
        """files the current site already had byte for byte: linked or left, not written"""
        self.previous = previous if previous and self._stamp_matches(previous) else None
        self.record: SiteRecord | None = None
        """after a successful build: what the output now holds"""
        self._digests: dict[str, str] = {}
        self._staged: list[str] = []
        self._folders: set[Path] = set()
        self._lock = threading.Lock()
        self.staging: Path | None = None

    @property
    def updating(self) -> bool:
        return self.previous is not None

    def _stamp_matches(self, previous: SiteRecord) -> bool:
        try:
            return (self.out / STAMP).read_text(encoding="ascii").strip() == previous.stamp
        except (OSError, UnicodeDecodeError):
            return False

    def __enter__(self) -> SiteWriter:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(dir=self.out.parent, prefix=f".{self.out.name}-new-"))
        return self

    def _claim(self, dest: str, value: str = "") -> None:
        with self._lock:
            if dest in self._digests:
                raise WriteError(f"two files would be written to '{dest}'")
            self._digests[dest] = value
            self.files += 1

    def holds(self, dest: str) -> bool:
        """Whether the output already holds this file as the previous build wrote it."""
        return self.previous is not None and dest in self.previous.files

    def keep(self, dest: str) -> bool:
        """In update mode, declare a file unchanged since the previous build without
        making it again; False when it must be written (fresh mode, or a new file)."""
        if self.previous is None or dest not in self.previous.files:
            return False
        kept = self.previous.files[dest]  # its path was checked when it was written
        self._claim(dest, kept)
        with self._lock:
            self.bytes += int(kept.rpartition(":")[2])
            self.linked += 1
        return True

    def write(self, dest: str, data: bytes | Iterable[bytes]) -> None:
        """Write one file: bytes, or chunks of bytes for a file too large to hold whole."""
        path = self.staging.joinpath(*_safe(dest).parts)
        self._claim(dest)
        if isinstance(data, bytes):
            if self._noted(dest, digest(data), len(data)):
                return
            self._folder(path)
            if self.previous is None and self._link_unchanged(dest, path, data):
                with self._lock:
                    self.linked += 1
                return
            path.write_bytes(data)
        else:
            self._folder(path)
            size, hasher = 0, hashlib.blake2b(digest_size=16)
            with open(path, "wb") as file:
                for chunk in data:
                    file.write(chunk)
                    hasher.update(chunk)
                    size += len(chunk)
            if self._noted(dest, f"{hasher.hexdigest()}:{size}", size):
                path.unlink()
                return
        with self._lock:
            self._staged.append(dest)

    def _noted(self, dest: str, found: str, size: int) -> bool:
        """Record a file's digest; True when the output holds it already (update mode)."""
        unchanged = self.previous is not None and self.previous.files.get(dest) == found
        with self._lock:
            self._digests[dest] = found
            self.bytes += size
            self.linked += unchanged
        return unchanged

    def _folder(self, path: Path) -> None:
        with self._lock:
            if path.parent in self._folders:
                return
            self._folders.add(path.parent)
        path.parent.mkdir(parents=True, exist_ok=True)

    def _link_unchanged(self, dest: str, path: Path, data: bytes) -> bool:
        """Where the current site has this file with these very bytes, link it into the new
        one instead of writing it again. Reading back is cheaper than writing; a file system
        without hard links gets the file written."""
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
        record = SiteRecord(dict(sorted(self._digests.items())))
        try:
            if self.previous is None:
                (self.staging / STAMP).write_text(record.stamp + "\n", encoding="ascii")
                self._swap()
            else:
                self._update(record)
        except BaseException:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise
        self.record = record

    def _swap(self) -> None:
        old = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(dir=self.out.parent, prefix=f".{self.out.name}-old-"))
            os.replace(self.out, old / "site")
        os.replace(self.staging, self.out)
        if old is not None:
            shutil.rmtree(old)

    def _update(self, record: SiteRecord) -> None:
        (self.out / STAMP).unlink()
        for dest in self._staged:
            target = self.out.joinpath(*PurePosixPath(dest).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            os.replace(self.staging.joinpath(*PurePosixPath(dest).parts), target)
        folders = set()
        for dest in self.previous.files.keys() - record.files.keys():
            target = self.out.joinpath(*PurePosixPath(dest).parts)
            target.unlink(missing_ok=True)
            folders.update(target.parents)
        for folder in sorted((f for f in folders if self.out in f.parents), key=lambda f: -len(f.parts)):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                pass
        (self.out / STAMP).write_text(record.stamp + "\n", encoding="ascii")
        shutil.rmtree(self.staging, ignore_errors=True)


def patch(out: Path, files: list[tuple[str, bytes]]) -> None:
    """Replace a few files of a built site in place, each atomically: serve shows an edited
    report at once, before the rebuild that follows (which writes the same bytes, and
    everything else the edit touched)."""
    for dest, data in files:
        target = out.joinpath(*_safe(dest).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, prefix=".patch-") as handle:
            handle.write(data)
        os.replace(handle.name, target)
