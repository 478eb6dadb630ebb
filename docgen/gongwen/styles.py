"""styles.xml: every GB/T 9704 element's look, defined once as a style.

Runs carry only their font names (see text.py); size, colour, grid spacing, indents, alignment
and keep-with-next come from the paragraph style, so a document is cheap to write and easy for
an office to restyle. Fonts name the eastAsia face explicitly and no theme fonts are used (a
theme attribute would win over an explicit name); the language is zh-CN.
"""

from __future__ import annotations

from functools import lru_cache
from xml.etree.ElementTree import Element

from . import units as u, xml
from .text import FACES, WESTERN

STYLE_IDS = {
    "body": "Normal", "h1": "Heading1", "h2": "Heading2", "h3": "Heading3", "h4": "Heading4",
    "mark": "GwMark", "doc_number": "GwDocNumber", "red_rule": "GwRedRule", "title": "GwTitle",
    "recipients": "GwRecipients", "signature": "GwSignature", "attach_label": "GwAttachLabel",
    "banji": "GwBanji", "table": "GwTable", "footer": "Footer",
}


def _fonts(face: str, western: bool = True) -> Element:
    name = FACES[face]
    west = WESTERN if western else name
    return xml.el("rFonts", {"ascii": west, "eastAsia": name, "hAnsi": west, "cs": west, "hint": "eastAsia"})


def _size(size_pt: float) -> tuple[Element, Element]:
    return xml.el("sz", {"val": u.half_points(size_pt)}), xml.el("szCs", {"val": u.half_points(size_pt)})


def _spacing(line: int, before: int = 0, after: int = 0) -> Element:
    return xml.el("spacing", {"before": before, "after": after, "line": line, "lineRule": "exact"})


def _style(kind: str, style_id: str, name: str, ppr: list | None = None, rpr: list | None = None,
           based_on: str | None = "Normal", next_id: str | None = None, default: bool = False) -> Element:
    node = xml.el("style", {"type": kind, "styleId": style_id, "default": "1" if default else None})
    children = [xml.el("name", {"val": name})]
    if based_on:
        children.append(xml.el("basedOn", {"val": based_on}))
    if next_id:
        children.append(xml.el("next", {"val": next_id}))
    children.append(xml.el("qFormat"))
    if ppr:
        children.append(xml.props("pPr", *ppr))
    if rpr:
        children.append(xml.props("rPr", *rpr))
    node.extend(sorted(children, key=lambda c: xml.ORDER["style"].index(xml.local(c))))
    return node


def _no_indent() -> Element:
    return xml.el("ind", {"firstLine": 0})


def _center() -> Element:
    return xml.el("jc", {"val": "center"})


def _off_grid() -> Element:
    """LibreOffice gives a line two grid rows when its font is taller than the grid pitch, even at
    exact spacing; paragraphs set in other sizes than the body therefore leave the grid."""
    return xml.el("snapToGrid", {"val": 0})


def _body_rpr() -> list[Element]:
    return [_fonts("fangsong"), xml.el("color", {"val": "000000"}), xml.el("spacing", {"val": u.CHAR_SPACING}),
            *_size(u.BODY_SIZE_PT), xml.el("lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"})]


def _defaults() -> Element:
    rpr = xml.props("rPr", _fonts("fangsong"), *_size(u.BODY_SIZE_PT),
                    xml.el("lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"}))
    ppr = xml.props("pPr", _spacing(u.LINE_PITCH))
    return xml.el("docDefaults", None, xml.el("rPrDefault", None, rpr), xml.el("pPrDefault", None, ppr))


def _heading(level: int, face: str) -> Element:
    ppr = [xml.el("keepNext"), xml.el("keepLines"), xml.el("outlineLvl", {"val": level - 1})]
    return _style("paragraph", f"Heading{level}", f"heading {level}", ppr, [_fonts(face)], next_id="Normal")


def _red_rule_border() -> Element:
    bottom = xml.el("bottom", {"val": "single", "sz": u.eighths(u.RED_RULE_MM), "space": 0, "color": u.RED})
    return xml.props("pBdr", bottom)


def _styles() -> list[Element]:
    # overflowPunct stated explicitly: without it LibreOffice hangs a 、 or 。 that ends a full
    # 28-character line and then leaves it out of the PDF altogether; with it, kinsoku carries the
    # last character down with the mark (measured: every mark of the .docx reaches the PDF).
    body_ppr = [xml.el("widowControl", {"val": 0}), xml.el("overflowPunct", {"val": 1}),
                xml.el("autoSpaceDE", {"val": 0}), xml.el("autoSpaceDN", {"val": 0}), _spacing(u.LINE_PITCH),
                xml.el("ind", {"firstLine": u.FIRST_LINE_INDENT}), xml.el("jc", {"val": "both"})]
    def small() -> list[Element]:   # fresh elements: lxml moves an element appended twice
        return [*_size(u.SMALL_SIZE_PT), xml.el("spacing", {"val": 0})]

    return [
        _style("paragraph", "Normal", "Normal", body_ppr, _body_rpr(), based_on=None, default=True),
        _heading(1, "hei"), _heading(2, "kai"), _heading(3, "fangsong"), _heading(4, "fangsong"),
        _style("paragraph", "GwMark", "发文机关标志",
               [_off_grid(), _spacing(u.MARK_LINE, before=u.MARK_SPACE_BEFORE), _no_indent(), _center()],
               [_fonts("biaosong", western=False), xml.el("color", {"val": u.RED}), xml.el("spacing", {"val": 0}),
                *_size(u.MARK_SIZE_PT)]),
        _style("paragraph", "GwDocNumber", "发文字号", [_no_indent(), _center()]),
        _style("paragraph", "GwRedRule", "版头分隔线",
               [_red_rule_border(), _off_grid(), _spacing(u.RED_RULE_LINE), _no_indent()], [*_size(1)]),
        _style("paragraph", "GwTitle", "公文标题", [xml.el("keepNext"), _off_grid(), _no_indent(), _center()],
               [_fonts("biaosong", western=False), xml.el("spacing", {"val": 0}), *_size(u.TITLE_SIZE_PT)]),
        _style("paragraph", "GwRecipients", "主送机关", [_no_indent()]),
        _style("paragraph", "GwSignature", "署名日期", [_no_indent(), xml.el("jc", {"val": "right"})]),
        _style("paragraph", "GwAttachLabel", "附件标识",
               [xml.el("keepNext"), _no_indent(), xml.el("jc", {"val": "left"})], [_fonts("hei")]),
        _style("paragraph", "GwBanji", "版记", [_off_grid(), _spacing(u.BANJI_LINE), _no_indent()], small()),
        _style("paragraph", "GwTable", "附件表格", [_off_grid(), _spacing(u.TABLE_LINE), _no_indent()], small()),
        _style("paragraph", "Footer", "footer", [_off_grid(), _spacing(u.PAGE_NUMBER_LINE), _no_indent()],
               [_fonts("song", western=False), *small()]),
    ]


@lru_cache(maxsize=1)
def styles_xml() -> bytes:
    root = xml.root("styles")
    root.append(_defaults())
    root.extend(_styles())
    return xml.to_bytes(root)
