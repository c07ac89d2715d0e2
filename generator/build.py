"""`build`: the archive in content/ to a static site.

The stages, in `build_site`: gather the entries -> read, check and render each report
(from the build cache where nothing it depends on changed; else in a pool of processes,
one per core) -> the catalog -> the list pages and downloads (only those whose inputs
changed) beside the search index's segments (in a thread) -> write. Each report's page is
written as soon as it is made; the main process keeps only what list pages, downloads and
the search index need of each report. The writer (write.py) updates the output in place
when it holds what the last build wrote, else fills a fresh folder and swaps it in; either
way a broken entry stops the build with every problem listed, and the previous site
stays as it was.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

import jinja2

from generator.build_cache import FORMAT as CACHE_FORMAT
from generator.build_cache import GENERATOR, BuildCache, CachedData, CachedRow, LazyJSON, fingerprint, text_digest
from generator.catalog import Catalog, Neighbour, ReportRow, make_catalog, make_page, make_row, row_json
from generator.data import Download, data_files, report_json
from generator.errors import SourceError
from generator.index import fold_map, searchable, snippet_places
from generator.load import EntryFile, read_entry, read_raw_source, scan_entries
from generator.model import duplicate_problems, entry_problems, front_matter, next_year
from generator.parallel import parallel_map
from generator.render import asset_name, environment, list_pages, report_page
from generator.search_index import MANIFEST, Doc, fold_files, manifest_file, newest_first, segment_entry, segment_files
from generator.segments import Segment, doc_digest, plan
from generator.urls import Urls, report_dest
from generator.write import SiteRecord, SiteWriter

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
PARALLEL_FROM = 50  # entries; below this, starting processes costs more than it saves


class BuildFailed(Exception):
    def __init__(self, problems: list[SourceError]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    files: int
    bytes: int
    cached: int = 0
    """reports taken from the build cache, neither re-read nor re-rendered"""
    unreadable_cache: int = 0
    """cache files found damaged or foreign, ignored and rebuilt"""
    index_reused: bool = False
    """no search segment was made: no searchable text had changed since the last build"""
    index_delta: int | None = None
    """reports in the search index's delta segment, when the base segment was kept"""
    timings: tuple[tuple[str, float], ...] = ()
    """(stage, wall seconds) in order: where a build's time goes (`build --timings`)"""


@dataclass(slots=True)
class Built:
    """What reading one entry gives the main process."""

    path: Path
    problems: list[SourceError] = field(default_factory=list)
    duplicate_key: tuple | None = None
    report: ReportRow | None = None
    text: str | None = None
    """the searchable text; None: unchanged, in the cache under `key`"""
    text_digest: str = ""
    files: list[tuple[str, bytes]] = field(default_factory=list)
    """files made (or loaded) now; empty: unchanged, the site holds `dests`"""
    dests: tuple[str, ...] = ()
    key: str | None = None


def _assets(templates: Path) -> dict[str, bytes]:
    static = templates / "static"
    return {path.name: path.read_bytes() for path in sorted(static.iterdir()) if path.is_file()}


def _neighbours(stems: list[str]) -> dict[str, tuple[Neighbour | None, Neighbour | None]]:
    """stem -> (previous, next) dated report of the same agency, from the paths alone
    (content/<region>/<agency>/<year>.md), so each report page can be rendered on its own."""
    agencies: dict[str, list[tuple[int, str]]] = {}
    for stem in stems:
        parts = stem.split("/")
        if len(parts) == 3 and parts[2].isdigit():
            agencies.setdefault("/".join(parts[:2]), []).append((int(parts[2]), stem))
    found: dict[str, tuple[Neighbour | None, Neighbour | None]] = {}
    for dated in agencies.values():
        dated.sort()
        for i, (year, stem) in enumerate(dated):
            before = Neighbour(report_dest(*dated[i - 1][1].split("/")), dated[i - 1][0]) if i else None
            after = Neighbour(report_dest(*dated[i + 1][1].split("/")), dated[i + 1][0]) if i + 1 < len(dated) else None
            found[stem] = (before, after)
    return found


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What rendering one report needs besides its entry: the same for every report of a
    build, handed to the pool's workers once (parallel.py)."""

    content: Path
    env: jinja2.Environment | None
    """None: only the model is wanted (load_catalog)"""
    year_limit: int
    neighbours: dict[str, tuple[Neighbour | None, Neighbour | None]]
    urls: Urls | None = None


def _context(content: Path, env: jinja2.Environment | None, entries: list[EntryFile], urls: Urls | None = None
             ) -> RenderContext:
    return RenderContext(content, env, next_year(), _neighbours([entry.stem for entry in entries]), urls)


def _read_and_render(context: RenderContext, path: Path) -> Built:
    """Read and check one entry, render its page and its original text: runs in a worker."""
    content, env, year_limit = context.content, context.env, context.year_limit
    try:
        entry = read_entry(path)
    except SourceError as error:
        entry = error
    problems, key = entry_problems(path, entry, content, year_limit)
    if problems:
        return Built(path, problems, key)  # a misplaced copy is still named as a duplicate, as check does
    stem = _stem(content, path)
    raw, suffix = read_raw_source(path)
    front = front_matter(entry.front)
    row = make_row(stem, front, suffix)
    row = replace(row, digest=_row_digest(row))
    files = []
    neighbours = context.neighbours.get(stem, (None, None)) if row.year else (None, None)
    report = make_page(row, front, entry.body, neighbours)
    text = searchable(row, report.sections)
    if env is not None:  # None: only the model is wanted (load_catalog)
        dest, page = report_page(report, env)
        row = replace(row, snippet_places=snippet_places(page, report.sections, text))
        # The archive keeps the raw bytes; readers get the same text as UTF-8, which any
        # browser shows correctly whatever the source's encoding was.
        original = raw.decode(front.normalization.encoding, errors="replace").encode("utf-8")
        files = [(dest, page.encode("utf-8")), (row.raw_dest, original),
                 (row.data_dest, report_json(row, front.checks, context.urls))]
    return Built(path, [], key, row, text, text_digest(text), files, tuple(dest for dest, _ in files))


def preview_report(content: Path, entry: Path, base_url: str, templates: Path = TEMPLATES) -> list[tuple[str, bytes]]:
    """One edited report's page and original text, made on their own for serve's preview
    (its neighbours from its agency's folder alone); raises BuildFailed with its problems.
    The rebuild that follows makes the same files and everything else the edit touched."""
    urls = Urls.from_base(base_url)
    theme = _theme(templates, urls)
    folder = entry.parent.relative_to(content).as_posix()
    stems = [f"{folder}/{path.stem}" for path in entry.parent.glob("*.md")]
    built = _read_and_render(RenderContext(content, theme.env, next_year(), _neighbours(stems), urls), entry)
    if built.problems:
        raise BuildFailed(built.problems)
    return built.files


def _row_digest(row: ReportRow) -> str:
    """What list pages and downloads show of a report, as a digest."""
    data = json.dumps(row_json(row), ensure_ascii=False, sort_keys=False)
    return hashlib.blake2b(data.encode(), digest_size=16).hexdigest()


def _stem(content: Path, path: Path) -> str:
    return path.resolve().relative_to(content.resolve()).with_suffix("").as_posix()


def _from_cache(path: Path, key: str, cached: CachedRow, data: CachedData | None) -> Built:
    return Built(path, [], cached.duplicate_key, cached.row, data.text if data else None, cached.text_digest,
                 list(data.files) if data else [], cached.dests, key)


def _to_cache(built: Built) -> tuple[CachedRow, CachedData]:
    row = CachedRow(built.report, built.duplicate_key, built.text_digest, built.dests)
    return row, CachedData(built.text, tuple(built.files))


RACY_NS = 2_000_000_000
"""a file modified this close to when its digest was noted is read again (git's "racy"
rule): a file system may keep modification times coarser than the edits"""


def _cache_keys(context: RenderContext, entries: list[EntryFile], cache: BuildCache) -> list[str | None]:
    """Each entry's cache key, from its place and bytes, its raw source's name and bytes and
    its neighbours; None where a file cannot be read (the worker then reports why).

    The bytes are known by their digests; a file whose stat (modification time, size,
    inode) is the one noted when its digest was taken is not read again."""
    noted = cache.state("digests") or {}
    known, taken = noted.get("files", {}), noted.get("taken", 0)
    now, keys = {}, []
    for entry in entries:
        try:
            parts = []
            folder = entry.stem.rpartition("/")[0]
            raw_name = f"{folder}/{entry.raw.name}" if entry.raw else ""
            files = ((entry.path, entry.stat, f"{entry.stem}.md"), (entry.raw, entry.raw_stat, raw_name))
            for path, stat, name in files:
                memo = known.get(name)
                if path is None:
                    digest = hashlib.sha256(b"").hexdigest()
                elif memo and memo[0] == list(stat) and stat[0] < taken - RACY_NS:
                    digest = memo[1]
                else:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                if path is not None:
                    now[name] = [list(stat), digest]
                parts.append(digest)
            where = (entry.stem, entry.raw.name if entry.raw else None, context.neighbours.get(entry.stem))
            keys.append(cache.key(*parts, where))
        except OSError:
            keys.append(None)
    cache.save_state("digests", {"files": now, "taken": time.time_ns()})
    return keys


def _read_all(context: RenderContext, entries: list[EntryFile], jobs: int, cache: BuildCache | None,
              holds: Callable[[str], bool]) -> Iterator[Built]:
    """Every entry's Built, from the cache where its key is there, else read and rendered
    in the pool (and then kept in the cache). An unchanged report's page and text are
    loaded only when the site does not hold its files already (`holds`)."""
    paths = [entry.path for entry in entries]
    keys = _cache_keys(context, entries, cache) if cache else [None] * len(paths)
    todo = []
    for i, key in enumerate(keys):  # one at a time: a large archive's cache is never all in memory
        row = cache.row(key) if cache and key else None
        data = None
        if row is not None and not all(holds(dest) for dest in row.dests):
            data = cache.data(key)
        if row is None or (data is None and not all(holds(dest) for dest in row.dests)):
            todo.append(i)  # not there, damaged or foreign: rebuilt below
        else:
            cache.hits += 1
            yield _from_cache(paths[i], key, row, data)
    work = functools.partial(_read_and_render, context)
    for i, built in zip(todo, parallel_map(work, [paths[i] for i in todo], jobs, PARALLEL_FROM)):
        if cache and keys[i] and built.report and not built.problems:
            tables = cache.put(keys[i], *_to_cache(built))
            built.key = keys[i]
            if tables is not None:  # kept as its JSON text from now on (LazyJSON says why)
                built.report = replace(built.report, tables=LazyJSON(tables))
        yield built


@dataclass(slots=True)
class Texts:
    """Each report's searchable text for the index: the digest of every one, the texts
    read in this build, and where to find the others (the cache).

    The texts read go to a temporary file as they come, and the index reads them back a
    partition at a time: at 100,000 reports they are 600 million characters, 1.2 GB as
    Python strings, which no stage should hold at once."""

    digests: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    spilled: dict[str, tuple[int, int]] = field(default_factory=dict)
    """stem -> (offset, bytes) of its text, UTF-8, in `file`"""
    file: IO[bytes] = field(default_factory=lambda: tempfile.TemporaryFile(buffering=0))

    def keep(self, stem: str, text: str) -> None:
        data = text.encode("utf-8")
        self.spilled[stem] = (self.file.seek(0, os.SEEK_END), len(data))
        self.file.write(data)

    def text(self, stem: str, cache: BuildCache | None) -> str:
        if stem in self.spilled:
            offset, size = self.spilled[stem]
            return os.pread(self.file.fileno(), size, offset).decode("utf-8")  # safe beside another thread
        data = cache.data(self.keys[stem]) if cache else None
        if data is None:
            raise RuntimeError(f"the build cache lost the text of {stem}; run the build with --clean")
        return data.text


def _gather(context: RenderContext, entries: list[EntryFile], jobs: int,
            progress: Callable[[int, int], None] | None = None, writer: SiteWriter | None = None,
            cache: BuildCache | None = None) -> tuple[list[ReportRow], Texts]:
    """Read every entry (from the cache or in a pool), writing each report's files as they
    come; raise BuildFailed with every problem, duplicates included, once all are read."""
    problems, keys, reports, texts = [], [], [], Texts()
    holds = writer.holds if writer else (lambda dest: False)
    for done, built in enumerate(_read_all(context, entries, jobs, cache, holds), 1):
        if progress:
            progress(done, len(entries))
        problems += built.problems
        if built.duplicate_key:
            keys.append((built.path, built.duplicate_key))
        if built.report and not problems:
            stem = built.report.stem
            reports.append(built.report)
            texts.digests[stem] = built.text_digest
            if built.text is not None:
                texts.keep(stem, built.text)
            if built.key:
                texts.keys[stem] = built.key
            for dest, data in built.files if writer else ():
                writer.write(dest, data)
            if writer and not built.files:
                for dest in built.dests:
                    writer.keep(dest)
    problems += duplicate_problems(keys)
    if problems:
        raise BuildFailed(sorted(problems, key=lambda e: (e.path, e.line, e.message)))
    return reports, texts


def load_catalog(content: Path, jobs: int = 1) -> tuple[Catalog, dict[str, str]]:
    """Every entry, checked, as a catalog of light reports plus each report's searchable
    text (for tools and tests that need the model without a site)."""
    entries = scan_entries(content)
    reports, texts = _gather(_context(content, None, entries), entries, jobs)
    return make_catalog(reports), {stem: texts.text(stem, None) for stem in texts.spilled}


def _cache_for(folder: Path | None, templates: Path, base_url: str, year_limit: int, clean: bool) -> BuildCache | None:
    if folder is None:
        return None
    if clean and folder.exists():
        shutil.rmtree(folder)
    salt = "\n".join([str(CACHE_FORMAT), fingerprint(templates), fingerprint(GENERATOR), base_url, str(year_limit)])
    return BuildCache(folder, salt)


@dataclass(frozen=True, slots=True)
class Theme:
    """The templates as a build uses them: the Jinja environment, and the static assets
    under their hashed names."""

    env: jinja2.Environment
    assets: dict[str, bytes]
    """hashed file name -> bytes"""


def _theme(templates: Path, urls: Urls) -> Theme:
    static = _assets(templates)
    hashed = {name: asset_name(name, data) for name, data in static.items()}
    env = environment(templates, urls, hashed)
    env.globals.update(search_index=f"search/{MANIFEST}")
    return Theme(env, {hashed[name]: data for name, data in static.items()})


def _segment(state: dict | None, cache: BuildCache) -> Segment | None:
    """A segment the last build recorded, if the cache still holds its files."""
    if not state or cache.file_names(state["entry"]["dir"]) is None:
        return None
    return Segment(state["entry"], tuple(state["docs"]))


def _keep_segment(segment: Segment, writer: SiteWriter, cache: BuildCache) -> dict:
    """Keep a segment of an earlier build: left in place where the site holds it, else
    copied from the cache; its manifest entry is the one the build recorded."""
    names = cache.file_names(segment.folder, use=True) or []
    if all(writer.holds(f"search/{name}") for name in names):
        for name in names:
            writer.keep(f"search/{name}")
    else:
        copied = 0
        for name, data in cache.files(segment.folder, iter(())):
            writer.write(f"search/{name}", data)
            copied += 1
        if copied != len(names):
            raise RuntimeError(f"the build cache lost the search segment {segment.folder}; run the build with --clean")
    return segment.entry


def _write_segment(folder: str, made: Iterator[tuple[str, bytes]], writer: SiteWriter,
                   cache: BuildCache | None) -> dict:
    """Write a segment made now (kept in the cache too) and return its manifest entry."""
    entry = None
    for name, data in cache.files(folder, made) if cache else made:
        writer.write(f"search/{name}", data)
        entry = segment_entry(name, data) or entry
    return entry


def _search_index(catalog: Catalog, texts: Texts, urls: Urls, cache: BuildCache | None,
                  writer: SiteWriter) -> tuple[bool, int | None]:
    """The search index as segments (segments.py): the base of an earlier build kept and a
    delta of what changed since, or a new base. Runs in a thread while the list pages are
    rendered: its suffix arrays are built outside the GIL."""
    docs = [Doc(urls.path(r.dest), r.title, r.agency_name, r.region_name, r.year, "", r.snippet_places)
            for r in catalog.reports]
    digests = [doc_digest(d.url, d.title, d.agency, d.region, d.year, texts.digests[r.stem], d.places)
               for d, r in zip(docs, catalog.reports, strict=True)]
    state = cache.state("search") if cache else None
    base = _segment(state and state.get("base"), cache) if cache else None
    decided = plan(digests, base)

    def without_text(numbers: tuple[int, ...]) -> tuple[list[Doc], Callable[[int], str]]:
        """The docs, and their texts one at a time (read back from disk by the index)."""
        return [docs[i] for i in numbers], lambda k: texts.text(catalog.reports[numbers[k]].stem, cache)

    entries, deleted, kept, made = [], [], {}, False
    if decided.base is not None:
        entries.append(_keep_segment(decided.base, writer, cache))
        deleted.append(list(decided.deleted))
        kept["base"] = state["base"]
    if decided.delta:
        numbers = tuple(decided.delta[k] for k in newest_first([catalog.reports[i].year for i in decided.delta]))
        previous = _segment(state and state.get("delta"), cache) if cache and decided.base else None
        delta_docs = tuple(digests[i] for i in numbers)
        if previous is not None and previous.docs == delta_docs:
            entry = _keep_segment(previous, writer, cache)
        else:
            folder, files = segment_files(*without_text(numbers), urls.base_path)
            entry = _write_segment(folder, files, writer, cache)
            made = True
        entries.append(entry)
        deleted.append([])
        kept["base" if decided.base is None else "delta"] = {"entry": entry, "docs": list(delta_docs)}
    fold, fold_list = fold_files(fold_map())
    for name, data in fold_list:
        writer.write(f"search/{name}", data)
    writer.write(f"search/{MANIFEST}", manifest_file(entries, deleted, fold))
    if cache:
        cache.save_state("search", kept)
    return not made, (len(decided.delta) if decided.base is not None else None)


def _start_search_index(catalog: Catalog, texts: Texts, urls: Urls, cache: BuildCache | None,
                        writer: SiteWriter) -> _Background:
    return _Background(lambda: _search_index(catalog, texts, urls, cache, writer))


def _write_lists_and_downloads(catalog: Catalog, urls: Urls, theme: Theme, writer: SiteWriter,
                               cache: BuildCache | None) -> int:
    """Assets, the list, comparison, agency, region and year pages, sitemap, feed and the
    downloads; returns how many HTML pages. A page or download whose inputs are those of
    the file the site holds (the same reports, unchanged) is kept, not made again."""
    for name, data in theme.assets.items():
        writer.write(f"assets/{name}", data)
    made_from = (cache.state("pages") or {}).get("inputs", {}) if cache else {}
    inputs: dict[str, str] = {}

    def put(dest: str, given: str | None, make: Callable[[], bytes | Iterator[bytes]]) -> None:
        if given:
            inputs[dest] = given
            if made_from.get(dest) == given and writer.keep(dest):
                return
        writer.write(dest, make())

    pages = 0
    for page in list_pages(catalog, theme.env, urls):
        pages += page.dest.endswith(".html")
        put(page.dest, page.inputs, lambda page=page: page.render().encode("utf-8"))
    for download in data_files(catalog, urls):
        put(download.dest, download.inputs, _kept_pieces(download, cache) if download.pieces else download.make)
    if cache:
        cache.save_state("pages", {"inputs": inputs})
    return pages


def _kept_pieces(download: Download, cache: BuildCache | None) -> Callable[[], Iterator[bytes]]:
    """Make a download of one piece per report taking unchanged reports' pieces (by their
    digest) from the cache, which then holds this build's pieces."""
    pieces = download.pieces
    if cache is None or not all(report.digest for report in pieces.reports):
        return download.make
    name = download.dest.replace("/", "-")

    def make() -> Iterator[bytes]:
        known = cache.pieces(name)

        def each() -> Iterator[tuple[str, bytes]]:
            for report in pieces.reports:
                piece = known.get(report.digest)
                yield report.digest, pieces.piece(report) if piece is None else piece

        yield from pieces.join(cache.keep_pieces(name, each()))

    return make


def build_site(content: Path, out: Path, base_url: str, templates: Path = TEMPLATES, jobs: int | None = None,
               progress: Callable[[int, int], None] | None = None, cache: Path | None = None,
               clean: bool = False) -> BuildResult:
    """Build the site from content into out, stage by stage. With a cache folder, what is
    unchanged since the last build comes from it (build_cache.py); clean starts afresh."""
    lap = _Stopwatch()
    urls = Urls.from_base(base_url)
    theme = _theme(templates, urls)
    entries = scan_entries(content)                                               # gather
    context = _context(content, theme.env, entries, urls)
    build_cache = _cache_for(cache, templates, base_url, context.year_limit, clean)
    lap("gather: list entries, open the cache")
    with SiteWriter(out, _site_record(build_cache)) as writer:
        reports, texts = _gather(context, entries, jobs or os.cpu_count() or 1,   # read, check, render reports
                                 progress, writer, build_cache)
        lap("read, check and render reports (process pool), write their pages")
        catalog = make_catalog(reports)                                           # catalog
        lap("catalog")
        index = _start_search_index(catalog, texts, urls, build_cache, writer)    # search segments
        del texts
        pages = len(reports) + _write_lists_and_downloads(catalog, urls, theme, writer, build_cache)  # lists, downloads
        lap("lists and downloads (the search index beside them, in a thread)")
        reused, delta = index.join()
        lap("search index: the rest after the lists")
    lap("write: swap the site in")
    if build_cache is None:
        return BuildResult(pages, writer.files, writer.bytes, timings=lap.laps)
    build_cache.save_state("site", {"files": writer.record.files})
    build_cache.prune()
    lap("save the build cache's state")
    return BuildResult(pages, writer.files, writer.bytes, build_cache.hits, build_cache.unreadable, reused, delta,
                       lap.laps)


class _Stopwatch:
    """Wall time between calls, by stage name."""

    def __init__(self) -> None:
        self.laps: tuple[tuple[str, float], ...] = ()
        self._last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps += ((stage, now - self._last),)
        self._last = now


def _site_record(cache: BuildCache | None) -> SiteRecord | None:
    """What the last build with this cache wrote (the writer checks the output still holds it)."""
    state = cache.state("site") if cache else None
    return SiteRecord(state["files"]) if state else None


class _Background(threading.Thread):
    """Runs a function in a thread and re-raises its error when joined: the search index's
    suffix arrays are built (outside the GIL) while list pages are rendered."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.work, self.error, self.result = work, None, None
        self.start()

    def run(self) -> None:
        try:
            self.result = self.work()
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self.error = error

    def join(self, timeout: float | None = None) -> object:
        super().join(timeout)
        if self.error is not None:
            raise self.error
        return self.result
