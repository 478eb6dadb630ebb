"""The table: one row per item of a list (a board's officers), columns of text or images,
rows fitted to the box.

Rows share the box's height: each is as tall as the box allows, up to the largest row height;
when the rows would go below the smallest height, the table flows into two or more blocks side
by side (at most `flows`), each with its own header. Only when even that does not hold every row
(or a cell's text does not fit its cell) does compose raise a problem naming the record.

Keys (lengths in mm, sizes in pt):
    rows            Jinja2 expression giving the list, e.g. "officers"; each item is `row` in the
                    columns' templates
    row_mm          [min, max] row height
    header_mm       header row height (0: no header)
    flows           most side-by-side blocks (default 1)
    flow_gap_mm     space between blocks
    padding_mm      space inside each cell
    header_font, header_size_pt, header_color, header_fill   the header row's text and ground
    rule            colour of the frame and the lines between rows ("none": no lines)
    rule_weight_pt  their weight
    stripe          ground of every second row (optional)
    empty           text shown when the list is empty (default: nothing)
    same_size       a text column prints in one size: the largest that this share of its cells
                    reach (default 0.9); the few longer texts shrink in their own cells. 1: every
                    cell the same size; 0: each cell as large as it can be
    [[elements.columns]]   in order, left to right:
        type        text (default) | image: any text or image keys (text, font, size_pt, lines,
                    align, ...; source, fit, missing, placeholder, frame), without box_mm
        header      the column's heading
        width       share of the table's width (default 1)
        aspect      image columns: width / height of the picture (default 0.75, an ID photo)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from ..expr import FieldProblem, Template, _describe
from ..fitting import common_size
from ..ops import FillRect, Line, StrokeRect
from ..schema import Table
from ..theme import CMYK, parse_color
from ..units import MM, Box
from . import TYPES, Common, ComposeContext, Element, LoadContext, register
from .text import TextBox


@dataclass(frozen=True)
class Column:
    element: Element            # a text or image element; its box is set per cell
    header: TextBox | None
    width: float                # share
    aspect: float               # image columns


@register("table")
@dataclass(frozen=True, eq=False)
class TableBox(Element):
    rows: Any                   # compiled expression
    rows_source: str
    columns: tuple[Column, ...]
    row_min: float              # pt
    row_max: float
    header_h: float
    flows: int
    flow_gap: float
    padding: float
    header_fill: CMYK | None
    rule: CMYK | None
    rule_weight: float
    stripe: CMYK | None
    empty: TextBox | None
    same_size: float = 0.9

    @classmethod
    def read(cls, table: Table, common: Common, cx: LoadContext) -> "TableBox":
        from ... import templating

        source = table.text("rows")
        try:
            rows = templating.environment(cx.user_dir).compile_expression(source)
        except Exception as exc:
            table.error("rows", f"表达式语法错误：{_describe(exc)}")
            rows = None
        low, high = table.numbers("row_mm", 2, default=(8.0, 40.0), low=1)
        if low > high:
            table.error("row_mm", f"[{low:g}, {high:g}] 应为 [最小, 最大]")
        header_h = table.number("header_mm", 8.0, low=0, high=200)
        header_font = table.text("header_font", "text")
        header_role = cx.theme.font_role(header_font)
        if header_role is None:
            table.error("header_font", f"未知字体“{header_font}”")
            header_role = "hei"
        hlow, hhigh = table.numbers("header_size_pt", 2, default=(6.0, 12.0), low=2)
        header_color = parse_color(table, "header_color", cx.theme, default="black") or (0.0, 0.0, 0.0, 1.0)
        columns = []
        for i, col in enumerate(table.tables("columns")):
            kind = col.text("type", "text")
            if kind not in ("text", "image"):
                col.error("type", f"表格列的类型应为 text 或 image，不是“{kind}”")
                continue
            heading = col.text("header", "")
            label = f"{common.label}·{heading}" if heading else f"{common.label}第{i + 1}列"
            cell_common = Common(id=f"{common.id}.{i + 1}", label=label, box=Box(0, 0, 1, 1), when=None)
            element = TYPES[kind].read(col, cell_common, cx)
            width = col.number("width", 1.0, low=0.05, high=100)
            aspect = col.number("aspect", 0.75, low=0.1, high=10) if kind == "image" else 0.75
            col.allow("aspect")
            col.finish()
            header = None
            if heading and header_h > 0:
                header = TextBox(replace(cell_common, label=f"{label}（表头）"), Template(heading, None), header_role,
                                 hlow, hhigh, lines=1, align="center", valign="middle", leading=1.2,
                                 vertical=False, spread=0, tracking=0.0, color=header_color)
            columns.append(Column(element, header, width, aspect))
        if not columns and not table.has("columns"):
            table.error("columns", "表格至少要有一列（[[elements.columns]]）")
        empty_text = table.text("empty", "")
        empty = None
        if empty_text:
            empty = TextBox(replace(common, label=f"{common.label}（空）"), Template(empty_text, None), header_role,
                            hlow, hhigh, lines=1, align="center", valign="middle", leading=1.2,
                            vertical=False, spread=0, tracking=0.0, color=(0.0, 0.0, 0.0, 0.65))
        return cls(common, rows, source, tuple(columns), low * MM, high * MM, header_h * MM,
                   flows=table.integer("flows", 1, low=1, high=10),
                   flow_gap=table.number("flow_gap_mm", 4.0, low=0, high=200) * MM,
                   padding=table.number("padding_mm", 1.0, low=0, high=50) * MM,
                   header_fill=parse_color(table, "header_fill", cx.theme),
                   rule=parse_color(table, "rule", cx.theme, default="line"),
                   rule_weight=table.number("rule_weight_pt", 0.4, low=0.05, high=10),
                   stripe=parse_color(table, "stripe", cx.theme),
                   empty=empty,
                   same_size=table.number("same_size", 0.9, low=0.0, high=1.0))

    # --- resizing (printing/resize.py) ------------------------------------------------------

    def scaled(self, sx: float, sy: float, k: float) -> "TableBox":
        from .. import resize

        columns = tuple(replace(c, element=resize.scale_element(c.element, sx, sy, k),
                                header=c.header and resize.scale_element(c.header, sx, sy, k)) for c in self.columns)
        return replace(self, common=replace(self.common, box=resize.scale_box(self.box, sx, sy)), columns=columns,
                       row_min=self.row_min * sy, row_max=self.row_max * sy, header_h=self.header_h * sy,
                       flow_gap=self.flow_gap * sx, padding=self.padding * k, rule_weight=self.rule_weight * k,
                       empty=self.empty and resize.scale_element(self.empty, sx, sy, k))

    # --- compose ---------------------------------------------------------------------------------

    def compose(self, cx: ComposeContext) -> list:
        rows = self._rows(cx.values)
        box = self.box
        if not rows:
            ops = self._frame_and_header(cx, 1, box.w, 0.0)
            if self.empty is not None:
                cell = Box(box.x, box.top - self.header_h - self.row_max, box.w, self.row_max)
                ops += _at(self.empty, cell).compose(cx)
            return ops
        body = box.h - self.header_h
        first_problem = None
        for flows in range(1, self.flows + 1):
            per = math.ceil(len(rows) / flows)
            row_h = min(self.row_max, body / per)
            if row_h + 1e-6 < self.row_min:
                continue
            try:
                return self._compose(cx, rows, flows, per, row_h)
            except FieldProblem as exc:
                first_problem = first_problem or exc
        if first_problem is not None:
            raise first_problem
        capacity = self.flows * int((body + 1e-6) // self.row_min)
        raise FieldProblem(
            f"{len(rows)} 行在{self.label}框内放不下：最多分 {self.flows} 栏、每行至少 {self.row_min / MM:.1f} mm，"
            f"只能容纳 {capacity} 行；请加大版面（--size），或在版式中减小 row_mm 的最小值、增加 flows")

    def _rows(self, values: dict) -> list:
        if self.rows is None:
            return []
        try:
            rows = self.rows(**values)
        except Exception as exc:
            raise FieldProblem(f"表达式 rows = {self.rows_source!r} 出错：{_describe(exc)}") from None
        if rows is None:
            return []
        try:
            return list(rows)
        except TypeError:
            raise FieldProblem(f"rows = {self.rows_source!r} 应给出一个列表") from None

    def _flow_width(self, flows: int) -> float:
        return (self.box.w - (flows - 1) * self.flow_gap) / flows

    def _column_edges(self, x0: float, width: float) -> list[tuple[float, float]]:
        total = sum(c.width for c in self.columns) or 1.0
        edges, x = [], x0
        for c in self.columns:
            w = width * c.width / total
            edges.append((x, w))
            x += w
        return edges

    def _frame_and_header(self, cx: ComposeContext, flows: int, width: float, body_h: float) -> list:
        ops: list = []
        top = self.box.top
        for j in range(flows):
            x0 = self.box.x + j * (width + self.flow_gap)
            if self.header_h > 0:
                head = Box(x0, top - self.header_h, width, self.header_h)
                if self.header_fill is not None:
                    ops.append(FillRect(head, self.header_fill))
                for (x, w), column in zip(self._column_edges(x0, width), self.columns):
                    if column.header is not None:
                        ops += _at(column.header, self._pad(Box(x, head.y, w, head.h))).compose(cx)
            if self.rule is not None:
                ops.append(StrokeRect(Box(x0, top - self.header_h - body_h, width, self.header_h + body_h),
                                      self.rule, self.rule_weight))
        return ops

    def _compose(self, cx: ComposeContext, rows: list, flows: int, per: int, row_h: float) -> list:
        width = self._flow_width(flows)
        ops: list = []
        top = self.box.top - self.header_h
        for j in range(flows):
            part = rows[j * per:(j + 1) * per]
            x0 = self.box.x + j * (width + self.flow_gap)
            edges = self._column_edges(x0, width)
            columns = self._column_sizes(cx, rows, edges, row_h)
            for i, row in enumerate(part):
                y = top - (i + 1) * row_h
                if self.stripe is not None and i % 2 == 1:
                    ops.append(FillRect(Box(x0, y, width, row_h), self.stripe))
                if self.rule is not None and i > 0:
                    ops.append(Line(x0, y + row_h, x0 + width, y + row_h, self.rule, self.rule_weight))
                cell_cx = ComposeContext(values={**cx.values, "row": row}, faces=cx.faces, theme=cx.theme,
                                         item_box=cx.item_box, bleed=cx.bleed)
                for (x, w), column, element in zip(edges, self.columns, columns):
                    cell = self._pad(Box(x, y, w, row_h))
                    if type(column.element).type_name == "image":
                        cell = _aspect_box(cell, column.aspect)
                    try:
                        ops += _at(element, cell).compose(cell_cx)
                    except FieldProblem as exc:
                        raise FieldProblem(f"第 {j * per + i + 1} 行 {column.element.label}：{exc}") from None
            if self.rule is not None and self.header_h > 0:
                ops.append(Line(x0, top, x0 + width, top, self.rule, self.rule_weight))
        return self._frame_and_header(cx, flows, width, per * row_h) + ops

    def _column_sizes(self, cx: ComposeContext, rows: list, edges, row_h: float) -> list[Element]:
        """Each column's element with its text size capped at the column's common size, so a
        column reads as one (a name list where 张三 and 欧阳建国 are the same size)."""
        out = []
        for (x, w), column in zip(edges, self.columns):
            element = column.element
            if self.same_size <= 0 or not isinstance(element, TextBox):
                out.append(element)
                continue
            cell = _at(element, self._pad(Box(x, 0.0, w, row_h)))
            sizes = []
            for row in rows:
                row_cx = ComposeContext(values={**cx.values, "row": row}, faces=cx.faces, theme=cx.theme,
                                        item_box=cx.item_box, bleed=cx.bleed)
                try:
                    fit = cell.fit(row_cx)
                except FieldProblem:
                    continue                    # reported when the cell is composed
                if fit is not None and fit.lines:
                    sizes.append(fit.size)
            if sizes:
                element = replace(element, max_size=common_size(sizes, self.same_size))
            out.append(element)
        return out

    def _pad(self, cell: Box) -> Box:
        p = min(self.padding, cell.w / 4, cell.h / 4)
        return Box(cell.x + p, cell.y + p, cell.w - 2 * p, cell.h - 2 * p)


def _at(element: Element, box: Box) -> Element:
    return replace(element, common=replace(element.common, box=box))


def _aspect_box(cell: Box, aspect: float) -> Box:
    w = min(cell.w, cell.h * aspect)
    h = w / aspect
    return Box(cell.x + (cell.w - w) / 2, cell.y + (cell.h - h) / 2, w, h)
