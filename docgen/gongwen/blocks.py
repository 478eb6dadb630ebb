"""The document as a list of blocks named after GB/T 9704-2012's elements.

compose.py turns the model and the templates into these; render.py turns each into XML. The list
sits between the two stages so tests can inspect what a document says without reading XML.
Clause numbers are those of GB/T 9704-2012.
"""

from __future__ import annotations

import datetime

from msgspec import Struct, field

from ..model import Table

Face = str   # "fangsong" | "kai" | "hei" | "biaosong" | "song" (see text.FACES)


class Span(Struct, frozen=True):
    """A piece of a paragraph in one face."""

    text: str
    face: Face = "fangsong"


class Mark(Struct, frozen=True):
    """发文机关标志 (7.2.4): red, centred, its top 35 mm under the type area."""
    text: str


class DocNumber(Struct, frozen=True):
    """发文字号 (7.2.5): centred, two blank lines under the mark (none without a mark)."""
    text: str
    under_mark: bool = True


class RedRule(Struct, frozen=True):
    """版头中的分隔线 (7.2.7): red, type-area width, 4 mm under the 发文字号."""


class Title(Struct, frozen=True):
    """标题 (7.3.1): 2号小标宋, centred, already broken into balanced lines."""
    lines: tuple[str, ...]
    blank_lines_before: int = 0
    blank_lines_after: int = 0


class Recipients(Struct, frozen=True):
    """主送机关 (7.3.2): one blank line under the title, flush left, ends with ："""
    names: tuple[str, ...]


class Paragraph(Struct, frozen=True):
    """正文 (7.3.3): spans in their faces; first line indented 2 characters unless `indent` is off."""
    spans: tuple[Span, ...]
    indent: bool = True
    align: str = "both"          # both | center | left | right
    blank_lines_before: int = 0
    keep_next: bool = False
    line_pitch: int | None = None        # twips; None: the grid's 579 (pagination may set lines closer)
    justify_last: bool = False           # a paragraph split at a page end: its last line is full

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


class Heading(Struct, frozen=True):
    """A heading on its own line (7.3.3): level 1 黑体, 2 楷体, 3-4 仿宋; kept with the next line."""
    level: int
    text: str                    # marker included: "一、总体要求"
    line_pitch: int | None = None


class AttachmentNote(Struct, frozen=True):
    """附件说明 (7.3.4): "附件：1. 名称"; a single attachment has no number."""
    titles: tuple[str, ...]
    line_pitch: int | None = None


class Signature(Struct, frozen=True):
    """发文机关署名 and 成文日期 (7.3.5): sealed (7.3.5.1) or unsealed (7.3.5.2) layout."""
    name: str
    date: str                    # already "2012年5月3日"
    sealed: bool = True
    blank_lines: int | None = None       # above the 署名; None: 2 sealed (room for the seal), 1 unsealed
    line_pitch: int | None = None


class Annotation(Struct, frozen=True):
    """附注 (7.3.6): under the date, indented 2 characters, in （）."""
    text: str
    line_pitch: int | None = None


class PageBreak(Struct, frozen=True):
    """The next block starts a new page."""


class AttachmentLabel(Struct, frozen=True):
    """附件 page head (7.3.7/8): "附件2" in 3号黑体, flush left on the first line."""
    text: str


class TableBlock(Struct, frozen=True):
    """An attachment table: 4号仿宋, bordered, header row repeated on every page."""
    table: Table


class Banji(Struct, frozen=True):
    """版记 (7.4): 抄送 and 印发机关/日期 between rules, at the foot of the last page."""
    cc: tuple[str, ...]
    printer: str
    date: str                    # 印发日期, already "2012年5月3日"
    placement: str = "foot"      # foot (of the last text page) | next_page | after_blank (pagination)


Block = (Mark | DocNumber | RedRule | Title | Recipients | Paragraph | Heading | AttachmentNote
         | Signature | Annotation | PageBreak | AttachmentLabel | TableBlock | Banji)


class Composition(Struct):
    """What compose produces: the blocks plus what the package needs to know."""
    title: str
    date: datetime.date          # 成文日期, dates the core properties
    author: str
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every block's visible text, one entry per paragraph line (for content checks)."""
        from .render import block_texts

        return [t for b in self.blocks for t in block_texts(b)]
