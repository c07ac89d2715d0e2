"""Script conversion and the government-vocabulary phrase table."""

from __future__ import annotations

import re
from importlib import resources

import opencc
import pytest
import zhconv
from rapidfuzz.distance import Levenshtein

from generator.normalize import normalize_text
from generator.normalize.derive_phrases import derive, render
from generator.normalize.script import (
    is_phrase_converted,
    parse_phrase_rows,
    read_phrase_rows,
    restore_phrases,
    to_simplified,
    to_simplified_characters,
)

from conftest import CORPUS, body, seed

ROWS = [row for row in read_phrase_rows() if row.source == "phrases.tsv"]  # the hand table
CONVERTERS = {
    "opencc s2twp": opencc.OpenCC("s2twp").convert,
    "zhconv zh-tw": lambda text: zhconv.convert(text, "zh-tw"),
    "zhconv zh-hk": lambda text: zhconv.convert(text, "zh-hk"),
}
DAMAGE = {
    "opencc s2t": opencc.OpenCC("s2t").convert,
    "opencc s2tw": opencc.OpenCC("s2tw").convert,
    "opencc s2hk": opencc.OpenCC("s2hk").convert,
    "zhconv zh-hant": lambda text: zhconv.convert(text, "zh-hant"),
    **CONVERTERS,
}
# Rows from a site converter we cannot run (seed 002 has 契約 for 合同, 人民民眾 for 人民群众).
SEED_002_CONVERTER = {"契约", "人民民众", "民众路线", "民众工作", "民众利益", "民众来信"}
ORIGINALS = [path.read_text(encoding="utf-8") for path in CORPUS] + [seed("003").read_text(encoding="utf-8")]
HAN = re.compile(r"[\u4e00-\u9fff]")


def _row_id(row) -> str:
    return f"line{row.line}-{row.converted}"


@pytest.mark.parametrize("row", [r for r in ROWS if r.converted != r.mainland], ids=_row_id)
def test_each_row_reverses_what_a_real_converter_does(row):
    if row.converted in SEED_002_CONVERTER:
        assert row.converted == row.mainland.replace("群众", "民众").replace("合同", "契约")
        return
    produced = {name: to_simplified_characters(convert(row.mainland)) for name, convert in CONVERTERS.items()}
    assert any(row.converted in text for text in produced.values()), produced


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_each_row_is_applied(row):
    assert restore_phrases(f"本机关{row.converted}。") == (
        f"本机关{row.mainland}。", int(row.converted != row.mainland)
    )


@pytest.mark.parametrize("row", [r for r in ROWS if r.kind == "ambiguous"], ids=_row_id)
def test_ambiguous_rows_are_kept_where_the_mainland_word_is_still_in_use(row):
    text = f"{row.mainland}和{row.mainland}，以及{row.converted}。"
    assert restore_phrases(text) == (text, 0)


PROTECTED = [
    "档案馆", "整合", "互动", "复制", "在线上", "线上线下", "对口支援",
    "契约精神", "专案组", "档案管理", "设定行政许可",
]


@pytest.mark.parametrize("word", PROTECTED)
def test_words_the_table_must_not_touch(word):
    sentence = f"政府信息公开工作在门户网站发布，{word}，互联网。"
    converted = opencc.OpenCC("s2twp").convert(sentence)
    report = to_simplified(converted)
    assert report.script == "traditional-phrases"
    assert word in report.text


def test_the_seed_002_converter_really_wrote_those_forms():
    characters_only = to_simplified_characters(seed("002").read_text(encoding="utf-8"))
    assert "契约约定" in characters_only and "人民民众" in characters_only


def test_opencc_reverse_phrase_config_is_not_what_we_use():
    tw2sp = opencc.OpenCC("tw2sp").convert
    assert tw2sp("檔案館") == "文件馆" and tw2sp("在線上") == "在在线"
    assert to_simplified("市檔案館在線上辦理，入口網站資訊公開。").text == "市档案馆在线上办理，门户网站信息公开。"


def test_the_derived_table_is_what_derivation_writes_today():
    """phrases_derived.tsv is generated; a hand edit or a changed input would show here."""
    committed = resources.files("generator.normalize").joinpath("phrases_derived.tsv").read_text(encoding="utf-8")
    assert render(derive()) == committed


# Words unseen in development that mirror sites' converters change (issue 11), and mainland
# words that look converted but are original: the derived table must get all of them right.
UNSEEN = (
    "建设数据库，用户登录后使用触摸屏查询，设置访问权限，智能化办公，发展公共交通，"
    "安装杀毒软件，推进线上线下融合，在线办理，智能终端，发挥着重要作用，代表着群众利益，显著提升。"
)


@pytest.mark.parametrize("form", CONVERTERS)
def test_words_unseen_in_development_come_back(form):
    sentence = "政府信息公开工作在门户网站发布，" + UNSEEN
    damaged = CONVERTERS[form](sentence)
    assert damaged != sentence
    assert to_simplified(damaged).text == sentence


def test_an_unattested_form_stays_where_its_mainland_form_is_in_use():
    """线上 is absent from jieba's list, so it is restored to 在线 only where 在线 is out of use."""
    kept = "网站在线办理，线上服务。"
    assert restore_phrases(kept) == (kept, 0)
    assert restore_phrases("网站线上办理，线上服务。")[0] == "网站在线办理，在线服务。"


@pytest.mark.parametrize("form", ["opencc s2twp"])
def test_a_bare_word_beside_a_protected_one_keeps_that_sense(form):
    """s2twp writes 檔案 for both 档案 and 文件; 档案 beside 档案馆 is an archive's, the
    文件 of a passage about regulations is restored."""
    sentence = (
        "全年制发规范性文件8件，均按规定在门户网站公开并在政务服务平台发布相关文件。"
        "市档案馆全年接待查阅者1200人次，提供档案复制服务300页。"
    )
    damaged = CONVERTERS[form](sentence)
    assert damaged.count("檔案") == 4
    assert to_simplified(damaged).text == sentence


def test_matches_survive_the_matcher_s_own_markers_in_the_text():
    text = "入口网站\ufdd0登入\ufdd1档案馆"
    assert restore_phrases(text)[0] == "门户网站\ufdd0登录\ufdd1档案馆"


def test_table_format_errors_name_the_line():
    with pytest.raises(ValueError, match=r"phrases.tsv:2: expected"):
        parse_phrase_rows("资讯\t信息\n资讯 信息\n")


@pytest.mark.parametrize("text", ORIGINALS, ids=lambda t: t[:12])
def test_simplified_input_keeps_every_word(text):
    """Only junk, whitespace and punctuation may change: the output's Chinese characters
    are the input's, in order, with nothing replaced."""
    report = normalize_text(text)
    assert report.script == "simplified" and report.characters_converted == 0
    out, source = HAN.findall(report.text), iter(HAN.findall(text))
    assert all(ch in source for ch in out)  # a subsequence: nothing changed, only removed
    page = body(text)  # below the crawler header
    assert len(out) >= 0.9 * len(HAN.findall(page))


@pytest.mark.parametrize("form", DAMAGE)
def test_damaged_forms_come_back(form):
    """Character error rate against the undamaged text's own output, over the corpus."""
    errors = total = 0
    for text in ORIGINALS:
        reference = normalize_text(text).text
        errors += Levenshtein.distance(normalize_text(DAMAGE[form](text)).text, reference)
        total += len(reference)
    assert errors / total <= 0.001


@pytest.mark.parametrize("form", ["opencc s2t", "opencc s2tw", "opencc s2hk", "zhconv zh-hant"])
def test_character_conversion_alone_is_not_taken_for_phrase_conversion(form):
    for text in ORIGINALS:
        simplified = to_simplified_characters(DAMAGE[form](text))
        assert not is_phrase_converted(simplified), text[:40]


@pytest.mark.parametrize("form", ["opencc s2twp", "zhconv zh-tw"])
def test_phrase_conversion_is_detected(form):
    detected = [to_simplified(DAMAGE[form](text)).script for text in ORIGINALS]
    assert detected.count("traditional-phrases") >= len(ORIGINALS) - 1


def test_seed_002_taiwan_phrases_are_restored():
    report = normalize_text(seed("002").read_text(encoding="utf-8"))
    assert report.script == "traditional-phrases"
    for mainland in ("市政府门户网站", "继续优化完善", "规定和合同约定", "人民群众密切相关", "政策文件与解读材料",
                     "程序合法"):
        assert mainland in report.text
    for taiwan in ("入口网站", "最佳化", "契约", "民众", "程式"):
        assert taiwan not in report.text


def test_traditional_seeds_become_simplified(seed_report):
    report = normalize_text(seed_report.read_text(encoding="utf-8"))
    leftover = HAN.findall(report.text)
    traditional = [ch for ch in leftover if to_simplified_characters(ch) != ch]
    assert len(traditional) <= 0.001 * len(leftover), traditional[:20]


def test_names_kept_by_opencc_phrases_are_not_converted_a_second_time():
    """乾 is 干 on its own; OpenCC's phrases keep it in names, and one pass keeps their word."""
    damaged = opencc.OpenCC("s2hk").convert("陕西省乾县、吉林省乾安县卫生健康局，故宫乾清宫")
    assert to_simplified_characters(damaged) == "陕西省乾县、吉林省乾安县卫生健康局，故宫乾清宫"
