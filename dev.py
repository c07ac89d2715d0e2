#!/usr/bin/env python3
"""Set up and run the project on a fresh machine with nothing but Python 3.11+.

    python3 dev.py build   # build the site from the bundled archive
    python3 dev.py test    # run the whole test suite

Each command creates `.venv/` beside this file on first use and installs the project into
it (with the test extras for `test`); later runs reinstall only when pyproject.toml
changed. Everything after the command name is passed on (to the generator or to pytest),
so `python3 dev.py test -k pinyin` works.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _run(*args: str | Path) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT)
    if result.returncode:
        sys.exit(result.returncode)


def ensure_environment(extras: str) -> None:
    """Create .venv and install the project with `extras` unless already done."""
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f"dev.py: creating the virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("dev.py: installing the project and its dependencies", flush=True)
    target = f".[{extras}]" if extras else "."
    _run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--editable", target)
    stamp.write_text(wanted)


def build(args: list[str]) -> None:
    ensure_environment("")
    # Until the site generator lands (issue 4), building runs what exists: it validates
    # the bundled archive in content/, the input the site will be built from.
    _run(PYTHON, "-m", "generator", "check", *args)


def test(args: list[str]) -> None:
    ensure_environment("test")
    _run(PYTHON, "-m", "pytest", *args)


def main() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"dev.py: Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    commands = {"build": build, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: python3 dev.py {{{','.join(commands)}}} [ARGS...]")
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
