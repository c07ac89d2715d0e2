"""Facts from the opening screens of real reports as the web shows them (portals, mirrors,
content farms, hijacked pages): d01-d42 of the shared data set. d29-d42 were held out and
measured once before rules were written from them (numbers in the README)."""

from __future__ import annotations

import opencc
import pytest
import yaml

from generator.importer import prepare
from generator.places import same_region

from conftest import FIXTURES, WEB

FACTS = yaml.safe_load((FIXTURES / "web" / "facts.yaml").read_text(encoding="utf-8"))
_T2S = opencc.OpenCC("t2s").convert


def _mainland(name: str) -> str:
    """A name as the archive writes it: brackets in Chinese text are full width."""
    return name.replace("(", "（").replace(")", "）")


def _truth(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.fixture(scope="module")
def fronts() -> dict[str, dict]:
    return {path.stem: prepare(path).front for path in WEB}


def test_every_screen_has_its_facts():
    assert [path.stem for path in WEB] == sorted(FACTS) and len(WEB) == 42


@pytest.mark.parametrize("name", sorted(FACTS))
def test_year_agency_and_date_of_each_screen(fronts, name):
    truth, front = FACTS[name], fronts[name]
    accepted = {_mainland(_T2S(n)) for n in [truth["agency"], *(truth.get("agency_also") or [])] if n} or {None}
    assert front["year"] == truth["year"]
    assert front["agency"] in accepted
    assert front["published"] == _truth(truth.get("published"))


def test_regions_of_the_screens(fronts):
    """A region is right when it names the same place (a county with or without its city);
    one screen (d01) gives no county but the area code and a slogan, so 41 of 42."""
    right = [name for name in FACTS if same_region(fronts[name]["region"], FACTS[name]["region"])]
    assert len(right) >= 41, sorted(set(FACTS) - set(right))


def test_a_short_page_that_names_its_agency_and_year_is_imported(tmp_path):
    """A mirror kept little more than the title; it is imported with warnings, not refused."""
    page = tmp_path / "short.txt"
    page.write_text("峰江街道2021年度信息公开年度报告\n\n本年度我街道主动公开政府信息120条。\n", encoding="utf-8")
    front = prepare(page).front
    assert (front["agency"], front["year"]) == ("峰江街道办事处", 2021)
    assert front["warnings"]
