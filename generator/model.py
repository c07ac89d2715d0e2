"""An archive entry: the front matter schema, how an entry is built, and how it is checked
(the rules `check` and `build` both apply: keys and values, the raw source beside it, its
place in the archive, one entry per agency and year).

Every key is documented in docs/front-matter.md (a test keeps the two in step). Validation
returns every problem of an entry, each with the dotted key it concerns, so `check` can
point at the exact line.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.archive import entry_stem, raw_beside
from generator.checks import compute_checks
from generator.errors import SourceError
from generator.formats import FORMAT_VALUES, formats
from generator.labels import FIGURE_KEYS
from generator.urls import web_link

if TYPE_CHECKING:  # the importer's types: a build reads entries without the normalizer or parser
    from generator.normalize import NormalizedReport
    from generator.parse import ParsedReport

SCRIPTS = ("simplified", "traditional", "traditional-phrases")
FIRST_YEAR = 2008  # the 2008 regulation started the annual reports
# Every key is required; key -> the types its value may have.
FIELDS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "agency": (str, type(None)),
    "region": (str, type(None)),
    "year": (int, type(None)),
    "published": (str, datetime.date, type(None)),
    "retrieved": (str, datetime.date),
    "source_url": (str, type(None)),
    "source_sha256": (str,),
    "script": (str,),
    "format": (str,),
    "figures": (dict,),
    "figure_sources": (dict,),
    "tables": (dict,),
    "checks": (list,),
    "warnings": (list,),
    "normalization": (dict,),
}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FIRST_RETRIEVED = datetime.date(FIRST_YEAR, 1, 1)  # no report's raw source can have been saved before the regulation


@dataclass(frozen=True, slots=True)
class Problem:
    key: str
    """dotted path of the front matter key concerned ("" for the entry as a whole)"""
    message: str


@dataclass(frozen=True, slots=True)
class Facts:
    """Who published the report, where, for which year, when, and in what form."""

    title: str
    agency: str | None
    region: str | None
    year: int | None
    published: str | None
    """YYYY-MM-DD"""
    source_url: str | None
    source_sha256: str
    script: str
    format: str
    retrieved: str
    """YYYY-MM-DD: the day the raw source was saved into the archive (the import's date unless given)"""


@dataclass(frozen=True, slots=True)
class Check:
    """One 勾稽 check as the entry records it (checks.py computes them)."""

    id: str
    where: str
    result: str
    left: int | None = None
    right: int | None = None


@dataclass(frozen=True, slots=True)
class Normalization:
    """What normalization changed on the way from the raw source."""

    encoding: str
    pinyin_removed: int
    characters_converted: int
    phrases_restored: int
    removed: tuple[str, ...]
    """one line per piece of hosting-site junk removed"""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """An entry's front matter, validated (`validate`) and read once into types: every later
    stage reads attributes, not string keys. Figures, figure sources and tables are
    read-only mappings (their keys are the national format's, listed in formats.py)."""

    facts: Facts
    figures: Mapping[str, int]
    figure_sources: Mapping[str, Mapping]
    tables: Mapping[str, Mapping]
    checks: tuple[Check, ...]
    warnings: tuple[str, ...]
    normalization: Normalization


class ReadOnlyDict(dict):
    """A dict that nothing downstream may change (mutation raises), as the front matter's
    nested figures and tables are; unlike a mappingproxy it goes through the process
    pool's pickling, and JSON writes it as a dict."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("front matter is read-only once validated")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self):
        return (ReadOnlyDict, (dict(self),))


def frozen(value: object) -> object:
    """Dicts and lists to read-only mappings and tuples, all the way down; a read-only
    mapping (ReadOnlyDict, or the cache's lazily read one) is returned as it is."""
    if isinstance(value, ReadOnlyDict) or isinstance(value, Mapping) and not isinstance(value, dict):
        return value
    if isinstance(value, dict):
        return ReadOnlyDict({key: frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(frozen(item) for item in value)
    return value


def _day_text(value: object) -> object:
    """A YAML date as the string YYYY-MM-DD; anything else as it is."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def facts_of(front: Mapping) -> Facts:
    return Facts(front["title"], front["agency"], front["region"], front["year"], _day_text(front["published"]),
                 front["source_url"], front["source_sha256"], front["script"], front["format"],
                 _day_text(front["retrieved"]))


def front_matter(front: dict) -> FrontMatter:
    """The typed front matter of an entry that `validate` found sound."""
    return FrontMatter(
        facts=facts_of(front),
        figures=frozen(front["figures"]),
        figure_sources=frozen(front["figure_sources"]),
        tables=frozen(front["tables"]),
        checks=tuple(Check(**check) for check in front["checks"]),
        warnings=tuple(front["warnings"]),
        normalization=Normalization(**{**front["normalization"], "removed": tuple(front["normalization"]["removed"])}),
    )


def thawed(value: object) -> object:
    """A read-only mapping (or tuple) back to plain dicts and lists: for JSON."""
    if isinstance(value, Mapping):
        return {key: thawed(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thawed(item) for item in value]
    return value


def build_front_matter(parsed: ParsedReport, normalized: NormalizedReport, sha256: str, retrieved: str) -> dict:
    """The front matter of a new entry, in the order maintainers read it; `retrieved` is the
    day (YYYY-MM-DD) its raw source is saved into the archive."""
    return {
        "title": parsed.title or "",
        "agency": parsed.agency,
        "region": parsed.region,
        "year": parsed.year,
        "published": parsed.published,
        "retrieved": retrieved,
        "source_url": parsed.source_url,
        "source_sha256": sha256,
        "script": normalized.script,
        "format": parsed.format,
        "figures": {key: parsed.figures[key] for key in FIGURE_KEYS if key in parsed.figures},
        "figure_sources": parsed.figure_sources,
        "tables": parsed.tables,
        "checks": parsed.checks,
        "warnings": parsed.warnings,
        "normalization": {
            "encoding": normalized.encoding,
            "pinyin_removed": normalized.pinyin_removed,
            "characters_converted": normalized.characters_converted,
            "phrases_restored": normalized.phrases_restored,
            "removed": list(normalized.removed),
        },
    }


def today_utc() -> datetime.date:
    """Today's date in UTC: the day import writes as `retrieved`, and the latest one check accepts."""
    return datetime.datetime.now(datetime.timezone.utc).date()


def _written(value: object) -> str:
    if value is None:
        return "nothing (null)"
    return f"'{value}'" if isinstance(value, str) else str(value)


def retrieved_problem(value: object, today: datetime.date, name: str = "retrieved") -> str | None:
    """What is wrong with a `retrieved` date, the front matter's value (a string or a YAML
    date) or import's --retrieved option (`name`), as a sentence; None if it is sound."""
    what = "the day the raw source was saved into the archive"
    if isinstance(value, datetime.datetime):
        return f"{name} must be a day written YYYY-MM-DD, without a time of day, got {value.isoformat(' ')}"
    if isinstance(value, datetime.date):
        day = value
    elif not isinstance(value, str) or not _DAY.fullmatch(value):
        return f"{name} must be {what}, written YYYY-MM-DD (such as 2024-03-15), got {_written(value)}"
    else:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError as error:
            return f"{name} must be a real calendar day, written YYYY-MM-DD, got '{value}' ({error})"
    if day > today:
        return (f"{name} is {day.isoformat()}, after today ({today.isoformat()}, UTC); it must be {what}, "
                "which cannot be in the future")
    if day < FIRST_RETRIEVED:
        return (f"{name} is {day.isoformat()}, before {FIRST_RETRIEVED.isoformat()}; the annual reports began "
                f"with the {FIRST_YEAR} regulation, so no raw source can have been saved earlier")
    return None


def _is_value(value: object) -> bool:
    return value is None or (isinstance(value, (int, float, str)) and not isinstance(value, bool))


def _validate_tables(tables: dict, format_name: str) -> list[Problem]:
    fmt = formats().get(format_name)
    if not tables:
        return []
    if fmt is None:
        return [Problem("tables", f"format '{format_name}' has no tables, but tables are given")]
    problems = []
    blocks = {"t3": {"": fmt.t3}, "t4": {"": fmt.t4}, "t2": {block.key: block for block in fmt.t2}}
    for table, content in tables.items():
        if table not in blocks:
            problems.append(Problem(f"tables.{table}", f"unknown table '{table}'; expected t2, t3 or t4"))
            continue
        groups = content.items() if table == "t2" else [("", content)]
        for group, rows in groups:
            block = blocks[table].get(group)
            where = f"tables.{table}" + (f".{group}" if group else "")
            if block is None or not isinstance(rows, dict):
                problems.append(Problem(where, f"unknown block '{group}' for {format_name}"))
                continue
            row_keys = {row.key for row in block.data_rows}
            column_keys = {column.key for column in block.columns}
            for row, cells in rows.items():
                if row not in row_keys or not isinstance(cells, dict):
                    problems.append(Problem(f"{where}.{row}", f"unknown row '{row}' for {format_name}"))
                    continue
                for column, value in cells.items():
                    if column not in column_keys:
                        problems.append(Problem(f"{where}.{row}.{column}", f"unknown column '{column}'"))
                    elif not _is_value(value):
                        problems.append(
                            Problem(f"{where}.{row}.{column}", f"a cell must be a number or null, got {value!r}")
                        )
    return problems


_SOURCE_KEYS = {"prose": "value", "table": "value", "sentence": "text", "cell": "text"}
_NORMALIZATION = {
    "encoding": str, "pinyin_removed": int, "characters_converted": int, "phrases_restored": int, "removed": list,
}


def _validate_sources(sources: dict) -> list[Problem]:
    problems = []
    for key, source in sources.items():
        where = f"figure_sources.{key}"
        if key not in FIGURE_KEYS:
            problems.append(Problem(where, f"unknown figure '{key}'; the figures are {', '.join(FIGURE_KEYS)}"))
        elif not isinstance(source, dict):
            problems.append(Problem(where, "a figure's sources must be a mapping of prose, table, sentence and cell"))
        else:
            for name, value in source.items():
                kind = _SOURCE_KEYS.get(name)
                if kind is None:
                    problems.append(
                        Problem(f"{where}.{name}", f"unknown source '{name}'; expected prose, table, sentence or cell")
                    )
                elif kind == "value" and not _is_value(value) or kind == "text" and not isinstance(value, str):
                    wanted = "a number or null" if kind == "value" else "text"
                    problems.append(Problem(f"{where}.{name}", f"'{name}' must be {wanted}, got {value!r}"))
    return problems


def _validate_normalization(normalization: dict) -> list[Problem]:
    from generator.normalize.encoding import ENCODINGS  # here: a build that reads no new entry never needs it

    if set(normalization) != set(_NORMALIZATION):
        return [Problem("normalization", f"normalization must have exactly the keys {', '.join(_NORMALIZATION)}")]
    problems = []
    for key, kind in _NORMALIZATION.items():
        value = normalization[key]
        if not isinstance(value, kind) or isinstance(value, bool) or kind is int and value < 0:
            wanted = "a whole number of at least 0" if kind is int else kind.__name__
            problems.append(Problem(f"normalization.{key}", f"normalization.{key} must be {wanted}, got {value!r}"))
    if isinstance(normalization["encoding"], str) and normalization["encoding"] not in ENCODINGS:
        problems.append(Problem(
            "normalization.encoding",
            f"the encoding must be one of {', '.join(ENCODINGS)}, got {normalization['encoding']!r}",
        ))
    removed = normalization["removed"]
    if isinstance(removed, list) and not all(isinstance(item, str) for item in removed):
        problems.append(Problem("normalization.removed", "normalization.removed must be a list of sentences"))
    return problems


_MISSING = {
    "retrieved": "; add it after published as retrieved: 'YYYY-MM-DD', the day the raw source was saved "
                 "into the archive (docs/front-matter.md)",
}


def validate(front: dict, next_year: int, today: datetime.date | None = None) -> list[Problem]:
    """Every problem of one entry's front matter; `today` (UTC unless given) is the latest
    `retrieved` accepted."""
    problems = [
        Problem("", f"required key '{key}' is missing{_MISSING.get(key, '')}") for key in FIELDS if key not in front
    ]
    # retrieved is judged on its own (its sentences say what a date must be, whatever the value's
    # type), and a wrong one hides none of the other problems: nothing else depends on it.
    dated = retrieved_problem(front["retrieved"], today or today_utc()) if "retrieved" in front else None
    retrieved = [Problem("retrieved", dated)] if dated else []
    for key, value in front.items():
        if key not in FIELDS:
            problems.append(Problem(key, f"unknown key '{key}'; the keys are listed in docs/front-matter.md"))
            continue
        types = FIELDS[key]
        if key != "retrieved" and (not isinstance(value, types) or isinstance(value, bool)):
            names = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            problems.append(Problem(key, f"'{key}' must be {names}, got {type(value).__name__} {value!r}"))
    if problems:
        return problems + retrieved
    year = front["year"]
    if year is not None and not FIRST_YEAR <= year <= next_year:
        problems.append(Problem("year", f"year must be between {FIRST_YEAR} and {next_year}, got {year}"))
    published = front["published"]
    if isinstance(published, str) and not _DATE.match(published):
        problems.append(Problem("published", f"published must be a date YYYY-MM-DD, got '{published}'"))
    if front["source_url"] is not None and web_link(front["source_url"]) is None:
        problems.append(Problem("source_url", "source_url must be an http(s) address or null, "
                                f"got {front['source_url'][:200]!r}; "
                                "a page links only to http and https addresses"))
    if not _SHA256.match(front["source_sha256"]):
        problems.append(Problem("source_sha256", "source_sha256 must be 64 lowercase hexadecimal digits"))
    if front["script"] not in SCRIPTS:
        problems.append(Problem("script", f"script must be one of {', '.join(SCRIPTS)}, got '{front['script']}'"))
    if front["format"] not in FORMAT_VALUES:
        problems.append(Problem("format", f"format must be one of {', '.join(FORMAT_VALUES)}, got '{front['format']}'"))
    for key, value in front["figures"].items():
        if key not in FIGURE_KEYS:
            problems.append(
                Problem(f"figures.{key}", f"unknown figure '{key}'; the figures are {', '.join(FIGURE_KEYS)}")
            )
        elif value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            problems.append(
                Problem(f"figures.{key}", f"a figure must be a whole number of at least 0 or null, got {value!r}")
            )
    if not all(isinstance(w, str) for w in front["warnings"]):
        problems.append(Problem("warnings", "warnings must be a list of sentences"))
    problems += _validate_tables(front["tables"], front["format"])
    problems += _validate_sources(front["figure_sources"])
    problems += _validate_normalization(front["normalization"])
    if not problems:
        expected = compute_checks(front["format"], front["tables"], front["figure_sources"])
        if expected != front["checks"]:
            problems.append(Problem(
                "checks", "checks do not match the tables; recompute them with "
                "'python -m generator import --force' on the raw file, or fix the tables",
            ))
    return problems + retrieved


def key_line(lines: dict[str, int], key: str) -> int:
    """The line of a dotted key, or of its nearest parent that is in the file."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rpartition(".")[0]
    return 1


def entry_problems(
    path: Path, entry, content: Path, year_limit: int, today: datetime.date | None = None,
) -> tuple[list[SourceError], tuple | None]:
    """Problems of one entry already read (an EntryText or the SourceError reading raised),
    and its (agency, year, line) for the duplicate check when it has both; `today` as for
    validate."""
    if isinstance(entry, SourceError):
        return [entry], None
    found = validate(entry.front, year_limit, today)
    problems = [SourceError(str(path), p.message, key_line(entry.lines, p.key)) for p in found]
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
            key_line(entry.lines, "source_sha256"),
        ))
    expected = entry_stem(front["region"], front["agency"], front["year"], front["source_sha256"])
    actual = path.resolve().relative_to(content.resolve()).with_suffix("").as_posix()
    if actual != expected:
        problems.append(SourceError(
            str(path),
            f"the entry's facts place it at {expected}.md; move it and its raw source there, or fix the facts.",
            key_line(entry.lines, "agency"),
        ))
    key = None
    if front["agency"] and front["year"]:
        key = (front["agency"], front["year"], key_line(entry.lines, "agency"))
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
