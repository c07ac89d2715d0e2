"""Golden pages: the site built from a small fixture archive, compared file by file.

The fixture (tests/fixtures/archive: seed 002, corpus 012 and 016, seed 004) covers both
table formats, a traditional source, an agency with two years and a report without region
or year. After a deliberate change to templates or rendering, regenerate with

    python -m generator build --content tests/fixtures/archive --out tests/golden/site --base-url https://example.org/archive/

and review the diff in the pull request. The search index's data files (its manifest and
the segment and fold folders below search/) and the site's stamp (a hash of every file) are
left out: tests/test_search_index.py checks the index by what it answers, and they are
ignored by git.
"""

from __future__ import annotations

import re

from conftest import ROOT
from site_helpers import build, tree

FIXTURE = ROOT / "tests" / "fixtures" / "archive"
GOLDEN = ROOT / "tests" / "golden" / "site"
INDEX_DATA = re.compile(r"^search/(?:s|fold)[0-9a-f]{12}/|^search/manifest\.json$|^\.build-stamp$")
REGENERATE = (
    f"python -m generator build --content {FIXTURE.relative_to(ROOT)} --out {GOLDEN.relative_to(ROOT)}"
    " --base-url https://example.org/archive/"
)


def test_fixture_site_matches_the_golden_pages(tmp_path):
    out = tmp_path / "site"
    result = build(FIXTURE, out)
    assert result.returncode == 0, result.stdout + result.stderr
    built = {name: data for name, data in tree(out).items() if not INDEX_DATA.match(name)}
    golden = {name: data for name, data in tree(GOLDEN).items() if not INDEX_DATA.match(name)}
    assert any(INDEX_DATA.match(name) for name in tree(out))
    assert sorted(built) == sorted(golden), f"pages added or removed; if intended, run: {REGENERATE}"
    changed = [name for name in built if built[name] != golden[name]]
    assert changed == [], f"pages differ from tests/golden; if intended, run: {REGENERATE}"


def test_golden_pages_cover_each_kind_of_page():
    names = tree(GOLDEN).keys()
    for expected in ("index.html", "404.html", "about/index.html", "years/2019/index.html", "feed.xml", "sitemap.xml",
                     "data/reports.csv", "data/datapackage.json"):
        assert expected in names
    assert sum(name.startswith("reports/") and name.endswith("index.html") for name in names) == 4
    assert any(name.startswith("agencies/") and "平潭" in name for name in names)
