"""One page per record, one PDF per record: the engine side of plaques and boards.

    layout = sized(load_layout("plaque-vertical"), 400, 2400)
    pages = compose_pages(layout, records, faces, source="county.toml", title="牌匾")  # checks all
    data = render_page(pages[0])                                                      # PDF bytes

`compose_pages` composes and checks every record before anything is drawn, and applies the
layout's batch-wide sizes first: an element with `batch_share` (sign text) is capped at the
largest size that share of the records reach (spec/print.md: 80% of a plaque batch), so a batch
reads as one set while a long name still shrinks on its own item. Problems of every record are
raised together (record and field), so a bad record leaves nothing written.

`render_page` is a plain function of a picklable `Page`, so docgen.batch can run it in worker
processes; each process registers the faces it needs once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..errors import InputError, Problem
from . import impose
from .batch import Record
from .expr import FieldProblem
from .fitting import common_size
from .layout import Layout
from .resize import resized

if TYPE_CHECKING:
    from .elements.sign import SignText


@dataclass(frozen=True)
class Page:
    """One composed record, ready to draw: picklable, independent of the layout objects."""

    label: str
    title: str
    plan: impose.SheetPlan
    ops: tuple
    fonts: tuple[tuple[str, str], ...]      # user faces: (role, path)
    roles: tuple[str, ...]                  # face roles the ops use


def union_label(union) -> str:
    """How problems name a union's record (where it was read is the record's origin)."""
    return union.name


def sized(layout: Layout, width_mm: float, height_mm: float) -> Layout:
    return resized(layout, width_mm, height_mm)


def batch_sizes(layout: Layout, records, faces) -> tuple[Layout, dict[str, float]]:
    """The layout with every `batch_share` element capped at the batch's common size, and the
    caps by element id. Records whose text does not fit at all are left to compose to report."""
    caps: dict[str, float] = {}
    for element in layout.elements:
        share = getattr(element, "batch_share", None)
        if not share:
            continue
        sizes = []
        for record in records:
            try:
                if not element.shown(record.values):
                    continue
                fit = cast("SignText", element).fit(layout.context(record.values, faces))     # has batch_share
            except FieldProblem:
                continue
            if fit is not None:
                sizes.append(fit.size)
        if sizes:
            caps[element.id] = common_size(sizes, share)
    for ident, cap in caps.items():
        has_cap = hasattr(layout.element(ident), "cap")     # signs keep their max_size to grow short names
        layout = layout.with_element(ident, **({"cap": cap} if has_cap else {"max_size": cap}))
    return layout, caps


def compose_pages(layout: Layout, records, faces, *, source: str, title: str,
                  plan: impose.SheetPlan | None = None, notes: list[str] | None = None,
                  keep: bool = True) -> list[Page]:
    """Every record composed and checked; InputError listing all problems when any record fails.
    Warnings go to `notes`, each naming its record. `keep=False` (a check): each record is checked
    without drawing data (Layout.problems: the same problems and warnings), and no pages are
    returned, so memory does not grow with the batch."""
    plan = plan or impose.single(layout.width_mm, layout.height_mm, layout.bleed_mm, crop_to_trim=False)
    composed, problems = [], []
    for record in records:
        found_notes: list[str] = []
        if keep:
            ops, found = layout.compose(record.values, faces, found_notes)
        else:
            ops, found = [], layout.problems(record.values, faces, found_notes)
        if notes is not None:
            notes += [f"{title} {record.label}：{note}" for note in found_notes]
        problems += [Problem(record.place(source), f"{element.label}：{message}") for element, message in found]
        if keep:
            composed.append((record, ops))
    if problems:
        raise InputError(f"有 {len(problems)} 处内容无法印刷", problems)
    return [page_of(record.label, ops, faces, title, plan) for record, ops in composed]


def page_of(label: str, ops: list, faces, title: str, plan: impose.SheetPlan) -> Page:
    """A composed record as a Page: its ops and the faces a process drawing them must register."""
    fonts = tuple(sorted((role, str(path)) for role, path in faces.overrides.items()))
    names = {faces.face(role).name: role for role in faces.loaded_roles()}
    roles = tuple(sorted({names[op.font] for op in ops if getattr(op, "font", None) in names}))
    return Page(label, title, plan, tuple(ops), fonts, roles)


def outlined_pages(pages: list[Page], faces) -> list[Page]:
    """The pages with their text as glyph outlines (`plaques --outlines`: no font in the file)."""
    from dataclasses import replace

    from .outlines import outlined

    return [replace(page, ops=outlined(page.ops, faces), roles=()) for page in pages]


# --- drawing (in this process or a worker) ---------------------------------------------------

_FACES: dict = {}


def _faces(fonts: tuple[tuple[str, str], ...]):
    from .faces import FaceSet
    from .render import DrawEnv

    hit = _FACES.get(fonts)
    if hit is None:
        hit = _FACES[fonts] = (FaceSet({role: Path(path) for role, path in fonts}), DrawEnv(picture_cache=8))
    return hit


def render_page(page: Page) -> bytes:
    """The page as a one-page PDF (TrimBox and BleedBox from the page's plan)."""
    from .render import draw_sheet, new_canvas

    faces, env = _faces(page.fonts)
    for role in page.roles:
        faces.face(role)
    buf = io.BytesIO()
    canvas = new_canvas(buf, faces, page.title)
    draw_sheet(canvas, page.plan, [list(page.ops)], env)
    canvas.save()
    return buf.getvalue()


def preview_dpi(width_mm: float, height_mm: float, longest_px: int = 2400, most: int = 150) -> int:
    """A preview resolution that keeps a 2.4 m plaque's PNG to about `longest_px` pixels."""
    longest_in = max(width_mm, height_mm) / 25.4
    return max(10, min(most, int(longest_px / longest_in)))


def numbered(count: int) -> int:
    """Digits of the zero-padded number in `NNNN-name.pdf`: wide enough for the batch, at least 2
    (01 … 12; 0001 … 1000)."""
    return max(2, len(str(count)))


__all__ = ["Page", "Record", "batch_sizes", "compose_pages", "numbered", "outlined_pages", "page_of", "preview_dpi",
           "render_page", "sized", "union_label"]
