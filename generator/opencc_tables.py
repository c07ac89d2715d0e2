"""OpenCC's dictionaries as (key, candidates) rows, read with the tool the package ships.

The normalizer derives its phrase table from them and the search index its folding map;
this module is apart from both so that a build, which folds queries but normalizes no
report, does not import the normalizer.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import opencc


def opencc_dictionary(name: str) -> list[tuple[str, list[str]]]:
    """An OpenCC dictionary as (key, candidates), read with the package's opencc_dict."""
    base = Path(opencc.__file__).parent / "clib"
    tool, data = base / "bin" / "opencc_dict", base / "share" / "opencc" / f"{name}.ocd2"
    if not tool.exists() or not data.exists():
        raise RuntimeError(f"OpenCC's {name} dictionary or its opencc_dict tool is missing from {base}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run([str(tool), "-i", str(data), "-o", str(out), "-f", "ocd2", "-t", "text"], check=True)
        rows = []
        for line in out.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            rows.append((key, values.split(" ")))
    return rows
