"""What a leader sees with the pages of a 公文 PDF spread out, measured (used by the pagination tests).

Positions in millimetres from the top-left corner of the page; the type area is 37-262 mm down.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

MM = 72 / 25.4
TYPE_TOP, TYPE_BOTTOM, TYPE_RIGHT = 37.0, 262.0, 184.0
PITCH = 579 / 20 / MM                     # one grid line, mm
CHAR = 15.75 / MM                         # one 3号 character on the grid, mm


@dataclass
class Row:
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str


@dataclass
class Page:
    number: int
    rows: list[Row] = field(default_factory=list)      # inside the type area, top to bottom
    footer: str = ""

    @property
    def body(self) -> list[Row]:
        return [r for r in self.rows if r.size == 16.0]


def read(pdf_path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            groups = defaultdict(list)
            for ch in page.chars:
                groups[round(ch["bottom"] / MM * 2) / 2].append(ch)
            out = Page(n)
            for key in sorted(groups):
                chars = sorted(groups[key], key=lambda c: c["x0"])
                row = Row(min(c["top"] for c in chars) / MM, max(c["bottom"] for c in chars) / MM,
                          chars[0]["x0"] / MM, chars[-1]["x1"] / MM, round(max(c["size"] for c in chars), 1),
                          "".join(c["text"] for c in chars))
                if row.top > TYPE_BOTTOM:
                    out.footer = row.text
                else:
                    out.rows.append(row)
            pages.append(out)
    return pages


def plain(text: str) -> str:
    return re.sub(r"\s", "", text)


def lines_short(page: Page) -> float:
    """Free grid lines under the last row of the page's text."""
    if not page.rows:
        return 22.0
    last = max(r.bottom for r in page.rows)
    return (TYPE_BOTTOM - last - 0.2 * PITCH) / PITCH


def is_banji_only(page: Page) -> bool:
    """A page holding only the 版记 (抄送 and 印发 lines in 4号)."""
    return bool(page.rows) and len(page.rows) <= 6 and all(r.size == 14.0 for r in page.rows) \
        and plain(page.rows[-1].text).endswith("印发")


def continues(pages: list[Page], n: int, date: str = "") -> bool:
    """Whether the text of page n runs on to page n+1 (not a new part: title, 附件 label, 版记, or
    what follows the 成文日期)."""
    if n >= len(pages):
        return False
    if date and any(plain(r.text) == date for r in pages[n - 1].rows):
        return False
    nxt = pages[n]
    if not nxt.rows or is_banji_only(nxt):
        return False
    first = nxt.rows[0]
    return first.size == 16.0 and not re.fullmatch(r"附件\d*", plain(first.text))


@dataclass
class Findings:
    pages: int
    short: dict[int, float]                # continued pages -> free lines
    signature_page: int | None
    signature_with_body: bool
    name_rows: int
    date_rows: int
    name_centre_off: float | None          # sealed: mm between the centres of 署名 and date
    banji_page: int | None
    unnumbered: list[int]
    numbered_wrongly: list[int]            # blank or 版记-only pages that show a number
    first_page_body: bool | None = None


def findings(pdf_path, name: str, date: str, recipients: str | None = None) -> Findings:
    pages = read(pdf_path)
    short = {p.number: lines_short(p) for p in pages if continues(pages, p.number, date)}
    sig_page, with_body, name_rows, date_rows, off = None, False, 0, 0, None
    for p in pages:
        for i, r in enumerate(p.rows):
            if plain(r.text) == name and r.size == 16.0 and i + 1 < len(p.rows) and plain(p.rows[i + 1].text) == date:
                sig_page = p.number
                with_body = any(x.size == 16.0 and plain(x.text) for x in p.rows[:i])
                d = p.rows[i + 1]
                off = abs((r.x0 + r.x1) / 2 - (d.x0 + d.x1) / 2)
        name_rows += sum(1 for r in p.rows if name in plain(r.text) and r.size == 16.0)
        date_rows += sum(1 for r in p.rows if plain(r.text) == date)
    banji = next((p.number for p in reversed(pages) if any(plain(r.text).endswith("印发") for r in p.rows)), None)
    empty = [p.number for p in pages if not p.rows or is_banji_only(p)]
    first_body = None
    if recipients is not None:
        rows = pages[0].rows
        at = next((i for i, r in enumerate(rows) if plain(r.text).startswith(recipients)), None)
        first_body = at is not None and any(r.size == 16.0 for r in rows[at + 1:])
    return Findings(len(pages), short, sig_page, with_body, name_rows, date_rows, off, banji,
                    [p.number for p in pages if not p.footer], [n for n in empty if pages[n - 1].footer],
                    first_body)


def convert_many(sources: list, outdir) -> list:
    """PDFs of several .docx in one LibreOffice run (one start-up instead of one each), with the
    project's fonts, as `docgen --pdf` makes them."""
    import os
    import tempfile
    from pathlib import Path

    from docgen import convert

    soffice = convert.find_soffice()
    outdir = Path(outdir)
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as tmp:
        work = Path(tmp)
        env = dict(os.environ, FONTCONFIG_FILE=str(convert._fontconfig(work, None)))
        profile = (work / "profile").resolve().as_uri()
        cmd = [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--nologo", "--nodefault", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, sources)]
        convert._run(cmd, env, convert.TIMEOUT_S)
    return [outdir / (Path(s).stem + ".pdf") for s in sources]
