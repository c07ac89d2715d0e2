"""The archive's figure keys, and what readers see for its keys: figure, format, script
and check names.

The report pages, the downloads' descriptions and the pull-request summary all show them,
so they live here rather than in the HTML renderer; and a build, which only reads entries,
imports neither the parser nor the normalizer for them.
"""

from __future__ import annotations

FIGURE_NAMES = {
    "proactive_total": "主动公开信息（条）",
    "requests_new": "本年新收申请",
    "requests_carried_over": "上年结转申请",
    "results_granted": "予以公开",
    "results_partial": "部分公开",
    "results_total": "办理结果总计",
    "carried_forward": "结转下年度",
    "review_total": "行政复议",
    "litigation_total": "行政诉讼",
}
FIGURE_KEYS = tuple(FIGURE_NAMES)
"""the figures an entry may state, in the order entries and downloads list them"""
HEADLINE_FIGURES = (
    "requests_new", "results_total", "results_granted", "results_partial", "review_total", "litigation_total",
)
"""the figures year and region tables compare and the overview sums (a report lacking one is
left out of that sum, and listed on the data quality pages)"""
FORMAT_NAMES = {
    "table-2021": "2021年格式", "table-2019": "2019年格式（试行）",
    "prose-pre2019": "2019年以前", "unknown": "格式不详",
}
SCRIPT_NAMES = {"simplified": "简体", "traditional": "繁体", "traditional-phrases": "繁体（台港用语转换）"}
CHECK_NAMES = {
    "T3-A": "第一项加第二项之和等于第三项加第四项之和",
    "T3-B": "（七）总计等于各项办理结果之和",
    "T3-C": "总计等于各类申请人之和",
    "T4-A": "总计等于结果维持、结果纠正、其他结果、尚未审结之和",
    "X-1": "正文所述数字与表格一致",
}
