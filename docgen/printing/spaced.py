"""Letter-spaced text that copies out as one word.

A spaced-out name (顾　旻 on a badge, 工会组织公示 across a board) drawn as text with character
spacing leaves a gap between the glyph boxes that text extraction reads as a word break:
pdfplumber (gaps over 3 pt) gives "顾 旻", pdftotext puts the two characters on separate lines,
and a search for 顾旻 fails. Char spacing, separate strings or ActualText (poppler reads it,
pdfminer does not) all keep some extractor splitting.

So such a run is drawn twice over: the glyphs as filled outlines (taken from the same font file
with fontTools, at the spaced positions), and the text itself once, invisible (render mode 3),
unspaced but stretched horizontally (Tz) over the same width. Extractors see one run of
touching characters lying over the visible ones; the page looks exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .ops import TextRun

# Gaps wider than this (em) are drawn this way; narrower tracking (the card back's 0.08 em
# slogan) stays plain text, which every extractor already reads as one word.
WIDE_GAP_EM = 0.1


@dataclass(frozen=True)
class SpacedRun(TextRun):
    """A TextRun (same fields and meaning: characters `char_space` pt apart after their own
    advances) drawn as outlines plus an invisible layer; `span` is the width that layer covers
    (to the next run's start, so the runs of one line touch)."""

    path: str = ""                      # the font file (the outlines)
    advances: tuple[float, ...] = ()    # each character's advance, em
    span: float = 0.0

    def draw(self, canvas, env) -> None:
        from .ops import saved_state

        natural = sum(self.advances) * self.size
        parts, x = [], self.x
        for ch, adv in zip(self.text, self.advances):
            outline = glyph_outline(self.path, ch)
            if outline:
                scale, ops = outline
                k = self.size * scale
                parts.append(f"q {k:.6g} 0 0 {k:.6g} {x:.3f} {self.y:.3f} cm\n{ops}\nf\nQ")
            x += adv * self.size + self.char_space
        with saved_state(canvas):
            canvas.setFillColorCMYK(*self.color)
            if parts:
                canvas.addLiteral("\n".join(parts))
            if natural > 0:
                t = canvas.beginText(self.x, self.y)
                t.setFont(self.font, self.size)
                t.setTextRenderMode(3)                      # invisible: for copy and search only
                t.setHorizScale(100.0 * self.span / natural)
                t.textOut(self.text)
                canvas.drawText(t)


@lru_cache(maxsize=4)
def _font(path: str):
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=0, lazy=True) if path.lower().endswith((".ttc", ".otc")) else TTFont(path, lazy=True)
    return font, font.getGlyphSet(), font.getBestCmap(), 1.0 / font["head"].unitsPerEm


@lru_cache(maxsize=2048)
def glyph_outline(path: str, ch: str) -> tuple[float, str] | None:
    """(1 / units per em, PDF path operators in font units) for `ch`, or None for a blank glyph."""
    from fontTools.pens.basePen import BasePen

    font, glyphs, cmap, scale = _font(path)
    name = cmap.get(ord(ch))
    if name is None:
        return None
    out: list[str] = []

    def num(v: float) -> str:
        return f"{v:.1f}".rstrip("0").rstrip(".")

    class Pen(BasePen):
        def _moveTo(self, p):
            out.append(f"{num(p[0])} {num(p[1])} m")

        def _lineTo(self, p):
            out.append(f"{num(p[0])} {num(p[1])} l")

        def _curveToOne(self, p1, p2, p3):      # TrueType quadratics arrive here as cubics
            out.append(" ".join(f"{num(a)} {num(b)}" for a, b in (p1, p2, p3)) + " c")

        def _closePath(self):
            out.append("h")

    glyphs[name].draw(Pen(glyphs))
    return (scale, "\n".join(out)) if out else None
