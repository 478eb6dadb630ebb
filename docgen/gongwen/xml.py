"""Raw WordprocessingML helpers: element construction and children in schema order.

Word refuses (offers to repair) a file whose property children are out of the order the schema
gives (ECMA-376 Part 1, 17.3.1.26 pPr, 17.3.2.28 rPr, 17.6.17 sectPr ...), while LibreOffice
shows it fine, so every property element here is built through `props`, which sorts children
by the schema sequence below. Nothing else in docgen writes raw XML.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"w": W_NS, "r": R_NS}

_W = f"{{{W_NS}}}"
DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
for _prefix, _uri in NSMAP.items():
    ET.register_namespace(_prefix, _uri)      # written as w: and r:, as Word writes them

# Schema sequences (ECMA-376 Part 1, transitional) of the property elements docgen writes.
ORDER: dict[str, tuple[str, ...]] = {
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
        "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
        "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
        "rPr", "sectPr", "pPrChange",
    ),
    "rPr": (
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
        "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
        "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
        "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
        "specVanish", "oMath",
    ),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "sectPr": (
        "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
        "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
        "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
    ),
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
        "tblLayout", "tblCellMar", "tblLook",
    ),
    "tblBorders": ("top", "left", "bottom", "right", "insideH", "insideV"),
    "tblCellMar": ("top", "left", "bottom", "right"),
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
             "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"),
    "style": ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
              "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
              "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"),
    "font": ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"),
}
_RANK = {parent: {name: i for i, name in enumerate(seq)} for parent, seq in ORDER.items()}


def qn(name: str) -> str:
    """'w:jc' or 'jc' -> Clark notation; 'r:id' -> the relationships namespace."""
    if name.startswith("r:"):
        return f"{{{R_NS}}}{name[2:]}"
    if name.startswith("xml:"):
        return f"{{{XML_NS}}}{name[4:]}"
    return _W + (name[2:] if name.startswith("w:") else name)


def el(tag: str, attrs: dict[str, object] | None = None, *children: Element) -> Element:
    """A w: element; attribute names without a prefix are w: attributes."""
    node = Element(qn(tag))
    if attrs:
        for key, value in attrs.items():
            if value is not None:
                node.set(qn(key), str(value))
    node.extend(children)
    return node


def root(tag: str) -> Element:
    """The root element of a part (w:document, w:styles ...)."""
    return Element(qn(tag))


def local(node: Element) -> str:
    """An element's name without its namespace: 'p' for w:p."""
    return node.tag.rpartition("}")[2]


def sub(parent: Element, tag: str, attrs: dict[str, object] | None = None) -> Element:
    node = ET.SubElement(parent, qn(tag))
    if attrs:
        for key, value in attrs.items():
            if value is not None:
                node.set(qn(key), str(value))
    return node


def props(tag: str, *children: Element | None) -> Element:
    """A property element (pPr, rPr, sectPr ...) with its children sorted into schema order."""
    rank = _RANK[tag]
    present = [c for c in children if c is not None]
    present.sort(key=lambda c: rank[local(c)])
    return el(tag, None, *present)


def insert_ordered(parent: Element, child: Element) -> Element:
    """Put `child` into `parent` at its schema position, replacing a child of the same name."""
    rank = _RANK[local(parent)]
    mine = rank[local(child)]
    for i, existing in enumerate(parent):
        other = rank.get(local(existing), len(rank))
        if other == mine:
            parent[i] = child
            return child
        if other > mine:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def text(value: str) -> Element:
    """A w:t, preserving leading/trailing spaces."""
    node = el("t")
    node.text = value
    if value[:1].isspace() or value[-1:].isspace():
        node.set(qn("xml:space"), "preserve")
    return node


def to_bytes(root: Element) -> bytes:
    return part(ET.tostring(root, encoding="unicode"))


def part(body: str) -> bytes:
    """A part's bytes, declared standalone as Word writes it. A character XML cannot hold (a C0
    control) is refused here, so no part is written that Word would call corrupt."""
    bad = _NOT_XML.search(body)
    if bad:
        raise ValueError(f"XML 不能包含字符 U+{ord(bad.group()):04X}")
    return DECLARATION + body.encode("utf-8")
