"""Drawing composed items onto PDF pages with reportlab.

Print-shop rules kept here (spec/print.md): the canvas's initial font is a bundled face (no
unembedded Helvetica is referenced), every TrueType face is embedded as a subset with a
ToUnicode map (copy-paste gives the Chinese back), colours are CMYK, crop marks are in
registration colour, and `invariant` mode makes equal input give equal bytes.
"""

from __future__ import annotations

import contextlib
import io
from collections import OrderedDict
from pathlib import Path

from .impose import MARK_WEIGHT_PT, SheetPlan
from .ops import saved_state
from .theme import REGISTRATION
from .units import Box

PHOTO_DPI = 300            # photos are resampled to this resolution at their printed size


def new_canvas(target, faces, title: str = ""):
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    from . import tounicode

    tounicode.install()             # ToUnicode maps that hold characters beyond U+FFFF
    rl_config.useA85 = 0            # binary streams: a third smaller than ASCII85
    canvas = Canvas(target, invariant=1, pageCompression=1, initialFontName=faces.initial_font_name,
                    initialFontSize=10)
    canvas.setCreator("docgen")
    canvas.setAuthor("docgen")
    if title:
        canvas.setTitle(title)
        canvas.setSubject(title)
    return canvas


@contextlib.contextmanager
def subset_tags(chunk: int):
    """Font subset tags (the ABCDEF+ before a font name) unique to each chunk.

    reportlab numbers a document's subsets AAAAAA, AAAAAB, ...; merged chunks would then carry
    different subsets under one name, which preflight flags and some RIPs mix up. The tag is
    derived from the chunk's index (not from the worker), so output stays the same for any N."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.SUBSETN

    def tag(n, _chunk=chunk):
        value, letters = _chunk * 1000 + n, []
        for _ in range(6):
            value, digit = divmod(value, 26)
            letters.append(chr(65 + digit))
        return "".join(reversed(letters)).encode("ascii")

    ttfonts.SUBSETN = tag
    try:
        yield
    finally:
        ttfonts.SUBSETN = original


def draw_sheet(canvas, plan: SheetPlan, items: list, env) -> None:
    """One page: each item's ops in its slot (clipped to the item's bleed), then the crop marks.
    `items` holds one op list per slot, or None for an empty slot of the last sheet."""
    canvas.setPageSize(plan.page)
    canvas.setCropBox(plan.crop_box.as_pdf_box() if plan.crop_box else None)
    canvas.setTrimBox(plan.trim_box.as_pdf_box() if plan.trim_box else None)
    canvas.setBleedBox(plan.bleed_box.as_pdf_box() if plan.bleed_box else None)
    for slot, ops in zip(plan.slots, items, strict=False):
        if ops is None:
            continue
        t = slot.trim
        with saved_state(canvas):
            clip = canvas.beginPath()
            clip.rect(t.x - plan.bleed, t.y - plan.bleed, t.w + 2 * plan.bleed, t.h + 2 * plan.bleed)
            canvas.clipPath(clip, stroke=0, fill=0)
            if slot.rotate == 180:
                canvas.translate(t.right, t.top)
                canvas.rotate(180)
            else:
                canvas.translate(t.x, t.y)
            for op in ops:
                op.draw(canvas, env)
    if plan.marks:
        with saved_state(canvas):
            canvas.setStrokeColorCMYK(*REGISTRATION)
            canvas.setLineWidth(MARK_WEIGHT_PT)
            canvas.lines([(m.x1, m.y1, m.x2, m.y2) for m in plan.marks])
    canvas.showPage()


class DrawEnv:
    """Per-process caches for drawing: resampled pictures and encoded QR codes."""

    def __init__(self, picture_cache: int = 64):
        self._pictures: OrderedDict = OrderedDict()
        self._limit = picture_cache

    def qr(self, data: str, error: str):
        from . import qr

        return qr.encoded(data, error)

    def picture(self, path: Path, box: Box, fit: str):
        key = (str(path), round(box.w, 2), round(box.h, 2), fit)
        hit = self._pictures.get(key)
        if hit is None:
            hit = _prepare_picture(path, box, fit)
            self._pictures[key] = hit
            if len(self._pictures) > self._limit:
                self._pictures.popitem(last=False)
        else:
            self._pictures.move_to_end(key)
        data, offset = hit
        from reportlab.lib.utils import ImageReader

        x, y, w, h = offset
        return ImageReader(io.BytesIO(data)), Box(box.x + x, box.y + y, w, h)


def _prepare_picture(path: Path, box: Box, fit: str) -> tuple[bytes, tuple[float, float, float, float]]:
    """The image rotated per EXIF, cropped (cover) or not (contain), resampled to at most
    PHOTO_DPI at its printed size; JPEG for photos, PNG when it has transparency.
    Returns the encoded bytes and the drawing box relative to `box`."""
    from PIL import Image

    from ..load.images import open_for_drawing

    im = open_for_drawing(path)
    has_alpha = im.mode == "RGBA"
    iw, ih = im.size
    box_ratio = box.w / box.h
    draw = (0.0, 0.0, box.w, box.h)
    if fit == "cover":
        if iw / ih > box_ratio:                     # too wide: crop the sides evenly
            nw = round(ih * box_ratio)
            left = (iw - nw) // 2
            im = im.crop((left, 0, left + nw, ih))
        else:                                       # too tall: keep the head, crop mostly below
            nh = round(iw / box_ratio)
            top = round((ih - nh) * 0.3)
            im = im.crop((0, top, iw, top + nh))
    else:
        scale = min(box.w / iw, box.h / ih)
        w, h = iw * scale, ih * scale
        draw = ((box.w - w) / 2, (box.h - h) / 2, w, h)
    target_w = max(1, round(draw[2] / 72 * PHOTO_DPI))
    if im.size[0] > target_w:
        target_h = max(1, round(im.size[1] * target_w / im.size[0]))
        im = im.resize((target_w, target_h), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if has_alpha:
        im.save(out, "PNG", optimize=False)
    else:
        im.save(out, "JPEG", quality=90, optimize=False, progressive=False)
    return out.getvalue(), draw
