"""Lines as LibreOffice breaks them: advances and line-end rules, for the page predictor.

A hanzi is 315 twips with the body's -0.25 pt spacing, Western text takes Times New Roman's
widths (Liberation Serif has the same metrics), and LibreOffice puts 69 twips between a hanzi
and a Latin letter or digit. The line-end rules are docgen.cn's, the project's one set: no line
starts with NO_LINE_START, none ends with OPENING; the character before a mark that may not
start a line goes down with it (what LibreOffice does with overflowPunct on, see styles.py).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .. import cn
from . import units as u

AUTOSPACE = 69                            # LibreOffice's gap between a hanzi and a Latin character

# Times New Roman (= Liberation Serif) advances of ASCII 32..126, in 1/2048 em.
_TNR = [int(x) for x in (
    "512 682 836 1024 1024 1706 1593 369 682 682 1024 1155 512 682 512 569 1024 1024 1024 1024 1024 "
    "1024 1024 1024 1024 1024 569 569 1155 1155 1155 909 1886 1479 1366 1366 1479 1251 1139 1479 1479 "
    "682 797 1479 1251 1821 1479 1479 1139 1479 1366 1139 1251 1479 1479 1933 1479 1479 1251 682 569 "
    "682 961 1024 682 909 1024 909 1024 909 682 1024 1024 569 569 1024 569 1593 1024 1024 1024 1024 "
    "682 797 569 1024 1024 1479 1024 1024 909 983 410 983 1108").split()]


def _ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=4096)
def advance(ch: str, size: float = u.BODY_SIZE_PT, spacing: int = u.CHAR_SPACING) -> float:
    """LibreOffice's advance of `ch` in twips at `size` pt with `spacing` twips after it."""
    if " " <= ch <= "~":
        return _TNR[ord(ch) - 32] * size * 20 / 2048 + spacing
    if unicodedata.east_asian_width(ch) in ("W", "F", "A") or ch in "“”‘’…—":
        return size * 20 + spacing
    return size * 10 + spacing


def _units(text: str) -> list[str]:
    """Unbreakable pieces: one hanzi or mark each, a Latin word (letters, digits, .,%-:/ inside) whole."""
    out: list[str] = []
    for ch in text:
        latin = ch.isascii() and not ch.isspace()
        if latin and out and out[-1][-1].isascii() and not out[-1][-1].isspace() and out[-1][-1] != "-":
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _gap(left: str, right: str) -> int:
    a, z = left[-1], right[0]
    digit_after_hanzi = _ideograph(a) and z.isascii() and z.isalnum()
    return AUTOSPACE if digit_after_hanzi or (a.isascii() and a.isalnum() and _ideograph(z)) else 0


def break_lines(text: str, width: int, first_indent: int = 0, size: float = u.BODY_SIZE_PT,
                spacing: int = u.CHAR_SPACING, hanging: int = 0) -> list[str]:
    """The lines LibreOffice makes of `text` in a column `width` twips wide. `first_indent` narrows
    the first line; `hanging` narrows every line but the first."""
    return list(_break_lines(text, width, first_indent, size, spacing, hanging))


@lru_cache(maxsize=2048)
def _break_lines(text: str, width: int, first_indent: int, size: float, spacing: int, hanging: int) -> tuple[str, ...]:
    # the page predictor lays a document out again for each signature arrangement it tries, and
    # breaks the same paragraphs each time: once per process is enough
    units = _units(text)
    lines: list[list[str]] = [[]]
    used = 0.0
    limit = width - first_indent
    i = 0
    while i < len(units):
        unit = units[i]
        w = sum(advance(c, size, spacing) for c in unit)
        current = lines[-1]
        extra = _gap(current[-1], unit) if current else 0
        if not current or used + extra + w <= limit + 0.5:
            current.append(unit)
            used += extra + w
            i += 1
            continue
        # unit does not fit: break before it, moving marks that may not start or end a line
        carry: list[str] = []
        while current and len(current) > 1 and (
                (carry or [unit])[0][0] in cn.NO_LINE_START or current[-1][-1] in cn.OPENING):
            carry.insert(0, current.pop())
        lines.append(carry)
        limit = width - hanging
        used = _width(carry, size, spacing)
    return tuple("".join(line) for line in lines if line)


def line_width(text: str, size: float = u.BODY_SIZE_PT, spacing: int = u.CHAR_SPACING) -> float:
    """Natural width of `text` on one line, as LibreOffice sets it."""
    return _width(_units(text), size, spacing)


def _width(units: list[str], size: float, spacing: int) -> float:
    total = 0.0
    for k, unit in enumerate(units):
        total += sum(advance(c, size, spacing) for c in unit) + (_gap(units[k - 1], unit) if k else 0)
    return total
