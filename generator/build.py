"""`build`: the archive in content/ to a static site, in one readable order.

load -> model (catalog) -> render (pages) -> index (search, downloads) -> write. Every input is
read and every page rendered before anything is written, and the archive must pass
`check` first: a broken entry stops the build with every problem listed, and the
previous site stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.catalog import Catalog, make_catalog, make_report
from generator.check import check_entries
from generator.data import data_files
from generator.errors import SourceError
from generator.index import search_files
from generator.load import iter_entries, read_raw_source
from generator.render import asset_name, environment, render_pages
from generator.urls import Urls
from generator.write import write_site

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


class BuildFailed(Exception):
    def __init__(self, problems: list[SourceError]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    files: int
    bytes: int


def _assets(templates: Path) -> dict[str, bytes]:
    static = templates / "static"
    return {path.name: path.read_bytes() for path in sorted(static.iterdir()) if path.is_file()}


def load_catalog(content: Path) -> tuple[Catalog, dict[str, str]]:
    """Every entry of the archive, checked, as a catalog plus each report's Markdown body."""
    entries = list(iter_entries(content))
    problems = check_entries(entries, content)
    if problems:
        raise BuildFailed(problems)
    reports = []
    bodies: dict[str, str] = {}
    root = content.resolve()
    for path, entry in entries:
        stem = path.resolve().relative_to(root).with_suffix("").as_posix()
        raw, suffix = read_raw_source(path)
        reports.append(make_report(stem, entry.front, entry.body, raw, suffix))
        bodies[stem] = entry.body
    return make_catalog(reports), bodies


def build_site(content: Path, out: Path, base_url: str, templates: Path = TEMPLATES) -> BuildResult:
    urls = Urls.from_base(base_url)
    catalog, bodies = load_catalog(content)
    static = _assets(templates)
    hashed = {name: asset_name(name, data) for name, data in static.items()}
    search_manifest, search = search_files(catalog, bodies, urls)
    env = environment(templates, urls, hashed)
    env.globals.update(search_index=search_manifest)
    files: dict[str, bytes] = {f"assets/{hashed[name]}": data for name, data in static.items()}
    files |= dict(search)
    pages = 0
    for dest, text in render_pages(catalog, env, urls):
        files[dest] = text.encode("utf-8")
        pages += dest.endswith(".html")
    for report in catalog.reports:
        # The archive keeps the raw bytes; readers get the same text as UTF-8, which any
        # browser shows correctly whatever the source's encoding was.
        encoding = report.front["normalization"]["encoding"]
        files[report.raw_dest] = report.raw.decode(encoding, errors="replace").encode("utf-8")
    files |= data_files(catalog, urls)
    written = write_site(files, out)
    return BuildResult(pages, len(files), written)
