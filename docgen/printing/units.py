"""Lengths. Layout files speak millimetres (top-left origin, like a designer's ruler);
PDF speaks points (bottom-left origin). Conversion happens once, when a layout is loaded."""

from __future__ import annotations

from dataclasses import dataclass

MM = 72.0 / 25.4          # points per millimetre
A4 = (210.0, 297.0)       # mm


def mm(value: float) -> float:
    """Millimetres -> points."""
    return value * MM


@dataclass(frozen=True)
class Box:
    """A rectangle in points, PDF orientation: (x, y) is the bottom-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    @classmethod
    def from_top_left_mm(cls, x: float, y: float, w: float, h: float, item_height_mm: float) -> Box:
        return cls(mm(x), mm(item_height_mm - y - h), mm(w), mm(h))

    def grow(self, left: float = 0.0, bottom: float = 0.0, right: float = 0.0, top: float = 0.0) -> Box:
        return Box(self.x - left, self.y - bottom, self.w + left + right, self.h + bottom + top)

    def as_pdf_box(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1), rounded to 1/1000 pt so boxes print identically everywhere."""
        return tuple(round(v, 3) for v in (self.x, self.y, self.right, self.top))  # type: ignore[return-value]
