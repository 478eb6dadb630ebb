"""Imposition geometry: items per A4, bleed gutters, crop marks outside the trim, duplex mirror."""

from __future__ import annotations

import pytest

from docgen.printing import impose
from docgen.printing.units import MM


def inside(x, y, box, pad=0.0):
    return box.x - pad < x < box.right + pad and box.y - pad < y < box.top + pad


@pytest.mark.parametrize("size, duplex, count, page_mm", [
    ((85.6, 54), False, 9, (297, 210)),      # ID-1 landscape: 3 x 3 on A4 landscape beats 2 x 4
    ((54, 85.6), False, 9, (210, 297)),      # portrait badge: 3 x 3 on A4 portrait
    ((90, 60), False, 8, (210, 297)),
    ((90, 54), True, 8, (210, 297)),         # two-sided cards: portrait sheets only
    ((85.6, 54), True, 8, (210, 297)),
])
def test_items_per_sheet(size, duplex, count, page_mm):
    plan = impose.a4(*size, 2, duplex=duplex)
    assert plan.per_sheet == count
    assert plan.page == pytest.approx((page_mm[0] * MM, page_mm[1] * MM))


def test_too_big_for_a4_is_none_and_single_is_true_size():
    assert impose.a4(400, 2400, 3) is None
    plan = impose.single(85.6, 54, 2)
    assert plan.page == pytest.approx(((85.6 + 4) * MM, (54 + 4) * MM))
    assert plan.trim_box.as_pdf_box() == pytest.approx((2 * MM, 2 * MM, 87.6 * MM, 56 * MM), abs=1e-3)
    assert plan.crop_box == plan.trim_box and plan.bleed_box.w == pytest.approx(plan.page[0])


def test_items_keep_their_bleed_apart_and_inside_the_paper():
    plan = impose.a4(85.6, 54, 2)
    b = 2 * MM
    for i, s in enumerate(plan.slots):
        assert s.trim.x - b > 0 and s.trim.right + b < plan.page[0]
        for t in plan.slots[i + 1:]:
            apart_x = max(t.trim.x - s.trim.right, s.trim.x - t.trim.right)
            apart_y = max(t.trim.y - s.trim.top, s.trim.y - t.trim.top)
            assert max(apart_x, apart_y) >= 2 * b - 1e-6      # bleeds touch at most


def test_crop_marks_sit_on_trim_lines_outside_every_bleed():
    plan = impose.a4(90, 54, 2, duplex=True)
    b = 2 * MM
    xs = {round(v, 3) for s in plan.slots for v in (s.trim.x, s.trim.right)}
    ys = {round(v, 3) for s in plan.slots for v in (s.trim.y, s.trim.top)}
    vertical = [m for m in plan.marks if m.x1 == m.x2]
    horizontal = [m for m in plan.marks if m.y1 == m.y2]
    assert {round(m.x1, 3) for m in vertical} == xs and {round(m.y1, 3) for m in horizontal} == ys
    assert len(plan.marks) == 2 * (len(xs) + len(ys))
    for m in plan.marks:
        assert abs(m.x2 - m.x1) + abs(m.y2 - m.y1) == pytest.approx(impose.MARK_LENGTH_MM * MM)
        for point in ((m.x1, m.y1), (m.x2, m.y2)):
            assert not any(inside(*point, s.trim, pad=b + 0.5 * MM) for s in plan.slots)
            assert 5 * MM - 1e-6 <= point[0] <= plan.page[0] - 5 * MM + 1e-6
            assert 5 * MM - 1e-6 <= point[1] <= plan.page[1] - 5 * MM + 1e-6


def test_back_sheet_mirrors_each_slot_for_long_edge_duplex():
    front = impose.a4(90, 54, 2, duplex=True)
    back = front.mirrored()
    width = front.page[0]
    for f, k in zip(front.slots, back.slots):
        assert k.trim.x == pytest.approx(width - f.trim.right)
        assert (k.trim.y, k.trim.w, k.trim.h) == (f.trim.y, f.trim.w, f.trim.h)
    # two columns: the left front item is backed by the right back slot
    assert back.slots[0].trim.x == pytest.approx(front.slots[1].trim.x)


def test_grid_count_formula():
    # n items need n*w + (n-1)*2b + 2*(b + 1 + 4 + 5) mm
    assert impose.grid_count((210, 297), 90, 54, 2) == (2, 4)
    assert impose.grid_count((184 + 24, 300), 90, 54, 2) == (2, 4)
    assert impose.grid_count((184 + 24 - 0.1, 300), 90, 54, 2) == (1, 4)
