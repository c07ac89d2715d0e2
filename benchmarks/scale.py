"""Scale: N generated reports imported, built, changed step by step and rebuilt; Hugo beside it.

    python benchmarks/scale.py N [--content DIR] [--no-hugo] [--full-only] [--keep-site DIR]

Generates N reports with make_corpus.py and imports them (or takes an archive already
imported, --content), sets one aside, builds the site afresh (--clean), then rebuilds with
the build cache after: nothing changed; one report's front matter changed (a figure, as a
maintainer's correction does); one report's text changed; the report set aside added
back; a template changed (everything is rebuilt, correctly); one more text change, after
which the usual queries run in a fresh browser with a delta segment present. For each
step: wall time, peak memory of the whole process tree (its processes' resident memory
summed, sampled every 50 ms) and the share of the full build's time. Then pages, site size,
search index size, the index's segments and the bytes each query transfers
(search_scale.py's measurement). When `hugo` is installed (Debian package), Hugo builds the
same reports in the same run, with the peers' configuration (../shared/bench/hugo-site: a
page per report, agency and year taxonomies). Sizes by kind of file and the largest HTML
page come from the full build. `--full-only` stops after the full build (and Hugo): for
100,000 reports. Targets: a rebuild after one report's text changed, or one report added,
at most 5% of the full build; queries with a delta present at most 100 KB (issue 13); the
full build at most 2x Hugo's, whole-tree memory under 4 GB at 100,000, no HTML page over
about 300 KB, the site at most 800 MB and its index at most 210 MB at 10,000 (issue 14).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status)[1]) * 1024 if "VmRSS" in status else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, TypeError):
            continue
    return total


def measured(args: list[str], cwd: Path = ROOT, output: list[str] | None = None) -> tuple[float, int]:
    """(seconds, peak bytes of the process tree) of one command, its standard output
    appended to `output`; stops on failure."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE if output is not None else subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    printed, errors = process.communicate()
    if output is not None:
        output.append(printed)
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{errors[-3000:]}")
    return time.perf_counter() - start, peak


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def change_one_report(content: Path) -> Path:
    """A maintainer's correction: one figure of one entry."""
    entry = sorted(content.rglob("*.md"))[len(list(content.rglob("*.md"))) // 2]
    text = entry.read_text(encoding="utf-8")
    changed = re.sub(r"(figures: \{[^}]*?)(\w+): (\d+)", lambda m: f"{m[1]}{m[2]}: {int(m[3]) + 1}", text, count=1)
    if changed == text:
        changed = text.replace("\npublished: null\n", "\npublished: 2020-01-01\n", 1)
    entry.write_text(changed, encoding="utf-8")
    return entry


HUGO_SITE = ROOT.parent / "shared" / "bench" / "hugo-site"
"""The peers' Hugo configuration: a page per report, agency and year taxonomies, lists of 100."""


def hugo_content(content: Path, target: Path) -> int:
    """The same reports as Hugo content (`reports/` below target): each entry's body with
    the front matter HUGO_SITE's layouts read (title, agency, region, year, date)."""
    import yaml

    count = 0
    for entry in sorted(content.rglob("*.md")):
        _, front, body = entry.read_text(encoding="utf-8").split("---\n", 2)
        facts = yaml.load(front, Loader=yaml.CSafeLoader)
        year = facts["year"]
        head = {"title": facts["title"], "agency": [facts["agency"] or "机关不详"], "region": facts["region"] or "",
                "year": [str(year or "年份不详")], "date": str(facts["published"] or f"{year or 2000}-01-01")}
        page = target / "reports" / entry.relative_to(content)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("---\n" + yaml.safe_dump(head, allow_unicode=True) + "---\n" + body, encoding="utf-8")
        count += 1
    return count


def sizes_by_kind(site: Path) -> list[tuple[str, int, int]]:
    """(kind, files, bytes), largest first: report pages, raw sources, each kind of search
    file, downloads, the list pages."""
    kinds: dict[str, list[int]] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        parts = path.relative_to(site).parts
        if parts[0] == "search" and len(parts) > 2:
            folder = "fold" if parts[1].startswith("fold") else "texts" if parts[2] == "text" else parts[2]
            # a partition's chars/, occ/, heads/, wide/, docs.bin and wide.bin by name
            kind = f"search/{parts[3] if len(parts) > 3 and folder.startswith('p') else folder}"
        elif parts[0] in ("reports", "agencies", "regions", "years", "data") and len(parts) > 1:
            kind = f"{parts[0]}/*{path.suffix}"
        else:
            kind = "other"
        found = kinds.setdefault(kind, [0, 0])
        found[0] += 1
        found[1] += path.stat().st_size
    return sorted(((kind, n, size) for kind, (n, size) in kinds.items()), key=lambda row: -row[2])


def set_aside_one(content: Path, aside: Path) -> Path:
    """Take one entry (with its raw source) out of the archive, to add it back later."""
    entry = sorted(content.rglob("*.md"))[1]
    for path in entry.parent.glob(entry.stem + ".*"):
        target = aside / path.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
    return entry


def add_back(content: Path, aside: Path) -> None:
    for path in aside.rglob("*"):
        if path.is_file():
            target = content / path.relative_to(aside)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)


def change_one_text(content: Path) -> Path:
    """A maintainer's correction to a report's text: one sentence added."""
    entries = sorted(content.rglob("*.md"))
    entry = entries[len(entries) // 3]
    added = "\n补充说明：本报告数字以正式印发版本为准。\n"
    entry.write_text(entry.read_text(encoding="utf-8") + added, encoding="utf-8")
    return entry


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--content", type=Path, help="an archive already imported (skips generating and importing)")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--full-only", action="store_true",
                        help="import and the full build only (no rebuilds, no queries): for 100,000 reports")
    parser.add_argument("--keep-site", type=Path,
                        help="move the site built here at the end (replacing it): search_scale.py --site reads it")
    args = parser.parse_args(argv)
    python = sys.executable
    rows: list[tuple[str, float, int]] = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("SCALE_TMP")) as tmp_name:
        tmp = Path(tmp_name)
        content = tmp / "content"
        if args.content:
            shutil.copytree(args.content, content)
        else:
            rows.append(("generate (make_corpus.py)",
                         *measured([python, "benchmarks/make_corpus.py", str(args.count), str(tmp / "raw")])))
            rows.append(("import",
                         *measured([python, "-m", "generator", "import", "--content", str(content), str(tmp / "raw")])))
        set_aside_one(content, tmp / "aside")
        site, templates = tmp / "site", tmp / "templates"
        shutil.copytree(ROOT / "templates", templates)
        build = [python, "-m", "generator", "build", "--content", str(content), "--out", str(site),
                 "--base-url", "https://example.org/archive/", "--templates", str(templates)]
        printed: list[str] = []
        full = measured([*build, "--clean", "--timings"], output=printed)
        stages = [line.strip().split(" s  ", 1) for line in printed[0].splitlines() if " s  " in line]
        rows.append(("full build (pages, downloads, search index; --clean)", *full))
        pages = sum(1 for _ in site.rglob("*.html"))
        site_bytes, index_bytes = size_of(site), size_of(site / "search")
        kinds = sizes_by_kind(site)
        largest = max((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html"))
        hugo = None
        if not args.no_hugo and shutil.which("hugo") and HUGO_SITE.is_dir():
            hugo_content(content, tmp / "hugo-content")
            hugo = measured(["hugo", "--quiet", "--source", str(HUGO_SITE), "--contentDir", str(tmp / "hugo-content"),
                             "--destination", str(tmp / "hugo-public")])
            rows.append(("Hugo: the same reports (a page each, agency and year taxonomies, lists of 100)", *hugo))
            shutil.rmtree(tmp / "hugo-public")
        steps: list[tuple[str, float]] = []

        def step(name: str) -> None:
            result = measured(build)
            rows.append((name, *result))
            steps.append((name, result[0]))

        manifest = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
        queries = []
        if not args.full_only:
            step("rebuild, nothing changed")
            change_one_report(content)
            step("rebuild after one report's front matter changed (a figure)")
            change_one_text(content)
            step("rebuild after one report's text changed")
            add_back(content, tmp / "aside")
            step("rebuild after one report added")
            base = templates / "base.html"
            base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<!-- changed --></footer>", 1),
                            encoding="utf-8")
            step("rebuild after a template changed (everything rebuilt)")
            manifest = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
        if not args.full_only and args.count <= 20_000 and shutil.which("chromium"):
            import search_scale

            # Queries with a delta segment present: one more report changed after the template change.
            change_one_text(content)
            step("rebuild after one more text change (for the queries below)")
            manifest = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
            search_scale.QUERIES = ("信息公开", "玻璃门", "依申请公开", "行政复议")
            queries = search_scale._browser_rows(site)
        reports = sum(1 for _ in content.rglob("*.md"))
        if args.keep_site:
            shutil.rmtree(args.keep_site, ignore_errors=True)
            shutil.move(site, args.keep_site)
    print(f"{reports:,} reports ({args.count:,} generated), {os.cpu_count()} cores\n")
    print("| step | time | peak memory | of the full build |")
    print("|---|---:|---:|---:|")
    for name, seconds, peak in rows:
        print(f"| {name} | {seconds:.1f} s | {peak / 1e9:.2f} GB | {seconds / full[0]:.1%} |")
    print(f"\npages {pages:,}; site {site_bytes / 1e6:,.0f} MB; search index {index_bytes / 1e6:,.0f} MB;"
          f" largest HTML page {largest[0] / 1e3:,.0f} KB ({largest[1]})\n")
    print("| stage of the full build (`build --timings`) | time |")
    print("|---|---:|")
    for seconds, stage in stages:
        print(f"| {stage} | {float(seconds):.1f} s |")
    print()
    print("| files (after the full build) | count | MB |")
    print("|---|---:|---:|")
    for kind, count, size in kinds:
        print(f"| {kind} | {count:,} | {size / 1e6:,.1f} |")
    segments = [segment["docs"] for segment in manifest["segments"]]
    print(f"\nsearch segments when queried: {segments} reports, {sum(map(len, manifest['deleted']))} dropped")
    for query, found, requests, sent, after, snippets in queries:
        print(f"query {query}: {found:,} reports, {requests} requests, {sent / 1e3:.1f} KB"
              f" ({snippets / 1e3:.1f} KB of snippets),"
              f" results {after:.0f} ms after the download")
    for name, seconds in steps:
        print(f"{name} / full build: {seconds / full[0]:.1%}")
    if hugo:
        print(f"our full build / Hugo's: time {full[0] / hugo[0]:.2f}x, memory {full[1] / hugo[1]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
