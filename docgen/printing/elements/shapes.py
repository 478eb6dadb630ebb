"""Rectangles and rules: the layout's structure (colour bands, frames, separators)."""

from __future__ import annotations

from dataclasses import dataclass

from ..ops import FillRect, Line, StrokeRect
from ..schema import Table
from ..theme import CMYK, parse_color
from ..units import MM
from . import Common, ComposeContext, Element, LoadContext, extend_to_bleed, register


@register("rect")
@dataclass(frozen=True, eq=False)
class Rect(Element):
    """A filled and/or stroked rectangle; a fill touching a trim edge runs into the bleed."""

    fill: CMYK | None
    stroke: CMYK | None
    weight: float           # pt
    radius: float           # pt

    @classmethod
    def read(cls, table: Table, common: Common, cx: LoadContext) -> Rect:
        fill = parse_color(table, "fill", cx.theme)
        stroke = parse_color(table, "stroke", cx.theme)
        if fill is None and stroke is None and not (table.has("fill") or table.has("stroke")):
            table.error("fill", "矩形至少要有 fill 或 stroke 之一")
        return cls(common, fill, stroke, table.number("weight_pt", 0.5, low=0.05, high=20),
                   table.number("radius_mm", 0.0, low=0, high=100) * MM)

    checks_records = False          # nothing of a record reaches a shape

    def check(self, cx: ComposeContext) -> None:
        pass

    def compose(self, cx: ComposeContext) -> list:
        ops: list = []
        if self.fill is not None:
            box = self.box if self.radius else extend_to_bleed(self.box, cx.item_box, cx.bleed)
            ops.append(FillRect(box, self.fill, self.radius))
        if self.stroke is not None:
            ops.append(StrokeRect(self.box, self.stroke, self.weight, self.radius))
        return ops


@register("rule")
@dataclass(frozen=True, eq=False)
class Rule(Element):
    """A straight line from the box's top-left to its bottom-right corner (h = 0: horizontal,
    w = 0: vertical)."""

    color: CMYK
    weight: float
    dash: tuple[float, ...]

    @classmethod
    def read(cls, table: Table, common: Common, cx: LoadContext) -> Rule:
        color = parse_color(table, "color", cx.theme, default="black") or (0.0, 0.0, 0.0, 1.0)
        dash: tuple[float, ...] = ()
        if table.has("dash_pt"):
            dash = table.numbers("dash_pt", 2, low=0.1)
        table.allow("dash_pt")
        return cls(common, color, table.number("weight_pt", 0.5, low=0.05, high=20), tuple(dash))

    checks_records = False

    def check(self, cx: ComposeContext) -> None:
        pass

    def compose(self, cx: ComposeContext) -> list:
        b = self.box
        return [Line(b.x, b.top, b.right, b.y, self.color, self.weight, self.dash)]
