"""ruff keeps the code clean (pyflakes, pycodestyle at 120 columns, import order): part of
the test command, so CI and a contributor's machine run the same lint."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_reports_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
