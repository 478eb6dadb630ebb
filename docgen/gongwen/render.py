"""Blocks to WordprocessingML: one function per GB/T 9704 element, looked up by block type.

Styles (styles.py) carry the look; these functions add only what differs per paragraph:
spacing before (blank lines), indents computed from text widths, and the runs themselves.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any
from xml.etree.ElementTree import Element

from .. import cn
from . import blocks as b, units as u, xml
from .lines import line_width
from .tables import table
from .text import latin_run, runs, width_em, width_twips

HEADING_FACES = {1: "hei", 2: "kai", 3: "fangsong", 4: "fangsong"}
ATTACHMENT = "附件"             # 7.3.4 / 7.3.7: the fixed labels of the standard
COLON = "："
CC_LABEL = "抄送："              # 7.4.2
PRINTED = "印发"                 # 7.4.3
CC_SEPARATOR, CC_END = "，", "。"
RECIPIENT_SEPARATOR = "、"


def paragraph(style: str | None, content: Iterable[Element], *ppr: Element | None) -> Element:
    style_el = xml.el("pStyle", {"val": style}) if style else None
    children = [c for c in (style_el, *ppr) if c is not None]
    p = xml.el("p")
    if children:
        p.append(xml.props("pPr", *children))
    p.extend(content)
    return p


def before(lines: float, after: float = 0, line: int = u.LINE_PITCH) -> Element | None:
    """w:spacing for `lines` blank body lines above a paragraph and `after` below (None for none)."""
    if not lines and not after:
        return None
    return xml.el("spacing", {"before": round(lines * u.LINE_PITCH), "after": round(after * u.LINE_PITCH),
                              "line": line, "lineRule": "exact"})


def _mark(block: b.Mark) -> list[Element]:
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


def _doc_number(block: b.DocNumber) -> list[Element]:
    return [paragraph("GwDocNumber", runs(block.text, "fangsong"), before(2 if block.under_mark else 0))]


def _red_rule(block: b.RedRule) -> list[Element]:
    return [paragraph("GwRedRule", [])]


def _title(block: b.Title) -> list[Element]:
    content: list[Element] = []
    for i, line in enumerate(block.lines):
        if i:
            content.append(xml.el("r", None, xml.el("br")))
        content.extend(runs(line, "biaosong"))
    return [paragraph("GwTitle", content, before(block.blank_lines_before, block.blank_lines_after))]


def _recipients(block: b.Recipients) -> list[Element]:
    text = RECIPIENT_SEPARATOR.join(block.names) + COLON
    return [paragraph("GwRecipients", runs(text, "fangsong"), before(1))]


def _pitched(lines: float, pitch: int | None) -> list[Element | None]:
    """w:spacing for `lines` blank lines above; a paragraph set closer (7.3.5.4) states its pitch
    and leaves the line grid (LibreOffice would give each of its lines a whole grid line)."""
    if pitch is None:
        return [before(lines)]
    return [xml.el("snapToGrid", {"val": 0}),
            xml.el("spacing", {"before": round(lines * pitch), "after": 0, "line": pitch, "lineRule": "exact"})]


def _paragraph(block: b.Paragraph) -> list[Element]:
    content = [r for span in block.spans for r in runs(span.text, span.face)]
    ppr = [*_pitched(block.blank_lines_before, block.line_pitch), xml.el("keepNext") if block.keep_next else None]
    if not block.indent:
        ppr.append(xml.el("ind", {"firstLine": 0}))
    if block.justify_last:          # split at a page end: the line before the break stays full
        ppr.append(xml.el("jc", {"val": "distribute"}))
    elif block.align != "both":
        ppr.append(xml.el("jc", {"val": block.align}))
    return [paragraph(None, content, *ppr)]


def _heading(block: b.Heading) -> list[Element]:
    return [paragraph(f"Heading{block.level}", runs(block.text, HEADING_FACES[block.level]),
                      *_pitched(0, block.line_pitch))]


def _attachment_note(block: b.AttachmentNote) -> list[Element]:
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
        out.append(paragraph(None, content, xml.el("keepNext"), *_pitched(1 if i == 1 else 0, block.line_pitch),
                             xml.el("ind", {"left": left, "hanging": hanging})))
    return out


def signature_indents(name: str, date: str, sealed: bool, measure=None) -> tuple[int, int]:
    """Right indents (twips) of the 署名 and the 成文日期 lines, GB/T 9704-2012 7.3.5.

    Sealed (7.3.5.1): date 4 characters from the right, 署名 centred over the date.
    Unsealed (7.3.5.2): 署名 2 characters from the right, date starting 2 characters right of the
    署名's start; a date longer than that keeps 2 characters on its right and the 署名 moves left.
    `measure(text)` gives printed widths (default: the grid's, without LibreOffice's autospace).
    """
    char = u.CHAR_PITCH
    measure = measure or (lambda text: width_twips(text, u.BODY_SIZE_PT, u.CHAR_SPACING))
    s, d = measure(name), measure(date)
    if sealed:
        date_right = 4 * char
        return max(0, date_right + (d - s) // 2), date_right
    if d <= s:
        return 2 * char, s - d
    return 4 * char + d - s, 2 * char


def printed_width(text: str) -> int:
    """Width as LibreOffice sets the text (with its space between hanzi and digits), rounded up."""
    return math.ceil(line_width(text))


def _signature(block: b.Signature) -> list[Element]:
    """署名 and 成文日期 (7.3.5), each on one row in any renderer.

    Sealed: both lines centred in boxes around the date's centre, so the 署名 sits on the date's
    centre however wide a renderer sets the digits; the date's box leaves a character of room on
    each side, so it never wraps. Unsealed: the 署名 right-indented 2 characters and the date
    anchored at its start (7.3.5.2), with room to the right to spare."""
    char = u.CHAR_PITCH
    name_w, date_w = printed_width(block.name), printed_width(block.date)
    blank = block.blank_lines if block.blank_lines is not None else (2 if block.sealed else 1)
    pitch = block.line_pitch
    top = _pitched(blank, pitch)
    line = _pitched(0, pitch)
    if block.sealed:
        centre = u.TYPE_WIDTH - 4 * char - date_w // 2          # from the left edge of the type area

        def box(width: int) -> Element:       # may reach into the margin for a long 署名
            half = width // 2 + char
            return xml.el("ind", {"left": centre - half, "right": u.TYPE_WIDTH - centre - half, "firstLine": 0})

        center = xml.el("jc", {"val": "center"})
        return [paragraph("GwSignature", runs(block.name, "fangsong"), xml.el("keepNext"), *top,
                          box(max(name_w, date_w)), center),
                paragraph("GwSignature", runs(block.date, "fangsong"), *line, box(date_w),
                          xml.el("jc", {"val": "center"}))]
    name_right, date_right = signature_indents(block.name, block.date, False, printed_width)
    if date_w <= name_w:
        # the rule fixes where the date starts: anchored there, with room on the right to spare
        date_props = [xml.el("ind", {"left": u.TYPE_WIDTH - name_right - name_w + 2 * char, "right": -2 * char,
                                     "firstLine": 0}), xml.el("jc", {"val": "left"})]
    else:
        date_props = [xml.el("ind", {"right": date_right, "firstLine": 0})]
    return [
        paragraph("GwSignature", runs(block.name, "fangsong"), xml.el("keepNext"), *top,
                  xml.el("ind", {"right": name_right, "firstLine": 0})),
        paragraph("GwSignature", runs(block.date, "fangsong"), *line, *date_props),
    ]


def _annotation(block: b.Annotation) -> list[Element]:
    return [paragraph(None, runs(block.text, "fangsong"), *_pitched(0, block.line_pitch))]


def _attachment_label(block: b.AttachmentLabel) -> list[Element]:
    return [paragraph("GwAttachLabel", runs(block.text, "hei"))]


def _table(block: b.TableBlock) -> list[Element]:
    return [table(block.table)]


def _banji(block: b.Banji) -> list[Element]:
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
    printed = [*runs(block.printer, "fangsong"), xml.el("r", None, xml.el("tab")),
               *runs(block.date + PRINTED, "fangsong")]
    out += [paragraph("GwBanji", printed, xml.el("framePr", frame), tabs,
                      xml.el("ind", {"left": char, "right": char, "firstLine": 0})),
            _rule(u.BANJI_OUTER_MM, frame)]
    out.append(_rule(0, None))   # a frame anchors to the paragraph after it: a hair-thin one
    return out


def _rule(width_mm: float, frame: dict | None) -> Element:
    """A horizontal rule as an empty paragraph `width_mm` tall, shaded black (0: invisible)."""
    height = round(width_mm * u.TWIPS_PER_MM) if width_mm else 20     # 20: a 1 pt invisible anchor
    mark = xml.props("rPr", xml.el("sz", {"val": 2}), xml.el("szCs", {"val": 2}))
    shading = xml.el("shd", {"val": "clear", "color": "auto", "fill": "000000"}) if width_mm else None
    return paragraph("GwBanji", [], xml.el("framePr", frame) if frame else None, shading,
                     xml.el("spacing", {"before": 0, "after": 0, "line": height, "lineRule": "exact"}), mark)


# Each renderer takes its own block type, which a dict's type cannot say: Any for the argument.
RENDERERS: dict[type, Callable[[Any], list[Element]]] = {
    b.Mark: _mark, b.DocNumber: _doc_number, b.RedRule: _red_rule, b.Title: _title,
    b.Recipients: _recipients, b.Paragraph: _paragraph, b.Heading: _heading,
    b.AttachmentNote: _attachment_note, b.Signature: _signature, b.Annotation: _annotation,
    b.AttachmentLabel: _attachment_label, b.TableBlock: _table, b.Banji: _banji,
}


def body(blocks: Iterable[b.Block]) -> list[Element]:
    """The body's children; a PageBreak becomes pageBreakBefore on the next paragraph, the
    成文日期 is kept with a 附注 under it, and a 版记 on a page of its own starts a section whose
    pages carry no number (7.5)."""
    out: list[Element] = []
    pending_break = False
    previous: b.Block | None = None
    for block in blocks:
        if isinstance(block, b.PageBreak):
            pending_break = True
            continue
        if isinstance(block, b.Banji) and block.placement != "foot":
            out.extend(_own_page(out, block.placement == "after_blank"))
        made = RENDERERS[type(block)](block)
        if pending_break and made and xml.local(made[0]) == "p":
            _set(made[0], xml.el("pageBreakBefore"))
            pending_break = False
        if isinstance(block, b.Annotation) and isinstance(previous, b.Signature):
            _set(out[-1], xml.el("keepNext"))
        out.extend(made)
        previous = block
    return out


def _own_page(out: list[Element], blank_first: bool) -> list[Element]:
    """End the numbered section at the last text paragraph; with `blank_first`, a blank page
    comes first. The frame of the 版记 then follows on a page of its own."""
    from .parts import section_properties

    added: list[Element] = []
    last = out[-1] if out else None
    if last is None or xml.local(last) != "p":
        last = _hairline()
        added.append(last)
    _set(last, section_properties(numbered=True))
    if blank_first:
        added += [_hairline(), _hairline(page_break=True)]
    return added


def _hairline(page_break: bool = False) -> Element:
    """An empty paragraph 1 pt tall (it takes no line of the grid)."""
    mark = xml.props("rPr", xml.el("sz", {"val": 2}), xml.el("szCs", {"val": 2}))
    return paragraph(None, [], xml.el("pageBreakBefore") if page_break else None,
                     xml.el("spacing", {"before": 0, "after": 0, "line": 20, "lineRule": "exact"}), mark)


def unnumbered_end(blocks: Iterable[b.Block]) -> bool:
    """Whether the last section (the 版记's own page) goes without page numbers."""
    return any(isinstance(x, b.Banji) and x.placement != "foot" for x in blocks)


def _set(p: Element, prop: Element) -> None:
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
        return [(ATTACHMENT + COLON if i == 1 else "") + f"{cn.heading_marker(3, i)} {t}"
                for i, t in enumerate(block.titles, 1)]
    if isinstance(block, b.Signature):
        return [block.name, block.date]
    if isinstance(block, b.Banji):
        cc = [CC_LABEL + CC_SEPARATOR.join(block.cc) + CC_END] if block.cc else []
        return [*cc, f"{block.printer}\t{block.date}{PRINTED}"]
    if isinstance(block, b.TableBlock):
        return ["\t".join(block.table.columns), *("\t".join(r) for r in block.table.rows)]
    text = getattr(block, "text", None)
    return [text] if text else []
