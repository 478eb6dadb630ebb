"""The QR box: a square code from a field expression (default: the record's `qr_data`, which the
product fills per `[print] qr`); nothing is drawn when the expression is empty.

Keys:
    data     Jinja2 template, default "{{ qr_data }}"
    error    l | m | q | h (error correction; default m)
    quiet    modules of quiet zone kept inside the box (default 4, as ISO/IEC 18004 asks)
    color    theme colour (default black: pure K)
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import qr
from ..expr import FieldProblem, Template, template
from ..ops import QRCode
from ..schema import Table
from ..theme import CMYK, parse_color
from ..units import Box
from . import Common, ComposeContext, Element, LoadContext, register


@register("qr")
@dataclass(frozen=True, eq=False)
class QRBox(Element):
    data: Template
    error: str
    quiet: int
    color: CMYK

    @classmethod
    def read(cls, table: Table, common: Common, cx: LoadContext) -> QRBox:
        return cls(common, template(table, "data", cx.user_dir, default="{{ qr_data }}"),
                   error=table.choice("error", ("m", "l", "q", "h"), "m"),
                   quiet=table.integer("quiet", 4, low=0, high=10),
                   color=parse_color(table, "color", cx.theme, default="black") or (0.0, 0.0, 0.0, 1.0))

    def compose(self, cx: ComposeContext) -> list:
        data = self._data(cx)
        if not data:
            return []
        side = min(self.box.w, self.box.h)
        square = Box(self.box.x + (self.box.w - side) / 2, self.box.y + (self.box.h - side) / 2, side, side)
        return [QRCode(data, square, self.color, self.error, self.quiet)]

    def check(self, cx: ComposeContext) -> None:
        self._data(cx)

    def _data(self, cx: ComposeContext) -> str:
        """The code's content ('' for no code); content too long for a code is the record's problem."""
        data = self.data.render(cx.values)
        if not data.strip():
            return ""
        if not qr.fits(data, self.error):
            raise FieldProblem(f"二维码内容过长（{len(data.encode('utf-8'))} 字节），超出二维码容量")
        return data
