"""Scale: N generated reports imported, built, one changed and rebuilt; Hugo beside it.

    python benchmarks/scale.py N [--content DIR] [--no-hugo]

Generates N reports with make_corpus.py and imports them (or takes an archive already
imported, --content), builds the site, changes one report's front matter (a figure, as a
maintainer's correction does) and builds again. For each step: wall time and peak memory
of the whole process tree (its processes' resident memory summed, sampled every 50 ms).
Then pages, site size, search index size and the bytes two queries transfer in a fresh
browser (search_scale.py's measurement). When `hugo` is installed (Debian package), Hugo
builds the same reports (each entry's Markdown body with its title and year, one minimal
layout) in the same run, and the ratios are printed. Targets (issue 7): at 10,000 reports
a full build no slower than Hugo's, under 2 GB, a rebuild after one change under 5% of a
full build; at 100,000 reports, import and build under 4 GB.
"""

from __future__ import annotations

import argparse
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


def measured(args: list[str], cwd: Path = ROOT) -> tuple[float, int]:
    """(seconds, peak bytes of the process tree) of one command; stops on failure."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
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


def hugo_site(content: Path, target: Path) -> int:
    """The same reports as a Hugo project: each entry's body with its title and year."""
    import yaml

    (target / "layouts" / "_default").mkdir(parents=True)
    (target / "hugo.toml").write_text('baseURL = "https://example.org/archive/"\ntitle = "archive"\n'
                                      'disableKinds = ["taxonomy", "term", "RSS"]\n', encoding="utf-8")
    layout = "<!doctype html><html lang=zh-Hans><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}</html>\n"
    (target / "layouts" / "_default" / "single.html").write_text(layout, encoding="utf-8")
    (target / "layouts" / "_default" / "list.html").write_text(
        "<!doctype html><title>{{ .Title }}</title><ul>{{ range .Pages }}<li><a href={{ .RelPermalink }}>"
        "{{ .Title }}</a>{{ end }}</ul>\n", encoding="utf-8")
    count = 0
    for entry in sorted(content.rglob("*.md")):
        _, front, body = entry.read_text(encoding="utf-8").split("---\n", 2)
        facts = yaml.safe_load(front)
        head = {"title": facts["title"], "date": f"{facts['year'] or 2000}-01-01"}
        page = target / "content" / "reports" / entry.relative_to(content)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("---\n" + yaml.safe_dump(head, allow_unicode=True) + "---\n" + body, encoding="utf-8")
        count += 1
    return count


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--content", type=Path, help="an archive already imported (skips generating and importing)")
    parser.add_argument("--no-hugo", action="store_true")
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
        site = tmp / "site"
        build = [python, "-m", "generator", "build", "--content", str(content), "--out", str(site),
                 "--base-url", "https://example.org/archive/"]
        full = measured(build)
        rows.append(("build (pages, downloads, search index)", *full))
        pages = sum(1 for _ in site.rglob("*.html"))
        site_bytes, index_bytes = size_of(site), size_of(site / "search")
        queries = []
        if args.count <= 20_000 and shutil.which("chromium"):
            import search_scale

            search_scale.QUERIES = ("信息公开", "玻璃门")
            queries = search_scale._browser_rows(site)
        change_one_report(content)
        again = measured(build)
        rows.append(("rebuild after one report changed", *again))
        hugo = None
        if not args.no_hugo and shutil.which("hugo"):
            hugo_site(content, tmp / "hugo")
            hugo = measured(["hugo", "--quiet", "--source", str(tmp / "hugo"),
                             "--destination", str(tmp / "hugo-public")])
            rows.append(("Hugo: build of the same reports (pages only)", *hugo))
        reports = sum(1 for _ in content.rglob("*.md"))
    print(f"{reports:,} reports ({args.count:,} generated), {os.cpu_count()} cores\n")
    print("| step | time | peak memory |")
    print("|---|---:|---:|")
    for name, seconds, peak in rows:
        print(f"| {name} | {seconds:.1f} s | {peak / 1e9:.2f} GB |")
    print(f"\npages {pages:,}; site {site_bytes / 1e6:,.0f} MB; search index {index_bytes / 1e6:,.0f} MB")
    for query, found, requests, sent, after in queries:
        print(f"query {query}: {found:,} reports, {requests} requests, {sent / 1e3:.1f} KB,"
              f" results {after:.0f} ms after the download")
    print(f"rebuild / full build: {again[0] / full[0]:.0%}")
    if hugo:
        print(f"our full build / Hugo's: time {full[0] / hugo[0]:.2f}x, memory {full[1] / hugo[1]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
