"""The text of an entry file: YAML front matter between '---' lines, then Markdown.

Writing is deterministic (fixed key order, one style) so a pull request's diff shows only
what changed. Reading keeps line numbers: every front matter key is mapped to the line it
is on, so a problem can be reported as `path:line: sentence`.
"""

from __future__ import annotations

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
    try:
        loader = _Loader(source)
        try:
            node = loader.get_single_node()
            front = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        problem = getattr(error, "problem", None) or str(error)
        raise SourceError(path, f"the front matter is not valid YAML: {problem}.", line) from None
    if not isinstance(front, dict):
        raise SourceError(path, "the front matter must be a mapping of keys to values.", 2)
    key_lines: dict[str, int] = {}
    _key_lines(node, "", 2, key_lines)
    start = end + 2 if end + 1 < len(lines) and not lines[end + 1].strip() else end + 1  # the blank line render_entry writes
    return EntryText(front, key_lines, "\n".join(lines[start:]), start + 1)
