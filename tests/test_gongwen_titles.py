"""Title line breaking (GB/T 9704-2012 7.3.1) and the template markup, as pure functions."""

from __future__ import annotations

import pytest

from docgen.gongwen import blocks as b
from docgen.gongwen.markup import blocks_of, forwarded, parse
from docgen.gongwen.text import segments, width_em
from docgen.gongwen.titles import NO_LINE_START, OPENING, break_title

MAX = 20


@pytest.mark.parametrize("title, lines", [
    ("关于在全县企业工会开展“工会组织亮牌子、工会主席亮身份”活动的实施方案",
     ["关于在全县企业工会开展", "“工会组织亮牌子、工会主席亮身份”", "活动的实施方案"]),
    ("关于印发《关于在全县企业工会开展“工会组织亮牌子、工会主席亮身份”活动的实施方案》的通知",
     ["关于印发《关于在全县企业工会开展", "“工会组织亮牌子、工会主席亮身份”", "活动的实施方案》的通知"]),
    ("中华全国总工会关于增强基层工会活力 发挥基层工会作用的实施意见",
     ["中华全国总工会关于增强基层工会活力", "发挥基层工会作用的实施意见"]),
    ("关于开展工会工作的通知", ["关于开展工会工作的通知"]),
])
def test_known_titles(title, lines):
    assert break_title(title, MAX) == lines


TITLES = [
    "关于在全县企业工会开展“工会组织亮牌子、工会主席亮身份”活动的实施方案",
    "关于转发中华全国总工会《关于在企业工会实施“工会组织亮牌子、工会主席亮身份”的意见》的通知",
    "关于在全县基层工会开展“争创模范职工之家、争做职工信赖娘家人”活动的实施方案",
    "关于在全市推进基层工会组织“六有六规范”建设的实施方案",
    "关于做好2024年度全县工会经费收缴和职工服务工作的通知",
    "关于印发《关于在全县基层工会广泛开展“争创模范职工之家、争做职工信赖娘家人”活动的实施方案》的通知",
]


@pytest.mark.parametrize("title", TITLES)
def test_lines_fit_keep_text_and_respect_line_start_rules(title):
    lines = break_title(title, MAX)
    assert "".join(lines) == title.replace(" ", "")
    assert all(width_em(line) <= MAX for line in lines)
    assert all(line[0] not in NO_LINE_START and line[-1] not in OPENING for line in lines)


@pytest.mark.parametrize("title", TITLES)
def test_short_quotations_are_never_split(title):
    """A “…” or 《…》 that fits on a line stays on one line."""
    lines = break_title(title, MAX)
    for open_, close in (("“", "”"), ("《", "》")):
        start = 0
        while (i := title.find(open_, start)) >= 0:
            j = title.find(close, i)
            quoted = title[i:j + 1]
            if width_em(quoted) <= MAX:
                assert any(quoted in line for line in lines), (quoted, lines)
            start = i + 1


@pytest.mark.parametrize("title", TITLES)
def test_shape_is_balanced_trapezoid_or_diamond(title):
    widths = [width_em(line) for line in break_title(title, MAX)]
    if len(widths) == 2:
        assert abs(widths[0] - widths[1]) <= 6
    falling = False
    for a, c in zip(widths, widths[1:]):
        assert not (falling and c > a + 1), widths        # no hourglass
        falling = falling or c < a - 1


def test_long_quotation_may_be_split():
    title = "关于转发《关于在全省各类企业工会中深入持久开展职工之家建设和会员评家活动的实施意见》的通知"
    lines = break_title(title, MAX)
    assert len(lines) >= 3 and all(width_em(x) <= MAX for x in lines)


def test_segments_put_digits_and_latin_apart():
    assert segments("2012年全县“双亮”达到50%以上") == [("2012", True), ("年全县“双亮”达到", False), ("50%", True), ("以上", False)]
    assert segments("电话：0556-2172583") == [("电话：", False), ("0556-2172583", True)]


# ---- markup -----------------------------------------------------------------------------------

def test_markup_joins_wrapped_lines_and_splits_on_blank_lines():
    assert blocks_of("第一段前半\n后半。\n\n第二段。\n  \n") == ["第一段前半后半。", "第二段。"]
    assert blocks_of("## 甲。文\n## 乙。文") == ["## 甲。文", "## 乙。文"]


def test_markup_items_number_and_inline_headings():
    out = parse("引言。\n\n## 工会组织亮牌子。企业工会要挂牌。\n\n## 工会主席亮身份。公开身份。\n\n## 单独的标题\n\n### 子项。内容\n\n##* 第一阶段：动员（2012年5月）")
    assert isinstance(out[0], b.Paragraph) and out[0].text == "引言。"
    assert out[1].spans == (b.Span("（一）工会组织亮牌子。", "kai"), b.Span("企业工会要挂牌。"))
    assert out[2].text == "（二）工会主席亮身份。公开身份。"
    assert out[3] == b.Heading(2, "（三）单独的标题")
    assert out[4].spans[0] == b.Span("1.子项。", "fangsong")
    assert out[5] == b.Heading(2, "第一阶段：动员（2012年5月）")


def test_markup_level_one_sentence_only_is_a_numbered_paragraph():
    out = parse("# 请于年底前报送。\n\n# 要加强领导。各级工会要重视。")
    assert out[0] == b.Paragraph((b.Span("一、请于年底前报送。"),))
    assert out[1].spans[0] == b.Span("二、要加强领导。", "hei")


def test_forwarded_text_keeps_its_own_markers():
    out = forwarded(["前言。", "一、意义", "（一）亮牌子。挂牌。", "1.具体要求。"])
    assert out[0].text == "前言。"
    assert out[1] == b.Heading(1, "一、意义")
    assert out[2].spans[0] == b.Span("（一）亮牌子。", "kai")
    assert out[3] == b.Paragraph((b.Span("1.具体要求。"),))
