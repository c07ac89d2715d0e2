"""How soon `serve` shows an edited report: edit, then ask the server until the page changes.

    python benchmarks/serve_latency.py --content DIR [--edits 3]

Starts `python -m generator serve` on a copy of the archive (its first build comes from the
build cache when one is beside the copy's content, else it is a full build), waits until it
serves, then edits one report's title at a time and times how long until the server
returns the new page, and how long until the rebuild that follows (list pages, downloads,
search index) has finished. Target (issue 13): the edited report within about a second at
10,000 reports.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:
        return ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        content = tmp / "content"
        shutil.copytree(args.content, content)
        port = _port()
        log = (tmp / "serve.log").open("w")
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", str(content), "--out",
                                   str(tmp / "site"), "--port", str(port)], cwd=ROOT, stdout=log, stderr=log, text=True)
        try:
            while "serving" not in (tmp / "serve.log").read_text():
                if server.poll() is not None:
                    raise SystemExit((tmp / "serve.log").read_text()[-3000:])
                time.sleep(0.2)
            first = time.perf_counter() - started
            entries = sorted(content.rglob("*.md"))
            rows = []
            for k in range(args.edits):
                entry = entries[(k + 1) * len(entries) // (args.edits + 1)]
                stem = entry.relative_to(content).with_suffix("").as_posix()
                url = f"http://127.0.0.1:{port}/reports/" + "".join(
                    urllib.parse.quote(part, safe="") + "/" for part in stem.split("/"))
                assert "<title>" in _get(url), url
                mark = f"已改标题{k}"
                text = entry.read_text(encoding="utf-8")
                built_before = (tmp / "serve.log").read_text().count("built ")
                edited = time.perf_counter()
                entry.write_text(text.replace("\ntitle: ", f"\ntitle: {mark}", 1), encoding="utf-8")
                while mark not in _get(url):
                    time.sleep(0.02)
                shown = time.perf_counter() - edited
                while (tmp / "serve.log").read_text().count("built ") <= built_before:
                    time.sleep(0.05)
                rows.append((stem, shown, time.perf_counter() - edited))
        finally:
            server.terminate()
            server.wait(timeout=30)
    reports = len(list(args.content.rglob("*.md")))
    print(f"{reports:,} reports; serve's first build {first:.1f} s\n")
    print("| edited report | page shown after | rebuild done after |")
    print("|---|---:|---:|")
    for stem, shown, rebuilt in rows:
        print(f"| {stem} | {shown:.2f} s | {rebuilt:.1f} s |")
    worst = max(shown for _, shown, _ in rows)
    print(f"\nslowest page shown after {worst:.2f} s (target about 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
