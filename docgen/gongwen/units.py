"""The standard's numbers (GB/T 9704-2012, clauses 5-7), as named typed constants.

Lengths are kept in twips (1/20 pt), the unit WordprocessingML uses for page and paragraph
geometry; font sizes in half-points and border widths in eighths of a point are converted only
where the XML attribute is written (`half_points`, `eighths`).
"""

from __future__ import annotations

from typing import NewType

Twips = NewType("Twips", int)

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4


def mm(value: float) -> Twips:
    return Twips(round(value * TWIPS_PER_MM))


def pt(value: float) -> Twips:
    return Twips(round(value * TWIPS_PER_PT))


def half_points(size_pt: float) -> str:
    """w:sz value for a font size in points."""
    return str(round(size_pt * 2))


def eighths(width_mm: float) -> str:
    """w:sz of a border (eighths of a point) for a rule width in millimetres."""
    return str(round(width_mm / 25.4 * 72 * 8))


# ---- page (5.2.1, 5.2.2): A4, type area 156 x 225 mm -----------------------------------------
PAGE_WIDTH = Twips(11906)
PAGE_HEIGHT = Twips(16838)
MARGIN_TOP = Twips(2098)      # 37 mm
MARGIN_BOTTOM = Twips(1984)   # 35 mm
MARGIN_LEFT = Twips(1587)     # 28 mm
MARGIN_RIGHT = Twips(1474)    # 26 mm
TYPE_WIDTH = Twips(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)    # 8845 = 156 mm
TYPE_HEIGHT = Twips(PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)  # 12756 = 225 mm

# ---- grid (5.2.2): 22 lines x 28 characters ----------------------------------------------------
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = Twips(579)          # 225 mm / 22 = 28.95 pt, set as exact line spacing
BODY_SIZE_PT = 16.0              # 3号
CHAR_SPACING = -5                # w:spacing in twips: 16 pt - 0.25 pt = 15.75 pt pitch
CHAR_PITCH = Twips(round(BODY_SIZE_PT * TWIPS_PER_PT) + CHAR_SPACING)   # 315 twips
FIRST_LINE_INDENT = Twips(2 * CHAR_PITCH)                              # 2 characters

# ---- font sizes (7.x) ---------------------------------------------------------------------------
TITLE_SIZE_PT = 22.0             # 2号 小标宋
MARK_SIZE_PT = 42.0              # 初号: the 发文机关标志 size before it is narrowed to fit
MARK_MIN_SCALE = 60              # narrowest w:w (percent) before the mark's size shrinks instead
SMALL_SIZE_PT = 14.0             # 4号: 版记, attachment tables, page numbers
SMALL_PITCH = Twips(round(SMALL_SIZE_PT * TWIPS_PER_PT))

# ---- red head (7.2) -------------------------------------------------------------------------------
# Space before the mark paragraph so its glyph tops sit 35 mm under the type area (measured
# through LibreOffice with the bundled faces; the line box adds the rest).
MARK_SPACE_BEFORE = mm(33.9)
MARK_LINE = pt(48)
RED = "FF0000"
RED_RULE_MM = 0.45               # 0.35-0.5 mm in practice
RED_RULE_LINE = mm(2.4)          # height of the rule's own line: with the 发文字号's descent, 4 mm

# ---- 版记 (7.4) -----------------------------------------------------------------------------------
BANJI_OUTER_MM = 0.35
BANJI_INNER_MM = 0.25
BANJI_LINE = Twips(LINE_PITCH)

# ---- page numbers (7.5): 4号 宋体, the dash (一字线) itself 7 mm under the type area ---------------
PAGE_NUMBER_LINE = pt(SMALL_SIZE_PT * 1.2)
DASH_OVER_LINE_BOTTOM = mm(2.45)   # the em dash's stroke above the bottom of its line (measured, LibreOffice)
FOOTER_DISTANCE = Twips(MARGIN_BOTTOM - mm(7) - DASH_OVER_LINE_BOTTOM)

# ---- attachment tables -------------------------------------------------------------------------
TABLE_LINE = pt(22)
TABLE_CELL_MARGIN = Twips(108)   # Word's default left/right cell margin (0.19 cm)
TABLE_BORDER = "4"               # 0.5 pt
