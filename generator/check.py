"""`check`: every entry of the archive validated, every problem with its file and line.

The rules are the model's (model.py), which `build` applies too; this module drives them
over the archive, and compares entries with what import writes today. Problems are
collected over the whole archive (not stopped at the first) and sorted by
path and line, so one run shows a maintainer everything to fix.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from generator.archive import raw_beside
from generator.entry_file import EntryText, parse_entry, render_entry
from generator.errors import SourceError
from generator.load import iter_entries
from generator.model import duplicate_problems, entry_problems, key_line, next_year


def check_archive(
    content: Path, today: datetime.date | None = None, against_import: bool = False,
) -> tuple[list[SourceError], int]:
    """(problems, number of entries) for the archive in `content`; with against_import,
    also every difference between an entry and what import writes today from its raw
    source."""
    entries = list(iter_entries(content))
    problems = check_entries(entries, content, today)
    if against_import:
        for path, entry in entries:
            if not isinstance(entry, SourceError):
                problems += import_differences(path, entry)
        problems.sort(key=lambda e: (e.path, e.line, e.message))
    return problems, len(entries)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _differences(prefix: str, mine: object, theirs: object):
    """(dotted key, here, there) for each differing value, descending into mappings."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        for key in dict.fromkeys([*mine, *theirs]):
            yield from _differences(f"{prefix}.{key}" if prefix else str(key), mine.get(key), theirs.get(key))
    elif mine != theirs:
        yield prefix, mine, theirs


def import_differences(path: Path, entry: EntryText) -> list[SourceError]:
    """Where an entry differs from what `import --force` would write from its raw source
    today: an entry edited by hand, or one written by an older importer. Each key that
    differs is named at its line, with both values."""
    from generator.importer import prepare  # normalization and parsing: only this option needs them

    raw = raw_beside(path)
    if raw is None:
        return []  # reported by entry_problems
    try:
        prepared = prepare(raw)
    except SourceError as error:
        return [SourceError(str(path), f"import now refuses its raw source: {error}", 1)]
    fresh = parse_entry(render_entry(prepared.front, prepared.body), str(path))
    fix = f"run: python -m generator import --force {raw}"
    problems = []
    for key, mine, theirs in _differences("", entry.front, fresh.front):
        if key == "retrieved":  # the day the raw source was saved, not read from it: import writes its own day
            continue
        line = key_line(entry.lines, key)
        problems.append(SourceError(
            str(path), f"{key} differs from what import writes today: {_shown(mine)} here, {_shown(theirs)} from "
            f"the raw source; if the importer is right, {fix}", line,
        ))
    if entry.body != fresh.body:
        problems.append(
            SourceError(str(path), f"the text differs from what import writes today; {fix}", entry.body_line)
        )
    return problems


def check_entries(entries: list, content: Path, today: datetime.date | None = None) -> list[SourceError]:
    """Every problem of entries already read: (path, EntryText or SourceError) pairs."""
    problems: list[SourceError] = []
    keys = []
    for path, entry in entries:
        found, key = entry_problems(path, entry, content, next_year(today), today)
        problems += found
        if key:
            keys.append((path, key))
    problems += duplicate_problems(keys)
    problems.sort(key=lambda e: (e.path, e.line, e.message))
    return problems
