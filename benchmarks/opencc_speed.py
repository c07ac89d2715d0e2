"""Throughput of whichever `opencc` module is installed, on our own reports.

Both opencc (the official C++ binding) and opencc-python-reimplemented install
a module named `opencc`, so only one can be a dependency.  Run this script in a
virtual environment holding one of them to compare (the README records both):

    python benchmarks/opencc_speed.py

It converts the corpus and seeds (made traditional with s2t once, outside the
timing) back with t2s, and prints characters per second over a few rounds.
"""

from __future__ import annotations

import importlib.metadata
import sys
import time
from pathlib import Path

import opencc

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _distribution() -> str:
    for name in ("opencc", "opencc-python-reimplemented"):
        try:
            return f"{name} {importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown opencc"


def main() -> int:
    files = sorted(SHARED.glob("corpus/*.txt")) + sorted(SHARED.glob("seeds/*.txt"))
    if not files:
        print(f"no reports found under {SHARED}", file=sys.stderr)
        return 1
    simplified = "\n".join(p.read_text(encoding="utf-8") for p in files)
    traditional = opencc.OpenCC("s2t").convert(simplified)
    to_simplified = opencc.OpenCC("t2s")
    rounds, best = 3, float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        to_simplified.convert(traditional)
        best = min(best, time.perf_counter() - start)
    print(f"| package | characters | best of {rounds} | M characters/s |")
    print("|---|---:|---:|---:|")
    print(f"| {_distribution()} | {len(traditional):,} | {best:.3f} s | {len(traditional) / best / 1e6:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
