"""The archive stays what import makes: every bundled entry is what `import --force` would
write today from its raw source, and `check --against-import` names any difference."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def _check(content) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "check", "--against-import", "--content", str(content)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_bundled_archive_is_what_import_writes_today():
    result = _check(ROOT / "content")
    assert result.returncode == 0, result.stdout[-4000:]


def test_an_entry_edited_by_hand_is_named_with_its_lines(tmp_path):
    content = tmp_path / "content"
    agency = Path("福建省平潭综合实验区") / "平潭综合实验区管理委员会"
    shutil.copytree(ROOT / "content" / agency, content / agency)
    entry = content / agency / "2013.md"
    lines = entry.read_text(encoding="utf-8").split("\n")
    figures = next(i for i, line in enumerate(lines) if line.startswith("figures:"))
    lines[figures] = lines[figures].replace("review_total: null", "review_total: 0")
    warning = next(i for i, line in enumerate(lines) if line.startswith("- review_total"))
    del lines[warning]
    entry.write_text("\n".join(lines), encoding="utf-8")
    result = _check(content)
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if line.startswith(str(entry))]
    expected = f"{entry}:{figures + 1}: figures.review_total differs from what import writes today: 0 here, None from"
    assert any(line.startswith(expected) for line in problems), problems
    assert any(line.startswith(f"{entry}:") and "warnings differs" in line for line in problems)
    assert all("import --force" in line for line in problems) and len(problems) == 2, problems
