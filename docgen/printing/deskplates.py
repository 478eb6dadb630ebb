"""桌牌: A4 tents, one officer a sheet, both faces upright after folding (printing/tent.py).

    batch = prepare(doc, roles=None, only=None)     # records selected and checked
    result = write(batch, preview=None)             # then composed and drawn, the PDF written atomically

Who: chairs and vice-chairs by default, like badges (`--roles`, `--only` as everywhere).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Place, Problem
from ..model import Document
from ..output import write_bytes

if TYPE_CHECKING:
    from .impose import SheetPlan
    from .layout import Layout

PRODUCT = "桌牌"
LAYOUT = "deskplate"


@dataclass
class DeskplateBatch:
    target: Path
    records: tuple
    layout: Layout              # one face per record, drawn twice; composed while drawing (memory stays flat)
    plan: SheetPlan
    faces: object
    fonts: dict
    size_mm: tuple[float, float, float] = (0.0, 0.0, 0.0)     # the plate's width, height and bleed
    count: int = 0              # plates (records is empty when only checked)


@dataclass
class DeskplateResult:
    target: Path
    count: int
    previews: tuple


def prepare(doc: Document, *, output: Path | None = None, roles: str | None = None, only: str | None = None,
            font_options=(), keep: bool = True) -> DeskplateBatch:
    """`keep=False` (only checking): the records are checked and let go, the batch has none."""
    from .faces import FaceSet
    from .layout import load_layout
    from .products import chosen_officers, officer_problems, officer_records, run_fonts
    from .tent import tent

    layout = load_layout(LAYOUT, doc.templates)
    try:
        plan = tent(layout.width_mm, layout.height_mm, layout.bleed_mm)
    except ValueError as exc:
        raise InputError.at(Place(layout.file.name, key="size_mm"), str(exc)) from None
    codes = layout.reads("qr_data")
    fonts = run_fonts(doc, font_options)
    faces = FaceSet(fonts)
    if keep:
        records = officer_records(doc, roles, only, PRODUCT, codes=codes)
        count = len(records)
        problems = [Problem(record.place(doc.source.name), f"{element.label}：{message}")
                    for record in records for element, message in layout.problems(record.values, faces)]
    else:
        pairs = chosen_officers(doc, roles, only, PRODUCT)
        records, count = (), len(pairs)
        problems = officer_problems(doc, pairs, [layout], faces, codes)
    if problems:
        raise InputError(f"有 {len(problems)} 处内容无法印刷", problems)
    return DeskplateBatch(output or Path("out") / f"{PRODUCT}.pdf", records, layout, plan, faces, fonts,
                          (layout.width_mm, layout.height_mm, layout.bleed_mm), count)


def render(batch: DeskplateBatch) -> bytes:
    from .render import DrawEnv, draw_sheet, new_canvas
    from .tent import draw_fold_marks

    env = DrawEnv()
    buf = io.BytesIO()
    canvas = new_canvas(buf, batch.faces, PRODUCT)
    for record in batch.records:
        ops, _ = batch.layout.compose(record.values, batch.faces)       # checked by prepare
        draw_fold_marks(canvas, batch.plan, batch.faces)
        draw_sheet(canvas, batch.plan, [ops, ops], env)
    canvas.save()
    return buf.getvalue()


def write(batch: DeskplateBatch, *, preview: Path | None = None) -> DeskplateResult:
    from .batch import render_previews

    write_bytes(batch.target, render(batch))
    previews = tuple(render_previews(batch.target, preview, dpi=100)) if preview else ()
    return DeskplateResult(batch.target, len(batch.records), previews)
