"""The views across reports on a built site: how big their pages are, and whether they pass
the checks every page of the bundled archive passes in the tests (html-validate, axe-core in
Chromium, every internal link and anchor resolving).

    python benchmarks/summary_pages.py SITE

SITE is a site built with --base-url https://example.org/archive/ (scale.py --keep-site
leaves one of 10,000 generated reports). Prints per kind of page: how many, median and
largest size; then the checks: html-validate and the links on every overview, peers and
quality page, the largest agency page and report page, the home page and 20 agency pages
picked at random (seed 15); axe-core (two seconds a page in Chromium) on the index pages,
the largest page of each kind and 20 pages of each kind picked at random. Target (issue
15): every page under about 300 KB, zero errors and violations.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from site_helpers import BASE_PATH, SubpathServer, is_internal, parse_links, site_file  # noqa: E402

NODE = ROOT / "tests" / "node"
KINDS = {
    "overview": "overview/index.html",
    "peers index": "peers/index.html",
    "peer tables (kind, year)": "peers/*/*/**/index.html",
    "unclassified agencies": "peers/unclassified/**/index.html",
    "quality index": "quality/index.html",
    "quality problem pages": "quality/*/*/**/index.html",
    "agency pages": "agencies/*/*/index.html",
    "report pages": "reports/*/*/*/index.html",
    "report data (index.json)": "reports/*/*/*/index.json",
    "home": "index.html",
}


def _pages(site: Path, pattern: str) -> list[Path]:
    found = sorted(set(site.glob(pattern)))
    if pattern.startswith("peers/*/*"):
        found = [p for p in found if not p.relative_to(site).as_posix().startswith("peers/unclassified/")]
    return found


def _broken_links(site: Path, pages: list[Path]) -> list[str]:
    broken = []
    for page in pages:
        for _, _, value in parse_links(page.read_text(encoding="utf-8")).links:
            if not is_internal(value):
                continue
            path, _, fragment = value.partition("#")
            target = page if not path else site_file(site, path)
            if target is None or not (not path or path.startswith(BASE_PATH)):
                broken.append(f"{page.relative_to(site)}: {value}")
            elif fragment and target.suffix == ".html" and fragment not in parse_links(
                    target.read_text(encoding="utf-8")).ids:
                broken.append(f"{page.relative_to(site)}: {value} (no such anchor)")
    return broken


def _axe(site: Path, pages: list[Path]) -> dict[str, list[str]]:
    from playwright.sync_api import sync_playwright

    found = {}
    with SubpathServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path in pages:
            dest = path.relative_to(site).as_posix().removesuffix("index.html")
            page.goto(server.url(dest))
            page.add_script_tag(path=str(NODE / "node_modules" / "axe-core" / "axe.min.js"))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            if result["violations"]:
                found[dest] = [v["id"] for v in result["violations"]]
        browser.close()
    return found


def main(argv: list[str]) -> int:
    site = Path(argv[0])
    print("| pages | count | median | largest |")
    print("|---|---:|---:|---:|")
    largest: dict[str, Path] = {}
    for name, pattern in KINDS.items():
        pages = _pages(site, pattern)
        if not pages:
            print(f"| {name} | 0 | | |")
            continue
        sizes = [p.stat().st_size for p in pages]
        largest[name] = max(pages, key=lambda p: p.stat().st_size)
        print(f"| {name} | {len(pages):,} | {statistics.median(sizes) / 1e3:,.1f} KB |"
              f" {max(sizes) / 1e3:,.1f} KB ({largest[name].relative_to(site).as_posix()}) |")
    checked = [p for name in list(KINDS)[:6] for p in _pages(site, KINDS[name])]
    agencies = _pages(site, KINDS["agency pages"])
    checked += [largest["agency pages"], largest["report pages"], site / "index.html"]
    checked += random.Random(15).sample(agencies, min(20, len(agencies)))
    checked = sorted(set(checked))
    sample = random.Random(15)
    opened = {site / "overview/index.html", site / "peers/index.html", site / "quality/index.html",
              site / "index.html", *largest.values()}
    for name in ("peer tables (kind, year)", "unclassified agencies", "quality problem pages", "agency pages"):
        pages = _pages(site, KINDS[name])
        opened.update(sample.sample(pages, min(20, len(pages))))
    opened = sorted(p for p in opened if p.suffix == ".html")
    result = subprocess.run([str(NODE / "node_modules" / ".bin" / "html-validate"), "--config",
                             str(NODE / ".htmlvalidate.json"), "--formatter", "text", *map(str, checked)],
                            capture_output=True, cwd=NODE)
    report = (result.stdout + result.stderr).decode("utf-8", errors="replace")
    errors = report.count(": error ")
    broken = _broken_links(site, checked)
    violations = _axe(site, opened)
    print(f"\nhtml-validate and links on {len(checked)} pages: exit {result.returncode}, {errors} errors,"
          f" {len(broken)} broken internal links or anchors; axe-core on {len(opened)} pages: violations on"
          f" {len(violations)}")
    for line in report.splitlines()[:20] if errors else []:
        print("  ", line)
    for line in broken[:20]:
        print("   broken:", line)
    for dest, ids in list(violations.items())[:20]:
        print("   axe:", dest, ids)
    return 1 if errors or broken or violations or result.returncode else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
