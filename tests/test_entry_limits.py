"""Front matter arrives by pull request from strangers: whatever its size or shape, it is
refused with `path:line: sentence` before it costs time or memory (how fast:
benchmarks/hostile_entries.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.entry_file import MAX_DEPTH, MAX_ITEMS, MAX_KEYS, MAX_STRING, parse_entry
from generator.errors import SourceError

from conftest import CORPUS, ROOT

_LAUGHS = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 4)
)

HOSTILE = {
    "alias": ("title: &t 甲\nagency: *t\n", 2, "YAML alias"),
    "billion laughs": (_LAUGHS, 2, "YAML alias"),
    "long string": (f"title: {'长' * (MAX_STRING + 1)}\n", 2, "characters long"),
    "control character": ('title: "甲\\x07乙"\n', 2, "control character U+0007"),
    "bidi override": ('agency: "甲\\u202e乙"\n', 2, "control character U+202E"),
    "huge number": ("year: " + "9" * 5000 + "\n", 2, "more than 15 digits"),
    "many keys": ("".join(f"k{i}: 1\n" for i in range(MAX_KEYS + 1)), 2, "keys"),
    "many items": ("warnings: [" + ", ".join(["甲"] * (MAX_ITEMS + 1)) + "]\n", 2, "items"),
    "deep nesting": ("title: ok\nfigures: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n", 3, "nested"),
    # Found by tests/test_properties.py: the YAML reader's message ran over two lines.
    "control character in the YAML stream": ("title: 甲\n\x1f\n", 3, "control characters are not allowed"),
    "huge front matter": ("title: x\n" + "# filler\n" * 20_000, 2, "characters long"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_front_matter_is_refused_quickly_at_its_line(case):
    front, line, words = HOSTILE[case]
    with pytest.raises(SourceError) as refused:
        parse_entry(f"---\n{front}---\n\n正文\n", "content/甲/乙/2020.md")
    assert refused.value.line == line and words in str(refused.value)
    assert str(refused.value).startswith(f"content/甲/乙/2020.md:{line}: ") and "\n" not in str(refused.value)


def test_check_reports_a_limit_as_path_line_sentence(tmp_path):
    content = tmp_path / "content"
    imported = subprocess.run([sys.executable, "-m", "generator", "import", "--content", str(content), str(CORPUS[0])],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    entry = next(content.rglob("*.md"))
    text = entry.read_text(encoding="utf-8")
    agency_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("agency:"))
    lines = text.splitlines()
    lines[agency_line - 1] = 'agency: "平潭\\x00县"'
    entry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 1
    assert (f"{entry}:{agency_line}: a value holds the control character U+0000; remove it."
            in check.stdout + check.stderr)
