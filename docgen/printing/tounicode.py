"""Correct ToUnicode maps for reportlab's TrueType subsets, so every character copies out as itself.

reportlab (5.x, pdfbase/ttfonts.makeToUnicodeCMap) writes each subset's map entry as
`"<%02X> <%04X>" % (code, codepoint)`. For a character beyond the Basic Multilingual Plane that
gives five hex digits: 𠮷 (U+20BB7) becomes `<20BB7>`, which readers take as the UTF-16 unit
U+20BB plus a stray digit, so the name copies out as ₻. The PDF reference (9.10.3) wants the
destination as UTF-16BE: a supplementary character is its surrogate pair, `<D842DFB7>`.

`install()` replaces that one function in reportlab's module (it is looked up there when a
document's fonts are written, so every TrueType subset of every product goes through it). The
map it writes also follows the CMap rules reportlab skips: at most 100 entries per bfchar block
(Adobe technote 5014), the standard Adobe-Identity-UCS header, and no entry for code 0 (.notdef
is not text). It is a pure function of the subset, so output stays byte-identical.
"""

from __future__ import annotations

BLOCK = 100           # entries per beginbfchar ... endbfchar block (technote 5014)


def utf16_hex(codepoint: int) -> str:
    """The UTF-16BE code units of one character as hex, surrogate pair included."""
    return chr(codepoint).encode("utf-16-be").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """The ToUnicode CMap of one single-byte subset: code i -> subset[i]. `fontname` is kept in
    the signature reportlab calls with; the map is the standard Identity-UCS one."""
    entries = [(code, cp) for code, cp in enumerate(subset) if 0 < cp <= 0x10FFFF
               and not 0xD800 <= cp <= 0xDFFF]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), BLOCK):
        block = entries[start:start + BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{code:02X}> <{utf16_hex(cp)}>" for code, cp in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def install() -> None:
    """Make reportlab write these maps (idempotent; cheap enough to call per registration)."""
    from reportlab.pdfbase import ttfonts

    if ttfonts.makeToUnicodeCMap is not to_unicode_cmap:
        ttfonts.makeToUnicodeCMap = to_unicode_cmap
