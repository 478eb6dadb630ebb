"""QR codes on cards: what they hold (vCard 3.0 or a tel: link) and how they are drawn.

Cost matters (spec/print.md): encoding dominates a card. segno with a fixed mask pattern skips
the eight-way mask evaluation (measured here: 15 ms -> 3 ms a code for a Chinese vCard, version
11); every mask is valid QR, only the penalty score differs. Byte mode with UTF-8, no ECI header
(phone scanners read UTF-8 vCards without it; some old ones choke on ECI).

The code is drawn as one vector path: one rectangle per horizontal run of dark modules, in integer
module coordinates under one scaling transform (so the operators are short and exact).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Officer, Phone, PrintOptions, Union

FIXED_MASK = 1

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 独孤 南宫 西门 "
    "申屠 太史 澹台 公冶 宗政 濮阳 淳于 单于 太叔 仲孙 闻人 百里 呼延 万俟 左丘 东郭 第五 拓跋".split())


def _escape(value: str) -> str:
    """vCard 3.0 text value escaping (RFC 2426 5.8.4)."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def split_name(name: str) -> tuple[str, str]:
    """(family, given) for vCard N. Han names: a compound surname or the first character;
    names with a middle dot (阿卜杜·热合曼) or Latin letters are not split."""
    if len(name) < 2 or not all("\u3400" <= c <= "\u9fff" or c > "\U0001ffff" for c in name):
        return name, ""
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _tel(phone: Phone) -> str:
    return phone.digits         # dialable; an extension follows a comma (a pause on phones)


def vcard(officer: Officer, union: Union) -> str:
    """vCard 3.0: FN, N, ORG, TITLE, TEL;TYPE=CELL, TEL;TYPE=WORK; CRLF line ends, UTF-8."""
    family, given = split_name(officer.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_escape(family)};{_escape(given)};;;",
        f"FN:{_escape(officer.name)}",
        f"ORG:{_escape(union.name)}",
        f"TITLE:{_escape(officer.role)}",
    ]
    if officer.mobile:
        lines.append(f"TEL;TYPE=CELL:{_tel(officer.mobile)}")
    if officer.office_phone:
        lines.append(f"TEL;TYPE=WORK:{_tel(officer.office_phone)}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def tel_link(officer: Officer) -> str:
    phone = officer.mobile or officer.office_phone
    return f"tel:{phone.digits.split(',')[0]}" if phone else ""


def payload(officer: Officer, union: Union, options: PrintOptions) -> str:
    """What the card's code holds per `[print] qr`; empty when there is to be no code (qr =
    "none", or an officer with no phone number: a code that saves no number helps nobody)."""
    if options.qr == "none" or not (officer.mobile or officer.office_phone):
        return ""
    if options.qr == "tel":
        return tel_link(officer)
    return vcard(officer, union)


# --- encoding ---------------------------------------------------------------

MAX_BYTES = {"l": 2953, "m": 2331, "q": 1663, "h": 1273}    # version 40, byte mode


def fits(data: str, error: str = "m") -> bool:
    return len(data.encode("utf-8")) <= MAX_BYTES[error]


def encode(data: str, error: str = "m"):
    """The segno symbol for `data` (byte mode, UTF-8, fixed mask)."""
    import segno

    return segno.make(data.encode("utf-8"), error=error, mode="byte", micro=False, mask=FIXED_MASK,
                      boost_error=False)


_DARK_RUN = re.compile(rb"[\x01-\xff]+")


def rectangles(matrix) -> list[tuple[int, int, int, int]]:
    """Dark modules as rectangles (x, y, w, h) in module units, y downward from the top row:
    one rectangle per horizontal run. (Merging equal runs of consecutive rows as well saved
    only 12% of the rectangles and doubled the time; one path has no seams between rows.)"""
    return [(m.start(), y, m.end() - m.start(), 1)
            for y, row in enumerate(matrix) for m in _DARK_RUN.finditer(row)]


def path_operators(rects, size: int) -> str:
    """PDF path operators filling `rects` (y flipped so row 0 is at the top), nonzero winding."""
    parts = [f"{x} {size - y - h} {w} {h} re" for x, y, w, h in rects]
    parts.append("f")
    return "\n".join(parts)


@lru_cache(maxsize=256)
def encoded(data: str, error: str = "m") -> tuple[int, str]:
    """(symbol size in modules, PDF path operators) for `data`; cached, since a repeated code
    (a card back, a shared hotline) is drawn more than once."""
    symbol = encode(data, error)
    size = symbol.symbol_size(border=0)[0]
    return size, path_operators(rectangles(symbol.matrix), size)
