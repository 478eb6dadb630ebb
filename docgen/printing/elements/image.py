"""The image box: a photo (or emblem) from a field expression, aspect kept, EXIF rotation
applied when drawn; a placeholder frame when the record has none.

Keys:
    source       Jinja2 template giving a file path, e.g. "{{ officer.photo or '' }}"
    fit          cover (fill the box, cropping the overflow; for ID photos) | contain (letterbox)
    missing      placeholder (a light frame with a caption) | hide (draw nothing)
    placeholder  the caption of the placeholder (default 照片)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..expr import FieldProblem, Template, template
from ..faces import MissingGlyphs
from ..ops import FillRect, Picture, StrokeRect, TextRun
from ..schema import Table
from ..theme import CMYK, parse_color
from . import Common, ComposeContext, Element, LoadContext, register

PLACEHOLDER_FILL: CMYK = (0.0, 0.0, 0.0, 0.06)
PLACEHOLDER_LINE: CMYK = (0.0, 0.0, 0.0, 0.35)
PLACEHOLDER_TEXT: CMYK = (0.0, 0.0, 0.0, 0.45)


@register("image")
@dataclass(frozen=True, eq=False)
class ImageBox(Element):
    source: Template
    fit: str
    missing: str
    placeholder: str
    frame: CMYK | None

    @classmethod
    def read(cls, table: Table, common: Common, cx: LoadContext) -> ImageBox:
        return cls(common, template(table, "source", cx.user_dir),
                   fit=table.choice("fit", ("cover", "contain"), "cover"),
                   missing=table.choice("missing", ("placeholder", "hide"), "placeholder"),
                   placeholder=table.text("placeholder", "照片"),
                   frame=parse_color(table, "frame", cx.theme))

    def compose(self, cx: ComposeContext) -> list:
        path = self.source.render(cx.values).strip()
        ops: list = []
        if path and path != "None":
            p = Path(path)
            if not p.is_file():
                raise FieldProblem(f"找不到图片文件 {p}")
            ops.append(Picture(p, self.box, self.fit))
        elif self.missing == "placeholder":
            ops += self._placeholder(cx)
        if self.frame is not None and ops:
            ops.append(StrokeRect(self.box, self.frame, 0.5))
        return ops

    def _placeholder(self, cx: ComposeContext) -> list:
        ops: list = [FillRect(self.box, PLACEHOLDER_FILL), StrokeRect(self.box, PLACEHOLDER_LINE, 0.4, dash=(2.0, 1.5))]
        if self.placeholder:
            try:
                runs = cx.faces.runs(self.placeholder, "hei")
            except MissingGlyphs:
                return ops
            face = runs[0].face
            # a third of the frame's width, so the caption reads on a 600 x 800 board as on a card
            size = min(self.box.w / (face.advance(self.placeholder) * 3 or 1), self.box.h / 6, 18.0)
            width = face.advance(self.placeholder) * size
            x = self.box.x + (self.box.w - width) / 2
            y = self.box.y + self.box.h / 2 - face.centre * size
            ops.append(TextRun(face.name, size, x, y, self.placeholder, PLACEHOLDER_TEXT))
        return ops
