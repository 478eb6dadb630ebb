"""Chinese conventions: table-driven."""

from datetime import date

import pytest

from docgen import cn
from docgen.model import YearMonth


@pytest.mark.parametrize("n, text", [
    (0, "零"), (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
    (40, "四十"), (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (111, "一百一十一"),
    (999, "九百九十九"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"), (10000, "一万"),
    (10020, "一万零二十"), (100000, "十万"), (100100, "十万零一百"), (1100000, "一百一十万"),
])
def test_numeral(n, text):
    assert cn.numeral(n) == text


@pytest.mark.parametrize("level, n, text", [
    (1, 1, "一、"), (1, 11, "十一、"), (2, 3, "（三）"), (2, 12, "（十二）"), (3, 2, "2."), (4, 5, "（5）"),
])
def test_heading_marker(level, n, text):
    assert cn.heading_marker(level, n) == text


def test_count_uses_liang_for_two():
    assert [cn.count(n) for n in (1, 2, 4, 12, 20)] == ["一", "两", "四", "十二", "二十"]


def test_stage_name():
    assert [cn.stage_name(i) for i in (1, 4, 10, 11)] == ["第一阶段", "第四阶段", "第十阶段", "第十一阶段"]


@pytest.mark.parametrize("start, end, text", [
    ((2012, 5), (2012, 5), "2012年5月"),
    ((2012, 6), (2012, 8), "2012年6月至8月"),
    ((2012, 9), (2014, 6), "2012年9月至2014年6月"),
    ((2014, 7), (2014, 12), "2014年7月至12月"),
])
def test_month_range(start, end, text):
    assert cn.month_range(YearMonth(*start), YearMonth(*end)) == text


def test_date_has_no_leading_zeros():
    assert cn.date_cn(date(2012, 5, 3)) == "2012年5月3日"
    assert cn.date_cn(date(2016, 10, 15)) == "2016年10月15日"


@pytest.mark.parametrize("raw, display", [
    ("13905561234", "139 0556 1234"), ("139-0556-1234", "139 0556 1234"), ("+86 139 0556 1234", "139 0556 1234"),
    ("１３９０５５６１２３４", "139 0556 1234"), ("8613905561234", "139 0556 1234"),
])
def test_mobile_ok(raw, display):
    assert cn.parse_mobile(raw).display == display
    assert cn.parse_mobile(raw).digits == "13905561234"


@pytest.mark.parametrize("raw", ["1390556123", "23905561234", "12905561234", "1.39E+10", "139055612345", "电话"])
def test_mobile_bad(raw):
    with pytest.raises(cn.PhoneError):
        cn.parse_mobile(raw)


@pytest.mark.parametrize("raw, display, local", [
    ("0556-2172583", "0556-2172583", False), ("0556 2172583", "0556-2172583", False),
    ("05562172583", "0556-2172583", False), ("010-12345678", "010-12345678", False),
    ("(0556)2172583", "0556-2172583", False), ("0556-2172583-801", "0556-2172583-801", False),
    ("0556-2172583转801", "0556-2172583-801", False), ("12351", "12351", False),
    ("4008001234", "400-800-1234", False), ("2172583", "2172583", True), ("21725830", "21725830", True),
])
def test_office_phone_ok(raw, display, local):
    phone, is_local = cn.parse_office_phone(raw)
    assert (phone.display, is_local) == (display, local)


@pytest.mark.parametrize("raw", ["0556-21725", "556-2172583", "abc", "0556-217258391", "1.39E+10"])
def test_office_phone_bad(raw):
    with pytest.raises(cn.PhoneError):
        cn.parse_office_phone(raw)


@pytest.mark.parametrize("number, ok", [
    ("岳工发〔2012〕5号", True), ("总工发〔2012〕24号", True), ("皖工办〔2016〕120号", True),
    ("岳工发〔2012〕05号", False), ("岳工发〔2012〕第5号", False), ("岳工发[2012]5号", False),
    ("岳工发（2012）5号", False), ("岳工发【2012】5号", False), ("岳工发〔12〕5号", False), ("岳工发〔2012〕5", False),
])
def test_doc_number(number, ok):
    assert (cn.check_doc_number(number) is None) == ok
