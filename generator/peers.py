"""Agencies compared with their peers: the same kind of agency (kinds.py), the same
statistics year.

A rank counts the peers strictly ahead plus one (two agencies with the same number share a
rank), among the peers that state the figure: "第 3 位，共 12 个" means 12 peers stated
it, not that 12 peers exist. Requests rank from most to fewest, the share granted from
highest to lowest. The distribution an agency page draws is a histogram of fixed bins (not
every peer's value), so a peer's edit changes another agency's page only when it moves a
bar or a rank.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.catalog import Catalog, Group, ReportRow
from generator.kinds import KINDS, agency_kind
from generator.overview import granted_share

REQUEST_BINS = ((0, 0), (1, 9), (10, 99), (100, 999), (1000, 9999), (10000, None))
"""(lowest, highest) 本年新收申请 of each bar, by orders of magnitude (an agency's requests
run from none to tens of thousands); None: no upper end"""
SHARE_BINS = 5
"""bars of twenty percentage points; 100% is in the last"""


@dataclass(frozen=True, slots=True)
class Peer:
    report: ReportRow
    share: float | None
    requests_rank: int | None
    share_rank: int | None

    @property
    def requests(self) -> int | None:
        return self.report.figures.get("requests_new")


@dataclass(frozen=True, slots=True)
class PeerGroup:
    kind: str
    year: int
    peers: tuple[Peer, ...]
    """most requests first (those without the figure last), then by region and agency"""
    requests_stated: int
    share_stated: int

    @property
    def dest(self) -> str:
        return peer_dest(self.kind, self.year)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    count: int
    own: bool
    """the agency whose page shows the chart is in this bar"""


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one report stands among its peers."""

    kind: str
    year: int
    dest: str
    peers: int
    requests: int | None
    requests_rank: int | None
    requests_stated: int
    share: float | None
    share_rank: int | None
    share_stated: int


@dataclass(frozen=True, slots=True)
class Distribution:
    """The peers of one year as two histograms (peers per bar), the agency's own bars."""

    year: int
    kind: str
    request_counts: tuple[int, ...]
    share_counts: tuple[int, ...]
    own_request: int | None
    own_share: int | None

    @property
    def requests(self) -> tuple[Bar, ...]:
        return tuple(Bar(REQUEST_LABELS[i], n, i == self.own_request) for i, n in enumerate(self.request_counts))

    @property
    def share(self) -> tuple[Bar, ...]:
        return tuple(Bar(SHARE_LABELS[i], n, i == self.own_share) for i, n in enumerate(self.share_counts))


@dataclass(frozen=True, slots=True)
class Peers:
    groups: tuple[PeerGroup, ...]
    """by kind (in kinds.KINDS' order), then year, newest first"""
    kinds: tuple[str, ...]
    unclassified: tuple[Group, ...]
    """agencies whose name gives no kind"""
    standings: dict[str, tuple[Standing, ...]]
    """agency dest -> its reports' standings, oldest first"""
    distributions: dict[str, Distribution]
    """agency dest -> its latest year's histograms"""


def peer_dest(kind: str, year: int) -> str:
    return f"peers/{kind}/{year}/"


def _ranks(values: list[float | None]) -> list[int | None]:
    """1 + how many values are strictly greater; None stays None."""
    stated = sorted((v for v in values if v is not None), reverse=True)
    first: dict[float, int] = {}
    for i, value in enumerate(stated):
        first.setdefault(value, i + 1)
    return [None if v is None else first[v] for v in values]


def _request_bar(value: int) -> int:
    return next(i for i, (low, high) in enumerate(REQUEST_BINS) if value >= low and (high is None or value <= high))


def _share_bar(value: float) -> int:
    return min(int(value * SHARE_BINS), SHARE_BINS - 1)


def _request_label(low: int, high: int | None) -> str:
    return f"{low}" if low == high else f"{low}以上" if high is None else f"{low}–{high}"


REQUEST_LABELS = tuple(_request_label(low, high) for low, high in REQUEST_BINS)
SHARE_LABELS = tuple(f"{i * 100 // SHARE_BINS}–{(i + 1) * 100 // SHARE_BINS}%" for i in range(SHARE_BINS))


def _histograms(group: PeerGroup) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """How many peers in each bar, of requests and of the share granted."""
    requests, shares = [0] * len(REQUEST_BINS), [0] * SHARE_BINS
    for peer in group.peers:
        if peer.requests is not None:
            requests[_request_bar(peer.requests)] += 1
        if peer.share is not None:
            shares[_share_bar(peer.share)] += 1
    return tuple(requests), tuple(shares)


def _distribution(group: PeerGroup, histograms: tuple[tuple[int, ...], tuple[int, ...]], own: Peer) -> Distribution:
    return Distribution(group.year, group.kind, *histograms,
                        None if own.requests is None else _request_bar(own.requests),
                        None if own.share is None else _share_bar(own.share))


def make_peers(catalog: Catalog) -> Peers:
    kinds = {agency.dest: agency_kind(agency.name) for agency in catalog.agencies}
    grouped: dict[tuple[str, int], list[tuple[ReportRow, str]]] = defaultdict(list)
    for agency in catalog.agencies:  # in the catalog's order: a tie in requests keeps it
        for report in agency.reports:
            if kinds[agency.dest] and report.year:
                grouped[(kinds[agency.dest], report.year)].append((report, agency.dest))
    order = {kind: i for i, (kind, _) in enumerate(KINDS)}
    groups, standings, latest = [], defaultdict(list), {}
    for kind, year in sorted(grouped, key=lambda k: (order[k[0]], -k[1])):
        reports = [report for report, _ in grouped[(kind, year)]]
        shares = [granted_share(r.figures) for r in reports]
        request_ranks = _ranks([r.figures.get("requests_new") for r in reports])
        share_ranks = _ranks(shares)
        peers = [(Peer(r, s, a, b), dest) for (r, dest), s, a, b in zip(grouped[(kind, year)], shares, request_ranks,
                                                                          share_ranks, strict=True)]
        peers.sort(key=lambda pair: (pair[0].requests is None, -(pair[0].requests or 0)))
        group = PeerGroup(kind, year, tuple(peer for peer, _ in peers), sum(r is not None for r in request_ranks),
                          sum(s is not None for s in share_ranks))
        groups.append(group)
        for peer, agency in peers:
            standings[agency].append(Standing(kind, year, group.dest, len(peers), peer.requests, peer.requests_rank,
                                              group.requests_stated, peer.share, peer.share_rank, group.share_stated))
            if agency not in latest or latest[agency][0].year < year:
                latest[agency] = (group, peer)
    histograms = {group.dest: _histograms(group) for group in groups}
    return Peers(
        tuple(groups), tuple(kind for kind, _ in KINDS if any(g.kind == kind for g in groups)),
        tuple(agency for agency in catalog.agencies if kinds[agency.dest] is None),
        {agency: tuple(sorted(found, key=lambda s: s.year)) for agency, found in standings.items()},
        {agency: _distribution(group, histograms[group.dest], peer) for agency, (group, peer) in latest.items()},
    )
