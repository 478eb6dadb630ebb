"""Fitting as pure functions: no fonts, no drawing (one em per character unless stated)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.printing.fitting import (Fit, break_points, common_size, fit_text, name_part_spans,
                                     snap)


def cuts(text: str) -> list[str]:
    """Each break shown as 'before|after' (spaces and spaced separators dropped)."""
    return [f"{text[:b.end]}|{text[b.start:]}" + ("(弱)" if b.weak else "") for b in break_points(text)]


@pytest.mark.parametrize("text, expected", [
    # before and after name parts, longest part first
    ("安徽某某机械有限公司工会委员会", ["安徽某某机械|有限公司工会委员会", "安徽某某机械有限公司|工会委员会"]),
    ("某某科技股份有限公司工会", ["某某科技|股份有限公司工会", "某某科技股份有限公司|工会"]),
    ("某某建筑有限责任公司工会委员会", ["某某建筑|有限责任公司工会委员会", "某某建筑有限责任公司|工会委员会"]),
    ("某某镇工会联合会", ["某某镇|工会联合会"]),
    # after punctuation, before an opening bracket; never after an opening one
    ("安徽某某（集团）有限公司", ["安徽某某|（集团）有限公司", "安徽某某（集团）|有限公司"]),
    ("甲，乙、丙", ["甲，|乙、丙", "甲，乙、|丙"]),
    # place words are weak breaks; 市场 is not a place word
    ("岳西县某某市场服务中心", ["岳西县|某某市场服务中心(弱)"]),
    ("安徽省安庆市", ["安徽省|安庆市(弱)"]),
    # spaces, and a spaced separator that disappears at the break
    ("入会咨询 · 法律援助", ["入会咨询|法律援助"]),
    ("职工有困难 找工会", ["职工有困难|找工会"]),
    # a transliterated name breaks after its middle dot, which ends the line (never starts one)
    ("阿卜杜热合曼·阿卜杜拉", ["阿卜杜热合曼·|阿卜杜拉"]),
    # a bare 公司 belongs to the words before it (供电公司): a break after it, never before
    ("安庆供电公司岳西县供电公司工会委员会", ["安庆供电公司|岳西县供电公司工会委员会", "安庆供电公司岳西县|供电公司工会委员会(弱)",
                                "安庆供电公司岳西县供电公司|工会委员会"]),
    # a project department is a name part: the long names of construction projects
    ("某某集团有限公司某某高速公路第三标段项目经理部工会委员会",
     ["某某集团|有限公司某某高速公路第三标段项目经理部工会委员会", "某某集团有限公司|某某高速公路第三标段项目经理部工会委员会",
      "某某集团有限公司某某高速公路第三标段|项目经理部工会委员会", "某某集团有限公司某某高速公路第三标段项目经理部|工会委员会"]),
    # nothing sensible: no break at all (never an arbitrary one)
    ("张三李四王五", []),
])
def test_break_points(text, expected):
    assert cuts(text) == expected


def test_name_parts_are_never_split():
    text = "某某联合工会委员会"
    assert name_part_spans(text) == [(2, 9)]
    inside = set(range(3, 9))
    assert not any(b.end in inside for b in break_points(text))


def test_shrinks_before_it_wraps():
    # 15 characters in a 150 pt box: one line at 10 pt, though two lines could be larger
    fit = fit_text("安徽某某机械有限公司工会委员会", main=150, cross=60, min_size=8, max_size=20, max_lines=2)
    assert fit == Fit(10.0, ("安徽某某机械有限公司工会委员会",))


def test_wraps_at_a_name_part_when_the_minimum_is_not_enough():
    fit = fit_text("安徽某某机械有限公司工会委员会", main=120, cross=60, min_size=9, max_size=20, max_lines=2)
    assert fit is not None and fit.lines == ("安徽某某机械", "有限公司工会委员会")
    assert fit.size == 13.25            # 120 / 9 em, snapped down to a quarter point
    assert fit.size * 9 <= 120


def test_a_long_dotted_name_wraps_at_its_dot():
    # the portrait badge's name box: 48 x 24 mm, 16-30 pt, two lines; 11 characters do not fit
    # on one line at 16 pt, but do on two, broken after the dot
    fit = fit_text("阿卜杜热合曼·阿卜杜拉", main=136, cross=68, min_size=16, max_size=30, max_lines=2,
                   leading=1.15)
    assert fit is not None and fit.lines == ("阿卜杜热合曼·", "阿卜杜拉")


def test_prefers_a_strong_break_unless_a_place_break_is_narrower():
    text = "安徽省安庆市岳西县经济开发区某某新材料科技股份有限公司联合工会委员会"
    fit = fit_text(text, main=200, cross=30, min_size=10, max_size=12, max_lines=2)
    assert fit is not None and fit.wrapped
    assert all(len(line) <= 20 for line in fit.lines)
    assert "".join(fit.lines) == text


def test_none_when_nothing_fits():
    assert fit_text("张三李四王五赵六", main=50, cross=50, min_size=8, max_size=20, max_lines=3) is None
    # two lines allowed but not enough height for them
    assert fit_text("安徽某某机械有限公司工会委员会", main=120, cross=12, min_size=9, max_size=20, max_lines=2) is None


def test_forced_line_breaks_count_as_lines():
    text = "办公电话 0556-2172583\n手机 139 0556 1234"
    assert fit_text(text, main=500, cross=100, min_size=6, max_size=8, max_lines=1) is None
    fit = fit_text(text, main=500, cross=100, min_size=6, max_size=8, max_lines=2)
    assert fit is not None and fit.lines == ("办公电话 0556-2172583", "手机 139 0556 1234")


def test_advance_is_the_callers_measure():
    # half-width digits measured at 0.5 em fit where a naive count would not
    measure = lambda s: sum(0.5 if c.isascii() else 1.0 for c in s)  # noqa: E731
    fit = fit_text("手机13905561234", main=80, cross=20, min_size=10, max_size=10, advance=measure)
    assert fit is not None and fit.size == 10


def test_empty_text_fits_trivially():
    assert fit_text("   ", main=10, cross=10, min_size=5, max_size=9) == Fit(9, ())


def test_vertical_columns_use_the_same_rule():
    # one column of 15 characters needs 15 em of height; 2 columns only below the minimum
    text = "安徽某某机械有限公司工会委员会"
    one = fit_text(text, main=1500, cross=300, min_size=50, max_size=200, max_lines=2)
    assert one == Fit(100.0, (text,))
    two = fit_text(text, main=1000, cross=300, min_size=80, max_size=200, max_lines=2)
    assert two is not None and two.lines == ("安徽某某机械", "有限公司工会委员会")   # the balanced break


def test_common_size_is_the_largest_that_80_percent_reach():
    assert common_size([10, 20, 30, 40, 50]) == 20
    assert common_size([100] * 8 + [10, 5]) == 100
    assert common_size([7]) == 7


def test_snap_is_stable():
    assert snap(13.333333) == 13.25 and snap(13.25) == 13.25 and snap(13.2499999999) == 13.25


SAMPLE_CHARS = "安徽省市县区镇街道某机械有限公司股份工会委员联合（）、，· 甲乙丙丁"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=SAMPLE_CHARS, min_size=1, max_size=40),
       main=st.floats(40, 400), cross=st.floats(10, 120), lines=st.integers(1, 4))
def test_any_fit_is_whole_and_inside_its_box(text, main, cross, lines):
    fit = fit_text(text, main=main, cross=cross, min_size=4, max_size=24, max_lines=lines)
    if fit is None or not text.strip():
        return
    assert 4 <= fit.size <= 24 and len(fit.lines) <= lines
    assert all(len(line) * fit.size <= main + 1e-6 for line in fit.lines)
    assert fit.size * (1 + (len(fit.lines) - 1) * 1.2) <= cross + 1e-6
    squeeze = lambda s: "".join(s.replace("·", "").split())  # noqa: E731
    assert squeeze("".join(fit.lines)) == squeeze(text)       # nothing lost, nothing added


def test_running_text_breaks_anywhere_but_before_closing_marks_or_inside_latin_words():
    from docgen import cn

    text = "维护职工权益，（工会法）ABC 12351。"
    allowed = {i for i in range(1, len(text)) if cn.can_break(text, i)}
    assert text.index("，") not in allowed and text.index("）") not in allowed and text.index("。") not in allowed
    assert text.index("（") + 1 not in allowed                       # never after an opening bracket
    assert text.index("B") not in allowed and text.index("2") not in allowed
    assert 1 in allowed and text.index("（") in allowed
    # the same rule through text_breaks, the space dropped at its break
    assert all(b.end == b.start or text[b.end:b.start].strip() == "" for b in cn.text_breaks(text))


def test_fit_paragraph_takes_the_largest_size_at_which_the_wrapped_text_fits():
    from docgen.printing.fitting import fit_paragraph

    text = "维护职工合法权益、竭诚服务职工群众是工会的基本职责。工会在维护全国人民总体利益的同时，代表和维护职工的合法权益。"
    fit = fit_paragraph(text, main=100, cross=40, min_size=3, max_size=12, leading=1.4)
    assert "".join(fit.lines) == text
    assert all(len(line) * fit.size <= 100 + 1e-6 for line in fit.lines)
    assert fit.size * (1 + (len(fit.lines) - 1) * 1.4) <= 40 + 1e-6
    bigger = fit_paragraph(text, main=100, cross=40, min_size=fit.size + 0.25, max_size=12, leading=1.4)
    assert bigger is None                                              # the largest that fits
    assert not any(line[0] in "，。、" for line in fit.lines)            # no line starts with a mark
    assert fit_paragraph(text, main=10, cross=10, min_size=3, max_size=12) is None
