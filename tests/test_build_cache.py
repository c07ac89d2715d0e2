"""The build cache: a build that takes reports from it gives the same site, byte for byte,
as a clean build of the same archive, through edits, additions, deletions and template
changes; a damaged or foreign cache is ignored and said to be."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import TEMPLATES, BuildFailed, build_site

from conftest import ROOT
from site_helpers import BASE_URL, clone_entry, tree

ARCHIVE = ROOT / "tests" / "fixtures" / "archive"
AGENCY = Path("福建省平潭综合实验区") / "平潭综合实验区管理委员会"


@pytest.fixture()
def work(tmp_path) -> Path:
    shutil.copytree(ARCHIVE, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path


def _cached(work: Path, name: str):
    return build_site(work / "content", work / name, BASE_URL, work / "templates", jobs=1, cache=work / ".cache")


def _clean(work: Path, name: str) -> dict[str, bytes]:
    build_site(work / "content", work / name, BASE_URL, work / "templates", jobs=1)
    return tree(work / name)


def _cache_files(work: Path) -> list[Path]:
    return sorted((work / ".cache" / "reports").glob("*/*"))


def test_an_unchanged_archive_comes_from_the_cache_unchanged(work):
    first = _cached(work, "a")
    assert first.cached == 0 and len(_cache_files(work)) == 4
    second = _cached(work, "b")
    assert second.cached == 4 and second.unreadable_cache == 0 and second.index_reused
    assert tree(work / "a") == tree(work / "b") == _clean(work, "clean")


def test_the_search_index_is_reused_only_while_no_searchable_text_changed(work):
    """Snippets are read from the report pages, so a page whose text moved (a figure
    changed above it) is indexed again; an edit below the text is not searched."""
    _cached(work, "a")
    entry = work / "content" / AGENCY / "2025.md"
    text = entry.read_text(encoding="utf-8")
    assert "  pinyin_removed: 0\n" in text
    entry.write_text(text.replace("  pinyin_removed: 0\n", "  pinyin_removed: 3\n", 1), encoding="utf-8")
    assert _cached(work, "b").index_reused  # said below the text: not searched, nothing moved
    text = entry.read_text(encoding="utf-8")
    figures = next(line for line in text.splitlines() if line.startswith("figures:"))
    assert "requests_new: " in figures
    entry.write_text(text.replace(figures, figures.replace("requests_new: ", "requests_new: 1"), 1), encoding="utf-8")
    assert not _cached(work, "b2").index_reused  # the figures table above the text grew
    entry.write_text(entry.read_text(encoding="utf-8") + "\n补充说明：新增一段文字。\n", encoding="utf-8")
    result = _cached(work, "c")
    assert not result.index_reused and result.cached == 3
    assert tree(work / "c") == _clean(work, "clean")
    assert len(list((work / ".cache" / "files").iterdir())) == 1  # the old index is pruned


def test_a_damaged_cached_index_is_rebuilt(work):
    _cached(work, "a")
    blob = max((work / ".cache" / "files").glob("*/*"), key=lambda p: p.stat().st_size)
    blob.write_bytes(b"damaged")
    result = _cached(work, "b")
    assert not result.index_reused and result.unreadable_cache == 1
    assert tree(work / "b") == tree(work / "a")


def test_downloads_take_unchanged_reports_pieces_and_never_damaged_ones(work):
    _cached(work, "a")
    pieces = work / ".cache" / "pieces"
    assert {p.name for p in pieces.glob("data-reports.*")} == {"data-reports.csv.bin", "data-reports.csv.json",
                                                                "data-reports.json.bin", "data-reports.json.json"}
    entry = work / "content" / AGENCY / "2025.md"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("\ntitle: ", "\ntitle: （修订）", 1), encoding="utf-8")
    blob = pieces / "data-reports.csv.bin"
    blob.write_bytes(blob.read_bytes().replace(b"\r\n", b"\n", 1))  # one byte less: the hash fails
    result = _cached(work, "b")
    assert result.unreadable_cache == 1
    assert tree(work / "b") == _clean(work, "clean")
    assert "（修订）" in (work / "b" / "data" / "reports.json").read_text(encoding="utf-8")


def test_an_edit_rebuilds_that_report_and_everything_it_shows_on(work):
    _cached(work, "a")
    entry = work / "content" / AGENCY / "2025.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: 订正：", 1), encoding="utf-8")
    result = _cached(work, "b")
    assert result.cached == 3
    assert tree(work / "b") == _clean(work, "clean")
    assert tree(work / "a") != tree(work / "b")
    assert len(_cache_files(work)) == 4  # the old version of the edited report is pruned


def test_a_figure_edit_remakes_the_pages_of_the_agencies_it_is_ranked_with(work):
    """An agency page shows its rank among its peers: a peer's new figure must remake it
    (the page's inputs include its standing), and a new kind of warning a data quality
    page and the sitemap, or the site updated in place would differ from a clean build."""
    clone_entry(work / "content", "广东省江门市", "江门市人民政府", 50)
    _cached(work, "a")
    page = work / "a" / "agencies" / "广东省阳江市" / "阳江市人民政府" / "index.html"
    assert "第 1 位，共 2 个" in page.read_text(encoding="utf-8")
    entry = work / "content" / "广东省江门市" / "江门市人民政府" / "2019.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("requests_new: 50,", "requests_new: 500,", 1),
                     encoding="utf-8")
    result = _cached(work, "a")  # updated in place: only what changed is made again
    assert result.cached == 4
    assert tree(work / "a") == _clean(work, "clean")
    assert "第 2 位，共 2 个" in page.read_text(encoding="utf-8")
    # a maintainer's warning of a new kind: a data quality page of its own, in the sitemap
    entry = work / "content" / "广东省阳江市" / "阳江市人民政府" / "2019.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "warnings:\n", "warnings:\n- 维护者：第三页的表格是扫描图片，数字据图片补录\n", 1), encoding="utf-8")
    _cached(work, "a")
    assert tree(work / "a") == _clean(work, "clean")
    assert "quality/warnings/other/" in (work / "a" / "sitemap.xml").read_text(encoding="utf-8")


def test_adding_and_deleting_reports_relinks_the_neighbours(work):
    _cached(work, "a")
    folder = work / "content" / AGENCY
    for suffix in (".md", ".raw.txt"):  # 2024 goes: 2025 loses its link to the previous year
        (folder / f"2024{suffix}").unlink()
    result = _cached(work, "b")
    assert result.cached == 2  # 2025's page changed: its neighbours are part of its key
    assert tree(work / "b") == _clean(work, "clean")
    assert len(_cache_files(work)) == 3


def test_a_moved_or_copied_entry_is_checked_again(work):
    """A cached report skips reading and rendering, never the rules: an entry moved away
    from where its facts put it, or copied beside itself, fails as in a clean build."""
    _cached(work, "a")
    folder = work / "content" / AGENCY
    for suffix in (".md", ".raw.txt"):
        shutil.copy(folder / f"2025{suffix}", folder / f"2026{suffix}")
    with pytest.raises(BuildFailed) as failed:
        _cached(work, "b")
    assert any("place it at" in str(problem) for problem in failed.value.problems)
    assert any("has a second entry" in str(problem) for problem in failed.value.problems)
    assert tree(work / "a") and not (work / "b").exists()


def test_an_entry_moved_alone_is_checked_again(work):
    """Same bytes, no neighbours before or after: only its place differs, and that is checked."""
    _cached(work, "a")
    old = work / "content" / "广东省阳江市" / "阳江市人民政府"
    new = work / "content" / "广东省阳江市" / "别的机关"
    new.mkdir()
    for name in ("2019.md", "2019.raw.txt"):
        (old / name).rename(new / name)
    with pytest.raises(BuildFailed) as failed:
        _cached(work, "b")
    assert [p.message.split(";")[0] for p in failed.value.problems] == [
        "the entry's facts place it at 广东省阳江市/阳江市人民政府/2019.md"
    ]


def test_a_template_change_rebuilds_every_report(work):
    _cached(work, "a")
    page = work / "templates" / "report.html"
    page.write_text(page.read_text(encoding="utf-8").replace("关于本文", "关于此文"), encoding="utf-8")
    result = _cached(work, "b")
    assert result.cached == 0
    assert tree(work / "b") == _clean(work, "clean")
    assert "关于此文" in next((work / "b").glob("reports/*/*/*/index.html")).read_text(encoding="utf-8")


def test_a_damaged_or_foreign_cache_is_ignored_and_reported(work):
    _cached(work, "a")
    damaged, foreign, other, _ = _cache_files(work)
    damaged.write_bytes(damaged.read_bytes()[:50])  # cut short: gzip's check fails
    foreign.write_bytes(other.read_bytes())  # a sound file that holds another report's key
    result = _cached(work, "b")
    assert (result.unreadable_cache, result.cached) == (2, 2)
    assert tree(work / "b") == tree(work / "a")
    assert _cached(work, "c").cached == 4  # rebuilt and kept again


def test_build_clean_starts_afresh_and_says_what_came_from_the_cache(work):
    def build(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", "build", "--content", str(work / "content"),
             "--out", str(work / "site"), *extra], cwd=ROOT, capture_output=True, text=True, timeout=300,
        )

    assert "from the build cache" not in build().stdout
    assert (work / ".cache" / "build" / "reports").is_dir()
    assert "4 reports came unchanged from the build cache" in build().stdout
    assert "from the build cache" not in build("--clean").stdout


def test_tables_kept_as_text_say_whether_they_are_empty_without_parsing(monkeypatch):
    """The cells downloads ask every report whether it has tables; a cached row answers
    from its JSON text, and agrees with the tables parsed."""
    from generator import build_cache

    tables = build_cache.LazyJSON('{"t2": {"rules": {"made": 1}}}')
    empty = build_cache.LazyJSON("{}")
    monkeypatch.setattr(build_cache.LazyJSON, "_parsed", lambda self: pytest.fail("parsed"))
    assert bool(tables) and not bool(empty)
    monkeypatch.undo()
    assert bool(tables) == bool(dict(tables)) and bool(empty) == bool(dict(empty))
