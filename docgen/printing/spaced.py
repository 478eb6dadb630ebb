"""Letter-spaced text that copies out as one word.

A spaced-out name (顾　旻 on a badge, 工会组织公示 across a board) drawn as text with character
spacing leaves a gap between the glyph boxes that text extraction reads as a word break:
pdfplumber (gaps over 3 pt) gives "顾 旻", pdftotext puts the two characters on separate lines,
and a search for 顾旻 fails. Char spacing, separate strings or ActualText (poppler reads it,
pdfminer does not) all keep some extractor splitting.

So such a run is drawn twice over: the glyphs as filled outlines (taken from the same font file
with fontTools, each glyph once per file as a form XObject, placed at the spaced positions), and
the text itself once, invisible (render mode 3), unspaced but stretched horizontally (Tz) over
the same width. Extractors see one run of
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
        with saved_state(canvas):
            canvas.setFillColorCMYK(*self.color)
            x = self.x
            for ch, adv in zip(self.text, self.advances, strict=False):
                form = _glyph_form(canvas, self.font, self.path, ch)
                if form:
                    name, scale = form
                    k = self.size * scale
                    with saved_state(canvas):
                        canvas.transform(k, 0, 0, k, x, self.y)
                        canvas.doForm(name)          # filled in the colour set above
                x += adv * self.size + self.char_space
            if natural > 0:
                t = canvas.beginText(self.x, self.y)
                t.setFont(self.font, self.size)
                t.setTextRenderMode(3)                      # invisible: for copy and search only
                t.setHorizScale(100.0 * self.span / natural)
                t.textOut(self.text)
                canvas.drawText(t)


def _glyph_form(canvas, font: str, path: str, ch: str) -> tuple[str, float] | None:
    """(form name, 1 / units per em) of the glyph's outline as a form XObject of this document,
    made on first use: a name repeated over a batch stores each glyph once per file. The form
    sets no colour, so it fills in the caller's. None for a blank glyph."""
    outline = glyph_outline(path, ch)
    if outline is None:
        return None
    scale, ops = outline
    name = f"glyph.{_face_tag(font)}.{ord(ch):X}"
    if not canvas.hasForm(name):
        em = round(1 / scale)
        canvas.beginForm(name, -em, -em, 2 * em, 2 * em)
        canvas.addLiteral(ops + "\nf\n")
        canvas.endForm()
    return name, scale


@lru_cache(maxsize=64)
def _face_tag(font: str) -> str:
    """The face's PostScript name as a PDF name part (the same on every machine, unlike the
    registered name, which is derived from the font file's path)."""
    import re

    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(font).face.name
    face = face.decode("latin-1") if isinstance(face, bytes) else str(face)
    return re.sub(r"[^A-Za-z0-9-]", "_", face)


class _Outlines:
    """One face's glyph outlines, each glyph read from the file when first asked for (fontTools'
    Glyph on that glyph's bytes). Opening the whole glyf table took ~0.15 s and ~30 MB per face
    in every badge process; this keeps only the loca offsets. Answers what fontTools' Glyph asks
    of a glyf table (components by name) and what a pen asks of a glyph set."""

    extended = False

    def __init__(self, path: str):
        from fontTools.ttLib import TTFont

        collection = path.lower().endswith((".ttc", ".otc"))
        font = TTFont(path, fontNumber=0, lazy=True) if collection else TTFont(path, lazy=True)
        # glyph names only key the glyphs here: numbered ones cost nothing, where a CJK face's
        # names derived from its cmap took ~40% of opening it
        font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
        self.cmap = font.getBestCmap()
        self.scale = 1.0 / font["head"].unitsPerEm
        self._loca = font["loca"]
        self._file = font.reader.file
        self._offset = font.reader.tables["glyf"].offset

    def __getitem__(self, name: str):
        from fontTools.ttLib.tables._g_l_y_f import Glyph

        gid = int(name[1:])
        start, end = self._loca[gid], self._loca[gid + 1]
        self._file.seek(self._offset + start)
        glyph = Glyph(self._file.read(end - start))
        glyph.expand(self)
        return glyph

    def getGlyphName(self, gid: int) -> str:
        return f"g{gid}"

    def getGlyphID(self, name: str) -> int:
        return int(name[1:])

    def drawer(self, name: str):
        """What a pen's glyph set gives for a name: something with draw(pen)."""
        outlines = self

        class Drawn:
            def draw(self, pen):
                outlines[name].draw(pen, outlines)
        return Drawn()


class _GlyphSet(dict):
    def __init__(self, outlines: _Outlines):
        super().__init__()
        self.outlines = outlines

    def __missing__(self, name: str):
        return self.outlines.drawer(name)


@lru_cache(maxsize=4)
def _font(path: str):
    outlines = _Outlines(path)
    return outlines, _GlyphSet(outlines), outlines.cmap, outlines.scale


def glyph_set(path: str) -> tuple[dict, dict, float]:
    """(glyph set a fontTools pen draws from, cmap, 1 / units per em) of a face file, each glyph
    read when first drawn: the one glyph reader for spaced names and `--outlines` plaques."""
    _, glyphs, cmap, scale = _font(path)
    return glyphs, cmap, scale


@lru_cache(maxsize=2048)
def glyph_outline(path: str, ch: str) -> tuple[float, str] | None:
    """(1 / units per em, PDF path operators in font units) for `ch`, or None for a blank glyph."""
    from fontTools.pens.basePen import BasePen

    _, glyphs, cmap, scale = _font(path)
    name = cmap.get(ord(ch))
    if name is None:
        return None
    out: list[str] = []

    def num(v: float) -> str:                   # font units: 1/1000 em or finer is plenty
        return str(round(v))

    class Pen(BasePen):
        def _moveTo(self, p):
            out.append(f"{num(p[0])} {num(p[1])} m")

        def _lineTo(self, p):
            out.append(f"{num(p[0])} {num(p[1])} l")

        # TrueType quadratics arrive here as the exact cubics, one each. (fontTools' Qu2CuPen merged
        # them into 40% fewer, but took 0.9 ms a glyph against 0.4: on 1,000 badges with vCards, 3%
        # of the time for a PDF 5% smaller.)
        def _curveToOne(self, p1, p2, p3):
            out.append(" ".join(f"{num(a)} {num(b)}" for a, b in (p1, p2, p3)) + " c")

        def _closePath(self):
            out.append("h")

    glyphs[name].draw(Pen(glyphs))
    return (scale, "\n".join(out)) if out else None
