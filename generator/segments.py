"""Which segments the search index is made of after a build (search_index.py).

A clean build indexes every report in one base segment. Later builds keep that base, whose
files never change, and index the reports added or changed since in one small delta
segment; the manifest names the base's reports that are gone or replaced, and the browser
drops them. Reports are compared by a digest of everything the index holds of them. When
the delta or the deletions pass MERGE_SHARE of the reports, a query would read too much
of the delta (or the base would carry too many dropped reports), so the build makes a new
base of everything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

MERGE_SHARE = 0.05
"""measured at 10,000 reports: with a delta of 480 reports (4.8%) the usual queries read
66-94 KB in a fresh browser (benchmarks/delta_queries.py), under the 100 KB budget"""


def doc_digest(url: str, title: str, agency: str, region: str, year: int | None, text_digest: str,
               places: tuple[int, ...] = ()) -> str:
    """What the index holds of one report, as a digest: equal digests, equal answers. The
    places of its snippets in its page are part of it: a page that moved (a neighbour's year
    added above the text) puts the report in the delta segment with its new places."""
    return hashlib.blake2b(json.dumps([url, title, agency, region, year, text_digest, list(places)]).encode(),
                           digest_size=12).hexdigest()


@dataclass(frozen=True, slots=True)
class Segment:
    """A segment as written: its manifest entry (with its folder) and its reports' digests."""

    entry: dict
    docs: tuple[str, ...]

    @property
    def folder(self) -> str:
        return self.entry["dir"]


@dataclass(frozen=True, slots=True)
class Plan:
    base: Segment | None
    """the base kept; None: index every report in a new base"""
    deleted: tuple[int, ...]
    """the base's reports (numbers within it) that are gone or replaced"""
    delta: tuple[int, ...]
    """the reports (numbers in the catalog) for the delta segment"""


def plan(docs: list[str], base: Segment | None, share: float | None = None) -> Plan:
    """Keep the base and index what changed, or start a new base when too much did."""
    share = MERGE_SHARE if share is None else share
    if base is None:
        return Plan(None, (), tuple(range(len(docs))))
    now = set(docs)
    before = set(base.docs)
    deleted = tuple(i for i, digest in enumerate(base.docs) if digest not in now)
    delta = tuple(i for i, digest in enumerate(docs) if digest not in before)
    if max(len(deleted), len(delta)) > share * len(docs):  # a changed report is in both
        return Plan(None, (), tuple(range(len(docs))))
    return Plan(base, deleted, delta)
