"""Shared test inputs: real reports (seeds and corpus) with their hand-checked facts, and
real opening screens of reports on the web, all inside the repository (tests/fixtures), so
that a clone tests itself; only the benchmarks read the data set in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = sorted((FIXTURES / "reports" / "corpus").glob("*.txt"))
SEEDS = sorted((FIXTURES / "reports" / "seeds").glob("*.txt"))
WEB = sorted((FIXTURES / "web").glob("d*.txt"))


def seed(prefix: str) -> Path:
    """The seed whose file name starts with prefix ("002")."""
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return path


def facts(path: Path) -> dict:
    """The hand-checked facts beside a report."""
    return yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))


@pytest.fixture(params=CORPUS, ids=lambda p: f"corpus/{p.name}")
def corpus_report(request) -> Path:
    return request.param


@pytest.fixture(params=SEEDS, ids=lambda p: f"seeds/{p.name[:3]}")
def seed_report(request) -> Path:
    return request.param


def body(raw: str) -> str:
    """The page text below a crawler header ("==== 正文 ====" line), or all of it."""
    head, separator, rest = raw.partition(" 正文 ")
    return rest.split("\n", 1)[1] if separator and head.count("\n") < 15 else raw
