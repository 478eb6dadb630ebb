"""Tents: a desk plate (桌牌) is one A4 sheet, landscape, folded in half along its long middle
line (printed side out), so that it stands as a tent with one face to each side of the table.

Both faces carry the same layout. The lower half of the sheet is the front face, upright; the
upper half is the back face turned 180 degrees: folded, the top of each face is the fold (the
tent's ridge), so both read upright from their own side. Each face's outer edge (the one on the
table) and its two ends may bleed; the edge at the fold does not (the faces meet there).

Marks: cut marks at the four corners of the tent's trim (so the unprintable white rim of an
office printer can be trimmed off), dashed fold marks at both ends of the fold line, outside the
trim, and a one-line hint under the sheet.
"""

from __future__ import annotations

from .impose import MARK_GAP_MM, MARK_LENGTH_MM, MARK_WEIGHT_PT, Mark, SheetPlan, Slot
from .ops import saved_state
from .theme import REGISTRATION
from .units import A4, Box, mm

HINT = "桌牌：沿两侧虚线标记向外对折（印面朝外），沿四角裁切线裁去白边"


def tent(face_w_mm: float, face_h_mm: float, bleed_mm: float) -> SheetPlan:
    """Two faces stacked at the middle of an A4 landscape sheet; the upper one turned 180°."""
    page_w, page_h = A4[1], A4[0]
    if face_w_mm > page_w - 10 or 2 * face_h_mm > page_h - 10:
        raise ValueError(f"桌牌一面 {face_w_mm:g} × {face_h_mm:g} mm 放不进 A4 横放的一半")
    x0 = (page_w - face_w_mm) / 2
    mid = page_h / 2
    w, h = mm(face_w_mm), mm(face_h_mm)
    top = Slot(Box(mm(x0), mm(mid), w, h), rotate=180)
    bottom = Slot(Box(mm(x0), mm(mid - face_h_mm), w, h))
    trim = Box(mm(x0), mm(mid - face_h_mm), w, 2 * h)
    b = mm(bleed_mm)
    gap, length = b + mm(MARK_GAP_MM), mm(MARK_LENGTH_MM)
    marks = []
    for x in (trim.x, trim.right):
        marks.append(Mark(x, trim.top + gap, x, trim.top + gap + length))
        marks.append(Mark(x, trim.y - gap, x, trim.y - gap - length))
    for y in (trim.y, trim.top):
        marks.append(Mark(trim.x - gap, y, trim.x - gap - length, y))
        marks.append(Mark(trim.right + gap, y, trim.right + gap + length, y))
    return SheetPlan((mm(page_w), mm(page_h)), (top, bottom), tuple(marks), trim_box=trim,
                     bleed_box=trim.grow(b, b, b, b), crop_box=None, bleed=b)


def fold_y(plan: SheetPlan) -> float:
    return plan.slots[0].trim.y


def draw_fold_marks(canvas, plan: SheetPlan, faces) -> None:
    """Dashed ticks at both ends of the fold, outside the trim (and the cut marks' reach), and
    the hint under the sheet; drawn on the current page before draw_sheet finishes it."""
    trim, y = plan.trim_box, fold_y(plan)
    assert trim is not None     # a tent sheet always has its trim box
    gap, length = plan.bleed + mm(MARK_GAP_MM), mm(MARK_LENGTH_MM) * 1.75
    with saved_state(canvas):
        canvas.setStrokeColorCMYK(*REGISTRATION)
        canvas.setLineWidth(MARK_WEIGHT_PT * 2)
        canvas.setDash([2, 1.5])
        canvas.lines([(trim.x - gap, y, trim.x - gap - length, y),
                      (trim.right + gap, y, trim.right + gap + length, y)])
    hint = faces.face("hei")
    size = 6.5
    width = hint.advance(HINT) * size
    with saved_state(canvas):
        t = canvas.beginText((plan.page[0] - width) / 2, mm(2.5))
        t.setFont(hint.name, size)
        t.setFillColorCMYK(0, 0, 0, 0.6)
        t.textOut(HINT)
        canvas.drawText(t)
