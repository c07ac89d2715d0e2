"""Facts, format, tables and figures of real reports, as found and damaged."""

from __future__ import annotations

import datetime

import opencc
import pytest

from generator.normalize import normalize_bytes, normalize_text
from generator.parse import parse_report
from generator.parse.facts import signature_date
from generator.parse.names import official_name
from generator.places import region_of, same_region

from conftest import CORPUS, SEEDS, facts, seed

REPORTS = SEEDS + CORPUS
# The hand-checked facts write the same situation two ways (005: zone in the title ->
# 管理委员会; seed 003: zone in the title -> 管委会); we write 管委会 out everywhere.
AGENCY_SPELLING = {"003_c007d34cebec33e3.txt": "万盛经开区管理委员会"}


def parse(path, damage=lambda text: text):
    text = damage(path.read_text(encoding="utf-8"))
    return parse_report(normalize_bytes(text.encode("utf-8"), str(path)))


def _truth(path):
    truth = facts(path)
    published = truth["published"]
    return {
        "agency": AGENCY_SPELLING.get(path.name, truth["agency"]),
        "region": truth["region"],
        "year": truth["year"],
        "published": published.isoformat() if isinstance(published, datetime.date) else published,
        "format": truth["format"],
    }


@pytest.mark.parametrize("damage", [None, "s2twp"])
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: f"{p.parent.name}/{p.name[:3]}")
def test_facts_and_figures_match_the_hand_checked_ones(path, damage):
    convert = opencc.OpenCC("s2twp").convert if damage else (lambda text: text)
    parsed = parse(path, convert)
    got = {key: getattr(parsed, key) for key in ("agency", "region", "year", "published", "format")}
    truth = _truth(path)
    assert same_region(got.pop("region"), truth.pop("region"))
    assert got == truth
    for key, expected in facts(path)["figures"].items():
        assert parsed.figures.get(key) == expected, key


def test_blanked_years_stay_unknown_and_the_farm_date_is_not_used():
    parsed = parse(seed("004"))
    assert (parsed.year, parsed.published, parsed.region) == (None, None, None)
    assert any(w.startswith("年份：") for w in parsed.warnings)


def test_table_three_run_together_with_stray_spaces_in_headers():
    parsed = parse(CORPUS[0].with_name("012.txt"))
    t3 = parsed.tables["t3"]
    assert list(t3["new_received"].values()) == [151, 3, 0, 0, 0, 0, 154]
    assert t3["other_no_correction"]["total"] == 8 and t3["carry_forward"]["total"] == 6
    assert len(t3) == 25  # the 2021 format's data rows
    cases = parsed.tables["t4"]["cases"]
    assert list(cases.values()) == [25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3]
    assert {c["result"] for c in parsed.checks} == {"holds"}


def test_table_four_has_one_reading_that_fits_the_group_sums():
    cases = parse(CORPUS[0].with_name("016.txt")).tables["t4"]["cases"]
    assert list(cases.values()) == [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]


def test_one_cell_per_line_tables_in_traditional_script():
    parsed = parse(seed("002"))
    assert len(parsed.tables["t3"]) == 23  # the 2019 format's data rows
    assert list(parsed.tables["t4"]["cases"].values()) == [12, 4, 4, 3, 23, 5, 3, 1, 3, 12, 3, 3, 0, 5, 11]
    assert {c["result"] for c in parsed.checks if c["id"] != "X-1"} == {"holds"}


def test_a_failing_check_is_recorded_not_fixed():
    parsed = parse(CORPUS[0].with_name("010.txt"))
    failing = [c for c in parsed.checks if c["result"] == "fails"]
    assert {"id": "T3-B", "where": "t3.total", "result": "fails", "left": 21, "right": 27} in failing
    assert parsed.figures["results_total"] == 21
    assert any("T3-B" in w and "核对不成立" in w for w in parsed.warnings)


def test_signed_and_unit_cells_of_table_two():
    t2 = parse(CORPUS[0].with_name("010.txt")).tables["t2"]
    assert t2["art20_8"]["fees"] == {"prev_year_items": 35, "change": -15}
    t2 = parse(CORPUS[0].with_name("014.txt")).tables["t2"]
    assert t2["art20_9"]["central_procurement"] == {"procurement_projects": 1, "procurement_amount": "246900元"}


def test_ambiguous_cells_are_left_empty_with_a_warning():
    parsed = parse(CORPUS[0].with_name("014.txt"))
    assert parsed.tables["t2"]["art20_5"]["licensing"] == {"prev_year_items": None, "change": None, "decisions": None}
    assert any("行政许可" in w and "种读法" in w for w in parsed.warnings)
    # Table 四 of seed 002 with its digits run together in a way two readings fit.
    raw = seed("002").read_text(encoding="utf-8")
    numbers = "\n".join(["12", "4", "4", "3", "23", "5", "3", "1", "3", "12", "3", "3", "0", "5", "11"])
    assert numbers in raw
    ambiguous = raw.replace(numbers, "0100111022261120013")
    parsed = parse_report(normalize_text(ambiguous))
    assert set(parsed.tables["t4"]["cases"].values()) == {None}
    assert parsed.figures["review_total"] is None
    assert any(w.startswith("统计表四：") and "2 种读法" in w for w in parsed.warnings)


def test_missing_tables_give_no_numbers_not_zeros():
    parsed = parse(seed("000"))
    assert parsed.tables == {} and parsed.format == "table-2019"
    assert parsed.figures == {"requests_new": 1}
    assert parsed.figure_sources["requests_new"]["sentence"].startswith(
        "2019年，江门市土地储备中心共受理政府信息公开申请1件"
    )


def test_prose_and_table_disagreeing_are_both_kept():
    parsed = parse(CORPUS[0].with_name("005.txt"))
    assert parsed.figures["proactive_total"] == 1913
    assert parsed.figure_sources["proactive_total"]["prose"] == 1913
    assert parsed.figure_sources["proactive_total"]["table"] == 739
    assert ({"id": "X-1", "where": "figures.proactive_total", "result": "fails", "left": 1913, "right": 739}
            in parsed.checks)


def test_body_is_markdown_without_tables_and_escaped():
    body = parse(CORPUS[0].with_name("012.txt")).body
    assert "## 一、总体情况" in body and "## 六、其他需要报告的事项" in body
    assert "15130000154" not in body and "自然人" not in body
    assert not body.startswith("平潭综合实验区2025年度")


def test_untrusted_markup_in_the_text_is_escaped():
    raw = seed("003").read_text(encoding="utf-8").replace(
        "一、政务公开工作概述", "一、政务公开工作概述\n*强调* [链接](javascript:alert(1)) `代码` # 标题", 1
    )
    body = parse_report(normalize_text(raw)).body
    assert "\\*强调\\*" in body and "\\[链接\\]" in body and "\\`代码\\`" in body


@pytest.mark.parametrize(
    ("issuer", "official"),
    [("平潭县", "平潭县人民政府"), ("平潭综合实验区", "平潭综合实验区管理委员会"),
     ("平潭综合实验区管委会", "平潭综合实验区管理委员会"),
     ("江门市发展和改革局", "江门市发展和改革局"), ("阳江市人民政府", "阳江市人民政府")],
)
def test_official_names(issuer, official):
    assert official_name(issuer) == official


def test_years_written_in_chinese_numerals_and_dates_in_headers():
    from generator.parse.facts import extract_facts

    text = "二〇一九年度政府信息公开工作年度报告\n一、总体情况\n全年共受理政府信息公开申请3件。"
    facts = extract_facts(
        text, {"title": "某市财政局二〇一九年度政府信息公开工作年度报告", "published": "2020年01月06日"}
    )
    assert (facts.year, facts.published, facts.agency) == (2019, "2020-01-06", "某市财政局")


def test_signature_dates_in_both_numeral_systems():
    assert signature_date(["平潭综合实验区管委会办公室", "二○一三年一月二十日"]) == "2013-01-20"
    assert signature_date(["江门市发展和改革局", "2024年1月12日"]) == "2024-01-12"
    assert signature_date(["二○一二年十二月三十一日"]) == "2012-12-31"


def _table_three_as(rendering: str) -> str:
    """Corpus 012 with its table 三 re-rendered as a Markdown or an HTML table."""
    from generator.formats import formats

    raw = CORPUS[0].with_name("012.txt").read_text(encoding="utf-8")
    values = parse(CORPUS[0].with_name("012.txt")).tables["t3"]
    fmt = formats()["table-2021"]
    columns = [c.key for c in fmt.t3.columns]
    rows = []
    for row in fmt.t3.rows:
        cells = [str(values[row.key][c]) for c in columns] if row.data else [""] * 7
        if rendering == "markdown":
            rows.append("| " + row.label + " | " + " | ".join(cells) + " |")
        else:
            rows.append("<tr><td>" + row.label + "</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    header = "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计"
    if rendering == "html-spans":
        return _with_table_three(raw, _official_html(fmt, values))
    if rendering == "markdown":
        table = "\n".join([f"| 申请人情况 | {' | '.join(header.split())} |", "|---" * 8 + "|", *rows])
    else:
        table = (
            "<table><tr><th>申请人情况</th>" + "".join(f"<th>{h}</th>" for h in header.split()) + "</tr>"
            + "".join(rows) + "</table>"
        )
    return _with_table_three(raw, table)


def _with_table_three(raw: str, table: str) -> str:
    start, end = raw.index("三、收到和处理政府信息公开申请情况"), raw.index("四、政府信息公开行政复议、行政诉讼情况")
    return raw[:start] + "三、收到和处理政府信息公开申请情况\n" + table + "\n" + raw[end:]


def _official_html(fmt, values) -> str:
    """Table 三 as government sites publish it: a two-row header with rowspan and colspan,
    the result rows under one label cell spanning them all, entities and line breaks."""
    columns = [c.key for c in fmt.t3.columns]
    head = (
        '<tr><td colspan="3" rowspan="2">申请人情况</td><td rowspan="2">自然人</td>'
        '<td colspan="5">法人或其他组织</td><td rowspan="2">总&nbsp;计</td></tr>'
        "<tr><td>商业<br>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
    )
    # Official layout: "三、本年度办理结果" spans every result row in the first column, a
    # group label ("（三）不予公开") spans its numbered rows in the second, and a row
    # without a group spans the second and third columns.
    rows = list(fmt.t3.rows)
    body, group_left, results_left = [], 0, 0
    for index, row in enumerate(rows):
        if not row.data:
            continue
        first = ""
        if results_left == 0 and rows[index - 1].key == "results" or row.key == "granted" and results_left == 0:
            results_left = sum(1 for r in rows[index:] if r.data and r.key != "carry_forward")
            first = f'<td rowspan="{results_left}">三、本年度办理结果</td>'
        elif results_left == 0:
            first = ""
        label = f'<td colspan="{3 if results_left == 0 else 2}">{row.label}</td>'
        if results_left and not rows[index - 1].data and rows[index - 1].key != "results":
            group_left = next((n for n, r in enumerate(rows[index:]) if not r.label[0].isdigit()), len(rows) - index)
            label = f'<td rowspan="{group_left}">{rows[index - 1].label}</td><td>{row.label}</td>'
        elif group_left:
            label = f"<td>{row.label}</td>"
        group_left = max(group_left - 1, 0)
        results_left = max(results_left - 1, 0)
        cells = "".join(f"<td>{values[row.key][c]}</td>" for c in columns)
        body.append(f"<tr>{first}{label}{cells}</tr>")
    return '<table border="1">' + head + "".join(body) + "</table>"


@pytest.mark.parametrize("rendering", ["markdown", "html", "html-spans"])
def test_markdown_and_html_tables(rendering):
    expected = parse(CORPUS[0].with_name("012.txt")).tables["t3"]
    parsed = parse_report(normalize_text(_table_three_as(rendering)))
    assert parsed.tables["t3"] == expected


def test_an_empty_html_cell_is_a_figure_not_stated():
    from generator.normalize.html_tables import tables_as_lines

    table = (
        '<table><tr><td rowspan="2">甲</td><td>乙</td><td>1</td><td></td><td>3</td></tr>'
        '<tr><td colspan="2">丙</td><td>4</td></tr></table>'
    )
    assert tables_as_lines(table).strip().splitlines() == ["| 甲 | 乙 | 1 | / | 3 |", "|  | 丙 |  | 4 | / |"]


def test_slash_marks_an_empty_cell():
    raw = seed("002").read_text(encoding="utf-8")
    marked = raw.replace("1.屬於國家秘密\n0\n", "1.屬於國家秘密\n/\n", 1)
    assert marked != raw
    parsed = parse_report(normalize_text(marked))
    assert parsed.tables["t3"]["denied_state_secret"]["natural_person"] is None
    row_check = next(c for c in parsed.checks if c["where"] == "t3.denied_state_secret")
    assert row_check["result"] == "not applicable"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("全年主动公开我区各级单位政府信息2645条。", 2645),  # words between the verb and 信息
        ("全年主动公开政府信息2122条，其中重大建设项目领域发布信息166条。", 2122),  # the total, not a part
        ("全年我区政府信息公开单位共公布政府信息2602条(其中机构职能类信息82条)。", 2602),
        ("主动公开财政预决算信息30条。", None),  # one kind of information, not the total
    ],
)
def test_proactive_total_in_prose(sentence, expected):
    from generator.parse.prose import proactive_total

    figure = proactive_total(sentence)
    assert (figure.value if figure else None) == expected


@pytest.mark.parametrize(
    ("agency", "text", "region"),
    [
        ("温州市公安局鹿城区分局", "", "浙江省温州市鹿城区"),
        ("十堰市生态环境局郧阳分局", "", "湖北省十堰市郧阳区"),
        ("钟祥镇人民政府", "根据《仁寿县人民政府办公室关于编制公布年度报告的通知》编制。", "四川省眉山市仁寿县"),
        ("钟祥镇人民政府", "本镇各村", None),
    ],
)
def test_regions_of_branches_and_townships(agency, text, region):
    """A city bureau's branch serves the district it names; a township that names no
    county is placed in the county its report names, and nowhere when it names none."""
    assert region_of(agency, text) == region
