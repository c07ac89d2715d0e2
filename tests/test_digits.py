"""Reading cells whose separators were lost: every reading, then the table's arithmetic."""

from __future__ import annotations

import pytest

from generator.parse import digits


def test_run_of_a_table_three_row_has_one_reading_that_sums():
    # corpus 012: "本年新收政府信息公开申请数量15130000154" = 151,3,0,0,0,0,154
    assert digits.summed_readings("15130000154", 7) == [(151, 3, 0, 0, 0, 0, 154)]


def test_partly_separated_run():
    # corpus 010: "本年新收…200 000121" = 20,0,0,0,0,1,21
    every = digits.readings(["200", "000121"], 7)
    assert [r for r in every if sum(r[:6]) == r[6]] == [(20, 0, 0, 0, 0, 1, 21)]


def test_no_number_has_a_leading_zero():
    assert set(digits.readings(["0105"], 3)) == {(0, 10, 5)}
    # 1|00|200, 1|002|00, 10|02|00 ... would need a number written with a leading zero
    assert set(digits.readings(["100200"], 3)) == {(10, 0, 200), (100, 20, 0), (1002, 0, 0)}


def test_sign_belongs_to_the_first_number_of_its_run():
    # corpus 010: "行政处罚2648-18538" = 2648 / -18 / 538, but -1853 / 8 reads as well
    readings = digits.readings(["2648", "-18538"], 3)
    assert (2648, -18, 538) in readings and (2648, -1853, 8) in readings


def test_empty_marks_and_decimals():
    assert digits.tokens("0 / 3 —") == ["0", "/", "3", "—"]
    assert digits.readings(["0", "/", "3"], 3) == [(0, None, 3)]
    assert digits.readings(["4166.241619"], 1) == [(4166.241619,)]
    assert digits.tokens("1个246900元", units=True) == ["1个", "246900元"]


def test_impossible_and_huge_runs():
    assert digits.summed_readings("2138", 4) == []
    assert digits.readings(["1", "2", "3"], 2) == []
    with pytest.raises(digits.TooManyReadings):
        digits.readings(["1234567890123456789012345"], 7)
    # the row sum keeps long runs cheap: 13612+252+0+45+128+32 = 14069
    assert digits.summed_readings("136122520451283214069", 7) == [(13612, 252, 0, 45, 128, 32, 14069)]
