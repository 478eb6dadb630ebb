"""QR codes on cards: what they hold (vCard 3.0, a tel: link, the hotline) and how they are drawn.

Cost matters (spec/print.md): encoding dominates a card. zxing-cpp (C++) encodes a Chinese vCard
(version 11) with the full mask evaluation in ~1.3 ms, where segno took ~2.9 ms even with a fixed
mask (15 ms with its own mask choice). Byte mode with UTF-8, no ECI header (phone scanners read
UTF-8 vCards without it; some old ones choke on ECI).

The code is drawn as one vector path: one rectangle per horizontal run of dark modules, in integer
module coordinates under one scaling transform (so the operators are short and exact).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..model import Officer, Phone, PrintOptions, Union

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 独孤 南宫 西门 "
    "申屠 太史 澹台 公冶 宗政 濮阳 淳于 单于 太叔 仲孙 闻人 百里 呼延 万俟 左丘 东郭 第五 拓跋".split())


def _escape(value: str) -> str:
    """vCard 3.0 text value escaping (RFC 2426 5.8.4)."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


# the middle dot of transcribed names (阿依古丽·买买提) as typed: U+00B7, U+30FB, U+2022, U+2027, U+FF65
NAME_DOTS = re.compile("[\u00b7\u30fb\u2022\u2027\uff65]")


def name_parts(name: str) -> tuple[str, str, str]:
    """(family, given, additional) for vCard N.

    Han names: a compound surname or the first character, then the given name. Names written
    with a middle dot (Uyghur, Kazakh and other transcribed names: 阿依古丽·买买提) put the
    person's own name first and the father's name, which serves as the surname, last: given
    阿依古丽, family 买买提; any parts between are additional names. Latin or mixed names are not
    split (we cannot tell their order)."""
    parts = [p.strip() for p in NAME_DOTS.split(name)]
    if len(parts) > 1 and all(parts):
        return parts[-1], parts[0], " ".join(parts[1:-1])
    if len(name) < 2 or not all("\u3400" <= c <= "\u9fff" or c > "\U0001ffff" for c in name):
        return name, "", ""
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2], name[2:], ""
    return name[:1], name[1:], ""


def split_name(name: str) -> tuple[str, str]:
    """(family, given): see name_parts."""
    return name_parts(name)[:2]


def _tel(phone: Phone) -> str:
    """The dialable number. An extension follows a comma, which dialers read as a pause before
    dialling it (05562172583,801); the comma is escaped (RFC 2426 text escaping), because a bare
    one separates values: vobject keeps only the part before it, and strict readers reject it."""
    return phone.digits.replace(",", "\\,")


def vcard(officer: Officer, union: Union) -> str:
    """vCard 3.0: N, FN, ORG, TITLE, TEL;TYPE=cell, TEL;TYPE=work, ADR;TYPE=work (the union's
    office, when the input gives one); CRLF line ends, UTF-8."""
    family, given, additional = name_parts(officer.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_escape(family)};{_escape(given)};{_escape(additional)};;",
        f"FN:{_escape(officer.name)}",
        f"ORG:{_escape(union.name)}",
        f"TITLE:{_escape(officer.role)}",
    ]
    if officer.mobile:
        lines.append(f"TEL;TYPE=cell:{_tel(officer.mobile)}")
    if officer.office_phone:
        lines.append(f"TEL;TYPE=work:{_tel(officer.office_phone)}")
    if union.office:
        # the office location as written, in the street field (post box; extended; street; ...)
        lines.append(f"ADR;TYPE=work:;;{_escape(union.office)};;;;")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def tel_link(officer: Officer) -> str:
    phone = officer.mobile or officer.office_phone
    return f"tel:{phone.digits.split(',')[0]}" if phone else ""


def hotline_link(options: PrintOptions) -> str:
    """tel: link to the 职工服务热线 of `[print] hotline` (RFC 3966, an extension as ;ext=), for
    the code on the card back; empty when codes are off (`qr = "none"`) or there is no hotline."""
    if options.qr == "none" or not options.hotline:
        return ""
    from ..cn import PhoneError, parse_office_phone

    try:
        phone, _ = parse_office_phone(options.hotline)
    except PhoneError:              # the loader has validated it; a hand-built value may not be
        return ""
    number, _, ext = phone.digits.partition(",")
    return f"tel:{number}" + (f";ext={ext}" if ext else "")


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


class Symbol(NamedTuple):
    size: int                   # modules per side, without the quiet zone
    matrix: list[bytes]         # rows from the top; a non-zero byte is a dark module


_DARK = bytes([1 if i < 128 else 0 for i in range(256)])     # zxing-cpp's image: 0 dark, 255 light


@lru_cache(maxsize=1)
def _zxing():
    """zxing-cpp, imported with signals held: a Ctrl-C whose handler raised while the extension's
    native init ran would abort the process (exit -6) instead of ending it cleanly."""
    from ..workers import signals_held

    with signals_held():
        import zxingcpp
    return zxingcpp


def encode(data: str, error: str = "m") -> Symbol:
    """The QR symbol for `data`: byte mode with the UTF-8 bytes, no ECI header, the smallest
    version for the error level, the mask of least penalty (zxing-cpp: deterministic)."""
    zxingcpp = _zxing()
    barcode = zxingcpp.create_barcode(data.encode("utf-8"), zxingcpp.BarcodeFormat.QRCode, ec_level=error.upper())
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[0]
    dark = bytes(memoryview(image)).translate(_DARK)
    return Symbol(size, [dark[i:i + size] for i in range(0, size * size, size)])


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
    return symbol.size, path_operators(rectangles(symbol.matrix), symbol.size)
