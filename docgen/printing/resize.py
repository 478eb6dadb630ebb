"""Layouts at another size: a plaque layout drawn for 400 x 2400 mm printed at 300 x 1800, a board
drawn for A3 printed at 600 x 800.

A layout file is drawn at its `size_mm`; `resized(layout, w, h)` scales it: boxes per axis (so
margins stay the same share of each side), type sizes, line weights and corner radii by the smaller
factor (so text never outgrows a box that shrank less in the other direction). The bleed stays as
it is: it is the print shop's tolerance, not part of the design. Element types with lengths of
their own (a table's row heights) scale themselves through a `scaled(sx, sy, k)` method.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .units import Box

if TYPE_CHECKING:
    from .layout import Layout

# lengths that scale with the type: text sizes (pt), rule and frame weights, corner radii
TYPE_FIELDS = ("min_size", "max_size", "weight", "radius")


def scale_box(box: Box, sx: float, sy: float) -> Box:
    return Box(box.x * sx, box.y * sy, box.w * sx, box.h * sy)


def scale_element(element, sx: float, sy: float, k: float):
    own = getattr(element, "scaled", None)
    if own is not None:
        return own(sx, sy, k)
    changes = {f: getattr(element, f) * k for f in TYPE_FIELDS if isinstance(getattr(element, f, None), (int, float))}
    return replace(element, common=replace(element.common, box=scale_box(element.box, sx, sy)), **changes)


def resized(layout: Layout, width_mm: float, height_mm: float) -> Layout:
    """The layout at `width_mm` x `height_mm` (itself when that is its size)."""
    if (round(width_mm, 3), round(height_mm, 3)) == (round(layout.width_mm, 3), round(layout.height_mm, 3)):
        return layout
    sx, sy = width_mm / layout.width_mm, height_mm / layout.height_mm
    k = min(sx, sy)
    elements = tuple(scale_element(e, sx, sy, k) for e in layout.elements)
    return replace(layout, width_mm=width_mm, height_mm=height_mm, elements=elements)
