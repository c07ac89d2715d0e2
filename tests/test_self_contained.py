"""A clone tests itself: nothing in the suite may need the data set beside the repository
(../shared), which only the benchmarks read. The suite is collected from a copy of the
repository in a folder that has no ../shared."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "site", ".cache", "node_modules", "__pycache__", ".pytest_cache")


def test_the_suite_collects_without_the_shared_data_set(tmp_path):
    clone = tmp_path / "clone"
    shutil.copytree(ROOT, clone, ignore=_NOT_COPIED)
    assert not (clone.parent / "shared").exists()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=clone, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "error" not in result.stdout.lower().splitlines()[-1]

