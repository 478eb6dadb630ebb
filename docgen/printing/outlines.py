"""Text as outlines (转曲): a sign maker's cutter and RIP want shapes, not fonts.

`outlined(ops, faces)` replaces every TextRun with a GlyphPaths op holding the glyphs' outlines
(read with fontTools from the same face files, placed with the same advances reportlab uses), so
the page looks the same and the PDF holds no font. Paths are computed once, when the batch is
composed, and are plain tuples (picklable for worker processes).
"""

from __future__ import annotations

from dataclasses import dataclass

from fontTools.pens.basePen import BasePen

from .ops import TextRun, saved_state
from .theme import CMYK


@dataclass(frozen=True)
class GlyphPaths:
    """Filled outlines: ("m", x, y) / ("l", x, y) / ("c", x1, y1, x2, y2, x3, y3) / ("z",) in
    item coordinates (points), filled with the non-zero rule as TrueType glyphs are."""

    commands: tuple
    color: CMYK
    size: float = 0.0         # pt: the type size the outlines were set at (the manifest's 字高)

    def draw(self, canvas, env) -> None:
        from reportlab.pdfgen.canvas import FILL_NON_ZERO

        if not self.commands:
            return
        with saved_state(canvas):
            canvas.setFillColorCMYK(*self.color)
            path = canvas.beginPath()
            for cmd in self.commands:
                if cmd[0] == "m":
                    path.moveTo(*cmd[1:])
                elif cmd[0] == "l":
                    path.lineTo(*cmd[1:])
                elif cmd[0] == "c":
                    path.curveTo(*cmd[1:])
                else:
                    path.close()
            canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)


def outlined(ops, faces) -> tuple:
    """The ops with every TextRun drawn as outlines; other ops unchanged."""
    by_name = {faces.face(role).name: faces.face(role) for role in faces.loaded_roles()}
    out = []
    for op in ops:
        if isinstance(op, TextRun) and op.font in by_name:
            out.append(_run_paths(op, by_name[op.font]))
        else:
            out.append(op)
    return tuple(out)


def _run_paths(run: TextRun, face) -> GlyphPaths:
    from .spaced import glyph_set

    glyphs, cmap, unit = glyph_set(str(face.path))
    scale = run.size * unit
    commands: list = []
    x = run.x
    for ch in run.text:
        name = cmap.get(ord(ch))
        if name is not None:
            glyphs[name].draw(_Pen(glyphs, commands, x, run.y, scale))
        # the advance reportlab uses for the same text (its widths, 1/1000 em), then Tc
        x += face.widths.get(ord(ch), face.default_width) / 1000.0 * run.size + run.char_space
    return GlyphPaths(tuple(commands), run.color, run.size)


class _Pen(BasePen):
    """Glyph outlines to path commands: quadratic TrueType curves become cubic (BasePen)."""

    def __init__(self, glyphs, commands: list, x0: float, y0: float, scale: float):
        super().__init__(glyphs)
        self.commands, self.x0, self.y0, self.k = commands, x0, y0, scale

    def _xy(self, pt):
        return self.x0 + pt[0] * self.k, self.y0 + pt[1] * self.k

    def _moveTo(self, pt):
        self.commands.append(("m", *self._xy(pt)))

    def _lineTo(self, pt):
        self.commands.append(("l", *self._xy(pt)))

    def _curveToOne(self, p1, p2, p3):
        self.commands.append(("c", *self._xy(p1), *self._xy(p2), *self._xy(p3)))

    def _closePath(self):
        self.commands.append(("z",))
