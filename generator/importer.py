"""`import`: raw reports in, archive entries out.

Each file goes load -> normalize -> parse -> model; then the batch is checked against the
archive (an existing entry, a second entry for the same agency and year, a raw file
already imported, two files of the same report) before anything is written.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.archive import RAW_SUFFIXES, entry_paths, entry_stem
from generator.entry_file import render_entry
from generator.errors import SourceError
from generator.load import iter_entries, read_raw_report
from generator.model import build_front_matter, today_utc
from generator.normalize import normalize_bytes
from generator.parallel import parallel_map
from generator.parse import parse_report


@dataclass(frozen=True, slots=True)
class Prepared:
    source: Path
    raw: bytes
    front: dict
    body: str
    stem: str
    staged: Path | None = None
    """where the entry text and raw copy wait (staged.md, staged.raw) until every collision
    is known: they are not kept in memory"""


def prepare(path: Path, retrieved: str | None = None) -> Prepared:
    """Everything an entry holds, computed from one raw file; writes nothing. `retrieved`
    (YYYY-MM-DD) is the day the raw source is saved into the archive: today (UTC) unless given."""
    raw = read_raw_report(path)
    normalized = normalize_bytes(raw, str(path))
    parsed = parse_report(normalized)
    if parsed.agency is None and parsed.year is None and parsed.format == "unknown" and not parsed.figures:
        raise SourceError(
            str(path),
            "no recognizable report structure: found no agency, no year, no report format and no figures; "
            "is this the whole report?",
            1,
        )
    sha256 = hashlib.sha256(raw).hexdigest()
    front = build_front_matter(parsed, normalized, sha256, retrieved or today_utc().isoformat())
    stem = entry_stem(parsed.region, parsed.agency, parsed.year, sha256)
    return Prepared(path, raw, front, parsed.body, stem)


def raw_files(paths: Iterable[str | Path]) -> list[Path]:
    """The raw reports named, folders searched for .txt/.html/.htm (raw copies in an
    archive, *.raw.*, are not new reports)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in RAW_SUFFIXES and ".raw." not in p.name
            )
        else:
            found.append(path)
    return found


def _existing(content: Path) -> tuple[dict[tuple, Path], dict[str, Path], dict[str, str]]:
    """The entries by agency and year, by raw source digest, and each raw source's day
    retrieved (by digest)."""
    by_report: dict[tuple, Path] = {}
    by_sha: dict[str, Path] = {}
    retrieved: dict[str, str] = {}
    for path, entry in iter_entries(content):
        if isinstance(entry, SourceError):
            continue
        front = entry.front
        if front.get("agency") and front.get("year"):
            by_report[(front["agency"], front["year"])] = path
        if isinstance(front.get("source_sha256"), str):
            by_sha[front["source_sha256"]] = path
            if isinstance(front.get("retrieved"), str):
                retrieved[front["source_sha256"]] = front["retrieved"]
    return by_report, by_sha, retrieved


def _keep_retrieved(item: Prepared, day: str) -> None:
    """The raw source is one the archive holds already (imported again with --force): it
    was retrieved when it was first saved, not today."""
    text = item.staged.with_suffix(".md").read_text(encoding="utf-8")
    line = f"\nretrieved: '{item.front['retrieved']}'\n"
    if line in text and day != item.front["retrieved"]:
        item.staged.with_suffix(".md").write_text(text.replace(line, f"\nretrieved: '{day}'\n", 1), encoding="utf-8")
        item.front["retrieved"] = day


def plan(
    prepared: list[Prepared], content: Path, force: bool, keep_retrieved: bool = True,
) -> tuple[list[tuple[Prepared, Path, Path]], list[SourceError]]:
    """Where each entry goes, and every collision that stops it. A raw source imported
    again (--force) keeps the day it was first retrieved, unless `keep_retrieved` is off
    (import --retrieved gave the day)."""
    by_report, by_sha, retrieved = _existing(content)
    planned: list[tuple[Prepared, Path, Path]] = []
    errors: list[SourceError] = []
    taken: dict[Path, Path] = {}
    for item in prepared:
        try:
            entry, raw = entry_paths(content, item.stem, item.source.name)
        except SourceError as error:
            errors.append(error)
            continue
        report = (item.front["agency"], item.front["year"])
        if entry in taken:
            errors.append(SourceError(
                str(item.source),
                f"this is the same report as {taken[entry]} (both give {entry}); import only one of them.",
                1,
            ))
            continue
        taken[entry] = item.source
        if not force:
            same_sha = by_sha.get(item.front["source_sha256"])
            if same_sha is not None:
                errors.append(SourceError(
                    str(item.source),
                    f"this file is already in the archive as {same_sha}; use --force to import it again.",
                    1,
                ))
                continue
            if entry.exists():
                errors.append(SourceError(
                    str(item.source), f"an entry already exists at {entry}; use --force to replace it.", 1
                ))
                continue
            if None not in report and report in by_report and by_report[report] != entry:
                errors.append(SourceError(
                    str(item.source),
                    f"the archive already has {report[0]} {report[1]} at {by_report[report]};"
                    " use --force to add a second entry.",
                    1,
                ))
                continue
        kept = retrieved.get(item.front["source_sha256"])
        if keep_retrieved and kept and item.staged is not None:
            _keep_retrieved(item, kept)
        planned.append((item, entry, raw))
    return planned, errors


def write(planned: list[tuple[Prepared, Path, Path]]) -> None:
    for item, entry, raw in planned:
        for staged, target in ((item.staged.with_suffix(".raw"), raw), (item.staged.with_suffix(".md"), entry)):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)  # atomic: a reader sees the old file or the new one


def _prepare_staged(task: tuple[Path, Path, str]) -> Prepared | SourceError:
    """Prepare one report (in a worker process when there are many) and leave its files in
    the staging folder, so that only its front matter travels back and stays in memory."""
    path, staged, retrieved = task
    try:
        item = prepare(path, retrieved)
    except SourceError as error:
        return error
    staged.with_suffix(".raw").write_bytes(item.raw)
    staged.with_suffix(".md").write_bytes(render_entry(item.front, item.body).encode("utf-8"))
    return Prepared(item.source, b"", item.front, "", item.stem, staged)


PARALLEL_FROM = 50  # files; below this, starting processes costs more than it saves


def import_reports(
    paths: Iterable[str | Path], content: Path, force: bool, dry_run: bool,
    progress: Callable[[int, int], None] = lambda done, total: None, jobs: int | None = None,
    retrieved: str | None = None,
) -> tuple[list[tuple[Prepared, Path]], list[SourceError]]:
    """Prepare every file (in parallel when there are many), check every collision, and
    only then write the entries whose plan holds (each named problem stops only its file).
    Every entry gets `retrieved` (YYYY-MM-DD, checked by the caller): today (UTC) unless
    given, one day for the whole batch."""
    given = retrieved is not None
    retrieved = retrieved or today_utc().isoformat()
    files = raw_files(paths)
    prepared: list[Prepared] = []
    errors: list[SourceError] = []
    content.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=content.parent, prefix=f".{content.name}-import-") as staging:
        tasks = [(path, Path(staging) / str(n), retrieved) for n, path in enumerate(files)]
        prepared_all = parallel_map(_prepare_staged, tasks, jobs or os.cpu_count() or 1, PARALLEL_FROM)
        for index, item in enumerate(prepared_all, start=1):
            if isinstance(item, SourceError):
                errors.append(item)
            else:
                prepared.append(item)
            progress(index, len(files))
        planned, plan_errors = plan(prepared, content, force, keep_retrieved=not given)
        errors += plan_errors
        if not dry_run:
            write(planned)
    return [(item, entry) for item, entry, _ in planned], errors
