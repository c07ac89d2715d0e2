"""`build`: the archive in content/ to a static site.

load -> model (catalog) -> render (pages) -> index (search, downloads) -> write, streamed:
entries are read, checked and their report pages rendered by a pool of processes (one per
core), and each page is written as soon as it is made; the main process keeps only what
list pages, downloads and the search index need of each report (its front matter and
searchable text). The search index is built in a thread while the list pages are
rendered. Everything goes into a fresh folder that replaces the output only when the whole
build succeeded: a broken entry stops the build with every problem listed, and the previous
site stays as it was.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.archive import raw_beside
from generator.build_cache import FORMAT as CACHE_FORMAT
from generator.build_cache import GENERATOR, BuildCache, CachedReport, fingerprint
from generator.catalog import Catalog, Neighbour, Report, make_catalog, make_report
from generator.data import data_files
from generator.errors import SourceError
from generator.index import search_files, searchable
from generator.load import iter_entry_paths, read_entry, read_raw_source
from generator.model import duplicate_problems, entry_problems, next_year
from generator.parallel import parallel_map
from generator.render import asset_name, environment, render_pages, report_page
from generator.urls import Urls, report_dest
from generator.write import SiteWriter

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
    """the search index came whole from the cache: no searchable text had changed"""


@dataclass(slots=True)
class Built:
    """What reading one entry gives the main process."""

    path: Path
    problems: list[SourceError] = field(default_factory=list)
    duplicate_key: tuple | None = None
    report: Report | None = None
    text: str = ""
    files: list[tuple[str, bytes]] = field(default_factory=list)


def _assets(templates: Path) -> dict[str, bytes]:
    static = templates / "static"
    return {path.name: path.read_bytes() for path in sorted(static.iterdir()) if path.is_file()}


def _neighbours(content: Path, paths: list[Path]) -> dict[str, tuple[Neighbour | None, Neighbour | None]]:
    """stem -> (previous, next) dated report of the same agency, from the paths alone
    (content/<region>/<agency>/<year>.md), so each report page can be rendered on its own."""
    root = content.resolve()
    agencies: dict[str, list[tuple[int, str]]] = {}
    for path in paths:
        stem = path.resolve().relative_to(root).with_suffix("").as_posix()
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


def _context(content: Path, env: jinja2.Environment | None, paths: list[Path]) -> RenderContext:
    return RenderContext(content, env, next_year(), _neighbours(content, paths))


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
    report = make_report(stem, entry.front, entry.body, raw, suffix)
    if report.year:
        report.previous, report.next = context.neighbours.get(stem, (None, None))
    files = []
    if env is not None:  # None: only the model is wanted (load_catalog)
        dest, page = report_page(report, env)
        # The archive keeps the raw bytes; readers get the same text as UTF-8, which any
        # browser shows correctly whatever the source's encoding was.
        original = raw.decode(report.front["normalization"]["encoding"], errors="replace").encode("utf-8")
        files = [(dest, page.encode("utf-8")), (report.raw_dest, original)]
    # What list pages, downloads and the index use: the front matter without what only
    # the report's own page shows.
    front = {k: v for k, v in entry.front.items() if k not in ("checks", "figure_sources", "warnings", "normalization")}
    light = Report(stem, front, [], [], b"", suffix, report.rates, {})
    return Built(path, [], key, light, searchable(report, entry.body), files)


def _stem(content: Path, path: Path) -> str:
    return path.resolve().relative_to(content.resolve()).with_suffix("").as_posix()


def _from_cache(path: Path, cached: CachedReport) -> Built:
    light = Report(cached.stem, cached.front, [], [], b"", cached.suffix, cached.rates, {})
    return Built(path, [], cached.duplicate_key, light, cached.text, list(cached.files))


def _to_cache(built: Built) -> CachedReport:
    report = built.report
    return CachedReport(report.stem, built.duplicate_key, report.front, report.rates, report.raw_suffix, built.text,
                        tuple(built.files))


def _cache_keys(context: RenderContext, paths: list[Path], cache: BuildCache) -> list[str | None]:
    """Each entry's cache key, from its path and bytes, its raw source's name and bytes and
    its neighbours; None where a file cannot be read (the worker then reports why)."""
    content, neighbours = context.content, context.neighbours
    keys: list[str | None] = []
    for path in paths:
        try:
            raw = raw_beside(path)
            stem = _stem(content, path)  # where it lies is checked too: a moved entry is checked again
            keys.append(cache.key(path.read_bytes(), raw.read_bytes() if raw else b"",
                                  (stem, raw.name if raw else None, neighbours.get(stem))))
        except OSError:
            keys.append(None)
    return keys


def _read_all(context: RenderContext, paths: list[Path], jobs: int, cache: BuildCache | None) -> Iterator[Built]:
    """Every entry's Built, from the cache where its key is there, else read and rendered
    in the pool (and then kept in the cache)."""
    keys = _cache_keys(context, paths, cache) if cache else [None] * len(paths)
    present = [i for i, key in enumerate(keys) if cache and key and cache.has(key)]
    todo = sorted(set(range(len(paths))) - set(present))
    for i in present:  # one at a time: a large archive's cache is never all in memory
        found = cache.get(keys[i])
        if found is None:
            todo.append(i)  # damaged or foreign: rebuilt below
        else:
            yield _from_cache(paths[i], found)
    work = functools.partial(_read_and_render, context)
    for i, built in zip(todo, parallel_map(work, [paths[i] for i in todo], jobs, PARALLEL_FROM)):
        if cache and keys[i] and built.report and not built.problems:
            cache.put(keys[i], _to_cache(built))
        yield built


def _gather(context: RenderContext, paths: list[Path], jobs: int, progress: Callable[[int, int], None] | None = None,
            write: Callable[[str, bytes], None] | None = None,
            cache: BuildCache | None = None) -> tuple[list[Report], dict[str, str]]:
    """Read every entry (from the cache or in a pool), writing each report's files as they
    come; raise BuildFailed with every problem, duplicates included, once all are read."""
    problems, keys, reports, texts = [], [], [], {}
    for done, built in enumerate(_read_all(context, paths, jobs, cache), 1):
        if progress:
            progress(done, len(paths))
        problems += built.problems
        if built.duplicate_key:
            keys.append((built.path, built.duplicate_key))
        if built.report and not problems:
            reports.append(built.report)
            texts[built.report.stem] = built.text
            for dest, data in built.files if write else ():
                write(dest, data)
    problems += duplicate_problems(keys)
    if problems:
        raise BuildFailed(sorted(problems, key=lambda e: (e.path, e.line, e.message)))
    return reports, texts


def load_catalog(content: Path, jobs: int = 1) -> tuple[Catalog, dict[str, str]]:
    """Every entry, checked, as a catalog of light reports plus each report's searchable
    text (for tools and tests that need the model without a site)."""
    paths = iter_entry_paths(content)
    reports, texts = _gather(_context(content, None, paths), paths, jobs)
    return make_catalog(reports), texts


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
    return Theme(environment(templates, urls, hashed), {hashed[name]: data for name, data in static.items()})


def _start_search_index(catalog: Catalog, texts: dict[str, str], urls: Urls, theme: Theme,
                        cache: BuildCache | None, writer: SiteWriter) -> _Background:
    """The search index, written by a thread while the list pages are rendered (its suffix
    arrays are built outside the GIL); taken whole from the cache when no text changed."""
    manifest, files = search_files(catalog, texts, urls)
    if cache:
        files = cache.files(manifest, files)
    theme.env.globals.update(search_index=manifest)
    return _Background(lambda: [writer.write(name, data) for name, data in files])


def _write_lists_and_downloads(catalog: Catalog, urls: Urls, theme: Theme, writer: SiteWriter) -> int:
    """Assets, the list, comparison, agency, region and year pages, sitemap, feed and the
    downloads; returns how many HTML pages."""
    for name, data in theme.assets.items():
        writer.write(f"assets/{name}", data)
    pages = 0
    for dest, text in render_pages(catalog, theme.env, urls):
        writer.write(dest, text.encode("utf-8"))
        pages += dest.endswith(".html")
    for dest, data in data_files(catalog, urls).items():
        writer.write(dest, data)
    return pages


def build_site(content: Path, out: Path, base_url: str, templates: Path = TEMPLATES, jobs: int | None = None,
               progress: Callable[[int, int], None] | None = None, cache: Path | None = None,
               clean: bool = False) -> BuildResult:
    """Build the site from content into out, stage by stage. With a cache folder, what is
    unchanged since the last build comes from it (build_cache.py); clean starts afresh."""
    urls = Urls.from_base(base_url)
    theme = _theme(templates, urls)
    paths = iter_entry_paths(content)                                             # gather
    context = _context(content, theme.env, paths)
    build_cache = _cache_for(cache, templates, base_url, context.year_limit, clean)
    with SiteWriter(out) as writer:
        reports, texts = _gather(context, paths, jobs or os.cpu_count() or 1,     # read, check, render reports
                                 progress, writer.write, build_cache)
        catalog = make_catalog(reports)                                           # catalog
        index = _start_search_index(catalog, texts, urls, theme, build_cache, writer)  # search index
        del texts
        pages = len(reports) + _write_lists_and_downloads(catalog, urls, theme, writer)  # lists, downloads
        index.join()
    if build_cache is None:
        return BuildResult(pages, writer.files, writer.bytes)
    build_cache.prune()
    return BuildResult(pages, writer.files, writer.bytes, build_cache.hits, build_cache.unreadable,
                       bool(build_cache.reused))


class _Background(threading.Thread):
    """Runs a function in a thread and re-raises its error when joined: the search index's
    suffix arrays are built (outside the GIL) while list pages are rendered."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.work, self.error = work, None
        self.start()

    def run(self) -> None:
        try:
            self.work()
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self.error = error

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if self.error is not None:
            raise self.error
