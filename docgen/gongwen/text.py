"""Text as runs: which characters take the Chinese face and which Times New Roman, and widths.

GB/T 9704 sets Chinese text in the Chinese faces and Western text and digits in Times New Roman.
Word chooses a run's font per character class; quotation marks and dashes are "shared"
characters that fall into the Western (hAnsi) font unless told otherwise, and LibreOffice does
so even with w:hint="eastAsia" at the start of a line. So text is cut into runs that hold either
no Latin at all (these get the Chinese face in every slot) or only Latin letters, digits and the
ASCII punctuation between them (these keep the Western font).
"""

from __future__ import annotations

import re
import unicodedata
from xml.etree.ElementTree import Element

from . import xml

# Word's names for the roles; fontconfig and the fontTable know them too.
FACES = {
    "fangsong": "仿宋_GB2312",
    "kai": "楷体_GB2312",
    "hei": "黑体",
    "biaosong": "方正小标宋简体",
    "song": "宋体",
}
WESTERN = "Times New Roman"

# Latin letters and digits, with ASCII punctuation only between (or closing) them: "2012",
# "0556-2172583", "90%", "1.", "GB/T 9704-2012".
_LATIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.,:;%/+\-_&'()# ]*[A-Za-z0-9%)])?\.?")


def segments(value: str) -> list[tuple[str, bool]]:
    """Split text into (piece, is_latin) pieces, in order."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _LATIN.finditer(value):
        if m.start() > pos:
            out.append((value[pos:m.start()], False))
        out.append((m.group(), True))
        pos = m.end()
    if pos < len(value):
        out.append((value[pos:], False))
    return out


def chinese_fonts(face: str) -> Element:
    name = FACES[face]
    return xml.el("rFonts", {"ascii": name, "eastAsia": name, "hAnsi": name, "cs": name, "hint": "eastAsia"})


def western_fonts(face: str) -> Element:
    return xml.el("rFonts", {"ascii": WESTERN, "eastAsia": FACES[face], "hAnsi": WESTERN, "cs": WESTERN})


def runs(value: str, face: str, extra: tuple[tuple[str, dict], ...] = ()) -> list[Element]:
    """w:r elements for `value` in role `face`; `extra` rPr children, as (tag, attrs), go on each."""
    out = []
    for piece, latin in segments(value):
        fonts = western_fonts(face) if latin else chinese_fonts(face)
        rpr = xml.props("rPr", fonts, *(xml.el(tag, attrs) for tag, attrs in extra))
        out.append(xml.el("r", None, rpr, xml.text(piece)))
    return out


def latin_run(value: str, face: str) -> Element:
    """One run kept in the Western font as it is (a number such as "1. " with its space)."""
    return xml.el("r", None, xml.props("rPr", western_fonts(face)), xml.text(value))


# ---- widths, in ems of the font size ---------------------------------------------------------

def char_em(ch: str) -> float:
    """Advance of one character in ems: full width for CJK and full-width forms, else Western."""
    if ch.isascii():
        if ch == " ":
            return 0.25
        if ch.isdigit():
            return 0.5                       # Times New Roman digits are exactly half an em
        if ch.isalpha():
            return 0.5 if ch.islower() else 0.68
        return 0.25 if ch in ".,:;" else 0.33
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0
    return 0.5


def width_em(value: str) -> float:
    return sum(char_em(ch) for ch in value)


def width_twips(value: str, size_pt: float, spacing: int = 0) -> int:
    """Printed width of `value` at `size_pt`, with `spacing` twips added after every character."""
    return round(width_em(value) * size_pt * 20 + spacing * len(value))
