"""Blocks to WordprocessingML: one function per GB/T 9704 element, looked up by block type.

Styles (styles.py) carry the look; these functions add only what differs per paragraph:
spacing before (blank lines), indents computed from text widths, and the runs themselves.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from lxml import etree

from .. import cn
from . import blocks as b
from . import units as u
from . import xml
from .tables import table
from .text import latin_run, runs, width_em, width_twips

HEADING_FACES = {1: "hei", 2: "kai", 3: "fangsong", 4: "fangsong"}
ATTACHMENT = "附件"             # 7.3.4 / 7.3.7: the fixed labels of the standard
COLON = "："
CC_LABEL = "抄送："              # 7.4.2
PRINTED = "印发"                 # 7.4.3
CC_SEPARATOR, CC_END = "，", "。"
RECIPIENT_SEPARATOR = "、"


def paragraph(style: str | None, content: Iterable[etree._Element], *ppr: etree._Element | None) -> etree._Element:
    style_el = xml.el("pStyle", {"val": style}) if style else None
    children = [c for c in (style_el, *ppr) if c is not None]
    p = xml.el("p")
    if children:
        p.append(xml.props("pPr", *children))
    p.extend(content)
    return p


def before(lines: float, after: float = 0, line: int = u.LINE_PITCH) -> etree._Element | None:
    """w:spacing for `lines` blank body lines above a paragraph and `after` below (None for none)."""
    if not lines and not after:
        return None
    return xml.el("spacing", {"before": round(lines * u.LINE_PITCH), "after": round(after * u.LINE_PITCH),
                              "line": line, "lineRule": "exact"})


def _mark(block: b.Mark) -> list[etree._Element]:
    """7.2.4: narrowed (w:w) and if need be shrunk so the name fits the type width on one line."""
    em = max(width_em(block.text), 1)
    natural = em * u.MARK_SIZE_PT * u.TWIPS_PER_PT
    extra: list[tuple[str, dict]] = []
    if natural > u.TYPE_WIDTH:
        scale = max(u.MARK_MIN_SCALE, math.floor(100 * u.TYPE_WIDTH / natural))
        extra.append(("w", {"val": scale}))
        size = min(u.MARK_SIZE_PT, math.floor(2 * u.TYPE_WIDTH / (em * scale / 100 * 20)) / 2)
        if size < u.MARK_SIZE_PT:
            extra += [("sz", {"val": u.half_points(size)}), ("szCs", {"val": u.half_points(size)})]
    return [paragraph("GwMark", runs(block.text, "biaosong", tuple(extra)))]


def _doc_number(block: b.DocNumber) -> list[etree._Element]:
    return [paragraph("GwDocNumber", runs(block.text, "fangsong"), before(2 if block.under_mark else 0))]


def _red_rule(block: b.RedRule) -> list[etree._Element]:
    return [paragraph("GwRedRule", [])]


def _title(block: b.Title) -> list[etree._Element]:
    content: list[etree._Element] = []
    for i, line in enumerate(block.lines):
        if i:
            content.append(xml.el("r", None, xml.el("br")))
        content.extend(runs(line, "biaosong"))
    return [paragraph("GwTitle", content, before(block.blank_lines_before, block.blank_lines_after))]


def _recipients(block: b.Recipients) -> list[etree._Element]:
    text = RECIPIENT_SEPARATOR.join(block.names) + COLON
    return [paragraph("GwRecipients", runs(text, "fangsong"), before(1))]


def _paragraph(block: b.Paragraph) -> list[etree._Element]:
    content = [r for span in block.spans for r in runs(span.text, span.face)]
    ppr = [before(block.blank_lines_before), xml.el("keepNext") if block.keep_next else None]
    if not block.indent:
        ppr.append(xml.el("ind", {"firstLine": 0}))
    if block.align != "both":
        ppr.append(xml.el("jc", {"val": block.align}))
    return [paragraph(None, content, *ppr)]


def _heading(block: b.Heading) -> list[etree._Element]:
    return [paragraph(f"Heading{block.level}", runs(block.text, HEADING_FACES[block.level]))]


def _attachment_note(block: b.AttachmentNote) -> list[etree._Element]:
    """7.3.4: 附件：1. 名称 — continuation lines align with the name, numbers under each other;
    kept with the 署名 that follows."""
    label = ATTACHMENT + COLON
    label_w = width_twips(label, u.BODY_SIZE_PT, u.CHAR_SPACING)
    out = []
    for i, title in enumerate(block.titles, 1):
        number = cn.heading_marker(3, i) + " " if len(block.titles) > 1 else ""
        number_w = width_twips(number, u.BODY_SIZE_PT, u.CHAR_SPACING) if number else 0
        left = u.FIRST_LINE_INDENT + label_w + number_w
        hanging = (label_w if i == 1 else 0) + number_w
        content = (runs(label, "fangsong") if i == 1 else []) + ([latin_run(number, "fangsong")] if number else [])
        content += runs(title, "fangsong")
        out.append(paragraph(None, content, xml.el("keepNext"), before(1 if i == 1 else 0),
                             xml.el("ind", {"left": left, "hanging": hanging})))
    return out


def signature_indents(name: str, date: str, sealed: bool) -> tuple[int, int]:
    """Right indents (twips) of the 署名 and the 成文日期 lines, GB/T 9704-2012 7.3.5.

    Sealed (7.3.5.1): date 4 characters from the right, 署名 centred over the date.
    Unsealed (7.3.5.2): 署名 2 characters from the right, date starting 2 characters right of the
    署名's start; a date longer than that keeps 2 characters on its right and the 署名 moves left.
    """
    char = u.CHAR_PITCH
    s = width_twips(name, u.BODY_SIZE_PT, u.CHAR_SPACING)
    d = width_twips(date, u.BODY_SIZE_PT, u.CHAR_SPACING)
    if sealed:
        date_right = 4 * char
        return max(0, date_right + (d - s) // 2), date_right
    if d <= s:
        return 2 * char, s - d
    return 4 * char + d - s, 2 * char


def _signature(block: b.Signature) -> list[etree._Element]:
    name_right, date_right = signature_indents(block.name, block.date, block.sealed)
    blank = 2 if block.sealed else 1   # sealed: room for the seal's top within a line of the body
    date_props = [xml.el("ind", {"right": date_right, "firstLine": 0})]
    name_w = width_twips(block.name, u.BODY_SIZE_PT, u.CHAR_SPACING)
    if not block.sealed and width_twips(block.date, u.BODY_SIZE_PT, u.CHAR_SPACING) <= name_w:
        # the rule fixes where the date starts; anchoring it there keeps it exact even where a
        # renderer sets digits wider (LibreOffice ignores autoSpaceDN and spaces them out)
        date_props = [xml.el("ind", {"left": u.TYPE_WIDTH - name_right - name_w + 2 * u.CHAR_PITCH, "firstLine": 0}),
                      xml.el("jc", {"val": "left"})]
    return [
        paragraph("GwSignature", runs(block.name, "fangsong"), xml.el("keepNext"), before(blank),
                  xml.el("ind", {"right": name_right, "firstLine": 0})),
        paragraph("GwSignature", runs(block.date, "fangsong"), *date_props),
    ]


def _annotation(block: b.Annotation) -> list[etree._Element]:
    return [paragraph(None, runs(block.text, "fangsong"))]


def _attachment_label(block: b.AttachmentLabel) -> list[etree._Element]:
    return [paragraph("GwAttachLabel", runs(block.text, "hei"))]


def _table(block: b.TableBlock) -> list[etree._Element]:
    return [table(block.table)]


def _banji(block: b.Banji) -> list[etree._Element]:
    """7.4: in a paragraph frame at the foot of the last page, text one character in from each
    side, between full-width rules (first and last 0.35 mm, inner 0.25 mm).

    The rules are paragraphs of exactly the rule's height, shaded black: LibreOffice drops the
    frame of paragraphs whose borders differ, while shading keeps it (measured).
    """
    char = u.SMALL_PITCH
    frame = {"w": u.TYPE_WIDTH, "wrap": "around", "vAnchor": "margin", "hAnchor": "margin",
             "xAlign": "center", "yAlign": "bottom"}
    out = [_rule(u.BANJI_OUTER_MM, frame)]
    if block.cc:
        label_w = width_twips(CC_LABEL, u.SMALL_SIZE_PT)
        text = CC_LABEL + CC_SEPARATOR.join(block.cc) + CC_END
        out += [paragraph("GwBanji", runs(text, "fangsong"), xml.el("framePr", frame),
                          xml.el("ind", {"left": char + label_w, "right": char, "hanging": label_w})),
                _rule(u.BANJI_INNER_MM, frame)]
    tabs = xml.el("tabs", None, xml.el("tab", {"val": "right", "pos": u.TYPE_WIDTH - char}))
    printed = runs(block.printer, "fangsong") + [xml.el("r", None, xml.el("tab"))] + runs(block.date + PRINTED, "fangsong")
    out += [paragraph("GwBanji", printed, xml.el("framePr", frame), tabs,
                      xml.el("ind", {"left": char, "right": char, "firstLine": 0})),
            _rule(u.BANJI_OUTER_MM, frame)]
    out.append(_rule(0, None))   # a frame anchors to the paragraph after it: a hair-thin one
    return out


def _rule(width_mm: float, frame: dict | None) -> etree._Element:
    """A horizontal rule as an empty paragraph `width_mm` tall, shaded black (0: invisible)."""
    height = round(width_mm * u.TWIPS_PER_MM) if width_mm else 20     # 20: a 1 pt invisible anchor
    mark = xml.props("rPr", xml.el("sz", {"val": 2}), xml.el("szCs", {"val": 2}))
    shading = xml.el("shd", {"val": "clear", "color": "auto", "fill": "000000"}) if width_mm else None
    return paragraph("GwBanji", [], xml.el("framePr", frame) if frame else None, shading,
                     xml.el("spacing", {"before": 0, "after": 0, "line": height, "lineRule": "exact"}), mark)


RENDERERS: dict[type, Callable[[object], list[etree._Element]]] = {
    b.Mark: _mark, b.DocNumber: _doc_number, b.RedRule: _red_rule, b.Title: _title,
    b.Recipients: _recipients, b.Paragraph: _paragraph, b.Heading: _heading,
    b.AttachmentNote: _attachment_note, b.Signature: _signature, b.Annotation: _annotation,
    b.AttachmentLabel: _attachment_label, b.TableBlock: _table, b.Banji: _banji,
}


def body(blocks: Iterable[b.Block]) -> list[etree._Element]:
    """The body's children; a PageBreak becomes pageBreakBefore on the next paragraph, and the
    成文日期 is kept with a 附注 under it."""
    out: list[etree._Element] = []
    pending_break = False
    previous: b.Block | None = None
    for block in blocks:
        if isinstance(block, b.PageBreak):
            pending_break = True
            continue
        made = RENDERERS[type(block)](block)
        if pending_break and made and etree.QName(made[0]).localname == "p":
            _set(made[0], xml.el("pageBreakBefore"))
            pending_break = False
        if isinstance(block, b.Annotation) and isinstance(previous, b.Signature):
            _set(out[-1], xml.el("keepNext"))
        out.extend(made)
        previous = block
    return out


def _set(p: etree._Element, prop: etree._Element) -> None:
    ppr = p.find(xml.qn("pPr"))
    if ppr is None:
        ppr = xml.el("pPr")
        p.insert(0, ppr)
    xml.insert_ordered(ppr, prop)


def block_texts(block: b.Block) -> list[str]:
    """The visible text of a block, one string per paragraph (titles: one per line)."""
    if isinstance(block, b.Title):
        return list(block.lines)
    if isinstance(block, b.Paragraph):
        return [block.text]
    if isinstance(block, b.Recipients):
        return [RECIPIENT_SEPARATOR.join(block.names) + COLON]
    if isinstance(block, b.AttachmentNote):
        if len(block.titles) == 1:
            return [ATTACHMENT + COLON + block.titles[0]]
        return [(ATTACHMENT + COLON if i == 1 else "") + f"{cn.heading_marker(3, i)} {t}" for i, t in enumerate(block.titles, 1)]
    if isinstance(block, b.Signature):
        return [block.name, block.date]
    if isinstance(block, b.Banji):
        cc = [CC_LABEL + CC_SEPARATOR.join(block.cc) + CC_END] if block.cc else []
        return [*cc, f"{block.printer}\t{block.date}{PRINTED}"]
    if isinstance(block, b.TableBlock):
        return ["\t".join(block.table.columns), *("\t".join(r) for r in block.table.rows)]
    text = getattr(block, "text", None)
    return [text] if text else []
