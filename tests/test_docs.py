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


FRONT_MATTER_DOC = (ROOT / "docs" / "front-matter.md").read_text(encoding="utf-8")


def test_every_front_matter_key_is_documented_and_every_documented_key_exists():
    from generator.model import FIELDS

    documented = re.findall(r"^### `(\w+)`$", FRONT_MATTER_DOC, re.MULTILINE)
    assert documented == list(FIELDS)


def test_every_figure_and_normalization_key_is_documented():
    from generator.parse import FIGURE_KEYS

    section = FRONT_MATTER_DOC.split("### `figures`")[1].split("### ")[0]
    assert re.findall(r"^- `(\w+)`", section, re.MULTILINE) == list(FIGURE_KEYS)
    normalization = FRONT_MATTER_DOC.split("### `normalization`")[1]
    for key in ("encoding", "pinyin_removed", "characters_converted", "phrases_restored", "removed"):
        assert f"`{key}`" in normalization


def test_entries_written_by_import_use_exactly_the_documented_keys(tmp_path):
    from generator.importer import prepare
    from generator.model import FIELDS

    from conftest import CORPUS

    front = prepare(CORPUS[5]).front
    assert list(front) == list(FIELDS)
    assert set(front["normalization"]) == {
        "encoding", "pinyin_removed", "characters_converted", "phrases_restored", "removed",
    }
