"""Writing the site: the only module that touches the output folder.

Everything is written to a fresh temporary folder beside the output and swapped in at
the end, so a failed or interrupted build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath


class WriteError(Exception):
    """Two files mapped to one path, or a path outside the output folder."""


def _safe(dest: str) -> PurePosixPath:
    path = PurePosixPath(dest)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise WriteError(f"refusing to write '{dest}': outside the output folder")
    return path


def write_site(files: dict[str, bytes], out: Path) -> int:
    """Replace `out` with exactly `files`; return the bytes written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-new-"))
    total = 0
    try:
        for dest in sorted(files):
            path = staging.joinpath(*_safe(dest).parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[dest])
            total += len(files[dest])
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-old-"))
            os.replace(out, old / "site")
        os.replace(staging, out)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return total
