"""The text of an entry file: YAML front matter between '---' lines, then Markdown.

Writing is deterministic (fixed key order, one style) so a pull request's diff shows only
what changed. Reading keeps line numbers: every front matter key is mapped to the line it
is on, so a problem can be reported as `path:line: sentence`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from generator.errors import SourceError

DELIMITER = "---"
# libyaml's loader when PyYAML was built with it (it is in the wheels): ten times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    """Block style, but rows of numbers and checks on one line each: {a: 1, b: 2}."""


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    flow = bool(data) and all(not isinstance(v, (dict, list)) for v in data.values()) and all(
        not isinstance(v, str) or len(v) < 40 for v in data.values()
    )
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(dict, _represent_dict)


def render_entry(front: dict, body: str) -> str:
    front_text = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"{DELIMITER}\n{front_text}{DELIMITER}\n\n{body}"


@dataclass(frozen=True, slots=True)
class EntryText:
    front: dict
    lines: dict[str, int]
    """dotted key -> 1-based line in the file"""
    body: str
    body_line: int


def _key_lines(node: yaml.Node, prefix: str, offset: int, out: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            out[key] = key_node.start_mark.line + offset
            _key_lines(value_node, key, offset, out)


# Limits on front matter written by hand in a pull request. An entry import writes stays
# far inside them (the largest bundled one: a few hundred keys in all, sentences of a few
# hundred characters); a hostile one is refused before it costs time or memory.
MAX_FRONT_MATTER = 100_000  # characters: ten times the largest entry import has written
MAX_STRING = 20_000  # characters in one value (an evidence sentence, a warning)
MAX_KEYS = 500  # keys in one mapping
MAX_ITEMS = 2_000  # items in one list
MAX_DEPTH = 8
MAX_DIGITS = 15  # digits of a number
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _limits(node: yaml.Node, path: str, offset: int) -> None:
    """Refuse aliases, deep or wide structures, long strings, control characters and huge
    numbers, each at its line, before the YAML is turned into Python values."""
    seen: set[int] = set()
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        line = current.start_mark.line + offset
        if id(current) in seen:
            raise SourceError(path, "the front matter uses a YAML alias (*name); write each value out instead.", line)
        seen.add(id(current))
        if depth > MAX_DEPTH:
            raise SourceError(path, f"the front matter is nested more than {MAX_DEPTH} levels deep.", line)
        if isinstance(current, yaml.ScalarNode):
            value = current.value
            if len(value) > MAX_STRING:
                raise SourceError(
                    path, f"a value is {len(value):,} characters long; at most {MAX_STRING:,} are allowed.", line
                )
            if _CONTROL.search(value):
                char = _CONTROL.search(value)[0]
                raise SourceError(path, f"a value holds the control character U+{ord(char):04X}; remove it.", line)
            if current.tag in _NUMBER_TAGS and sum(ch.isdigit() for ch in value) > MAX_DIGITS:
                raise SourceError(path, f"a number has more than {MAX_DIGITS} digits.", line)
        elif isinstance(current, yaml.MappingNode):
            if len(current.value) > MAX_KEYS:
                raise SourceError(
                    path, f"a mapping has {len(current.value):,} keys; at most {MAX_KEYS} are allowed.", line
                )
            for key, value in current.value:
                stack.extend([(key, depth + 1), (value, depth + 1)])
        elif isinstance(current, yaml.SequenceNode):
            if len(current.value) > MAX_ITEMS:
                raise SourceError(
                    path, f"a list has {len(current.value):,} items; at most {MAX_ITEMS:,} are allowed.", line
                )
            stack.extend((item, depth + 1) for item in current.value)


def parse_entry(text: str, path: str) -> EntryText:
    """Split and load an entry; raise SourceError with the line of any YAML problem."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != DELIMITER:
        raise SourceError(path, "an entry must start with a '---' line, then YAML front matter, then '---'.", 1)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == DELIMITER)
    except StopIteration:
        raise SourceError(path, "the front matter is not closed: add a '---' line after it.", len(lines)) from None
    source = "\n".join(lines[1:end])
    if len(source) > MAX_FRONT_MATTER:
        raise SourceError(
            path,
            f"the front matter is {len(source):,} characters long; at most {MAX_FRONT_MATTER:,} are allowed.",
            2,
        )
    try:
        loader = _Loader(source)
        try:
            node = loader.get_single_node()
            if node is not None:
                _limits(node, path, 2)
            front = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (ValueError, OverflowError) as error:  # a value YAML reads but Python cannot hold
        raise SourceError(path, f"the front matter holds a value that cannot be read: {error}.", 2) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            line = mark.line + 2
        elif isinstance(getattr(error, "position", None), int):  # the reader's errors: a character it refuses
            line = source.count("\n", 0, error.position) + 2
        else:
            line = 2
        problem = getattr(error, "problem", None) or str(error)
        problem = problem.splitlines()[0].rstrip(".") if problem.strip() else "unreadable"
        raise SourceError(path, f"the front matter is not valid YAML: {problem}.", line) from None
    if not isinstance(front, dict):
        raise SourceError(path, "the front matter must be a mapping of keys to values.", 2)
    key_lines: dict[str, int] = {}
    _key_lines(node, "", 2, key_lines)
    # Skip the blank line render_entry writes.
    start = end + 2 if end + 1 < len(lines) and not lines[end + 1].strip() else end + 1
    return EntryText(front, key_lines, "\n".join(lines[start:]), start + 1)
