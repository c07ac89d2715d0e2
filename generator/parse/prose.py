"""Headline figures stated in sentences, and the statistics table of pre-2019 reports.

Before the national format, reports gave their numbers in prose ("全年共受理政府信息公开
申请5件") and often in an appended 统计表 with a this-year and a cumulative column run
together ("主动公开信息数条4251516" = 425 / 1516). Each figure keeps the sentence or table
row it came from, so a reader can check it, and prose and table are both kept when they
disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.parse import digits


@dataclass(frozen=True, slots=True)
class Figure:
    value: int
    source: str
    """'prose' or 'table'"""
    evidence: str
    """the sentence or table row the value was read from"""


_SENTENCE_END = re.compile(r"[。；\n]")
_PROACTIVE = re.compile(
    r"(?P<verb>主动公开|公开|公布|发布)(?:了)?(?P<scope>(?:(?!公开|公布|发布|信息)[^\d，。；、：:（(]){0,12}?)(?:各类|全部)?(?:政府|政务)?信息(?:共计|共|总数为?|数为|总计|合计)?\s*(?P<n>\d+)\s*(?P<approx>余|多)?条"
)
_PART_OF_WHOLE = re.compile(r"各|区直|县直|市直|其他|公开办|含|包括")
_WHOLE = re.compile(r"共|全年|总|全区|全县|全市|全局")
# Words between the verb and 信息 that still name the whole body: "主动公开我区各级单位政府信息".
_WHOLE_SCOPE = re.compile(
    r"^(?:各类|全部|本级|我(?:省|市|区|县|镇|乡|街道|局|委|办|厅|部|院|机关)|全(?:省|市|区|县|镇|乡|局))"
)
_APPROXIMATE = re.compile(r"主动公开[^。；]{0,20}?\d+(?:\.\d+)?万?(?:余|多)条")
_REQUESTS = re.compile(
    r"(?:收到|受理|接受|接收|办理)(?P<what>[^。；，]{0,30}?)申请(?:数|总数|共计|共)?(?:为)?\s*(?P<n>\d+)\s*(?:件|条|个|宗|次)"
)
_GRANTED = re.compile(r"同意公开(?:答复)?(?:数)?(?:为)?\s*(?P<n>\d+)\s*(?:件|条|个)")
_PARTIAL = re.compile(r"(?:同意)?部分公开(?:答复)?(?:数)?(?:为)?\s*(?P<n>\d+)\s*(?:件|条|个)")
_REVIEW = re.compile(r"行政复议(?:案件|申请)?(?:共计|共)?\s*(?P<n>\d+)\s*(?:件|起|宗|个)")
_LITIGATION = re.compile(r"行政诉讼(?:案件)?(?:共计|共)?\s*(?P<n>\d+)\s*(?:件|起|宗|个)")
# A count stated before its noun: "收到1份有关政府信息公开行政复议申请", "有1起因…申请行政复议".
_REVIEW_BEFORE = re.compile(r"(?P<n>\d+)\s*(?:份|件|起|宗|个)[^。；，\d]{0,20}?行政复议")
_LITIGATION_BEFORE = re.compile(r"(?P<n>\d+)\s*(?:份|件|起|宗|个)[^。；，\d]{0,20}?行政诉讼")
# Sentences that say a count is nil: "未收到政府信息公开申请", "未发生因政府信息公开…行政复议",
# "无提起行政诉讼的情况", "行政复议案件：无".
_NIL = r"(?:未|没有|无|均未|尚未|未曾)"
_REQUESTS_NIL = re.compile(
    rf"{_NIL}(?:收到|受理|接到|接收)(?:任何|有关|过)?(?:的)?(?:政府信息公开|信息公开|依申请公开)(?:的)?(?:书面)?申请"
)
_REVIEW_NIL = re.compile(
    rf"{_NIL}(?:发生|收到|出现|接到|提起|有)?[^。；，\d]{{0,24}}?行政复议"
    r"|行政复议(?:案件|申请)?(?:数)?(?:为|：|:)\s*(?:无|零|0\s*件)"
)
_LITIGATION_NIL = re.compile(
    rf"{_NIL}(?:发生|收到|出现|接到|提起|有)?[^。；，\d]{{0,24}}?行政诉讼"
    r"|行政诉讼(?:案件)?(?:数)?(?:为|：|:)\s*(?:无|零|0\s*件)"
)
_SECTION_HEADING = re.compile(r"(?:^|\n|\s)[一二三四五六七八九十]{1,2}、[^。\n]{2,40}")
_REQUESTS_SHORT = re.compile(
    r"(?:收到|受理|接受|接收)(?:依申请公开|政府信息公开申请|信息公开申请)(?:共)?\s*(?P<n>\d+)\s*(?:件|条|个|宗|次)"
)


def _clause_before(line: str, position: int) -> str:
    start = max(line.rfind(mark, 0, position) for mark in "，。；（(") + 1
    return line[start:position]


def _sentence(line: str, start: int, end: int) -> str:
    """The sentence around line[start:end]; a line break ends one too (a heading above it
    is not part of it)."""
    left = max(line.rfind(mark, 0, start) for mark in "。；\n") + 1
    right = min([i for i in (line.find(mark, end) for mark in "。；\n") if i >= 0] or [len(line)])
    return line[left:right + (line[right:right + 1] != "\n")].strip()


def proactive_total(text: str) -> Figure | None:
    """主动公开信息总条数 as stated. Parts (各乡镇…, 其他…) are skipped; two different counts
    of equal standing (one per channel, seed 000) leave the figure out."""
    found: list[tuple[int, str, bool]] = []
    approximate = bool(_APPROXIMATE.search(text))  # "2万余条": exact counts are then parts
    for line in text.split("\n"):
        if "主动公开" not in line and "共公布" not in line:
            continue
        for match in _PROACTIVE.finditer(line):
            if match["approx"]:
                continue
            clause = _clause_before(line, match.start()) + match["verb"]
            if _PART_OF_WHOLE.search(clause):
                continue
            if match["scope"] and not _WHOLE_SCOPE.match(match["scope"]):
                continue  # "公开财政预决算信息": one kind of information, not the total
            whole = bool(_WHOLE.search(clause))
            if approximate and not whole:
                continue
            if match["verb"] != "主动公开" and "主动公开" not in line and "共" not in clause:
                continue
            found.append((int(match["n"]), _sentence(line, match.start(), match.end()), whole))
        if found:
            break
    if not found:
        return None
    wholes = [item for item in found if item[2]]
    if wholes:
        return Figure(wholes[0][0], "prose", wholes[0][1])
    same_form = {value for value, sentence, _ in found if "主动公开政府信息" in sentence}
    if len(same_form) > 1:
        return None
    return Figure(found[0][0], "prose", found[0][1])


def requests_new(text: str) -> Figure | None:
    """本年新收申请 as stated in prose: "共受理政府信息公开申请1件"."""
    for line in text.split("\n"):
        for pattern in (_REQUESTS_SHORT, _REQUESTS):
            for match in pattern.finditer(line):
                what = match.groupdict().get("what") or ""
                if pattern is _REQUESTS and not re.search(r"信息公开|依申请", what):
                    continue
                if re.search(r"上年|结转|复议|诉讼", what):
                    continue
                return Figure(int(match["n"]), "prose", _sentence(line, match.start(), match.end()))
    return None


def stated(text: str, pattern: re.Pattern[str]) -> Figure | None:
    """The first number the pattern finds in a sentence."""
    for line in text.split("\n"):
        if match := pattern.search(line):
            return Figure(int(match["n"]), "prose", _sentence(line, match.start(), match.end()))
    return None


def _about_disclosure(text: str, start: int, end: int, subject: str) -> bool:
    """Whether the sentence around text[start:end] is about information disclosure: it
    says 信息公开, or it stands in the section on review and litigation (a 司法局 also
    reports the review cases it handles, which are not this figure)."""
    left = max(text.rfind(mark, 0, start) for mark in "。；\n") + 1
    right = min([i for i in (text.find("。", end), text.find("\n", end)) if i >= 0] or [len(text)])
    if "信息公开" in text[left:right]:
        return True
    heading = None
    for heading in _SECTION_HEADING.finditer(text, 0, start):
        pass
    return heading is not None and subject in heading[0]


def case_count(text: str, subject: str, patterns: tuple[re.Pattern[str], ...], nil: re.Pattern[str]) -> Figure | None:
    """The number of review (or litigation) cases about information disclosure, from the
    first sentence that states it, as a number or as none."""
    found: list[tuple[int, Figure]] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            if _about_disclosure(text, match.start(), match.end(), subject):
                found.append(
                    (match.start(), Figure(int(match["n"]), "prose", _sentence(text, match.start(), match.end())))
                )
                break
    for match in nil.finditer(text):
        if _about_disclosure(text, match.start(), match.end(), subject):
            found.append((match.start(), Figure(0, "prose", _sentence(text, match.start(), match.end()))))
            break
    return min(found, key=lambda item: item[0])[1] if found else None


def requests_stated(text: str) -> Figure | None:
    """本年新收申请 as a number, or as none ("未收到政府信息公开申请"), whichever comes first."""
    figure = requests_new(text)
    nil = _REQUESTS_NIL.search(text)
    if nil and (figure is None or text.find(figure.evidence) > nil.start()):
        return Figure(0, "prose", _sentence(text, nil.start(), nil.end()))
    return figure


def prose_figures(text: str) -> dict[str, Figure]:
    found = {
        "proactive_total": proactive_total(text),
        "requests_new": requests_stated(text),
        "results_granted": stated(text, _GRANTED),
        "results_partial": stated(text, _PARTIAL),
        "review_total": case_count(text, "复议", (_REVIEW, _REVIEW_BEFORE), _REVIEW_NIL),
        "litigation_total": case_count(text, "诉讼", (_LITIGATION, _LITIGATION_BEFORE), _LITIGATION_NIL),
    }
    return {key: figure for key, figure in found.items() if figure}


# Rows of the pre-2019 statistics table, by the figure they give.
_LEGACY_ROWS = {
    "proactive_total": r"主动公开(?:政府)?(?:信息|文件)(?:总)?数",
    "requests_new": r"(?:受理)?依申请公开(?:信息)?(?:总数|数)|受理(?:政府信息公开)?申请(?:总)?数",
    "results_granted": r"同意公开答复数",
    "results_partial": r"同意部分公开答复数",
    "review_total": r"行政复议数",
    "litigation_total": r"行政诉讼数",
}
_UNIT = r"\s*(?:条|件|个|次|项|元)?\s*"


def _legacy_columns(text: str) -> int:
    """How many value columns the table has: "2012年度 历年累计" is two."""
    header = re.search(r"计\s*量\s*单\s*位(.{0,40})", text)
    if not header:
        return 2 if "累计" in text else 1
    return max(1, len(re.findall(r"\d{4}年度?|累计|本年", header[1])))


_TABLE_HEAD = re.compile(r"指\s*标\s*名\s*称")
_DIGIT = re.compile(r"\d")


def legacy_span(text: str) -> tuple[int, int] | None:
    """Where the statistics table stands, to leave it out of the body: from its title
    ("附件1：…统计表") or 指标名称 to the last number on its line."""
    head = _TABLE_HEAD.search(text)
    if not head:
        return None
    line_start = text.rfind("\n", 0, head.start()) + 1
    begin = head.start()
    title = text.rfind("统计表", line_start, begin)
    if title >= 0:
        attachment = text.rfind("附件", line_start, title)
        gap = max(text.rfind(mark, line_start, title) for mark in (" ", "。"))
        begin = attachment if attachment >= 0 else (gap + 1 if gap >= 0 else line_start)
    line_end = text.find("\n", head.end())
    line_end = len(text) if line_end < 0 else line_end
    digits_on_line = list(_DIGIT.finditer(text, head.end(), line_end))
    return begin, (digits_on_line[-1].end() if digits_on_line else line_end)


def legacy_table(text: str, prose: dict[str, Figure]) -> tuple[dict[str, Figure], list[str]]:
    """Figures from the appended 统计表 of a pre-2019 report: the this-year column.

    Where the two columns ran together, a split with this year <= cumulative that matches
    the prose figure is taken; otherwise a unique such split; otherwise nothing."""
    start = _TABLE_HEAD.search(text)
    if not start:
        return {}, []
    table = text[start.start():]
    columns = _legacy_columns(table)
    figures: dict[str, Figure] = {}
    warnings: list[str] = []
    for key, label in _LEGACY_ROWS.items():
        match = re.search(rf"(?:{label}){_UNIT}(?P<cells>[\d\s]+?)(?P<next>\d[.、．])?(?=[^\d\s]|$)", table)
        if not match:
            continue
        # "同意公开答复数条002.同意部分…": the 2 belongs to the next row's enumerator.
        tokens = digits.tokens(match["cells"])
        if not tokens:
            continue
        row = (match[0][: match.start("next") - match.start()] if match["next"] else match[0]).strip()
        if len(tokens) >= columns:
            figures[key] = Figure(int(tokens[0]), "table", row)
            continue
        options = [o for o in digits.readings(tokens, columns) if all(o[i] <= o[i + 1] for i in range(columns - 1))]
        stated = prose.get(key)
        if stated:
            agreeing = [o for o in options if o[0] == stated.value]
            options = agreeing or options
        if len({o[0] for o in options}) == 1:
            figures[key] = Figure(int(options[0][0]), "table", row)
        else:
            warnings.append(f"统计表“{row}”一行：数字连在一起，有 {len(options)} 种读法，未采用")
    return figures, warnings
