"""Drawing ops: what a composed item is made of. Plain values in item coordinates (points,
origin at the trim's bottom-left); each draws itself on a reportlab canvas.

Colours are CMYK tuples (0..1); text colour `black` is pure K. Every state change happens inside
`saved_state(canvas)`, so one op never leaks its colour or clip into the next.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from .theme import CMYK
from .units import Box


@contextlib.contextmanager
def saved_state(canvas):
    canvas.saveState()
    try:
        yield canvas
    finally:
        canvas.restoreState()


def _fill(canvas, color: CMYK) -> None:
    canvas.setFillColorCMYK(*color)


def _stroke(canvas, color: CMYK) -> None:
    canvas.setStrokeColorCMYK(*color)


@dataclass(frozen=True)
class FillRect:
    box: Box
    color: CMYK
    radius: float = 0.0

    def draw(self, canvas, env) -> None:
        with saved_state(canvas):
            _fill(canvas, self.color)
            _rect(canvas, self.box, self.radius, stroke=0, fill=1)


def _pen(canvas, color: CMYK, weight: float, dash: tuple[float, ...]) -> None:
    _stroke(canvas, color)
    canvas.setLineWidth(weight)
    if dash:
        canvas.setDash(list(dash))


def _rect(canvas, b: Box, radius: float, stroke: int, fill: int) -> None:
    if radius:
        canvas.roundRect(b.x, b.y, b.w, b.h, radius, stroke=stroke, fill=fill)
    else:
        canvas.rect(b.x, b.y, b.w, b.h, stroke=stroke, fill=fill)


@dataclass(frozen=True)
class StrokeRect:
    box: Box
    color: CMYK
    weight: float
    radius: float = 0.0
    dash: tuple[float, ...] = ()

    def draw(self, canvas, env) -> None:
        with saved_state(canvas):
            _pen(canvas, self.color, self.weight, self.dash)
            _rect(canvas, self.box, self.radius, stroke=1, fill=0)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: CMYK
    weight: float
    dash: tuple[float, ...] = ()

    def draw(self, canvas, env) -> None:
        with saved_state(canvas):
            _pen(canvas, self.color, self.weight, self.dash)
            canvas.line(self.x1, self.y1, self.x2, self.y2)


@dataclass(frozen=True)
class TextRun:
    """One run of text in one face at one size, starting at (x, y) on its baseline."""

    font: str                 # registered reportlab font name
    size: float
    x: float
    y: float
    text: str
    color: CMYK
    char_space: float = 0.0

    def draw(self, canvas, env) -> None:
        # q/Q around the text object: fill colour and Tc are graphics state and would otherwise
        # carry over into the next run
        with saved_state(canvas):
            t = canvas.beginText(self.x, self.y)
            t.setFont(self.font, self.size)
            t.setFillColorCMYK(*self.color)
            if self.char_space:
                t.setCharSpace(self.char_space)
            t.textOut(self.text)
            canvas.drawText(t)


@dataclass(frozen=True)
class Picture:
    """A photo or emblem: the image file placed into `box`, cropped (cover) or letterboxed
    (contain), with its EXIF rotation applied; decoded only when drawn."""

    path: Path
    box: Box
    fit: str = "cover"

    def draw(self, canvas, env) -> None:
        reader, box = env.picture(self.path, self.box, self.fit)
        canvas.drawImage(reader, box.x, box.y, box.w, box.h, mask="auto")


@dataclass(frozen=True)
class QRCode:
    """A QR code as one vector path (a rectangle per run of dark modules); encoded only when drawn."""

    data: str
    box: Box                  # square, quiet zone included
    color: CMYK
    error: str = "m"
    quiet: int = 4            # modules of quiet zone inside the box

    def draw(self, canvas, env) -> None:
        size, path = env.qr(self.data, self.error)
        total = size + 2 * self.quiet
        module = min(self.box.w, self.box.h) / total
        ox = self.box.x + (self.box.w - total * module) / 2 + self.quiet * module
        oy = self.box.y + (self.box.h - total * module) / 2 + self.quiet * module
        with saved_state(canvas):
            _fill(canvas, self.color)
            # module units: integer coordinates, y measured up from the code's bottom row
            canvas.transform(module, 0, 0, module, ox, oy)
            canvas.addLiteral(path)
