"""`check`: every entry of the archive validated, every problem with its file and line.

Problems are collected over the whole archive (not stopped at the first) and sorted by
path and line, so one run shows a maintainer everything to fix.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from pathlib import Path

from generator.archive import entry_stem, raw_beside
from generator.entry_file import EntryText, parse_entry, render_entry
from generator.errors import SourceError
from generator.load import iter_entries
from generator.model import validate


def _line(lines: dict[str, int], key: str) -> int:
    """The line of a dotted key, or of its nearest parent that is in the file."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rpartition(".")[0]
    return 1


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
        line = _line(entry.lines, key)
        problems.append(SourceError(
            str(path), f"{key} differs from what import writes today: {_shown(mine)} here, {_shown(theirs)} from "
            f"the raw source; if the importer is right, {fix}", line,
        ))
    if entry.body != fresh.body:
        problems.append(
            SourceError(str(path), f"the text differs from what import writes today; {fix}", entry.body_line)
        )
    return problems


def entry_problems(path: Path, entry, content: Path, year_limit: int) -> tuple[list[SourceError], tuple | None]:
    """Problems of one entry already read (an EntryText or the SourceError reading raised),
    and its (agency, year, line) for the duplicate check when it has both."""
    if isinstance(entry, SourceError):
        return [entry], None
    found = validate(entry.front, year_limit)
    problems = [SourceError(str(path), p.message, _line(entry.lines, p.key)) for p in found]
    if found:
        return problems, None
    front = entry.front
    raw = raw_beside(path)
    if raw is None:
        problems.append(SourceError(
            str(path), f"the raw source is missing: expected {path.stem}.raw.txt (or .html) beside the entry.", 1,
        ))
    elif hashlib.sha256(raw.read_bytes()).hexdigest() != front["source_sha256"]:
        problems.append(SourceError(
            str(path), f"source_sha256 does not match {raw.name}; the raw source must stay exactly as found.",
            _line(entry.lines, "source_sha256"),
        ))
    expected = entry_stem(front["region"], front["agency"], front["year"], front["source_sha256"])
    actual = path.resolve().relative_to(content.resolve()).with_suffix("").as_posix()
    if actual != expected:
        problems.append(SourceError(
            str(path),
            f"the entry's facts place it at {expected}.md; move it and its raw source there, or fix the facts.",
            _line(entry.lines, "agency"),
        ))
    key = (front["agency"], front["year"], _line(entry.lines, "agency")) if front["agency"] and front["year"] else None
    return problems, key


def duplicate_problems(keys: list[tuple[Path, tuple]]) -> list[SourceError]:
    """Two entries for one agency and year: both are named, each with the other."""
    places: dict[tuple, list[tuple[Path, int]]] = defaultdict(list)
    for path, (agency, year, line) in keys:
        places[(agency, year)].append((path, line))
    problems = []
    for (agency, year), found in places.items():
        if len(found) > 1:
            for path, line in found:
                others = ", ".join(str(p) for p, _ in found if p != path)
                problems.append(SourceError(str(path), f"{agency} {year} has a second entry: {others}.", line))
    return problems


def next_year(today: datetime.date | None = None) -> int:
    return (today or datetime.date.today()).year + 1


def check_entries(entries: list, content: Path, today: datetime.date | None = None) -> list[SourceError]:
    """Every problem of entries already read: (path, EntryText or SourceError) pairs."""
    problems: list[SourceError] = []
    keys = []
    for path, entry in entries:
        found, key = entry_problems(path, entry, content, next_year(today))
        problems += found
        if key:
            keys.append((path, key))
    problems += duplicate_problems(keys)
    problems.sort(key=lambda e: (e.path, e.line or 0, e.message))
    return problems
