"""How well normalization undoes the damage mirror sites do, and how fast.

Takes simplified reports (by default ../shared/corpus/*.txt and seed 003, or the files and
folders given), makes each damaged form the web makes, normalizes it, and prints the
character error rate (edit distance / length) against the normalized undamaged text,
beside two baselines applied to the damaged raw text and scored against the raw
original: plain OpenCC t2s, and OpenCC tw2sp (OpenCC's own phrase reversal).
Then the throughput of normalization in characters per second on one core, from the
fastest of five runs of each form (as timeit does: slower runs measure other load on the
machine; here single runs of the same code varied from 1.3 to 2.2 M characters/s).

    python benchmarks/normalize_roundtrip.py [PATH ...]

Target (issue 11): at most 0.1% on every text in every form, at least 2 M characters
per second.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import opencc
import zhconv
from pypinyin import Style, pinyin
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.normalize import normalize_text  # noqa: E402

SHARED = ROOT.parent / "shared"
TARGET_CER = 0.001
TARGET_CHARS_PER_SECOND = 2_000_000
REPEAT = 5


def _opencc(config: str) -> Callable[[str], str]:
    return opencc.OpenCC(config).convert


def _with_pinyin(text: str) -> str:
    """s2t, then the pinyin of every character the conversion changed: "發(fā)展".

    Readings come from the simplified source with word context (了解 -> liǎo), as a
    site generating them would do."""
    traditional = _opencc("s2t")(text)
    readings = pinyin(text, style=Style.TONE, errors=lambda chunk: [[ch] for ch in chunk])
    readings = [item[0] for item in readings]
    if len(readings) != len(text):  # fall back to one character at a time
        readings = [pinyin(ch, style=Style.TONE)[0][0] for ch in text]
    out = []
    for before, after, reading in zip(text, traditional, readings, strict=True):
        out.append(after)
        if before != after:
            out.append(f"({reading})")
    return "".join(out)


DAMAGE: dict[str, Callable[[str], str]] = {
    "opencc s2t": _opencc("s2t"),
    "opencc s2tw": _opencc("s2tw"),
    "opencc s2twp": _opencc("s2twp"),
    "opencc s2hk": _opencc("s2hk"),
    "zhconv zh-tw": lambda text: zhconv.convert(text, "zh-tw"),
    "zhconv zh-hk": lambda text: zhconv.convert(text, "zh-hk"),
    "zhconv zh-hant": lambda text: zhconv.convert(text, "zh-hant"),
    "s2t + pinyin": _with_pinyin,
}
BASELINES: dict[str, Callable[[str], str]] = {"t2s": _opencc("t2s"), "tw2sp": _opencc("tw2sp")}


def _inputs(args: list[str]) -> list[Path]:
    if not args:
        return sorted(SHARED.glob("corpus/*.txt")) + sorted(SHARED.glob("seeds/003_*.txt"))
    paths: list[Path] = []
    for arg in map(Path, args):
        paths.extend(sorted(arg.glob("*.txt")) if arg.is_dir() else [arg])
    return paths


def _cer(outputs: list[str], references: list[str]) -> float:
    errors = sum(Levenshtein.distance(out, ref) for out, ref in zip(outputs, references, strict=True))
    return errors / max(1, sum(map(len, references)))


def main(argv: list[str]) -> int:
    originals = [path.read_text(encoding="utf-8") for path in _inputs(argv)]
    if not originals:
        print("no input reports found", file=sys.stderr)
        return 1
    references = [normalize_text(text).text for text in originals]
    print(f"{len(originals)} simplified reports, {sum(map(len, originals)):,} characters\n")
    print("| damaged form | normalize CER | worst text | t2s CER | tw2sp CER | normalize M chars/s |")
    print("|---|---:|---:|---:|---:|---:|")
    worst_cer, total_chars, total_seconds = 0.0, 0, 0.0
    for name, damage in DAMAGE.items():
        damaged = [damage(text) for text in originals]
        for text in damaged:  # load the tables first, once per process as in a build
            normalize_text(text)
        seconds = float("inf")
        for _ in range(REPEAT):  # the fastest of a few runs: what the code costs, not the machine's noise
            start = time.process_time()
            outputs = [normalize_text(text).text for text in damaged]
            seconds = min(seconds, time.process_time() - start)
        total_chars += sum(map(len, damaged))
        total_seconds += seconds
        cer = _cer(outputs, references)
        worst_text = max(_cer([out], [ref]) for out, ref in zip(outputs, references, strict=True))
        worst_cer = max(worst_cer, worst_text)
        baselines = [_cer([base(text) for text in damaged], originals) for base in BASELINES.values()]
        speed = sum(map(len, damaged)) / seconds / 1e6
        print(f"| {name} | {cer:.3%} | {worst_text:.3%} | {baselines[0]:.2%} | {baselines[1]:.2%} | {speed:.1f} |")
    speed = total_chars / total_seconds
    print(
        f"\nworst normalize CER of any text {worst_cer:.3%} (target <= {TARGET_CER:.1%}); throughput "
        f"{speed / 1e6:.1f} M characters/s on one core (target >= {TARGET_CHARS_PER_SECOND / 1e6:.0f})"
    )
    met = worst_cer <= TARGET_CER and speed >= TARGET_CHARS_PER_SECOND
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
