"""Query bytes with a large delta segment: the archive built, then a share of its reports
changed and rebuilt (the base kept, the changed reports in the delta), then the usual
queries in a fresh browser.

    python benchmarks/delta_queries.py --content DIR [--share 0.048]

The share is just under segments.MERGE_SHARE, the largest delta a build keeps; the
target (issue 13) is at most 100 KB per query.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--share", type=float, default=0.048)
    args = parser.parse_args(argv)
    import search_scale

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        content, site = tmp / "content", tmp / "site"
        shutil.copytree(args.content, content)
        build = [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(site),
                 "--base-url", "https://example.org/archive/"]
        start = time.perf_counter()
        subprocess.run(build, cwd=ROOT, check=True, capture_output=True)
        full = time.perf_counter() - start
        entries = sorted(content.rglob("*.md"))
        changed = random.Random(5).sample(entries, int(args.share * len(entries)))
        for entry in changed:
            entry.write_text(entry.read_text(encoding="utf-8") + "\n补充说明：本报告已修订。\n", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(build, cwd=ROOT, check=True, capture_output=True)
        rebuild = time.perf_counter() - start
        manifest = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
        search_scale.QUERIES = ("信息公开", "玻璃门", "依申请公开", "行政复议")
        rows = search_scale._browser_rows(site)
    print(f"{len(entries):,} reports; {len(changed):,} changed ({len(changed) / len(entries):.1%}); "
          f"full build {full:.1f} s, rebuild {rebuild:.1f} s")
    print(f"segments {[s['docs'] for s in manifest['segments']]}, dropped {sum(map(len, manifest['deleted']))}")
    search_scale._print_queries(rows)
    worst = max(sent for _, _, _, sent, _ in rows)
    print(f"\nlargest query {worst / 1e3:.1f} KB (target at most 100 KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
