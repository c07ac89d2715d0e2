"""Search at scale: N generated reports, the index built, queries run in a fresh browser.

    python benchmarks/search_scale.py N

Generates N reports (make_corpus.py), imports and builds them, then prints a table beside
Pagefind 1.6's figures measured on this machine over 10,000 reports (issue 5): index
build time and peak memory, index size, bytes a query transfers in a fresh browser
(gzip-compressed, as a server would send them), and time to results after the download.
Targets at 10,000 reports: a tenth of Pagefind's time and memory, under 100 KB per query,
results within 100 ms.
"""

from __future__ import annotations

import gzip
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

QUERIES = ("信息公开", "行政复议", "依申请公开", "本机关不掌握相关政府信息", "资源局", "玻璃门", "複議", "行政复议 诉讼")
PAGEFIND = {"index time": "233 s", "index memory": "17.9 GB", "index size": "207 MB",
            "query transfer": "457 KB (玻璃门) to 2.79 MB (信息公开)", "results after download": "6.2 s (信息公开)"}


def _run(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 1000
    from site_helpers import SubpathServer  # noqa: E402  (the tests' subpath server)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        raw, content, site = Path(tmp) / "raw", Path(tmp) / "content", Path(tmp) / "site"
        _run(str(ROOT / "benchmarks" / "make_corpus.py"), str(count), str(raw))
        _run("-m", "generator", "import", "--content", str(content), str(raw))
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        build_seconds = _run("-m", "generator", "build", "--content", str(content), "--out", str(site),
                             "--base-url", "https://example.org/archive/")
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) * 1024
        search_files = sorted((site / "search").glob("*.json"))
        index_bytes = sum(f.stat().st_size for f in search_files)
        static = [*search_files, site / "search" / "index.html", *(site / "assets").glob("search.*.js")]
        transfer = sum(len(gzip.compress(f.read_bytes(), 6)) for f in static)
        rows = []
        with SubpathServer(site) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            for query in QUERIES:
                page = browser.new_page()
                page.goto(server.url("search/"))
                timing = page.evaluate(
                    """async q => { const t0 = performance.now(); await window.reportSearch.query('预热');
                    const t1 = performance.now(); const r = await window.reportSearch.query(q);
                    return [t1 - t0, performance.now() - t1, r.length]; }""", query)
                rows.append((query, timing))
                page.close()
            browser.close()
    print(f"{count} generated reports\n")
    print("| measure | this archive | Pagefind 1.6 at 10,000 |")
    print("|---|---:|---:|")
    print(f"| site build incl. index | {build_seconds:.1f} s | (index alone) {PAGEFIND['index time']} |")
    print(f"| peak memory of the build | {peak / 1e9:.2f} GB | {PAGEFIND['index memory']} |")
    print(f"| index size | {index_bytes / 1e6:.1f} MB | {PAGEFIND['index size']} |")
    print(f"| transfer per query, fresh browser (gzip) | {transfer / 1e3:.0f} KB | {PAGEFIND['query transfer']} |")
    print("\n| query | download and load (ms) | results after download (ms) | reports |")
    print("|---|---:|---:|---:|")
    for query, (load, search, found) in rows:
        print(f"| {query} | {load:.0f} | {search:.1f} | {found} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
