"""How light the site is for a reader on a slow phone: bytes per page type, CSS, scripts.

Builds the archive in content/ (or the folder given) into a temporary folder and prints a
table. Target (issue 4): CSS under 20 KB; report pages load no JavaScript.

    python benchmarks/site_size.py [CONTENT]
"""

from __future__ import annotations

import gzip
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSS_LIMIT = 20 * 1024


def main(argv: list[str]) -> int:
    content = Path(argv[0]) if argv else ROOT / "content"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        result = subprocess.run(
            [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(out),
             "--base-url", "https://example.org/archive/"], cwd=ROOT, capture_output=True, text=True,
        )
        if result.returncode:
            print(result.stdout + result.stderr, file=sys.stderr)
            return 1
        kinds = {
            "report pages": sorted(out.glob("reports/*/*/*/index.html")),
            "agency pages": sorted(out.glob("agencies/*/*/index.html")),
            "region pages": sorted(out.glob("regions/*/index.html")),
            "year pages": sorted(out.glob("years/*/index.html")),
            "CSS": sorted(out.glob("assets/*.css")),
            "JavaScript": sorted(out.glob("assets/*.js")),
        }
        print("| files | count | median bytes | largest bytes | largest gzip bytes |")
        print("|---|---:|---:|---:|---:|")
        for name, files in kinds.items():
            sizes = [f.stat().st_size for f in files] or [0]
            largest = max(files, key=lambda f: f.stat().st_size) if files else None
            gz = len(gzip.compress(largest.read_bytes(), 9)) if largest else 0
            print(f"| {name} | {len(files)} | {int(statistics.median(sizes)):,} | {max(sizes):,} | {gz:,} |")
        total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
        css = sum(f.stat().st_size for f in kinds["CSS"])
        scripts = sum("<script" in f.read_text(encoding="utf-8") for f in kinds["report pages"])
        print(f"\nsite: {total:,} bytes; CSS {css:,} bytes (limit {CSS_LIMIT:,});"
              f" report pages with a script: {scripts}")
        met = css < CSS_LIMIT and scripts == 0
        print("targets met" if met else "TARGETS MISSED")
        return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
