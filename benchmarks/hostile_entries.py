"""How long `check` takes to refuse hostile front matter (issue 12: well under a second).

Each case is an entry whose front matter a stranger could send in a pull request; the
time is that of reading the entry (generator.entry_file.parse_entry) until it is refused.

    python benchmarks/hostile_entries.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.entry_file import MAX_FRONT_MATTER, MAX_ITEMS, MAX_KEYS, MAX_STRING, parse_entry  # noqa: E402
from generator.errors import SourceError  # noqa: E402

LAUGHS = "a0: &a0 [" + ", ".join(["lol"] * 9) + "]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
)
CASES = {
    "billion laughs (9 levels of aliases)": LAUGHS,
    "string of 10 M characters": f"title: {'长' * 10_000_000}\n",
    "number of 1 M digits": "year: " + "9" * 1_000_000 + "\n",
    "100,000 keys": "".join(f"k{i}: 1\n" for i in range(100_000)),
    "as many keys as the size limit allows": "".join(f"k{i}: 1\n" for i in range(MAX_FRONT_MATTER // 9)),
    "list of 1 M items": "warnings: [" + ", ".join(["甲"] * 1_000_000) + "]\n",
    "nesting 10,000 deep": "figures: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "control characters": 'title: "' + "\\x07" * 100_000 + '"\n',
    f"at the limits ({MAX_KEYS} keys, {MAX_ITEMS} items, {MAX_STRING:,} characters)": (
        "".join(f"k{i}: 1\n" for i in range(MAX_KEYS - 2)) + f"w: [{', '.join(['甲'] * MAX_ITEMS)}]\n"
        + f"t: {'长' * MAX_STRING}\n"
    ),
}


def main() -> int:
    print("| front matter | result | seconds |\n|---|---|---:|")
    worst = 0.0
    for name, front in CASES.items():
        text = f"---\n{front}---\n\n正文\n"
        started = time.perf_counter()
        try:
            parse_entry(text, "entry.md")
            result = "read"
        except SourceError as error:
            result = str(error).split(": ", 1)[1][:60]
        seconds = time.perf_counter() - started
        worst = max(worst, seconds)
        print(f"| {name} | {result} | {seconds:.3f} |")
    print(f"\nslowest {worst:.3f} s (target: well under 1 s)")
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
