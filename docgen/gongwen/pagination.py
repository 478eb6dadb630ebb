"""Where the pages of a 公文 break, predicted before anything is written, and the standard's remedies.

Every body line is exactly 579 twips (28.95 pt) and every hanzi one em, so a page can be laid out
here the way LibreOffice lays it out: lines are broken as lines.py says (LibreOffice's advances
and docgen.cn's line-end rules); rows are stacked with their spacing; keep-with-next chains
(headings, titles, the 署名 with its date) move as one; a table is measured by its rows, which
may split between their lines, the header repeated. `paginate` uses the prediction to apply
GB/T 9704's remedies instead of blanket keep-together:

- the body splits anywhere (widow control off): no paragraph is kept with the 署名;
- the 署名 page carries body text (7.3.5): a sealed 署名 first gives up one of its two blank lines;
  if the body's page has at most one free line, its last line (two, when that line is short and
  the page was full) is carried to the 署名's page, the paragraph split there and its first part
  justified to the end; with more free lines carrying would leave a hole, so the lines of that
  page are set closer instead (7.3.5.4 调整行距), a paragraph running onto it first split at the
  page top so the page before keeps the grid; a 附件说明 ending a body without 署名 is treated alike;
- headings stay with their first line (keep-with-next);
- the 版记 goes on the last page, an even one (7.4.1): on the last text page when that is even and
  has room, else on a page of its own after a blank page if need be; blank and 版记 pages carry no
  page number (7.5).

Where Word may differ: Word drops the space before a paragraph pushed to the top of a page (docgen
puts none there, but an edited file may) and does not add LibreOffice's space between hanzi and
digits (autoSpaceDN is off), so in Word a line holding digits can take a character more and a
page may then break a line later; Word also justifies a split paragraph's last line with
`distribute` slightly differently. The tests compare the prediction with LibreOffice, which makes
the PDFs.
"""

from __future__ import annotations

from typing import cast

from msgspec import Struct, field
from msgspec.structs import replace

from . import blocks as b, units as u
from .lines import break_lines, line_width
from .text import width_twips

__all__ = ["break_lines", "layout", "line_width", "lines_short", "paginate", "predicted_pages"]

PAGE = u.TYPE_HEIGHT                      # 12756 twips: 22 lines of 579 fit, 23 do not
LINE = u.LINE_PITCH
MIN_PITCH = 460                           # closest the 7.3.5.4 remedy sets lines (23 pt for 16 pt type)
TABLE_LINE = u.TABLE_LINE
TABLE_ROW_EXTRA = 20                      # a row's borders
HEAD_EXTRA = 29                           # measured: LibreOffice's red head is this much taller
SAFETY = 60                               # a remedy must fit with this to spare
FRAME_GAP = LINE // 2                     # room kept between the last text line and the 版记

# ---- rows: what a block puts on the page ----------------------------------------------------

class Row(Struct):
    """One line (or table row) a block puts on the page, with the space it takes."""

    block: int            # index of the block in the list
    height: int
    before: int = 0       # spacing above (first row of a paragraph)
    keep: bool = False    # may not be parted from the next row
    text: str = ""        # the line's text, for tests and for splitting a paragraph
    header: int = 0       # a table row: height of the header repeated on a new page


class Placed(Struct):
    """A row on its page."""

    row: Row
    page: int
    top: int              # twips from the top of the type area, after the spacing above


class Layout(Struct):
    """Where every row of a document falls, page by page."""

    placed: list[Placed] = field(default_factory=list)
    pages: int = 1

    def rows_of(self, block: int) -> list[Placed]:
        return [p for p in self.placed if p.row.block == block]

    def page_bottom(self, page: int) -> int:
        """Where the last row on `page` ends (0 for an empty page)."""
        return max((p.top + p.row.height for p in self.placed if p.page == page), default=0)


def _paragraph_rows(i: int, text: str, indent: bool, before: int, pitch: int, keep_last: bool,
                    keep_all: bool = False, width: int = u.TYPE_WIDTH, hanging: int = 0,
                    first_indent: int | None = None) -> list[Row]:
    first = u.FIRST_LINE_INDENT if indent else 0
    if first_indent is not None:
        first = first_indent
    lines = break_lines(text, width, first, hanging=hanging) or [""]
    rows = [Row(i, pitch, text=line, keep=keep_all) for line in lines]
    rows[0].before = before
    rows[-1].keep = keep_last
    return rows


def _table_rows(i: int, block: b.TableBlock) -> list[Row]:
    from .tables import column_widths

    widths = column_widths(block.table)

    def lines(cells) -> int:
        most = 1
        for text, w in zip(cells, widths, strict=False):
            inner = w - 2 * u.TABLE_CELL_MARGIN
            most = max(most, sum(len(break_lines(p, inner, size=u.SMALL_SIZE_PT, spacing=0) or [""])
                                 for p in (text.split("\n") or [""])))
        return most

    head = lines(block.table.columns) * TABLE_LINE + TABLE_ROW_EXTRA
    rows = [Row(i, head, keep=True, text="\t".join(block.table.columns))]
    for cells in block.table.rows:     # a row may split between its lines (LibreOffice's default)
        n = lines(cells)
        rows += [Row(i, TABLE_LINE + (TABLE_ROW_EXTRA if k == 0 else 0), text="\t".join(cells) if k == 0 else "",
                     header=head) for k in range(n)]
    return rows


def rows_of(blocks: list[b.Block]) -> list[Row | str]:
    """The rows of every block in order; the string "break" marks a hard page break."""
    out: list[Row | str] = []
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, b.PageBreak):
            out.append("break")
        elif isinstance(block, b.Mark):
            out.append(Row(i, u.MARK_LINE + HEAD_EXTRA, u.MARK_SPACE_BEFORE, keep=True, text=block.text))
        elif isinstance(block, b.DocNumber):
            out.append(Row(i, LINE, 2 * LINE if block.under_mark else 0, keep=True, text=block.text))
        elif isinstance(block, b.RedRule):
            out.append(Row(i, u.RED_RULE_LINE, keep=True))
        elif isinstance(block, b.Title):
            rows = [Row(i, LINE, keep=True, text=line) for line in block.lines]
            rows[0].before = block.blank_lines_before * LINE
            rows[-1].height += block.blank_lines_after * LINE
            out += rows
        elif isinstance(block, b.Recipients):
            text = "、".join(block.names) + "："
            out += _paragraph_rows(i, text, False, LINE, LINE, False)
        elif isinstance(block, b.Paragraph):
            out += _paragraph_rows(i, block.text, block.indent, block.blank_lines_before * (block.line_pitch or LINE),
                                   block.line_pitch or LINE, block.keep_next)
        elif isinstance(block, b.Heading):
            out += _paragraph_rows(i, block.text, True, 0, block.line_pitch or LINE, True, keep_all=True)
        elif isinstance(block, b.AttachmentNote):
            out += _note_rows(i, block)
        elif isinstance(block, b.Signature):
            pitch = block.line_pitch or LINE
            blank = block.blank_lines if block.blank_lines is not None else (2 if block.sealed else 1)
            keep_date = isinstance(nxt, b.Annotation)
            out += [Row(i, pitch, blank * pitch, keep=True, text=block.name),
                    Row(i, pitch, keep=keep_date, text=block.date)]
        elif isinstance(block, b.Annotation):
            out += _paragraph_rows(i, block.text, True, 0, block.line_pitch or LINE, False)
        elif isinstance(block, b.AttachmentLabel):
            out.append(Row(i, LINE, keep=True, text=block.text))
        elif isinstance(block, b.TableBlock):
            out += _table_rows(i, block)
    return out


def _note_rows(i: int, block: b.AttachmentNote) -> list[Row]:
    label = width_twips("附件：", u.BODY_SIZE_PT, u.CHAR_SPACING)
    rows: list[Row] = []
    many = len(block.titles) > 1
    for n, title in enumerate(block.titles, 1):
        number = f"{n}. " if many else ""
        num_w = width_twips(number, u.BODY_SIZE_PT, u.CHAR_SPACING) if number else 0
        left = u.FIRST_LINE_INDENT + label + num_w
        text = ("附件：" if n == 1 else "") + number + title
        first = left - (label if n == 1 else 0) - num_w
        pitch = block.line_pitch or LINE
        rows += _paragraph_rows(i, text, False, pitch if n == 1 else 0, pitch, True, keep_all=True,
                                width=u.TYPE_WIDTH - left, first_indent=first - left)
    return rows


def layout(blocks: list[b.Block]) -> Layout:
    """Place every row of `blocks` (the 版记 aside) on pages, as LibreOffice does."""
    rows = rows_of(blocks)
    out = Layout()
    placed = out.placed
    page, y, k = 1, 0, 0
    while k < len(rows):
        row = rows[k]
        if isinstance(row, str):    # "break"
            page, y = page + 1, 0
            k += 1
            continue
        height = row.before + row.height
        if y == 0 or y + height <= PAGE:
            placed.append(Placed(row, page, y + row.before))
            y += height
            k += 1
            continue
        # the row does not fit: its keep chain goes to the next page with it, unless the chain
        # fills the page from its top (then the page breaks here)
        first = next(n for n, p in enumerate(placed) if p.page == page)
        start = len(placed)
        while start > first and placed[start - 1].row.keep:
            start -= 1
        if start == first:
            start = len(placed)
        k -= len(placed) - start
        del placed[start:]
        page = page + 1
        y = cast(Row, rows[k]).header          # a table row carried over: its header is repeated above it
    out.pages = page
    return out


# ---- the remedies -----------------------------------------------------------------------------

def paginate(blocks: list[b.Block]) -> list[b.Block]:
    """`blocks` with the standard's page remedies applied (see the module's docstring)."""
    blocks = _last_heading_as_paragraph(list(blocks))
    count = sum(1 for i in range(len(blocks)) if _closing(blocks, i))
    for nth in range(count):               # one remedy for each 署名 (or closing 附件说明), in order
        blocks = _fix_signature(blocks, nth) or blocks
    return _place_banji(blocks)


def _last_heading_as_paragraph(blocks: list[b.Block]) -> list[b.Block]:
    """A heading line right before the 署名 heads nothing (a requirement written without 。): it is
    set as a paragraph in its face, so it splits like body text and is not kept with the 署名."""
    from .markup import FACES

    for i in range(len(blocks)):
        if _closing(blocks, i):
            j = i - 1
            while j >= 0 and isinstance(blocks[j], b.AttachmentNote):
                j -= 1
            if j >= 0 and isinstance(heading := blocks[j], b.Heading):
                blocks[j] = b.Paragraph((b.Span(heading.text, FACES[heading.level]),))
    return blocks


def _closing(blocks: list[b.Block], i: int) -> bool:
    """A 署名, or a 附件说明 that ends a body without one (the plan under its 印发 notice): either
    must share its page with the body's last line."""
    if isinstance(blocks[i], b.Signature):
        return True
    if not isinstance(blocks[i], b.AttachmentNote) or isinstance(blocks[i - 1], b.AttachmentNote):
        return False
    j = i
    while j < len(blocks) and isinstance(blocks[j], b.AttachmentNote):
        j += 1
    return j == len(blocks) or not isinstance(blocks[j], b.Signature)


def _body_before(blocks: list[b.Block], sig: int) -> int | None:
    """Index of the last body paragraph before the 署名 at `sig` (skipping the 附件说明)."""
    j = sig - 1
    while j >= 0 and isinstance(blocks[j], b.AttachmentNote):
        j -= 1
    return j if j >= 0 and isinstance(blocks[j], b.Paragraph) else None


def _fix_signature(blocks: list[b.Block], nth: int) -> list[b.Block] | None:
    """The `nth` 署名 remedied if it stands without body text on its page; None if it need not be."""
    lay = layout(blocks)
    closings = [i for i in range(len(blocks)) if _closing(blocks, i)]
    for s in closings[nth:nth + 1]:
        block = blocks[s]
        sig_rows = lay.rows_of(s)
        body = _body_before(blocks, s)
        if body is None or not sig_rows:
            continue
        body_rows = lay.rows_of(body)
        if body_rows[-1].page == sig_rows[0].page:
            continue
        page = body_rows[-1].page
        free = (PAGE - lay.page_bottom(page)) // LINE
        if isinstance(block, b.Signature) and block.sealed and block.blank_lines is None:
            trial = [*blocks[:s], replace(block, blank_lines=1), *blocks[s + 1:]]
            lay2 = layout(trial)
            if lay2.rows_of(body)[-1].page == lay2.rows_of(s)[0].page:
                return trial
        if free >= 2:
            split = _split_at_page_top(blocks, lay, page)
            if split is not None:
                shift = len(split) - len(blocks)
                closer = _closer_lines(split, layout(split), s + shift, body + shift, page)
            else:
                closer = _closer_lines(blocks, lay, s, body, page)
            if closer is not None:
                return closer
        return _carry_last_lines(blocks, lay, s, body, 2 if free == 0 and _short_last(lay, body) else 1)
    return None


def _closer_lines(blocks, lay: Layout, s: int, body: int, page: int) -> list[b.Block] | None:
    """7.3.5.4: set the lines of `page` closer (paragraphs, headings, 署名, 附注), from the first
    paragraph that starts on it to the 附注, so the 署名 joins the body there. None if that would
    set them closer than MIN_PITCH."""
    first = next((p.row.block for p in lay.placed if p.page == page
                  and isinstance(blocks[p.row.block], b.Paragraph) and p is lay.rows_of(p.row.block)[0]), None)
    if first is None:
        return None
    sig = blocks[s]
    end = s + 1
    while end < len(blocks) and isinstance(blocks[end], (b.Annotation, b.AttachmentNote)):
        end += 1
    for pitch in range(LINE - 5, MIN_PITCH - 1, -5):
        trial = list(blocks)
        for j in range(first, end):
            blk = trial[j]
            if isinstance(blk, (b.Paragraph, b.Annotation, b.Heading)):
                trial[j] = replace(blk, line_pitch=pitch)
            elif isinstance(blk, b.Signature):
                trial[j] = replace(blk, line_pitch=pitch, blank_lines=1 if sig.sealed else None)
            elif isinstance(blk, b.AttachmentNote):
                trial[j] = replace(blk, line_pitch=pitch)
        lay2 = layout(trial)
        if lay2.rows_of(body)[-1].page == lay2.rows_of(s)[0].page == page and all(
                p.page == page for j in range(first, end) for p in lay2.rows_of(j)) \
                and lay2.page_bottom(page) <= PAGE - SAFETY:
            return trial
    return None


def _split_at_page_top(blocks, lay: Layout, page: int) -> list[b.Block] | None:
    """A paragraph running from the page before onto `page`, split where the page begins (its
    first part justified to the end, a page break, the rest unindented), so the lines of `page`
    alone can be set closer. None when `page` begins with a paragraph of its own."""
    top = next((p for p in lay.placed if p.page == page), None)
    if top is None or not isinstance(blocks[top.row.block], b.Paragraph):
        return None
    i = top.row.block
    rows = lay.rows_of(i)
    if rows[0].page == page:
        return None
    para: b.Paragraph = blocks[i]
    cut = sum(len(p.row.text) for p in rows if p.page < page)
    head, tail = split_spans(para.spans, cut)
    return [*blocks[:i], replace(para, spans=head, justify_last=True), b.PageBreak(),
            replace(para, spans=tail, indent=False, blank_lines_before=0), *blocks[i + 1:]]


def _short_last(lay: Layout, body: int) -> bool:
    """The paragraph's last line is under half a line and another line could go with it."""
    rows = lay.rows_of(body)
    return len(rows) >= 3 and len(rows[-1].row.text) < u.CHARS_PER_LINE // 2


def _carry_last_lines(blocks, lay: Layout, s: int, body: int, count: int = 1) -> list[b.Block]:
    """Carry the body's last `count` lines to the 署名's page: split the paragraph before them
    (a one-line paragraph moves whole)."""
    rows = lay.rows_of(body)
    para: b.Paragraph = blocks[body]
    if len(rows) <= count:
        return [*blocks[:body], b.PageBreak(), *blocks[body:]]
    cut = len(para.text) - sum(len(p.row.text) for p in rows[-count:])
    head, tail = split_spans(para.spans, cut)
    first = replace(para, spans=head, justify_last=True, keep_next=False)
    second = replace(para, spans=tail, indent=False, blank_lines_before=0)
    return [*blocks[:body], first, b.PageBreak(), second, *blocks[body + 1:]]


def split_spans(spans: tuple[b.Span, ...], cut: int) -> tuple[tuple[b.Span, ...], tuple[b.Span, ...]]:
    head: list[b.Span] = []
    tail: list[b.Span] = []
    pos = 0
    for span in spans:
        end = pos + len(span.text)
        if end <= cut:
            head.append(span)
        elif pos >= cut:
            tail.append(span)
        else:
            head.append(b.Span(span.text[:cut - pos], span.face))
            tail.append(b.Span(span.text[cut - pos:], span.face))
        pos = end
    return tuple(head), tuple(tail)


def banji_height(block: b.Banji) -> int:
    rules = round((2 * u.BANJI_OUTER_MM + (u.BANJI_INNER_MM if block.cc else 0)) * u.TWIPS_PER_MM)
    lines = 1
    if block.cc:
        text = "抄送：" + "，".join(block.cc) + "。"
        label = width_twips("抄送：", u.SMALL_SIZE_PT)
        width = u.TYPE_WIDTH - 2 * u.SMALL_PITCH
        lines += len(break_lines(text, width, size=u.SMALL_SIZE_PT, spacing=0, hanging=label))
    return lines * u.BANJI_LINE + rules


def _place_banji(blocks: list[b.Block]) -> list[b.Block]:
    """The 版记 on the last page, an even one: where the text ends if that page is even and has
    room, else alone on the next even page (a blank page before it if need be)."""
    at = next((i for i, blk in enumerate(blocks) if isinstance(blk, b.Banji)), None)
    if at is None:
        return blocks
    banji = cast(b.Banji, blocks[at])
    lay = layout(blocks[:at])
    last = lay.pages
    room = PAGE - lay.page_bottom(last)
    if last % 2 == 0 and room >= banji_height(banji) + FRAME_GAP:
        placement = "foot"
    elif last % 2 == 1:
        placement = "next_page"
    else:
        placement = "after_blank"
    return [*blocks[:at], replace(banji, placement=placement), *blocks[at + 1:]]


def predicted_pages(blocks: list[b.Block]) -> int:
    """How many pages the document takes, the 版记's page (and a blank one) included."""
    at = next((i for i, blk in enumerate(blocks) if isinstance(blk, b.Banji)), None)
    text = layout(blocks if at is None else blocks[:at]).pages
    if at is None:
        return text
    return text + {"foot": 0, "next_page": 1, "after_blank": 2}[cast(b.Banji, blocks[at]).placement]


def lines_short(blocks: list[b.Block]) -> dict[int, int]:
    """Free whole lines at the foot of each page whose text continues on the next page."""
    at = next((i for i, blk in enumerate(blocks) if isinstance(blk, b.Banji)), len(blocks))
    lay = layout(blocks[:at])
    out = {}
    for page in range(1, lay.pages):
        out[page] = int((PAGE - lay.page_bottom(page)) // LINE)
    return out
