"""Search at scale: N generated reports, the index built, queries run in a fresh browser.

    python benchmarks/search_scale.py N [--content DIR]

Generates N reports (make_corpus.py) and imports them (or uses an archive already imported
with --content), then measures:
- the search index alone: a process given the reports' searchable texts builds the index
  and writes its files; wall time and peak memory of that process;
- the whole site build (pages, downloads and index), for context;
- each query in a fresh Chromium (empty cache) on the search page, as a reader runs it:
  every byte the page, its script, the index files and the visible snippets (ranges of the
  report pages, also counted apart) take, counted
  as a server sends them (gzip for text types, as GitHub Pages does; binary index chunks
  as they are); and the time query() takes once its files are downloaded.
Printed beside Pagefind 1.6's figures measured on this machine over 10,000 reports (issue
5). Targets at 10,000 reports: a tenth of Pagefind's time and memory (23.3 s, 1.79 GB),
under 100 KB per query, results within 100 ms after the download.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

QUERIES = ("信息公开", "行政复议", "依申请公开", "政府信息公开工作年度报告", "不予公开", "公开指南", "资源局", "玻璃门",
           "複議", "行政复议 诉讼")
PAGEFIND = {"time": "233 s", "memory": "17.9 GB", "size": "207 MB", "transfer": "457 KB (玻璃门) to 2.79 MB (信息公开)",
            "after": "6.2 s (信息公开)"}
TEXT_TYPES = (".html", ".js", ".css", ".json", ".txt", ".svg", ".xml")

# Runs a module or script in a child process and reports its peak memory on stderr.
MEASURED = """
import resource, runpy, sys
target, sys.argv = sys.argv[1], sys.argv[1:]
try:
    if target.endswith(".py"):
        runpy.run_path(target, run_name="__main__")
    else:
        runpy.run_module(target, run_name="__main__", alter_sys=True)
finally:
    print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, file=sys.stderr)
"""

DUMP_DOCS = """
import pickle, sys
from pathlib import Path
from generator.build import load_catalog
from generator.search_index import Doc
from generator.urls import Urls
catalog, texts = load_catalog(Path(sys.argv[1]), jobs=2)
urls = Urls.from_base("https://example.org/archive/")
docs = [Doc(urls.path(r.dest), r.title, r.agency_name, r.region_name, r.year, texts[r.stem])
        for r in catalog.reports]
Path(sys.argv[2]).write_bytes(pickle.dumps(docs))
"""

BUILD_INDEX = """
import json, pickle, sys, time
from pathlib import Path
from generator.index import fold_map
from generator.search_index import index_files
docs = pickle.loads(Path(sys.argv[1]).read_bytes())
out = Path(sys.argv[2])
start = time.perf_counter()
manifest, files = index_files(docs, fold_map(), "/archive/")
count = size = 0
for name, data in files:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    count += 1
    size += len(data)
print(json.dumps({"seconds": time.perf_counter() - start, "files": count, "bytes": size}))
"""


def _measured(*args: str) -> tuple[str, int]:
    """(stdout, peak memory in bytes) of a child process."""
    result = subprocess.run([sys.executable, "-c", MEASURED, *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    peak = int(next(line.split()[1] for line in result.stderr.splitlines() if line.startswith("PEAK")))
    return result.stdout, peak


def _script(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _sent_size(site: Path, url: str, status: int, length: str | None) -> int:
    """Bytes a server sends for one response: a range as it is, a whole file gzipped if it
    is a text type (as GitHub Pages sends it)."""
    if status == 206:
        return int(length)
    path = site / unquote(urlsplit(url).path).removeprefix("/archive/")
    if path.is_dir() or not path.suffix:
        path = path / "index.html"
    data = path.read_bytes()
    return len(gzip.compress(data, 6)) if path.suffix in TEXT_TYPES else len(data)


def _browser_rows(site: Path) -> list[tuple]:
    from playwright.sync_api import sync_playwright

    from site_helpers import SubpathServer

    rows = []
    with SubpathServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        for query in QUERIES:
            context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone, empty cache
            page = context.new_page()
            urls: list[tuple[str, int, str | None]] = []

            def finished(request) -> None:
                response = request.response()
                urls.append((request.url, response.status, response.headers.get("content-length")))

            page.on("requestfinished", finished)
            page.goto(server.url("search/?q=" + query))
            page.locator("#search-status").filter(has_text="找到").wait_for(timeout=60_000)
            page.wait_for_load_state("networkidle")
            found = page.evaluate("async q => (await window.reportSearch.query(q)).length", query)
            after = page.evaluate("""async q => { const t0 = performance.now();
                await window.reportSearch.query(q); return performance.now() - t0; }""", query)
            sizes = [_sent_size(site, *response) for response in urls]
            snippets = sum(size for size, (url, _, _) in zip(sizes, urls, strict=True) if "/reports/" in url)
            rows.append((query, found, len(urls), sum(sizes), after, snippets))
            context.close()
        browser.close()
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--content", type=Path, help="an archive already imported (skips generating and importing)")
    parser.add_argument("--site", type=Path, help="only run the queries, on this site built from --content")
    args = parser.parse_args(argv)
    if args.site:
        _print_queries(_browser_rows(args.site))
        return 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        content = args.content
        if content is None:
            content = tmp / "content"
            subprocess.run([sys.executable, "benchmarks/make_corpus.py", str(args.count), str(tmp / "raw")], cwd=ROOT,
                           check=True, capture_output=True)
            subprocess.run([sys.executable, "-m", "generator", "import", "--content", str(content), str(tmp / "raw")],
                           cwd=ROOT, check=True, capture_output=True)
        docs = tmp / "docs.pickle"
        _measured(_script(tmp, "dump.py", DUMP_DOCS), str(content), str(docs))
        out, index_peak = _measured(_script(tmp, "index.py", BUILD_INDEX), str(docs), str(tmp / "index"))
        index = json.loads(out)
        site = tmp / "site"
        start = time.perf_counter()
        _, build_peak = _measured("generator", "build", "--content", str(content), "--out", str(site),
                                  "--base-url", "https://example.org/archive/")
        build_seconds = time.perf_counter() - start
        reports = len(pickle.loads(docs.read_bytes()))
        rows = _browser_rows(site)
    print(f"{reports} reports ({args.count} generated)\n")
    print("| measure | this archive | Pagefind 1.6 at 10,000 |")
    print("|---|---:|---:|")
    print(f"| search index build | {index['seconds']:.1f} s | {PAGEFIND['time']} |")
    print(f"| peak memory of the index build | {index_peak / 1e9:.2f} GB | {PAGEFIND['memory']} |")
    print(f"| index size | {index['bytes'] / 1e6:.0f} MB in {index['files']:,} files | {PAGEFIND['size']} |")
    print(f"| transfer per query, fresh browser"
          f" | {min(r[3] for r in rows) / 1e3:.0f}-{max(r[3] for r in rows) / 1e3:.0f} KB"
          f" | {PAGEFIND['transfer']} |")
    print(f"| results after the download | {max(r[4] for r in rows):.0f} ms at most | {PAGEFIND['after']} |")
    print(f"| whole site build (pages, downloads, index) | {build_seconds:.0f} s, {build_peak / 1e9:.2f} GB | |")
    _print_queries(rows)
    return 0


def _print_queries(rows: list[tuple]) -> None:
    print("\n| query | reports | requests | transferred (KB) | of which snippets (KB) | results after download (ms) |")
    print("|---|---:|---:|---:|---:|---:|")
    for query, found, requests, sent, after, snippets in rows:
        print(f"| {query} | {found} | {requests} | {sent / 1e3:.1f} | {snippets / 1e3:.1f} | {after:.1f} |")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
