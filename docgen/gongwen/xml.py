"""Raw WordprocessingML helpers: element construction and children in schema order.

Word refuses (offers to repair) a file whose property children are out of the order the schema
gives (ECMA-376 Part 1, 17.3.1.26 pPr, 17.3.2.28 rPr, 17.6.17 sectPr ...), while LibreOffice
shows it fine, so every property element here is built through `props`, which sorts children
by the schema sequence below. Nothing else in docgen writes raw XML.
"""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"w": W_NS, "r": R_NS}

_W = f"{{{W_NS}}}"

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


def el(tag: str, attrs: dict[str, object] | None = None, *children: etree._Element) -> etree._Element:
    """A w: element; attribute names without a prefix are w: attributes."""
    node = etree.Element(qn(tag))
    if attrs:
        for key, value in attrs.items():
            if value is not None:
                node.set(qn(key), str(value))
    node.extend(children)
    return node


def root(tag: str) -> etree._Element:
    """The root element of a part (w:document, w:styles ...), declaring w: and r:."""
    return etree.Element(qn(tag), nsmap=NSMAP)


def sub(parent: etree._Element, tag: str, attrs: dict[str, object] | None = None) -> etree._Element:
    node = etree.SubElement(parent, qn(tag))
    if attrs:
        for key, value in attrs.items():
            if value is not None:
                node.set(qn(key), str(value))
    return node


def props(tag: str, *children: etree._Element | None) -> etree._Element:
    """A property element (pPr, rPr, sectPr ...) with its children sorted into schema order."""
    rank = _RANK[tag]
    present = [c for c in children if c is not None]
    present.sort(key=lambda c: rank[etree.QName(c).localname])
    return el(tag, None, *present)


def insert_ordered(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Put `child` into `parent` at its schema position, replacing a child of the same name."""
    parent_name = etree.QName(parent).localname
    rank = _RANK[parent_name]
    name = etree.QName(child).localname
    mine = rank[name]
    for existing in parent:
        other = rank.get(etree.QName(existing).localname, len(rank))
        if other == mine:
            existing.addprevious(child)
            parent.remove(existing)
            return child
        if other > mine:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def text(value: str) -> etree._Element:
    """A w:t, preserving leading/trailing spaces."""
    node = el("t")
    node.text = value
    if value[:1].isspace() or value[-1:].isspace():
        node.set(qn("xml:space"), "preserve")
    return node


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
