"""Inserted pinyin goes; genuine parentheses stay."""

from __future__ import annotations

import re

import pytest

from generator.normalize import normalize_text
from generator.normalize.pinyin import remove_pinyin

from conftest import SEEDS, seed

PINYIN_SEEDS = [seed("000"), seed("001"), seed("004")]
LEFT_OVER = re.compile(r"[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùü]{1,6}[)）]")


@pytest.mark.parametrize("path", PINYIN_SEEDS, ids=lambda p: p.name[:3])
def test_seeds_lose_every_inserted_syllable(path):
    raw = path.read_text(encoding="utf-8")
    assert LEFT_OVER.search(raw), "the seed should carry pinyin"
    text, removed = remove_pinyin(raw)
    assert removed == len(LEFT_OVER.findall(raw))
    assert not LEFT_OVER.search(text)


def test_pinyin_from_the_seeds_is_removed_in_context():
    text = normalize_text(seed("000").read_text(encoding="utf-8")).text
    assert "关于印发江门市2019年政务公开工作要点考核方案的通知" in text
    assert "监督保障等各环节有新突破" in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("發(fā)展", "發展"),
        ("們(men)", "們"),
        ("發（fā）展", "發展"),
        ("發(fa)展", "發展"),
        ("發(fa1)展", "發展"),
        ("綠(lǜ)色", "綠色"),
        ("瞭(liǎo)解", "瞭解"),
        ("瞭(le)解", "瞭解"),  # le is a reading of 了, the simplified form of 瞭 in 瞭解
        ("著(zhe)力", "著力"),  # zhe is a reading of 着
        ("乾(gān)淨", "乾淨"),
    ],
)
def test_syllable_forms(raw, expected):
    assert remove_pinyin(raw)[0] == expected


@pytest.mark.parametrize(
    "genuine",
    [
        "(一)", "（一）", "(市、区)", "(2017年度)", "下载(PDF)", "(以下简称《条例》)",
        "附件(a)",  # a syllable, but not a reading of 件
        "方案(b)", "图(an)",  # 图 is tu, not an
        "系统(http://456150.com.cn/jmtdcb/gkmlpt/index)",
    ],
)
def test_genuine_parentheses_stay(genuine):
    assert remove_pinyin(genuine) == (genuine, 0)


def test_genuine_parentheses_in_real_reports_stay():
    raw = seed("003").read_text(encoding="utf-8")
    assert remove_pinyin(raw) == (raw, 0)
    text = normalize_text(raw).text
    for genuine in ("（以下简称《条例》）", "（2017年度）", "（网址：http://ws.cq.gov.cn）"):
        assert genuine in text


def test_every_seed_keeps_its_enumerations():
    for path in SEEDS:
        text = normalize_text(path.read_text(encoding="utf-8")).text
        assert "（一）" in text, path.name
