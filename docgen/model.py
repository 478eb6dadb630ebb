"""The validated input: typed, immutable, the only thing compose stages see.

Loaders in `docgen.load` build these from TOML and rosters; nothing here parses text.

Records here and elsewhere outside docgen.printing are msgspec Structs, frozen where they are
values: every command imports some fifty of them, and Python 3.11 spends ~0.4 ms defining a
dataclass against ~0.01 ms for a Struct (a fifth of `docgen plan`); a Struct also has slots and
is quicker to make, which a 100,000-row roster does 100,000 times. Print elements stay
dataclasses: they rely on cached properties, weak references and __dict__ copies.
"""

from __future__ import annotations

import datetime
from datetime import date
from pathlib import Path
from typing import Literal

from msgspec import Struct, field

RoleClass = Literal["chair", "vice-chair", "other"]
Campaign = str     # a preset folder name: templates/plan/<campaign>/preset.toml (docgen.catalog)


class YearMonth(Struct, frozen=True, order=True):
    """A month of a plan: its start, end and the stages' bounds."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


class Phone(Struct, frozen=True):
    """A validated phone number: digits for dialling/vCard, display for print."""

    kind: Literal["mobile", "landline", "service"]
    digits: str        # e.g. "05562172583", "13905561234", "12351"; extension after "," e.g. "05562172583,801"
    display: str       # e.g. "0556-2172583", "139 0556 1234", "0556-2172583-801"

    def __str__(self) -> str:
        return self.display


class Contact(Struct, frozen=True):
    """联系人 of the document (附注): a name and a phone."""

    name: str
    phone: Phone | None = None


class Issuer(Struct, frozen=True):
    """The issuing body: name, 成文日期, red head, 发文字号, 抄送, 印发."""

    name: str
    date: datetime.date                 # 成文日期 (the field shadows the type inside the class)
    mark: str | None = None             # 发文机关标志 (red head); None -> no red head
    doc_number: str | None = None       # 发文字号, already validated
    sealed: bool = True
    cc: tuple[str, ...] = ()
    printer: str = ""                   # 印发机关; "" -> compose uses name (docs/gongwen-rules.md)
    print_date: datetime.date | None = None   # 印发日期; None -> compose uses date (docs/gongwen-rules.md)
    contact: Contact | None = None


class Target(Struct, frozen=True):
    """A year's coverage target of the plan."""

    year: int
    coverage: float                     # percent, 0 < coverage <= 100
    note: str = ""


class Stage(Struct, frozen=True):
    """A stage of the plan (动员部署, 组织实施 ...) and its months."""

    name: str
    start: YearMonth
    end: YearMonth
    text: str = ""


class Item(Struct, frozen=True):
    """A numbered item of a section: its title and text."""

    title: str
    text: str = ""


class Section(Struct, frozen=True):
    """A section the input adds to the plan."""

    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    before: str | None = None


class Table(Struct, frozen=True):
    """A table of an attachment."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]   # a cell's "\n" starts a new paragraph


class Attachment(Struct, frozen=True):
    """An attachment of the plan (附件): text or a table."""

    title: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None


class Plan(Struct, frozen=True):
    """The 实施方案: campaign, scope, recipients, dates, stages, targets and added text."""

    campaign: Campaign
    scope: str
    recipients: tuple[str, ...]
    start: YearMonth
    end: YearMonth
    stages: tuple[Stage, ...]
    title: str | None = None            # None -> the preset builds it from scope
    intro: str | None = None
    targets: tuple[Target, ...] = ()
    sections: tuple[Section, ...] = ()
    attachments: tuple[Attachment, ...] = ()


class NoticeSource(Struct, frozen=True):
    """The document a 转发 notice forwards."""

    title: str
    doc_number: str = ""
    issuer: str = ""
    date: datetime.date | None = None
    text_file: Path | None = None       # [notice.source] file (.txt or .docx)
    text: str | None = None             # its text, read by the loader


class Notice(Struct, frozen=True):
    """The cover notice: 印发 (of this plan) or 转发 (of a higher body's document)."""

    kind: Literal["yinfa", "zhuanfa"]
    recipients: tuple[str, ...]         # defaulted to plan.recipients by the loader
    body: str | None = None
    requirements: tuple[str, ...] = ()
    source: NoticeSource | None = None


class Officer(Struct, frozen=True):
    """A chair, vice-chair or other officer of a union, as the roster gives them."""

    name: str
    role: str                           # printed as written
    role_class: RoleClass
    office_phone: Phone | None = None
    mobile: Phone | None = None
    photo: Path | None = None           # absolute, checked to be a real JPEG/PNG
    origin: str = ""   # where it was read: "roster.xlsx 第17行"


class Union(Struct, frozen=True):
    """An enterprise union and its officers."""

    name: str
    officers: tuple[Officer, ...] = ()
    employer: str = ""
    founded: date | None = None
    office: str = ""
    members: int | None = None
    origin: str = ""   # "county.toml 第40行" or "roster.xlsx 第5行"

    @property
    def chair(self) -> Officer | None:
        return next((o for o in self.officers if o.role_class == "chair"), None)


class PrintOptions(Struct, frozen=True):
    """The [print] table: hotline, slogan, QR content, plaque size and colour, faces."""

    hotline: str = "12351"
    slogan: str = "职工有困难 找工会"
    services: tuple[str, ...] = ()
    qr: Literal["vcard", "tel", "none"] = "vcard"
    emblem: Path | None = None
    plaque_size: str = "county"         # preset name or "WxH" (mm), validated by the loader
    plaque_color: Literal["black", "red"] = "black"
    fonts: dict[str, Path] = field(default_factory=dict)   # role -> user face


class Document(Struct, frozen=True):
    """Everything one input file (plus its roster) says."""

    source: Path
    version: int = 1
    templates: Path | None = None       # user folder overriding the built-in template set
    roster: Path | None = None          # the file `roster =` names (its unions are in `unions`)
    issuer: Issuer | None = None
    plan: Plan | None = None
    notice: Notice | None = None
    unions: tuple[Union, ...] = ()
    print: PrintOptions = field(default_factory=PrintOptions)
    warnings: tuple[str, ...] = ()      # already formatted, with their place

    @property
    def officers(self) -> list[tuple[Union, Officer]]:
        return [(u, o) for u in self.unions for o in u.officers]
