"""Proof sheets: every item of a one-file-per-record batch scaled onto A4 pages, each with its
label (number, name, size) under it, for a clerk to check before the files go to the sign maker.

The items are drawn from the same ops as their own PDFs (so the proof shows what will be made),
clipped to the trim, in a hairline frame. The grid is the one that shows the most plaque area per
page: a 400 x 2400 plaque comes four to a portrait page at about 1:9; landscape plaques two or
three to a page. A long proof is drawn in parts of a hundred pages, joined (proof_document).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, replace

from .elements import Common
from .elements.text import TextBox
from .expr import FieldProblem, Template
from .ops import StrokeRect, saved_state
from .units import A4, Box, mm

MARGIN_MM = 12.0
HEAD_MM = 10.0             # page heading
LABEL_MM = 15.0            # under each item: up to three lines of name, then the size
GAP_MM = 6.0
FRAME = (0.0, 0.0, 0.0, 0.5)
GREY = (0.0, 0.0, 0.0, 0.65)
BLACK = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True)
class Entry:
    ops: tuple              # the item's ops, item coordinates (points, trim at the origin)
    width_mm: float
    height_mm: float
    label: str              # e.g. "01 岳西县天峰茶业有限公司工会委员会"
    note: str               # e.g. "400 × 2400 mm"


@dataclass(frozen=True)
class Grid:
    page: tuple[float, float]     # mm
    cols: int
    rows: int
    scale: float


def grid_for(width_mm: float, height_mm: float) -> Grid:
    """The A4 grid (portrait or landscape) showing the most item area per page."""
    best = None
    for page in (A4, (A4[1], A4[0])):
        usable_w = page[0] - 2 * MARGIN_MM
        usable_h = page[1] - 2 * MARGIN_MM - HEAD_MM
        for cols in range(1, 13):
            for rows in range(1, 13):
                cell_w = (usable_w - (cols - 1) * GAP_MM) / cols
                cell_h = (usable_h - (rows - 1) * GAP_MM) / rows - LABEL_MM
                if cell_w < 30 or cell_h < 10:
                    continue
                scale = min(cell_w / width_mm, cell_h / height_mm)
                area = cols * rows * scale * scale
                key = (round(area, 6), page == A4)
                if best is None or key > best[0]:
                    best = (key, Grid(page, cols, rows, scale))
    assert best is not None
    return best[1]


def proof_pdf(entries: list[Entry], faces, title: str) -> bytes:
    """All entries on A4 pages (a heading on each page); entries of one batch share one size."""
    if not entries:
        return proof_document([], 0, 0, 0, faces, title)
    pages = -(-len(entries) // per_page(entries[0].width_mm, entries[0].height_mm))
    return proof_document(entries, 0, pages, len(entries), faces, title)


def per_page(width_mm: float, height_mm: float) -> int:
    grid = grid_for(width_mm, height_mm)
    return grid.cols * grid.rows


def proof_document(entries: list[Entry], first: int, pages: int, count: int, faces, title: str,
                   part: int = 0) -> bytes:
    """Pages `first`, first + 1, ... of a proof of `pages` pages and `count` entries, holding
    `entries`, as one PDF. reportlab keeps a document's pages until it is saved, so a long proof
    (20,000 plaques: 5,000 pages) is made of such parts, drawn apart and joined (pdfjoin); part
    `part` > 0 gets font subset tags of its own (one tag, one subset in the joined file)."""
    from .render import DrawEnv, new_canvas, subset_tags

    env = DrawEnv(picture_cache=4)
    buf = io.BytesIO()
    with subset_tags(part) if part else contextlib.nullcontext():
        canvas = new_canvas(buf, faces, title)
        if entries:
            grid = grid_for(entries[0].width_mm, entries[0].height_mm)
            n = grid.cols * grid.rows
            for k in range(0, len(entries), n):
                _draw_page(canvas, env, grid, first + k // n, pages, count, entries[k:k + n], faces, title)
        canvas.save()
    return buf.getvalue()


def _draw_page(canvas, env, grid: Grid, p: int, pages: int, count: int, entries: list[Entry], faces,
               title: str) -> None:
    """Page `p` (from 0) of the proof: its heading and its entries."""
    pw, ph = grid.page
    usable_w = pw - 2 * MARGIN_MM
    usable_h = ph - 2 * MARGIN_MM - HEAD_MM
    cell_w = (usable_w - (grid.cols - 1) * GAP_MM) / grid.cols
    cell_h = (usable_h - (grid.rows - 1) * GAP_MM) / grid.rows
    heading = _label_box("heading", 7, 10, 1, GREY)
    name_box = _label_box("label", 5, 8, 3, BLACK)
    note_box = _label_box("note", 5, 7, 1, GREY)
    canvas.setPageSize((mm(pw), mm(ph)))
    head = f"{title}　第 {p + 1}/{pages} 页　共 {count} 个（按比例缩小，约 1:{round(1 / grid.scale)}）"
    for op in _text(heading, Box(mm(MARGIN_MM), mm(ph - MARGIN_MM - HEAD_MM + 2), mm(usable_w), mm(HEAD_MM - 4)),
                    head, faces):
        op.draw(canvas, env)
    for k, entry in enumerate(entries):
        r, c = divmod(k, grid.cols)
        x0 = MARGIN_MM + c * (cell_w + GAP_MM)
        top = ph - MARGIN_MM - HEAD_MM - r * (cell_h + GAP_MM)
        w, h = entry.width_mm * grid.scale, entry.height_mm * grid.scale
        item = Box(mm(x0 + (cell_w - w) / 2), mm(top - (cell_h - LABEL_MM - h) / 2 - h), mm(w), mm(h))
        with saved_state(canvas):
            clip = canvas.beginPath()
            clip.rect(item.x, item.y, item.w, item.h)
            canvas.clipPath(clip, stroke=0, fill=0)
            canvas.translate(item.x, item.y)
            canvas.scale(grid.scale, grid.scale)
            for op in entry.ops:
                op.draw(canvas, env)
        StrokeRect(item, FRAME, 0.3).draw(canvas, env)
        label_top = top - cell_h + LABEL_MM
        for op in _text(name_box, Box(mm(x0), mm(label_top - 10.5), mm(cell_w), mm(10)), entry.label, faces):
            op.draw(canvas, env)
        for op in _text(note_box, Box(mm(x0), mm(label_top - LABEL_MM), mm(cell_w), mm(4)), entry.note, faces):
            op.draw(canvas, env)
    canvas.showPage()


def _label_box(ident: str, low: float, high: float, lines: int, color) -> TextBox:
    return TextBox(Common(ident, ident, Box(0, 0, 1, 1), None), Template("", None), "hei", low, high,
                   lines=lines, align="center", valign="top", leading=1.15, vertical=False, spread=0,
                   tracking=0.0, color=color)


def _text(box: TextBox, at: Box, text: str, faces) -> list:
    from .elements import ComposeContext

    element = replace(box, common=replace(box.common, box=at), text=Template(text, None))
    cx = ComposeContext(values={}, faces=faces, theme=None, item_box=at, bleed=0.0)
    try:
        return element.compose(cx)
    except FieldProblem:            # a label that cannot be fitted: shrink hard rather than lose it
        element = replace(element, min_size=2.0, lines=4)
        return element.compose(cx)
