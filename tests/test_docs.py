"""The README's promises that code can check: the Quick start and what CI runs."""

from __future__ import annotations

import re

from generator.cli import build_parser

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL)
    return [line for line in block[1].splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_second():
    build, test = _quick_start()
    assert build == "python3 dev.py build" and test == "python3 dev.py test"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_every_command_is_documented_with_help():
    commands = build_parser()._subparsers._group_actions[0].choices
    for name, parser in commands.items():
        assert f"python -m generator {name}" in README, name
        assert parser.description, name
