"""How often import gets the hand-checked facts right, as found and in two damaged forms.

Runs `python -m generator import --dry-run --json` (the command a maintainer runs) on each
report of ../shared/seeds and ../shared/corpus, or on the files and folders given (each
NNN.txt with its NNN.yaml), as found and after two kinds of mirror damage (s2t with
pinyin after each converted character; OpenCC s2twp), and prints the share right per
field. Target (issue 3): at least 95% of years, agencies, dates, formats and figures each,
and no wrong year at all (a year given where the truth is another year, or none).

    python benchmarks/parse_accuracy.py [PATH ...]
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import opencc
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from normalize_roundtrip import _with_pinyin  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIELDS = ("year", "agency", "region", "published", "format", "figures")
TARGET = 0.95
DAMAGE = {
    "as found": lambda text: text,
    "s2t + pinyin": _with_pinyin,
    "s2twp": opencc.OpenCC("s2twp").convert,
}


def _inputs(args: list[str]) -> list[Path]:
    if not args:
        return sorted(SHARED.glob("seeds/*.txt")) + sorted(SHARED.glob("corpus/*.txt"))
    paths: list[Path] = []
    for arg in map(Path, args):
        paths.extend(sorted(arg.glob("*.txt")) if arg.is_dir() else [arg])
    return [p for p in paths if p.with_suffix(".yaml").exists()]


def _dry_run(files: list[Path]) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "import", "--dry-run", "--json", "--content", "/nonexistent", *map(str, files)],
        cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode not in (0, 1) or not result.stdout.strip():
        sys.exit(f"import failed: {result.stderr}")
    return json.loads(result.stdout)


def _value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def main(argv: list[str]) -> int:
    inputs = _inputs(argv)
    truths = [yaml.safe_load(p.with_suffix(".yaml").read_text(encoding="utf-8")) for p in inputs]
    right: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    wrong_years: list[str] = []
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for form, damage in DAMAGE.items():
            files = []
            for path in inputs:
                target = Path(tmp) / form.replace(" ", "_") / path.parent.name / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
                files.append(target)
            fronts = _dry_run(files)
            by_sha = {front["source_sha256"]: front for front in fronts}
            import hashlib

            for path, file, truth in zip(inputs, files, truths, strict=True):
                front = by_sha.get(hashlib.sha256(file.read_bytes()).hexdigest(), {})
                for field in FIELDS:
                    if field == "figures":
                        for key, expected in truth.get("figures", {}).items():
                            got = front.get("figures", {}).get(key)
                            right[form]["figures"][0] += got == expected
                            right[form]["figures"][1] += 1
                            if got != expected:
                                misses.append(f"{form} {path.parent.name}/{path.name} figures.{key}: {got} != {expected}")
                        continue
                    got, expected = front.get(field), _value(truth.get(field))
                    right[form][field][0] += got == expected
                    right[form][field][1] += 1
                    if got != expected:
                        misses.append(f"{form} {path.parent.name}/{path.name} {field}: {got} != {expected}")
                    if field == "year" and got is not None and got != expected:
                        wrong_years.append(f"{form} {path.name}: {got} (truth {expected})")
    print(f"{len(inputs)} reports, each as found and in 2 damaged forms\n")
    print("| field | " + " | ".join(DAMAGE) + " |")
    print("|---|" + "---:|" * len(DAMAGE))
    worst = 1.0
    for field in FIELDS:
        cells = []
        for form in DAMAGE:
            good, total = right[form][field]
            share = good / total if total else 1.0
            worst = min(worst, share) if field != "region" else worst
            cells.append(f"{share:.1%} ({good}/{total})")
        print(f"| {field} | " + " | ".join(cells) + " |")
    print(f"\nwrong years: {len(wrong_years)}" + ("".join(f"\n  {w}" for w in wrong_years)))
    if misses:
        print("misses:" + "".join(f"\n  {m}" for m in misses))
    met = worst >= TARGET and not wrong_years
    print(f"\nworst share {worst:.1%} (target >= {TARGET:.0%}, region not counted); " + ("targets met" if met else "TARGETS MISSED"))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
