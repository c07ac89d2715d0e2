"""Derived rates researchers compare, each with its numerator and denominator named.

Definitions follow report-format.md section 3.3 and report-format.yaml derived_metrics.
Rates differ a lot between denominators ("/（七）总计" or "/(一+二)"), so every rate states
its own, and a rate whose denominator is 0 or unknown is None, never 0%.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Tables = dict


@dataclass(frozen=True, slots=True)
class Rate:
    key: str
    name: str
    numerator: str
    denominator: str
    compute: Callable[[Tables], tuple[float | None, float | None]]

    def value(self, tables: Tables) -> float | None:
        try:
            top, bottom = self.compute(tables)
        except (KeyError, TypeError):
            return None
        if top is None or bottom in (None, 0):
            return None
        return top / bottom


def _t3(tables: Tables, row: str, column: str = "total"):
    return tables["t3"][row][column]


def _sum(*values):
    return None if any(v is None for v in values) else sum(values)


def _unable(tables: Tables):
    return _sum(*(_t3(tables, k) for k in ("unable_not_held", "unable_needs_creation", "unable_still_unclear")))


def _accepted(tables: Tables):
    return _sum(_t3(tables, "new_received"), _t3(tables, "carried_over"))


def _cases(tables: Tables, key: str):
    return tables["t4"]["cases"][key]


ORGANIZATIONS = ("org_commercial", "org_research", "org_public_interest", "org_legal_service", "org_other")

RATES: tuple[Rate, ...] = (
    Rate(
        "disclosure_rate", "实质公开率", "（一）予以公开 + （二）部分公开", "（七）总计",
        lambda t: (_sum(_t3(t, "granted"), _t3(t, "partially_granted")), _t3(t, "results_total")),
    ),
    Rate(
        "disclosure_rate_alt", "公开率（按受理总量）", "（一）予以公开 + （二）部分公开", "一、本年新收 + 二、上年结转",
        lambda t: (_sum(_t3(t, "granted"), _t3(t, "partially_granted")), _accepted(t)),
    ),
    Rate(
        "unable_share", "无法提供占比", "（四）无法提供 1–3", "（七）总计",
        lambda t: (_unable(t), _t3(t, "results_total")),
    ),
    Rate(
        "not_held_share_of_unable", "“本机关不掌握”占无法提供",
        "（四）1.本机关不掌握相关政府信息", "（四）无法提供 1–3",
        lambda t: (_t3(t, "unable_not_held"), _unable(t)),
    ),
    Rate(
        "carry_forward_rate", "结转率", "四、结转下年度继续办理", "一、本年新收 + 二、上年结转",
        lambda t: (_t3(t, "carry_forward"), _accepted(t)),
    ),
    Rate(
        "org_applicant_share", "法人或其他组织申请占比", "一、本年新收：五类法人或其他组织之和", "一、本年新收：总计",
        lambda t: (_sum(*(_t3(t, "new_received", c) for c in ORGANIZATIONS)), _t3(t, "new_received")),
    ),
    Rate(
        "review_correction_rate", "行政复议纠错率", "行政复议：结果纠正", "行政复议：总计 − 尚未审结",
        lambda t: (_cases(t, "review_corrected"), _cases(t, "review_total") - _cases(t, "review_pending")),
    ),
    Rate(
        "litigation_correction_rate", "行政诉讼纠错率",
        "行政诉讼：两类结果纠正之和", "行政诉讼：两类总计之和 − 两类尚未审结之和",
        lambda t: (
            _sum(_cases(t, "lit_direct_corrected"), _cases(t, "lit_after_corrected")),
            _cases(t, "lit_direct_total") + _cases(t, "lit_after_total")
            - _cases(t, "lit_direct_pending") - _cases(t, "lit_after_pending"),
        ),
    ),
    Rate(
        "dispute_conversion", "争议转化率", "行政复议总计 + 行政诉讼两类总计", "一、本年新收：总计",
        lambda t: (
            _sum(_cases(t, "review_total"), _cases(t, "lit_direct_total"), _cases(t, "lit_after_total")),
            _t3(t, "new_received"),
        ),
    ),
)


def rates_of(tables: Tables) -> dict[str, float | None]:
    return {rate.key: rate.value(tables) for rate in RATES}
