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
    block_gap_mm    blocks: the least space above each block
    [[elements.columns]]   in order, left to right:
        type        text (default) | sign | image: any text, sign or image keys (text, font,
                    size_pt, lines, prefer, ...; source, fit, missing, placeholder, frame),
                    without box_mm
        header      the column's heading
        width       share of the table's width (default 1)
        aspect      image columns: width / height of the picture (default 0.75, an ID photo)
        min_width_mm  image columns: the picture is never narrower (rows grow, or fewer flows);
                    when such rows do not fit, or bring the text under half the size it reaches
                    without pictures, the table is laid out without the column and says so (a
                    warning in the composition, e.g. 30 officers and a photo on an A3 board)
        optional    image columns: shown only when some row has a picture (default true), so
                    a board without photos prints no empty 照片 frames
    [[elements.blocks]]    text blocks under the rows, in order, while the box has room: a board
                    with few officers fills its page (工会职责, 入会方式, ...) instead of leaving
                    it blank. Keys: title, text (Jinja2), when (shown only when it holds: a block
                    that states a fact names the input field it needs), size_pt [min, max],
                    font, min_mm (the least height, title included; default 24), title_mm,
                    title_size_pt, title_color, color, leading; all blocks print one text size
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, TypeVar

from ..expr import FieldProblem, Template, _describe, _fast_expression, _GiveUp
from ..fitting import SIZE_STEP, common_size
from ..ops import FillRect, Line, StrokeRect
from ..schema import Table
from ..theme import CMYK, parse_color
from ..units import MM, Box
from . import TYPES, Common, ComposeContext, Element, LoadContext, register
from .text import TextBox, font_role

if TYPE_CHECKING:
    from .sign import SignText

# a picture column is left out (with a note) when its rows would bring the text under this share
# of the size it reaches without pictures: 25 officers and one photo on A3 gave 6-7 pt, not 17-19
PHOTO_TEXT_SHARE = 0.5


@dataclass(frozen=True)
class Column:
    element: Element            # a text or image element; its box is set per cell
    header: TextBox | None
    width: float                # share
    aspect: float               # image columns
    min_width: float = 0.0      # pt, image columns
    optional: bool = False      # image columns: only when some row has a picture


@dataclass(frozen=True)
class Block:
    title: TextBox
    text: SignText              # a sign text that wraps as running text
    min_h: float                # pt, title included

    def shown(self, values: dict) -> bool:
        return self.text.shown(values)


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
    blocks: tuple[Block, ...] = ()
    block_gap: float = 0.0          # pt: the least space above each block
    rows_fast: Any = None           # `rows` in plain Python (expr.py's fast path), or None

    @classmethod
    def read(cls, table: Table, common: Common, cx: LoadContext) -> TableBox:
        from ... import templating

        source = table.text("rows")
        env = templating.environment(cx.user_dir)
        try:
            rows = env.compile_expression(source)
        except Exception as exc:
            table.error("rows", f"表达式语法错误：{_describe(exc)}")
            rows = None
        low, high = table.numbers("row_mm", 2, default=(8.0, 40.0), low=1)
        if low > high:
            table.error("row_mm", f"[{low:g}, {high:g}] 应为 [最小, 最大]")
        header_h = table.number("header_mm", 8.0, low=0, high=200)
        header_role = font_role(table, "header_font", cx)
        hlow, hhigh = table.numbers("header_size_pt", 2, default=(6.0, 12.0), low=2)
        header_color = parse_color(table, "header_color", cx.theme, default="black") or (0.0, 0.0, 0.0, 1.0)
        columns = []
        for i, col in enumerate(table.tables("columns")):
            kind = col.text("type", "text")
            if kind not in ("text", "sign", "image"):
                col.error("type", f"表格列的类型应为 text、sign 或 image，不是“{kind}”")
                continue
            heading = col.text("header", "")
            label = f"{common.label}·{heading}" if heading else f"{common.label}第{i + 1}列"
            cell_common = Common(id=f"{common.id}.{i + 1}", label=label, box=Box(0, 0, 1, 1), when=None)
            element = TYPES[kind].read(col, cell_common, cx)
            width = col.number("width", 1.0, low=0.05, high=100)
            aspect = col.number("aspect", 0.75, low=0.1, high=10) if kind == "image" else 0.75
            min_width = col.number("min_width_mm", 0.0, low=0, high=500) * MM if kind == "image" else 0.0
            optional = col.boolean("optional", True) if kind == "image" else False
            col.allow("aspect", "min_width_mm", "optional")
            col.finish()
            header = None
            if heading and header_h > 0:
                header = TextBox(replace(cell_common, label=f"{label}（表头）"), Template(heading, None), header_role,
                                 hlow, hhigh, lines=1, align="center", valign="middle", leading=1.2,
                                 vertical=False, spread=0, tracking=0.0, color=header_color)
            columns.append(Column(element, header, width, aspect, min_width, optional))
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
                   same_size=table.number("same_size", 0.9, low=0.0, high=1.0),
                   blocks=_read_blocks(table, common, cx, header_role, (hlow, hhigh)),
                   block_gap=table.number("block_gap_mm", 4.0, low=0, high=200) * MM,
                   rows_fast=_fast_expression(env, source) if rows is not None else None)

    # --- resizing (printing/resize.py) ------------------------------------------------------

    def scaled(self, sx: float, sy: float, k: float) -> TableBox:
        from .. import resize

        columns = tuple(replace(c, element=resize.scale_element(c.element, sx, sy, k),
                                header=c.header and resize.scale_element(c.header, sx, sy, k))
                        for c in self.columns)      # a picture's least width stays as it is: it is absolute
        blocks = tuple(replace(b, title=resize.scale_element(b.title, sx, sy, k),
                               text=resize.scale_element(b.text, sx, sy, k), min_h=b.min_h * sy) for b in self.blocks)
        return replace(self, common=replace(self.common, box=resize.scale_box(self.box, sx, sy)), columns=columns,
                       row_min=self.row_min * sy, row_max=self.row_max * sy, header_h=self.header_h * sy,
                       flow_gap=self.flow_gap * sx, padding=self.padding * k, rule_weight=self.rule_weight * k,
                       empty=self.empty and resize.scale_element(self.empty, sx, sy, k),
                       blocks=blocks, block_gap=self.block_gap * sy)

    # --- compose ---------------------------------------------------------------------------------

    def compose(self, cx: ComposeContext) -> list:
        return self._laid_out(cx, draw=True)

    def check(self, cx: ComposeContext) -> None:
        """The decisions compose makes (rows per flow, whether a photo column stays, which blocks
        fit at which size), the same problems and notes, without any drawing data: each cell's
        text is checked as TextBox.check answers it (a column's common size only lowers sizes
        the cells reached, so it never makes one fail), and the blocks are chosen and measured."""
        self._laid_out(cx, draw=False)

    def _laid_out(self, cx: ComposeContext, draw: bool) -> list:
        rows = self._rows(cx.values)
        box = self.box
        row_cxs = _row_contexts(cx, rows)
        columns = self._shown_columns(row_cxs)
        if not rows:
            ops = self._frame_and_header(cx, columns, 1, box.w, 0.0, draw)
            if self.empty is not None:
                cell = Box(box.x, box.top - self.header_h - self.row_max, box.w, self.row_max)
                if draw:
                    ops += _at(self.empty, cell).compose(cx)
                else:
                    _checked(self.empty, cell, cx)
            return ops
        plain = tuple(c for c in columns if not c.min_width)
        if len(plain) == len(columns):
            return self._fit(cx, row_cxs, columns, rows, draw)[0]
        try:
            without = self._fit(cx, row_cxs, plain, rows, draw, sized=True)
        except FieldProblem:
            return self._fit(cx, row_cxs, columns, rows, draw)[0]
        try:
            ops, size = self._fit(cx, row_cxs, columns, rows, draw, sized=True)
            if size >= PHOTO_TEXT_SHARE * without[1] - 1e-6:
                return ops
        except FieldProblem:
            pass
        # many rows: rows tall enough for a picture do not fit, or leave the text unreadable
        cx.notes.append(f"{self.label} {len(rows)} 人，照片列放不下（或使字太小），已不印照片；"
                        f"需要照片请加大版面（--size 600x800）")
        return without[0]

    def _fit(self, cx: ComposeContext, row_cxs: list[ComposeContext], columns, rows: list, draw: bool = True,
             sized: bool = False) -> tuple[list, float]:
        """(ops, the smallest column text size): the rows in the fewest flows that hold them, then
        the blocks; a problem if none does. Without `draw` (a check) no ops, and the size only
        when `sized` asks for it (the photo column's choice)."""
        box = self.box
        body = box.h - self.header_h
        first_problem = None
        for flows in range(1, self.flows + 1):
            per = math.ceil(len(rows) / flows)
            row_min = self._row_min(columns)
            row_h = min(max(self.row_max, row_min), body / per)     # photos may need taller rows
            if row_h + 1e-6 < row_min:
                continue
            edges = self._column_edges(columns, self.box.x, self._flow_width(flows))
            if edges is None:
                continue
            try:
                if draw:
                    ops, size = self._compose(cx, row_cxs, columns, rows, flows, per, row_h)
                else:
                    ops, size = [], self._check_rows(cx, row_cxs, columns, rows, flows, per, row_h, sized)
            except FieldProblem as exc:
                first_problem = first_problem or exc
                continue
            return ops + self._compose_blocks(cx, box.top - self.header_h - per * row_h, draw), size
        if first_problem is not None:
            raise first_problem
        row_min = self._row_min(columns)
        capacity = self.flows * int((body + 1e-6) // row_min)
        widths = [c.min_width for c in columns if c.min_width]
        photo = f"（照片至少 {max(widths) / MM:g} mm 宽，行高随之加大）" if row_min > self.row_min + 1e-6 else ""
        raise FieldProblem(
            f"{len(rows)} 行在{self.label}框内放不下：最多分 {self.flows} 栏、每行至少 {row_min / MM:.1f} mm{photo}，"
            f"只能容纳 {capacity} 行；请加大版面（--size 600x800），或在版式中减小 row_mm 的最小值、增加 flows")

    def _shown_columns(self, row_cxs: list[ComposeContext]) -> tuple[Column, ...]:
        """The columns, without an optional picture column that no row has a picture for."""
        out = []
        for column in self.columns:
            if column.optional and not any(_has_picture(column.element, row_cx.values) for row_cx in row_cxs):
                continue
            out.append(column)
        return tuple(out)

    def _row_min(self, columns) -> float:
        """Rows are never lower than the layout says, nor than a picture column's least width needs."""
        need = [c.min_width / c.aspect + 2 * self.padding for c in columns if c.min_width]
        return max([self.row_min, *need])

    def _rows(self, values: dict) -> list:
        if self.rows is None:
            return []
        if self.rows_fast is not None:
            try:
                rows = self.rows_fast(values)       # "officers": a lookup, without Jinja's set-up
            except _GiveUp:
                pass
            else:
                return [] if rows is None else _as_list(rows, self.rows_source)
        try:
            rows = self.rows(**values)
        except Exception as exc:
            raise FieldProblem(f"表达式 rows = {self.rows_source!r} 出错：{_describe(exc)}") from None
        return [] if rows is None else _as_list(rows, self.rows_source)

    def _flow_width(self, flows: int) -> float:
        return (self.box.w - (flows - 1) * self.flow_gap) / flows

    def _column_edges(self, columns, x0: float, width: float) -> list[tuple[float, float]] | None:
        """(x, width) of each column: shares of the width, a picture column at least its least
        width (the others give up the difference); None when the width cannot hold that."""
        fixed = {i: c.min_width + 2 * self.padding for i, c in enumerate(columns) if c.min_width}
        total = sum(c.width for c in columns) or 1.0
        widths = [width * c.width / total for c in columns]
        short = {i: need for i, need in fixed.items() if widths[i] < need}
        if short:
            rest = width - sum(short.values())
            others = sum(c.width for i, c in enumerate(columns) if i not in short)
            if rest <= 0 or others <= 0:
                return None
            widths = [short[i] if i in short else rest * c.width / others for i, c in enumerate(columns)]
        edges, x = [], x0
        for w in widths:
            edges.append((x, w))
            x += w
        return edges

    def _frame_and_header(self, cx: ComposeContext, columns, flows: int, width: float, body_h: float,
                          draw: bool = True) -> list:
        ops: list = []
        top = self.box.top
        for j in range(flows):
            x0 = self.box.x + j * (width + self.flow_gap)
            if self.header_h > 0:
                head = Box(x0, top - self.header_h, width, self.header_h)
                if self.header_fill is not None:
                    ops.append(FillRect(head, self.header_fill))
                for (x, w), column in zip(self._column_edges(columns, x0, width) or (), columns, strict=False):
                    if column.header is None:
                        continue
                    cell = self._pad(Box(x, head.y, w, head.h))
                    if draw:
                        ops += _at(column.header, cell).compose(cx)
                    else:
                        _checked(column.header, cell, cx)
            if self.rule is not None:
                ops.append(StrokeRect(Box(x0, top - self.header_h - body_h, width, self.header_h + body_h),
                                      self.rule, self.rule_weight))
        return ops

    def _compose(self, cx: ComposeContext, row_cxs: list[ComposeContext], columns, rows: list, flows: int,
                 per: int, row_h: float) -> tuple[list, float]:
        width = self._flow_width(flows)
        ops: list = []
        top = self.box.top - self.header_h
        sized = None
        for j in range(flows):
            part = rows[j * per:(j + 1) * per]
            x0 = self.box.x + j * (width + self.flow_gap)
            edges = self._column_edges(columns, x0, width)
            assert edges is not None        # the caller checked that this width holds the columns
            if sized is None:       # one size per column on the whole board, whichever flow
                sized = self._column_sizes(cx, row_cxs, edges, columns, row_h)
            for i in range(len(part)):
                y = top - (i + 1) * row_h
                if self.stripe is not None and i % 2 == 1:
                    ops.append(FillRect(Box(x0, y, width, row_h), self.stripe))
                if self.rule is not None and i > 0:
                    ops.append(Line(x0, y + row_h, x0 + width, y + row_h, self.rule, self.rule_weight))
                cell_cx = row_cxs[j * per + i]
                for (x, w), column, element in zip(edges, columns, sized, strict=False):
                    try:
                        ops += _at(element, self._cell(column, x, y, w, row_h)).compose(cell_cx)
                    except FieldProblem as exc:
                        raise _in_row(j * per + i, column, exc) from None
            if self.rule is not None and self.header_h > 0:
                ops.append(Line(x0, top, x0 + width, top, self.rule, self.rule_weight))
        size = min((e.max_size for e in sized or () if isinstance(e, TextBox)), default=0.0)
        return self._frame_and_header(cx, columns, flows, width, per * row_h) + ops, size

    def _check_rows(self, cx: ComposeContext, row_cxs: list[ComposeContext], columns, rows: list, flows: int,
                    per: int, row_h: float, sized: bool) -> float:
        """What _compose raises for these rows, in its order (cells flow by flow, row by row, then
        the headers), without ops; the smallest column size only when `sized`. A cell's answer
        depends on its size, not where it stands: one copy of each column's element per flow."""
        width = self._flow_width(flows)
        size = 0.0
        for j in range(flows):
            part = rows[j * per:(j + 1) * per]
            x0 = self.box.x + j * (width + self.flow_gap)
            edges = self._column_edges(columns, x0, width)
            assert edges is not None        # the caller checked that this width holds the columns
            if j == 0 and sized:
                capped = self._column_sizes(cx, row_cxs, edges, columns, row_h)
                size = min((e.max_size for e in capped if isinstance(e, TextBox)), default=0.0)
            cells = [(_sized(column.element, self._cell(column, x, 0.0, w, row_h)), column)
                     for (x, w), column in zip(edges, columns, strict=False)]
            for i in range(len(part)):
                cell_cx = row_cxs[j * per + i]
                for element, column in cells:
                    try:
                        element.check(cell_cx)
                    except FieldProblem as exc:
                        raise _in_row(j * per + i, column, exc) from None
        self._check_headers(cx, columns, flows, width)
        return size

    def _cell(self, column: Column, x: float, y: float, w: float, row_h: float) -> Box:
        """A row's cell in a column, as compose and check both place it: padded, and a picture's
        kept to its column's aspect."""
        cell = self._pad(Box(x, y, w, row_h))
        return _aspect_box(cell, column.aspect) if type(column.element).type_name == "image" else cell

    def _check_headers(self, cx: ComposeContext, columns, flows: int, width: float) -> None:
        """What _frame_and_header raises: the same for every board with these columns and flows."""
        measured = _measures(cx.faces)
        key = ("headers", self, columns, flows)
        answer = measured.get(key, _MISSING)
        if answer is _MISSING:
            try:
                self._frame_and_header(cx, columns, flows, width, 0.0, draw=False)
                answer = None
            except FieldProblem as exc:
                answer = str(exc)
            measured[key] = answer
        if answer is not None:
            raise FieldProblem(answer)

    def _compose_blocks(self, cx: ComposeContext, top: float, draw: bool = True) -> list:
        """The blocks that fit under the rows (from `top` down to the box's foot), in order, their
        text in one size, the largest at which all of them fit; the room left over is spread
        evenly between them, so the page has no empty half."""
        room = top - self.box.y
        chosen: list[Block] = []
        for block in self.blocks:
            if not block.shown(cx.values):
                continue
            if sum(b.min_h + self.block_gap for b in chosen) + block.min_h + self.block_gap > room + 1e-6:
                break
            chosen.append(block)
        if not chosen:
            return []
        width = self.box.w - 2 * self.padding
        # each text rendered once; its height at a size depends on the text and the width only,
        # so the blocks every board shares (工会职责, 入会方式) are measured once per run
        rendered = [block.text.text.render(cx.values) for block in chosen]
        measured = _measures(cx.faces)
        line_widths = []
        for block, source in zip(chosen, rendered, strict=False):
            key = (block.text, source)            # a shared block's width: once per run
            found = measured.get(key, _MISSING)
            if found is _MISSING:
                found = measured[key] = _line_width(block.text, source, cx)
            line_widths.append(found)

        def text_height(k: int, size: float) -> float | None:
            line = line_widths[k]
            if line is not None and line <= width / size + 1e-9:
                return size         # on one line: greedy wrapping breaks only a line wider than the box
            key = (chosen[k].text, rendered[k], size)
            found = measured.get(key, _MISSING)
            if found is _MISSING:
                element = _copy(chosen[k].text, Box(0.0, 0.0, width, _TALL), text=Template(rendered[k], None),
                                min_size=size, max_size=size)
                fit = element.fit(cx)
                found = None if fit is None else (
                    fit.size * (1 + (len(fit.lines) - 1) * element.leading) if fit.lines else 0.0)
                if len(measured) >= 65536:
                    measured.clear()
                measured[key] = found
            return found

        def heights(size: float) -> list[float] | None:
            out = []
            for k, block in enumerate(chosen):
                text_h = text_height(k, size)
                if text_h is None:
                    return None
                out.append(max(block.min_h, block.title.box.h + self.padding + text_h + self.padding))
            return out if sum(out) + self.block_gap * len(out) <= room + 1e-6 else None

        low = math.ceil(min(b.text.min_size for b in chosen) / SIZE_STEP - 1e-9)
        high = math.floor(min(b.text.max_size for b in chosen) / SIZE_STEP + 1e-9)
        steps = [k * SIZE_STEP for k in range(low, high + 1)]     # sizes the fitter can give
        if not draw:
            # a check's answer depends on the room, the blocks and each text's heights: a text on
            # one line at the largest size is as high as the size at every size, whatever it says
            # (工会概况 differs on every board), so boards alike are answered once
            shape = tuple(None if line is not None and steps and line <= width / steps[-1] + 1e-9
                          else source for line, source in zip(line_widths, rendered, strict=False))
            answer_key = ("blocks", self, room, tuple(chosen), shape)
            answer = measured.get(answer_key, _MISSING)
            if answer is _MISSING:
                try:
                    if self._search_blocks(steps, heights) is not None:
                        for block in chosen:    # the texts fit the heights measured; a title may not fit its row
                            title_h = block.title.box.h
                            _checked(block.title, self._pad(Box(self.box.x, top - title_h, self.box.w, title_h)), cx)
                    answer = None
                except FieldProblem as exc:
                    answer = str(exc)
                if len(measured) >= 65536:
                    measured.clear()
                measured[answer_key] = answer
            if answer is not None:
                raise FieldProblem(answer)
            return []
        best = self._search_blocks(steps, heights)
        if best is None:
            return []
        size, placed = best
        gap = (room - sum(placed)) / len(placed)
        ops: list = []
        y = top
        texts = [_as_text(block.text, source) for block, source in zip(chosen, rendered, strict=False)]
        for block, text, line, height in zip(chosen, texts, line_widths, placed, strict=False):
            y -= gap
            title_h = block.title.box.h
            head = Box(self.box.x, y - title_h, self.box.w, title_h)
            if self.header_fill is not None:
                ops.append(FillRect(head, self.header_fill))
            ops += _at(block.title, self._pad(head)).compose(cx)
            body = Box(self.box.x + self.padding, y - height, width, height - title_h - self.padding)
            if line is not None and width / line >= size:
                # one line: drawn as a one-line text box draws it (the same ops), without break points
                ops += _copy(text, body, kind=TextBox, min_size=size, max_size=size).compose(cx)
            else:
                ops += _placed(block.text, text, body, size).compose(cx)
            y -= height
        return ops

    @staticmethod
    def _search_blocks(steps: list[float], heights) -> tuple[float, list[float]] | None:
        """(size, each block's height): the largest size at which the blocks fit, or None."""
        best = None
        lo, hi = 0, len(steps) - 1
        while lo <= hi:                      # smaller text never takes more room
            mid = (lo + hi) // 2
            found = heights(steps[mid])
            if found is not None:
                best, lo = (steps[mid], found), mid + 1
            else:
                hi = mid - 1
        return best

    def _column_sizes(self, cx: ComposeContext, row_cxs: list[ComposeContext], edges, columns,
                      row_h: float) -> list[Element]:
        """Each column's element with its text size capped at the column's common size, so a
        column reads as one (a name list where 张三 and 欧阳建国 are the same size)."""
        out = []
        for (x, w), column in zip(edges, columns, strict=False):
            element = column.element
            if self.same_size <= 0 or not isinstance(element, TextBox):
                out.append(element)
                continue
            cell = _at(element, self._pad(Box(x, 0.0, w, row_h)))
            sizes = []
            for row_cx in row_cxs:
                try:
                    size = _fitted_size(cell, row_cx)
                except FieldProblem:
                    continue                    # reported when the cell is composed
                if size is not None:
                    sizes.append(size)
            if sizes:
                element = _capped(element, max(element.min_size, common_size(sizes, self.same_size)))
            out.append(element)
        return out

    def _pad(self, cell: Box) -> Box:
        p = min(self.padding, cell.w / 4, cell.h / 4)
        return Box(cell.x + p, cell.y + p, cell.w - 2 * p, cell.h - 2 * p)


E = TypeVar("E", bound=Element)

_MISSING = object()
_TALL = 1e6         # pt: a block's text measured in a box this tall; the blocks' room is checked after
_MOVED: dict = {}   # (element, box) -> the element moved there
_FIELDS: dict[type, tuple[str, ...]] = {}


def _at(element: E, box: Box) -> E:
    """The element moved to `box`: a shallow copy (dataclasses.replace re-runs __init__ with
    every field, ~20 µs; a table moves each column's element into every cell). The copies are
    kept, so the same cell of the next board is the same element, whose composed text the
    text box's cache holds (a role, a header, a shared office phone)."""
    key = (element, box)
    moved = _MOVED.get(key)
    if moved is None:
        if len(_MOVED) >= 8192:
            _MOVED.clear()
        moved = _MOVED[key] = _copy(element, box)
    return moved


_SIZED: dict = {}  # (element, width, height) -> the element in a box of that size at the origin


def _sized(element: E, box: Box) -> E:
    """The element in a box of `box`'s size: what check answers depends on the size, not on
    where the box stands, so one copy serves every cell of that size (a column on every board)."""
    key = (element, box.w, box.h)
    moved = _SIZED.get(key)
    if moved is None:
        if len(_SIZED) >= 8192:
            _SIZED.clear()
        moved = _SIZED[key] = _copy(element, Box(0.0, 0.0, box.w, box.h))
    return moved


def _checked(element: Element, box: Box, cx: ComposeContext) -> None:
    _sized(element, box).check(cx)


def _copy(element, box: Box | None = None, kind: type | None = None, **changes):
    """A shallow copy of the element with its box and fields changed, without __init__ (as
    `kind`, a class it derives from, if given). Only the fields are copied: a value an element
    caches about itself (its box's size) is not the copy's."""
    kind = kind or type(element)
    copy: Any = object.__new__(kind)
    copy.__dict__.update({name: element.__dict__[name] for name in _fields(kind)}, **changes)
    if box is not None:
        common = object.__new__(type(element.common))
        common.__dict__.update(element.common.__dict__, box=box)
        copy.__dict__["common"] = common
    return copy


def _fields(kind: type) -> tuple[str, ...]:
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = tuple(f.name for f in fields(kind))
    return found


_CAPPED: dict = {}


def _capped(element: TextBox, size: float) -> TextBox:
    """The column's element with its largest size capped (one copy per size, kept like _at's)."""
    key = (element, size)
    found = _CAPPED.get(key)
    if found is None:
        if len(_CAPPED) >= 4096:
            _CAPPED.clear()
        found = _CAPPED[key] = replace(element, max_size=size)
    return found


def _as_text(element: E, rendered: str) -> E:
    """A copy of the element whose text is `rendered`, already rendered (a block's text is
    measured at several sizes: rendered once)."""
    return _copy(element, text=Template(rendered, None))


_PLACED: dict = {}


def _placed(element: SignText, rendered: SignText, box: Box, size: float) -> SignText:
    """A block's text, rendered, in its box at its size: one copy per (block, text, box, size),
    so a block every board shares, in the same place, is composed once (the text box's cache)."""
    key = (element, rendered.text.source, box, size)
    found = _PLACED.get(key)
    if found is None:
        if len(_PLACED) >= 4096:
            _PLACED.clear()
        found = _PLACED[key] = _copy(rendered, box, min_size=size, max_size=size)
    return found


_MEASURES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _measures(faces) -> dict:
    """(block text element, text, size) -> the text's height, and (element, text) -> its width on
    one line, for one face set (one run's fonts)."""
    found = _MEASURES.get(faces)
    if found is None:
        found = _MEASURES[faces] = {}
    return found


def _line_width(element: SignText, text: str, cx: ComposeContext) -> float | None:
    """Running text's width on one line, in em, as fitting.fit_paragraph measures it (its prefix
    sums, to the same float), for a text in the element's own face without line breaks; None
    for any other. A text no wider than the box at a size sits on one line at that size, so a
    short 工会概况 needs no break points at any size."""
    if (not text or not text.isprintable() or text != text.strip() or element.tracking < 0
            or element.vertical or element.spread):
        return None
    face = cx.faces.face(element.role)
    if not face.covers(text):
        return None
    widths, default = face.widths, face.default_width
    total = 0
    for ch in text:
        total += widths.get(ord(ch), default)
    return total / 1000.0 + element.tracking * (len(text) - 1)


def _row_contexts(cx: ComposeContext, rows: list) -> list[ComposeContext]:
    """One context per row (`row` is the item), made once per board."""
    return [ComposeContext(values={**cx.values, "row": row}, faces=cx.faces, theme=cx.theme,
                           item_box=cx.item_box, bleed=cx.bleed) for row in rows]


def _fitted_size(cell: TextBox, cx: ComposeContext) -> float | None:
    """The size the cell's text fits at (None: nothing to print). A plain one-line text in the
    element's own face is answered from its width at size 1 (a width scales with the size):
    the size is the largest that keeps it inside the cell, the rule fitting.fit_text follows;
    anything else (wrapping, a second face, too long) is fitted by the element itself."""
    if (type(cell) is TextBox and cell.lines == 1 and not cell.vertical and not cell.shorter_not_smaller
            and not cell.capped):
        rendered = cell.text.render(cx.values)
        if rendered and rendered.isprintable() and rendered == rendered.strip():
            size = cell._one_line_size(cx, rendered)
            if size is not None and size + 1e-9 >= cell.min_size:
                return size
    fit = cell.fit(cx)
    return fit.size if fit is not None and fit.lines else None


def _as_list(rows, source: str) -> list:
    try:
        return list(rows)
    except TypeError:
        raise FieldProblem(f"rows = {source!r} 应给出一个列表") from None


def _in_row(index: int, column: Column, exc: FieldProblem) -> FieldProblem:
    """A cell's problem named by its row (from 1) and column, as compose and check both say it."""
    return FieldProblem(f"第 {index + 1} 行 {column.element.label}：{exc}")


def _aspect_box(cell: Box, aspect: float) -> Box:
    w = min(cell.w, cell.h * aspect)
    h = w / aspect
    return Box(cell.x + (cell.w - w) / 2, cell.y + (cell.h - h) / 2, w, h)


def _has_picture(element: Element, values: dict) -> bool:
    source = getattr(element, "source", None)
    if source is None:
        return True
    try:
        path = source.render(values).strip()
    except FieldProblem:
        return True                     # let compose report it
    return bool(path) and path != "None"


def _read_blocks(table: Table, common: Common, cx: LoadContext, header_role: str, header_sizes) -> tuple[Block, ...]:
    from ..expr import condition, template
    from .sign import SignText

    blocks = []
    for i, t in enumerate(table.tables("blocks")):
        title = t.text("title")
        label = f"{common.label}·{title}"
        when = condition(t, "when", cx.user_dir)
        text_common = Common(id=f"{common.id}.block{i + 1}", label=label, box=Box(0, 0, 1, 1), when=when)
        role = font_role(t, "font", cx)
        low, high = t.numbers("size_pt", 2, default=(8.0, 18.0), low=2)
        title_low, title_high = t.numbers("title_size_pt", 2, default=header_sizes, low=2)
        min_h = t.number("min_mm", 24.0, low=5, high=1000) * MM
        title_h = t.number("title_mm", 9.0, low=3, high=100) * MM
        color = parse_color(t, "color", cx.theme, default="black") or (0.0, 0.0, 0.0, 1.0)
        title_color = parse_color(t, "title_color", cx.theme, default="black") or (0.0, 0.0, 0.0, 1.0)
        text = SignText(text_common, template(t, "text", cx.user_dir), role, low, high, lines=60, align="left",
                        valign="top", leading=t.number("leading", 1.5, low=1.0, high=3.0), vertical=False, spread=0,
                        tracking=0.0, color=color, wrap="text")
        heading = TextBox(replace(text_common, label=f"{label}（标题）", when=None, box=Box(0, 0, 1, title_h)),
                          Template(title, None), header_role, title_low, title_high, lines=1, align="left",
                          valign="middle", leading=1.2, vertical=False, spread=0, tracking=0.1, color=title_color)
        t.finish()
        blocks.append(Block(heading, text, max(min_h, title_h + 2 * MM)))
    if not table.has("blocks"):
        table.allow("blocks")
    return tuple(blocks)
