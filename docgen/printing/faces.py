"""Font faces for drawing: role -> registered reportlab font, coverage, widths, one-face choice.

docgen.fonts knows the files (bundled faces, user overrides, licence checks); this module
registers them with reportlab once per process and answers the questions fitting and drawing
ask: which face sets this string, how wide is it, where is the ideographic centre.

A name must print in one face (spec/print.md): if the role's face lacks a character that the
fallback has, the whole string is set in the fallback face. Only when neither face alone covers
the string are runs mixed; a character that neither has is a MissingGlyphs error.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import NoReturn

from .. import fonts

ROLES = fonts.ROLES


class MissingGlyphs(Exception):
    """Characters that no face in the chain has; the caller names record and field."""

    def __init__(self, chars: list[str], role: str):
        super().__init__("".join(chars))
        self.chars = chars
        self.role = role


@dataclass(frozen=True, eq=False)
class Face:
    role: str
    path: Path
    name: str                    # the name registered with reportlab
    widths: dict = field(repr=False)     # code point -> advance in 1/1000 em
    default_width: float = field(repr=False)
    cmap: dict = field(repr=False)       # code point -> glyph id
    ascent: float = 0.88             # em
    descent: float = -0.12           # em (negative)
    centre: float = 0.38             # em above the baseline: middle of the ideographs' ink (国, 中)
    ttf: object = field(default=None, repr=False)   # reportlab's TTFontFace, for glyph boxes

    def has(self, ch: str) -> bool:
        return ord(ch) in self.cmap

    def advance(self, text: str) -> float:
        """Width in em at size 1."""
        return sum(map(self.widths.get, map(ord, text), repeat(self.default_width))) / 1000.0

    def covers(self, text: str) -> bool:
        return self.cmap.keys() >= set(map(ord, text))

    def ink(self, ch: str) -> tuple[float, float, float, float] | None:
        """The glyph's ink box (x0, y0, x1, y1) in em, or None for an empty glyph."""
        return _glyph_box(self.ttf, ch)


@dataclass(frozen=True)
class Run:
    face: Face
    text: str


class FaceSet:
    """The faces of one run: bundled ones with the user's overrides ([print.fonts], --font)."""

    def __init__(self, overrides: Mapping[str, Path] | None = None):
        self.paths = fonts.resolve(overrides)      # checks user fonts (InputError if unusable)
        self.overrides = dict(overrides or {})     # as given, so a worker can build the same set
        self._faces: dict[tuple[str, bool], Face] = {}     # (role, metrics only) -> face
        self.composed: dict = {}                   # (text element, text) -> ops, see elements.text
        self.fitted: dict = {}                     # (box size and rules, text) -> fit, see elements.text
        self.checked: dict = {}                    # (box size and rules, text) -> problem or None, the same
        self.remembered: dict = {}                 # layout element -> its answers by record objects, see layout

    def face(self, role: str) -> Face:
        key = (role, _measuring)
        if key not in self._faces:
            self._faces[key] = (_measured if _measuring else _register)(role, str(self.paths[role]))
        return self._faces[key]

    def loaded_roles(self) -> tuple[str, ...]:
        """The roles registered so far (what a worker drawing these ops must register too)."""
        return tuple(dict.fromkeys(role for role, _ in self._faces))

    @property
    def initial_font_name(self) -> str:
        """A bundled face for the canvas's initial font, so no Helvetica is ever referenced."""
        return self.face("hei").name

    def runs(self, text: str, role: str) -> tuple[Run, ...]:
        """Runs that draw `text` in as few faces as possible, preferring one face for all of it."""
        own = self.face(role)
        drawn = text.replace("\n", "")
        if own.covers(drawn):
            return (Run(own, text),) if text else ()
        spare = self.face("fallback")
        if spare.covers(drawn):
            return (Run(spare, text),)
        lost = [c for c in dict.fromkeys(text) if not own.has(c) and not spare.has(c) and c != "\n"]
        if lost:
            raise MissingGlyphs(lost, role)
        return self.mixed(text, role)

    def mixed(self, text: str, role: str) -> tuple[Run, ...]:
        """Runs for a part of a string that `runs` found needs both faces."""
        own, spare = self.face(role), self.face("fallback")
        out: list[Run] = []
        for ch in text:
            f = own if own.has(ch) else spare
            if out and out[-1].face is f:
                out[-1] = Run(f, out[-1].text + ch)
            else:
                out.append(Run(f, ch))
        return tuple(out)


def advance(runs: tuple[Run, ...] | list[Run]) -> float:
    return sum(r.face.advance(r.text) for r in runs)


# Inside measuring_only() faces are read for their metrics alone: `docgen check` composes every
# record and draws none, and a registered face also holds its whole file for subsetting (about
# 10 MB more per face in each of a big check's two processes).
_measuring = False


@contextlib.contextmanager
def measuring_only():
    global _measuring
    before, _measuring = _measuring, True
    try:
        yield
    finally:
        _measuring = before


def measure_only() -> None:
    """From now on this process only checks (a big check's worker)."""
    global _measuring
    _measuring = True


@cache
def _measured(role: str, path: str) -> Face:
    """A face's metrics, not registered with reportlab: nothing can be drawn with it."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFace

    try:
        face = TTFontFace(path, subfontIndex=0)
    except TTFError as exc:
        _unusable(role, path, exc)
    return Face(role=role, path=Path(path), name=_name(role, path), widths=face.charWidths,
                default_width=face.defaultWidth, cmap=face.charToGlyph,
                ascent=face.ascent / 1000.0, descent=face.descent / 1000.0, centre=_ink_centre(face))


def _name(role: str, path: str) -> str:
    return f"docgen-{role}-{hashlib.sha1(path.encode()).hexdigest()[:8]}"


def _unusable(role: str, path: str, exc: Exception) -> NoReturn:
    from ..errors import InputError

    raise InputError(f"字体 {role} 无法使用：{path}：{exc}") from None


@cache
def _register(role: str, path: str) -> Face:
    """Register a face with reportlab (once per process and file)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFNameBytes, TTFont

    name = _name(role, path)
    try:
        font = TTFont(name, path, subfontIndex=0)
    except TTFError as exc:
        _unusable(role, path, exc)
    # registerFont keys faces by PostScript name and silently reuses an earlier font with the
    # same one, so a user's subset of a bundled face drew with the bundled cmap ((cid:0)). A
    # user's file always gets a name of its own (in every process alike, so output bytes do not
    # depend on which face a process registered first); bundled faces keep theirs.
    if Path(path) not in set(fonts.resolve().values()):
        font.face.name = TTFNameBytes(bytes(font.face.name) + b"_" + name.rsplit("-", 1)[1].encode())
    pdfmetrics.registerFont(font)
    face = font.face
    return Face(role=role, path=Path(path), name=name, widths=face.charWidths,
                default_width=face.defaultWidth, cmap=face.charToGlyph,
                ascent=face.ascent / 1000.0, descent=face.descent / 1000.0, centre=_ink_centre(face), ttf=face)


def _glyph_box(face, ch: str) -> tuple[float, float, float, float] | None:
    import struct

    try:
        gid = face.charToGlyph.get(ord(ch))
        if gid is None or face.glyphPos[gid] == face.glyphPos[gid + 1]:
            return None
        at = face.table["glyf"]["offset"] + face.glyphPos[gid]
        _, x0, y0, x1, y1 = struct.unpack_from(">hhhhh", face._ttf_data, at)
    except (KeyError, AttributeError, IndexError, struct.error):
        return None
    u = face.unitsPerEm
    return x0 / u, y0 / u, x1 / u, y1 / u


def _ink_centre(face) -> float:
    """Where ideographs sit: the mean vertical middle of 国 and 中 in em, read from the glyf
    table reportlab already holds. Faces put the ideographic em box differently (0.30-0.38 em
    above the baseline among the bundled ones); centring on the ink centres every face alike."""
    middles = [(b[1] + b[3]) / 2 for b in (_glyph_box(face, ch) for ch in "国中") if b]
    if middles:
        return sum(middles) / len(middles)
    return (face.ascent + face.descent) / 2000.0
