"""Imposition: where items go on a sheet, and the crop marks that say where to cut.

Sheet products (badges, cards) go on A4, as many as fit: each item keeps its bleed all round,
so neighbours sit 2 x bleed apart and a cut on any trim line never shows the next item's colour.
Crop marks stand outside the whole grid, one pair per trim line, starting 1 mm beyond the bleed
so they never touch printed area; at least 5 mm of paper stays blank for the printer's grip.
The orientation of the sheet that fits more items wins (portrait on a tie). Two-sided products
use portrait sheets and get back sheets mirrored left to right, so that a long-edge duplex print
lines each back up with its front.

`--sheet single` is one item per page: the page is the item with its bleed (BleedBox), TrimBox
and CropBox at the trim, so card printers and viewers see the card at its true size while the
bleed stays in the file for a print shop.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .units import A4, Box, mm

MARK_GAP_MM = 1.0          # between the bleed edge and a crop mark
MARK_LENGTH_MM = 4.0
MARK_WEIGHT_PT = 0.25
PAPER_MARGIN_MM = 5.0      # blank paper beyond the marks


@dataclass(frozen=True)
class Slot:
    trim: Box               # the item's trim on the page, points
    rotate: int = 0         # 0, or 180 for a face turned upside down (desk plates)


@dataclass(frozen=True)
class Mark:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class SheetPlan:
    page: tuple[float, float]                 # points
    slots: tuple[Slot, ...]                   # reading order: rows top to bottom, left to right
    marks: tuple[Mark, ...] = ()
    trim_box: Box | None = None               # page boxes written into the PDF
    bleed_box: Box | None = None
    crop_box: Box | None = None
    bleed: float = 0.0                        # points, kept round each slot's trim

    @property
    def per_sheet(self) -> int:
        return len(self.slots)

    def mirrored(self) -> SheetPlan:
        """The back of this sheet for a long-edge duplex flip: slot i lands behind front slot i."""
        width = self.page[0]
        slots = tuple(replace(s, trim=Box(width - s.trim.right, s.trim.y, s.trim.w, s.trim.h)) for s in self.slots)
        marks = tuple(Mark(width - m.x1, m.y1, width - m.x2, m.y2) for m in self.marks)
        flip = lambda b: None if b is None else Box(width - b.right, b.y, b.w, b.h)  # noqa: E731
        return replace(self, slots=slots, marks=marks, trim_box=flip(self.trim_box),
                       bleed_box=flip(self.bleed_box), crop_box=flip(self.crop_box))


def single(width_mm: float, height_mm: float, bleed_mm: float, crop_to_trim: bool = True) -> SheetPlan:
    b = mm(bleed_mm)
    trim = Box(b, b, mm(width_mm), mm(height_mm))
    page = (trim.w + 2 * b, trim.h + 2 * b)
    media = Box(0.0, 0.0, *page)
    return SheetPlan(page, (Slot(trim),), (), trim_box=trim, bleed_box=media,
                     crop_box=trim if crop_to_trim else None, bleed=b)


def grid_count(sheet_mm: tuple[float, float], width_mm: float, height_mm: float, bleed_mm: float) -> tuple[int, int]:
    """(columns, rows) of items that fit on a sheet with bleed, marks and paper margin."""
    outer = bleed_mm + MARK_GAP_MM + MARK_LENGTH_MM + PAPER_MARGIN_MM
    def count(space: float, item: float) -> int:
        # n items + (n - 1) gutters of 2 x bleed + the outer band each side
        return max(0, int((space - 2 * outer + 2 * bleed_mm + 1e-9) // (item + 2 * bleed_mm)))
    return count(sheet_mm[0], width_mm), count(sheet_mm[1], height_mm)


def a4(width_mm: float, height_mm: float, bleed_mm: float, duplex: bool = False) -> SheetPlan | None:
    """As many items as fit on A4 (None when not even one does)."""
    options = [A4] if duplex else [A4, (A4[1], A4[0])]
    best = None
    for sheet in options:
        cols, rows = grid_count(sheet, width_mm, height_mm, bleed_mm)
        if cols * rows and (best is None or cols * rows > best[1] * best[2]):
            best = (sheet, cols, rows)
    if best is None:
        return None
    sheet, cols, rows = best
    return _grid(sheet, cols, rows, width_mm, height_mm, bleed_mm)


def _grid(sheet, cols: int, rows: int, width_mm: float, height_mm: float, bleed_mm: float) -> SheetPlan:
    page = (mm(sheet[0]), mm(sheet[1]))
    w, h, b = mm(width_mm), mm(height_mm), mm(bleed_mm)
    pitch_x, pitch_y = w + 2 * b, h + 2 * b
    grid_w, grid_h = cols * pitch_x - 2 * b, rows * pitch_y - 2 * b
    x0 = (page[0] - grid_w) / 2
    top = (page[1] + grid_h) / 2
    slots = tuple(Slot(Box(x0 + c * pitch_x, top - (r + 1) * h - r * 2 * b, w, h))
                  for r in range(rows) for c in range(cols))
    gap, length = b + mm(MARK_GAP_MM), mm(MARK_LENGTH_MM)
    left, right, bottom = x0, x0 + grid_w, top - grid_h
    xs = sorted({round(v, 6): v for s in slots for v in (s.trim.x, s.trim.right)}.values())
    ys = sorted({round(v, 6): v for s in slots for v in (s.trim.y, s.trim.top)}.values())
    marks = []
    for x in xs:
        marks.append(Mark(x, top + gap, x, top + gap + length))
        marks.append(Mark(x, bottom - gap, x, bottom - gap - length))
    for y in ys:
        marks.append(Mark(left - gap, y, left - gap - length, y))
        marks.append(Mark(right + gap, y, right + gap + length, y))
    media = Box(0.0, 0.0, *page)
    return SheetPlan(page, slots, tuple(marks), trim_box=media, bleed_box=media, bleed=b)
