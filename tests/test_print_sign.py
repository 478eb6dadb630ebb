"""Sign text, fitting to the largest size, and layouts at another size: without a PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen.model import Union  # noqa: E402
from docgen.printing.fitting import ORPHAN_GAIN, fit_largest, fit_text, sign_breaks  # noqa: E402
from docgen.printing.layout import load_layout  # noqa: E402
from docgen.printing.ops import TextRun  # noqa: E402
from docgen.printing.resize import resized  # noqa: E402
from docgen.printing.units import MM  # noqa: E402


@pytest.fixture(scope="module")
def faces():
    from docgen.printing.faces import FaceSet

    return FaceSet()


def test_fit_largest_keeps_the_arrangement_with_the_largest_characters():
    box = dict(main=520.0, cross=300.0, min_size=10.0, max_size=120.0, max_lines=4, leading=1.35)
    long = fit_largest("岳西县天峰茶业有限公司工会委员会", **box)
    assert long.lines == ("岳西县天峰茶业", "有限公司", "工会委员会")                  # at name parts
    for count in (1, 2, 4):                       # no other line count gives larger characters
        other = fit_text("岳西县天峰茶业有限公司工会委员会", **{**box, "max_lines": count})
        assert other is None or other.size <= long.size
    assert long.size == pytest.approx(min(520 / 7, 300 / (1 + 2 * 1.35)), abs=0.25)
    # the text rule keeps one line while it fits at the minimum; the sign rule does not
    assert fit_text("岳西县天峰茶业有限公司工会委员会", **box).lines == ("岳西县天峰茶业有限公司工会委员会",)
    # under a batch's cap a tie goes to fewer lines: a short name stays on one line
    assert fit_largest("岳西县总工会", **{**box, "max_size": 60.0}).lines == ("岳西县总工会",)
    assert fit_largest("某某某某", main=100.0, cross=60.0, min_size=5, max_size=30, max_lines=2, leading=1.2).lines == ("某某某某",)
    assert fit_largest("某" * 200, **box) is None


def test_first_longest_split_puts_the_long_part_first():
    name = "中国电信股份有限公司九江分公司浔阳区分公司政企客户部（行业拓展中心）工会委员会"
    fit = fit_text(name, main=2160.0, cross=320.0, min_size=60.0, max_size=282.0, max_lines=2, first_longest=True)
    assert len(fit.lines) == 2 and len(fit.lines[0]) >= len(fit.lines[1])
    assert "".join(fit.lines) == name


def test_sign_column_is_spread_evenly_up_to_max_tracking(faces):
    layout = load_layout("plaque-vertical")
    sign = layout.element("name")
    cx = layout.context({"union": Union("岳西县总工会"), "print": F.document([]).print}, faces)
    ops = [op for op in sign.compose(cx) if isinstance(op, TextRun)]
    assert "".join(op.text for op in ops) == "岳西县总工会"
    steps = {round(a.y - b.y, 2) for a, b in zip(ops, ops[1:])}
    assert len(steps) == 1
    step = steps.pop()
    size = ops[0].size
    assert step <= size * (1 + sign.max_tracking) + 0.01                      # no wider than max_tracking
    assert size == sign.max_size or step == pytest.approx(size * (1 + sign.max_tracking), abs=0.01)


def test_resized_layout_scales_boxes_per_axis_and_type_by_the_smaller_factor():
    layout = load_layout("plaque-vertical")
    small = resized(layout, 300, 1800)
    a, b = layout.element("name"), small.element("name")
    assert (small.width_mm, small.height_mm, small.bleed_mm) == (300, 1800, 3)
    assert b.box.x == pytest.approx(a.box.x * 0.75) and b.box.h == pytest.approx(a.box.h * 0.75)
    assert (b.min_size, b.max_size) == pytest.approx((a.min_size * 0.75, a.max_size * 0.75))
    odd = resized(layout, 360, 2200)
    c = odd.element("name")
    assert c.box.w == pytest.approx(a.box.w * 0.9) and c.box.h == pytest.approx(a.box.h * 2200 / 2400)
    assert c.min_size == pytest.approx(a.min_size * 0.9)
    assert resized(layout, 400, 2400) is layout
    board = resized(load_layout("board"), 600, 800)
    table = board.element("officers")
    original = load_layout("board").element("officers")
    assert table.row_min == pytest.approx(original.row_min * 800 / 420)
    assert table.columns[1].element.max_size == pytest.approx(original.columns[1].element.max_size * 800 / 420)


@pytest.mark.parametrize("name", ["plaque-vertical", "plaque-horizontal", "deskplate", "board"])
def test_signage_layouts_load(name):
    layout = load_layout(name)
    assert layout.elements


def test_a_name_that_cannot_put_its_long_part_first_still_prints():
    name = "岳西县" + "某" * 35                      # the only break leaves a short first column
    fit = fit_text(name, main=2160.0, cross=320.0, min_size=53.0, max_size=282.0, max_lines=2, first_longest=True)
    assert fit is not None and "".join(fit.lines) == name


LANDSCAPE = dict(main=520 * MM, cross=300 * MM, min_size=40.0, max_size=360.0, max_lines=4, leading=1.35)


def test_a_name_without_name_parts_breaks_before_its_closing_union_word():
    # it stayed on one line at 39 mm on a 600 x 400 plaque
    fit = fit_largest("江西九江长江大桥管理处工会", **LANDSCAPE)
    assert fit.lines == ("江西九江长江大桥管理处", "工会")
    assert fit.size / MM >= 45
    assert all(b.end != 4 for b in sign_breaks("浔阳市总工会"))          # 总工会 stays whole
    assert all(b.end != 5 for b in sign_breaks("某某联合工会委员会"))


def test_no_orphan_line_for_a_few_percent_larger_characters():
    # under a batch's cap four lines were 7% larger but left 企业 alone on the third
    capped = {**LANDSCAPE, "max_size": 59 * MM, "orphan_gain": ORPHAN_GAIN}
    fit = fit_largest("九江（共青城）经济技术开发区企业联合工会委员会", **capped)
    assert fit.lines == ("九江（共青城）", "经济技术开发区企业", "联合工会委员会")
    # a place word as a first line is no orphan
    fit = fit_largest("永修县星火工业园区企业联合工会委员会", **capped)
    assert fit.lines == ("永修县", "星火工业园区企业", "联合工会委员会") and fit.size == pytest.approx(59 * MM, abs=0.5)
    # without the rule (a batch measuring its size) the largest arrangement counts
    assert len(fit_largest("九江（共青城）经济技术开发区企业联合工会委员会", **LANDSCAPE).lines) == 4


def test_a_branch_keeps_its_place_name():
    # it read 江西赣锋锂业集团 / 股份有限公司九江 / 分公司工会委员会
    name = "江西赣锋锂业集团股份有限公司九江分公司工会委员会"
    fit = fit_largest(name, **{**LANDSCAPE, "max_size": 59 * MM})
    assert fit.lines == ("江西赣锋锂业集团", "股份有限公司", "九江分公司", "工会委员会")
    assert all(b.end != name.index("分公司") for b in sign_breaks(name))
