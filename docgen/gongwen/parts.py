"""The fixed word/ parts: settings, font table, page-number footers, section properties.

All of it is the same for every document, so each part is built once per process.
"""

from __future__ import annotations

from functools import lru_cache
from xml.etree.ElementTree import Element

from . import units as u, xml
from .text import FACES, WESTERN

# (name, altName, panose, pitch): altName is what Word falls back to where the office font is
# missing (GB2312-era names on a machine that only has Windows' 仿宋/楷体/黑体).
FONT_TABLE = (
    (FACES["fangsong"], "仿宋", "02010609030101010101", "fixed"),
    (FACES["kai"], "楷体", "02010609030101010101", "fixed"),
    (FACES["hei"], "SimHei", "02010609060101010101", "fixed"),
    (FACES["biaosong"], "宋体", "02000000000000000000", "variable"),
    (FACES["song"], "SimSun", "02010600030101010101", "variable"),
)
FOOTER_ODD, FOOTER_EVEN, FOOTER_NONE = "footer1.xml", "footer2.xml", "footer3.xml"
FOOTER_ODD_RID, FOOTER_EVEN_RID, FOOTER_NONE_RID = "rId10", "rId11", "rId12"
PAGE_NUMBER_INDENT = u.SMALL_PITCH      # one 4号 character in from the edge (7.5.1)


@lru_cache(maxsize=1)
def settings_xml() -> bytes:
    root = xml.root("settings")
    compat = xml.el("compat", None, xml.el("useFELayout"), xml.el(
        "compatSetting", {"name": "compatibilityMode", "uri": "http://schemas.microsoft.com/office/word", "val": 15}))
    root.extend([
        xml.el("zoom", {"percent": 100}),
        xml.el("defaultTabStop", {"val": 420}),
        xml.el("evenAndOddHeaders"),                        # odd numbers right, even left (7.5.1)
        xml.el("characterSpacingControl", {"val": "doNotCompress"}),   # keep the 28-character grid
        compat,
        xml.el("themeFontLang", {"val": "en-US", "eastAsia": "zh-CN"}),
        xml.el("decimalSymbol", {"val": "."}),
        xml.el("listSeparator", {"val": ","}),
    ])
    return xml.to_bytes(root)


@lru_cache(maxsize=1)
def font_table_xml() -> bytes:
    root = xml.root("fonts")
    for name, alt, panose, pitch in FONT_TABLE:
        font = xml.sub(root, "font", {"name": name})
        font.extend([xml.el("altName", {"val": alt}), xml.el("panose1", {"val": panose}),
                     xml.el("charset", {"val": "86"}),
                     xml.el("family", {"val": "modern" if pitch == "fixed" else "roman"}),
                     xml.el("pitch", {"val": pitch})])
    west = xml.sub(root, "font", {"name": WESTERN})
    west.extend([xml.el("panose1", {"val": "02020603050405020304"}), xml.el("charset", {"val": "00"}),
                 xml.el("family", {"val": "roman"}), xml.el("pitch", {"val": "variable"})])
    return xml.to_bytes(root)


def _field_runs() -> list[Element]:
    instr = xml.el("instrText")
    instr.text = " PAGE "
    instr.set(xml.qn("xml:space"), "preserve")
    return [xml.el("r", None, xml.el("fldChar", {"fldCharType": "begin"})), xml.el("r", None, instr),
            xml.el("r", None, xml.el("fldChar", {"fldCharType": "separate"})),
            xml.el("r", None, xml.text("1")), xml.el("r", None, xml.el("fldChar", {"fldCharType": "end"}))]


@lru_cache(maxsize=2)
def footer_xml(odd: bool) -> bytes:
    """"— N —" (U+2014 each side), 4号宋体: odd pages right, even pages left, one character in."""
    ind = {"right": PAGE_NUMBER_INDENT} if odd else {"left": PAGE_NUMBER_INDENT}
    ppr = xml.props("pPr", xml.el("pStyle", {"val": "Footer"}), xml.el("ind", {"firstLine": 0, **ind}),
                    xml.el("jc", {"val": "right" if odd else "left"}))
    para = xml.el("p", None, ppr, xml.el("r", None, xml.text("\u2014 ")), *_field_runs(),
                  xml.el("r", None, xml.text(" \u2014")))
    root = xml.root("ftr")
    root.append(para)
    return xml.to_bytes(root)


@lru_cache(maxsize=1)
def empty_footer_xml() -> bytes:
    """The footer of the 版记's own page and a blank page before it: no number (7.5)."""
    root = xml.root("ftr")
    root.append(xml.el("p", None, xml.props("pPr", xml.el("pStyle", {"val": "Footer"}))))
    return xml.to_bytes(root)


def section_properties(numbered: bool = True) -> Element:
    """A4, the 37/35/28/26 mm margins, footers for odd and even pages (empty ones for the
    unnumbered 版记 section), a 579-twip line grid."""
    odd, even = (FOOTER_ODD_RID, FOOTER_EVEN_RID) if numbered else (FOOTER_NONE_RID, FOOTER_NONE_RID)
    return xml.props(
        "sectPr",
        xml.el("footerReference", {"type": "default", "r:id": odd}),
        xml.el("footerReference", {"type": "even", "r:id": even}),
        xml.el("pgSz", {"w": u.PAGE_WIDTH, "h": u.PAGE_HEIGHT}),
        xml.el("pgMar", {"top": u.MARGIN_TOP, "right": u.MARGIN_RIGHT, "bottom": u.MARGIN_BOTTOM,
                         "left": u.MARGIN_LEFT, "header": 851, "footer": u.FOOTER_DISTANCE, "gutter": 0}),
        xml.el("cols", {"space": 425}),
        xml.el("docGrid", {"type": "lines", "linePitch": u.LINE_PITCH}),
    )
