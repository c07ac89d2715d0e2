"""An agency's kind (人民政府, 公安局, 街道办事处, ...), from its name alone: the peers pages
compare agencies of one kind.

The rule: an agency is of the kind one of whose names its own name ends with; where
several do, the longest wins (…镇人民政府 is a township's government, not a county's;
…国有资产监督管理委员会 is not a zone's 管理委员会). Each kind lists the names it goes by at
every level (局, 厅, 委员会), and the names it went by before the 2018 reform of government
bodies (国土资源局 is now 自然资源局, 环境保护局 生态环境局), so that one function is one kind
across the years. A second name in brackets at the end is left out, and a branch (…分局)
is of its office's kind. A name that ends with none of them is unclassified: the peers page lists
those, and a maintainer adds a name here when a kind is missing. Level is not part of the
kind (a province's 公安厅 and a county's 公安局 are peers): the tables show each agency's
region beside it.
"""

from __future__ import annotations

import functools
import re

KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("人民政府", ("人民政府",)),
    ("乡镇人民政府", ("镇人民政府", "乡人民政府", "苏木人民政府")),
    ("人民政府办公室", ("人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅")),
    ("街道办事处", ("街道办事处", "街道办")),
    ("管理委员会", ("管理委员会", "管委会")),
    ("发展和改革局", ("发展和改革局", "发展和改革委员会", "发展改革委员会", "发展改革局", "发展和改革委",
                "发改局", "发改委")),
    ("教育局", ("教育局", "教育厅", "教育委员会", "教育和体育局", "教育体育局")),
    ("科学技术局", ("科学技术局", "科学技术厅", "科学技术委员会", "科技局", "科技厅")),
    ("工业和信息化局", ("工业和信息化局", "工业和信息化厅", "工业和信息化委员会", "经济和信息化局",
                  "经济和信息化委员会", "工信局", "经信局")),
    ("公安局", ("公安局", "公安厅")),
    ("民政局", ("民政局", "民政厅")),
    ("司法局", ("司法局", "司法厅")),
    ("财政局", ("财政局", "财政厅")),
    ("人力资源和社会保障局", ("人力资源和社会保障局", "人力资源和社会保障厅", "人力资源社会保障局", "人社局")),
    ("自然资源局", ("自然资源局", "自然资源厅", "自然资源和规划局", "规划和自然资源局", "规划和自然资源委员会",
               "国土资源局", "国土资源厅")),
    ("生态环境局", ("生态环境局", "生态环境厅", "环境保护局", "环境保护厅", "环保局")),
    ("住房和城乡建设局", ("住房和城乡建设局", "住房和城乡建设厅", "住房和城乡建设委员会", "住房城乡建设局", "住建局")),
    ("交通运输局", ("交通运输局", "交通运输厅", "交通运输委员会", "交通局")),
    ("水利局", ("水利局", "水利厅", "水务局")),
    ("农业农村局", ("农业农村局", "农业农村厅", "农业农村委员会", "农业局", "农业厅")),
    ("商务局", ("商务局", "商务厅", "商务委员会")),
    ("文化和旅游局", ("文化和旅游局", "文化和旅游厅", "文化广电和旅游局", "文化广电旅游局", "文化旅游局",
                "文化体育和旅游局", "文化广电体育和旅游局", "文化体育局", "文化局", "旅游局")),
    ("卫生健康委员会", ("卫生健康委员会", "卫生健康局", "卫生和计划生育委员会", "卫生和计划生育局",
                  "卫生局", "卫生厅")),
    ("退役军人事务局", ("退役军人事务局", "退役军人事务厅")),
    ("应急管理局", ("应急管理局", "应急管理厅", "安全生产监督管理局")),
    ("审计局", ("审计局", "审计厅")),
    ("市场监督管理局", ("市场监督管理局", "市场监管局", "工商行政管理局", "质量技术监督局", "食品药品监督管理局")),
    ("统计局", ("统计局",)),
    ("医疗保障局", ("医疗保障局", "医保局")),
    ("林业局", ("林业局", "林业和草原局", "林业厅")),
    ("城市管理局", ("城市管理局", "城市管理和综合执法局", "城市管理综合执法局", "综合行政执法局", "城管局")),
    ("行政审批局", ("行政审批局", "行政审批服务局", "政务服务管理局", "政务服务和大数据管理局", "政务服务数据管理局")),
    ("民族宗教事务局", ("民族宗教事务局", "民族宗教事务委员会", "民族事务委员会")),
    ("信访局", ("信访局",)),
    ("税务局", ("税务局",)),
    ("机关事务管理局", ("机关事务管理局",)),
    ("人民防空办公室", ("人民防空办公室",)),
    ("国有资产监督管理委员会", ("国有资产监督管理委员会", "国资委")),
    ("住房公积金管理中心", ("住房公积金管理中心",)),
    ("土地储备中心", ("土地储备中心",)),
)
"""(kind, the names it goes by)"""


@functools.cache
def _names() -> tuple[dict[str, str], tuple[int, ...]]:
    """name -> kind, and the names' lengths, longest first."""
    kinds = {name: kind for kind, names in KINDS for name in names}
    return kinds, tuple(sorted({len(name) for name in kinds}, reverse=True))


_SECOND_NAME = re.compile(r"[（(][^（）()]*[）)]$")
_BRANCH = "分局"


def agency_kind(agency: str | None) -> str | None:
    """The kind of the agency so named, or None: unclassified (or no name). A second name in
    brackets at the end (…委员会（…局）) is left out; a branch (<city>公安局<district>分局) is of
    the kind of the office it belongs to, the longest kind's name inside its own."""
    agency = _SECOND_NAME.sub("", agency or "")
    kinds, lengths = _names()
    for length in lengths:
        if len(agency) > length and (kind := kinds.get(agency[-length:])):
            return kind
    if agency.endswith(_BRANCH):
        for length in lengths:
            for start in range(len(agency) - length - len(_BRANCH), 0, -1):
                if kind := kinds.get(agency[start:start + length]):
                    return kind
    return None
