"""Incremental builds: a site updated in place through a series of additions, edits and
deletions equals a clean build of the same archive, page for page and download for
download, and its search index (a kept base segment, a delta segment and deletions) gives
the same answers as a clean build's and as a plain scan of the texts."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import opencc
import pytest
from search_reader import Reader

from generator import segments
from generator.build import build_site, load_catalog
from generator.index import search
from generator.urls import Urls
from generator.write import STAMP

from conftest import ROOT
from site_helpers import BASE_URL, tree

ARCHIVE = ROOT / "content"
INDEX_FILES = ("search/", STAMP)


def _pages(site: Path) -> dict[str, bytes]:
    return {name: data for name, data in tree(site).items() if not name.startswith(INDEX_FILES)}


def _answers(site: Path, queries: list[str]) -> dict[str, dict[str, int]]:
    """{query: {report URL: occurrences}} as the browser would get them from the site's index."""
    reader = Reader(lambda path: (site / "search" / path).read_bytes())
    return {q: {reader.details(doc)["url"]: hits for doc, hits in reader.query(q).items()} for q in queries}


def _scan(content: Path, queries: list[str]) -> dict[str, set[str]]:
    """The reports containing each query, by a plain scan of the archive's texts (folding
    traditional characters as search does)."""
    catalog, texts = load_catalog(content)
    urls = Urls.from_base(BASE_URL)
    by_url = sorted((urls.path(r.dest), texts[r.stem]) for r in catalog.reports)
    return {q: {by_url[i][0] for i in search([text for _, text in by_url], q)} for q in queries}


def _queries(content: Path, count: int, seed: int) -> list[str]:
    s2t = opencc.OpenCC("s2t").convert
    _, texts = load_catalog(content)
    rng = random.Random(seed)
    bodies = [texts[stem].split("\u0001")[3] for stem in sorted(texts)]
    queries = ["信息公开", "行政复议", "补充说明", "新增一段"]
    while len(queries) < count:
        body = rng.choice(bodies)
        length = rng.choice([2, 3, 4, 6, 10])
        start = rng.randrange(0, max(1, len(body) - length))
        piece = body[start:start + length]
        queries.append(s2t(piece) if rng.random() < 0.3 else piece)
    return queries


@pytest.fixture()
def archive(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(segments, "MERGE_SHARE", 1.0)  # never merge: every step keeps the base
    shutil.copytree(ARCHIVE, tmp_path / "content")
    return tmp_path


def test_an_archive_built_step_by_step_equals_a_clean_build(archive):
    content, site, cache = archive / "content", archive / "site", archive / ".cache"
    entries = sorted(content.rglob("*.md"))
    set_aside = archive / "aside"
    added = entries[3]  # taken out first, added back later
    shutil.copytree(added.parent, set_aside / added.parent.name)
    raw = next(added.parent.glob(added.stem + ".raw.*"))
    added.unlink()
    raw.unlink()

    def step() -> None:
        build_site(content, site, BASE_URL, jobs=1, cache=cache)
        clean = archive / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build_site(content, clean, BASE_URL, jobs=1)
        assert _pages(site) == _pages(clean)
        queries = _queries(content, 60, seed=len(list(content.rglob("*.md"))))
        incremental, fresh = _answers(site, queries), _answers(clean, queries)
        assert incremental == fresh
        scan = _scan(content, queries)
        assert {q: set(found) for q, found in incremental.items()} == scan

    step()  # the base
    edited = entries[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充说明：新增一段文字。\n", encoding="utf-8")
    step()  # an edit: a delta of one report, the base's copy dropped
    manifest = (site / "search" / "manifest.json").read_text(encoding="utf-8")
    assert '"deleted":[[' in manifest and len(Reader(lambda p: (site / "search" / p).read_bytes()).segments) == 2
    retitled = entries[1]  # what the downloads show of it changes: its rows are made again
    text = retitled.read_text(encoding="utf-8")
    retitled.write_text(text.replace("\ntitle: ", "\ntitle: （修订）", 1), encoding="utf-8")
    step()
    assert "（修订）" in (site / "data" / "reports.csv").read_text(encoding="utf-8-sig")
    shutil.copy(set_aside / added.parent.name / added.name, added)
    shutil.copy(set_aside / added.parent.name / raw.name, raw)
    step()  # an addition
    gone = entries[-1]
    for path in gone.parent.glob(gone.stem + ".*"):
        path.unlink()
    step()  # a deletion
    reader = Reader(lambda p: (site / "search" / p).read_bytes())
    assert len(reader.segments) == 2 and len(reader.dropped[0]) == 3  # the edited, retitled and deleted reports
    region, agency = gone.parent.parent.name, gone.parent.name
    assert not (site / "reports" / region / agency / gone.stem).exists()


def test_an_update_writes_only_what_changed_and_a_failed_one_changes_nothing(archive):
    content, site, cache = archive / "content", archive / "site", archive / ".cache"
    build_site(content, site, BASE_URL, jobs=1, cache=cache)
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    entry = sorted(content.rglob("*.md"))[0]
    entry.write_text(entry.read_text(encoding="utf-8") + "\n补充说明：新增一段文字。\n", encoding="utf-8")
    build_site(content, site, BASE_URL, jobs=1, cache=cache)
    after = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    rewritten = [p for p in after if p in before and after[p] != before[p]]
    assert 0 < len(rewritten) < len(before) / 10, len(rewritten)
    snapshot = tree(site)
    entry.write_text("---\nyear: 该年\n---\n", encoding="utf-8")  # broken: the build fails
    with pytest.raises(Exception):
        build_site(content, site, BASE_URL, jobs=1, cache=cache)
    assert tree(site) == snapshot
    assert [p.name for p in archive.iterdir() if p.name.startswith(".site")] == []


def test_an_interrupted_update_is_never_trusted(archive):
    """Without its stamp (an update stopped half way, or a site changed by hand) the output
    is rebuilt fresh, not patched."""
    content, site, cache = archive / "content", archive / "site", archive / ".cache"
    build_site(content, site, BASE_URL, jobs=1, cache=cache)
    (site / STAMP).unlink()
    (site / "index.html").write_bytes(b"damaged")
    build_site(content, site, BASE_URL, jobs=1, cache=cache)
    clean = archive / "clean"
    build_site(content, clean, BASE_URL, jobs=1)
    assert tree(site) == tree(clean)


def test_a_new_base_only_when_the_delta_or_the_deletions_pass_the_share():
    """A changed report is both dropped from the base and added to the delta: with 5% of the
    reports changed the base is kept; past that, or with everything new, a new base."""
    base = segments.Segment({"dir": "s0/"}, tuple(f"d{i}" for i in range(100)))
    five = [f"d{i}" for i in range(95)] + [f"n{i}" for i in range(5)]
    kept = segments.plan(five, base, share=0.05)
    assert kept.base is base and kept.deleted == (95, 96, 97, 98, 99) and kept.delta == (95, 96, 97, 98, 99)
    six = [f"d{i}" for i in range(94)] + [f"n{i}" for i in range(6)]
    assert segments.plan(six, base, share=0.05).base is None
    assert segments.plan(five, None).delta == tuple(range(100))  # no base yet: everything
