"""The validated input: typed, immutable, the only thing compose stages see.

Loaders in `docgen.load` build these from TOML and rosters; nothing here parses text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

RoleClass = Literal["chair", "vice-chair", "other"]
Campaign = str     # a preset folder name: templates/plan/<campaign>/preset.toml (docgen.catalog)


@dataclass(frozen=True, order=True)
class YearMonth:
    """A month of a plan: its start, end and the stages' bounds."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)   # slots: a 100,000-row roster holds 100,000 of them
class Phone:
    """A validated phone number: digits for dialling/vCard, display for print."""

    kind: Literal["mobile", "landline", "service"]
    digits: str        # e.g. "05562172583", "13905561234", "12351"; extension after "," e.g. "05562172583,801"
    display: str       # e.g. "0556-2172583", "139 0556 1234", "0556-2172583-801"

    def __str__(self) -> str:
        return self.display


@dataclass(frozen=True)
class Contact:
    """联系人 of the document (附注): a name and a phone."""

    name: str
    phone: Phone | None = None


@dataclass(frozen=True)
class Issuer:
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


@dataclass(frozen=True)
class Target:
    """A year's coverage target of the plan."""

    year: int
    coverage: float                     # percent, 0 < coverage <= 100
    note: str = ""


@dataclass(frozen=True)
class Stage:
    """A stage of the plan (动员部署, 组织实施 ...) and its months."""

    name: str
    start: YearMonth
    end: YearMonth
    text: str = ""


@dataclass(frozen=True)
class Item:
    """A numbered item of a section: its title and text."""

    title: str
    text: str = ""


@dataclass(frozen=True)
class Section:
    """A section the input adds to the plan."""

    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    before: str | None = None


@dataclass(frozen=True)
class Table:
    """A table of an attachment."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]   # a cell's "\n" starts a new paragraph


@dataclass(frozen=True)
class Attachment:
    """An attachment of the plan (附件): text or a table."""

    title: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None


@dataclass(frozen=True)
class Plan:
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


@dataclass(frozen=True)
class NoticeSource:
    """The document a 转发 notice forwards."""

    title: str
    doc_number: str = ""
    issuer: str = ""
    date: datetime.date | None = None
    text_file: Path | None = None       # [notice.source] file (.txt or .docx)
    text: str | None = None             # its text, read by the loader


@dataclass(frozen=True)
class Notice:
    """The cover notice: 印发 (of this plan) or 转发 (of a higher body's document)."""

    kind: Literal["yinfa", "zhuanfa"]
    recipients: tuple[str, ...]         # defaulted to plan.recipients by the loader
    body: str | None = None
    requirements: tuple[str, ...] = ()
    source: NoticeSource | None = None


@dataclass(frozen=True, slots=True)
class Officer:
    """A chair, vice-chair or other officer of a union, as the roster gives them."""

    name: str
    role: str                           # printed as written
    role_class: RoleClass
    office_phone: Phone | None = None
    mobile: Phone | None = None
    photo: Path | None = None           # absolute, checked to be a real JPEG/PNG
    origin: str = field(default="", compare=False)   # where it was read: "roster.xlsx 第17行"


@dataclass(frozen=True, slots=True)
class Union:
    """An enterprise union and its officers."""

    name: str
    officers: tuple[Officer, ...] = ()
    employer: str = ""
    founded: date | None = None
    office: str = ""
    members: int | None = None
    origin: str = field(default="", compare=False)   # "county.toml 第40行" or "roster.xlsx 第5行"

    @property
    def chair(self) -> Officer | None:
        return next((o for o in self.officers if o.role_class == "chair"), None)


@dataclass(frozen=True)
class PrintOptions:
    """The [print] table: hotline, slogan, QR content, plaque size and colour, faces."""

    hotline: str = "12351"
    slogan: str = "职工有困难 找工会"
    services: tuple[str, ...] = ()
    qr: Literal["vcard", "tel", "none"] = "vcard"
    emblem: Path | None = None
    plaque_size: str = "county"         # preset name or "WxH" (mm), validated by the loader
    plaque_color: Literal["black", "red"] = "black"
    fonts: dict[str, Path] = field(default_factory=dict)   # role -> user face


@dataclass(frozen=True)
class Document:
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
