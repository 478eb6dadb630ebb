"""Baseline for W2 and W3: 胸卡 from a roster with reportlab (+ zxing-cpp), written by hand.

    python badges.py ROSTER.xlsx OUT.pdf [--qr] [--jobs N]

What a competent reportlab user writes for the same visible result as `docgen badges --layout
badge-qr` (with --qr) or `--layout badge` (without): chairs and vice-chairs from the roster, in
roster order; nine 85.6 x 54 mm cards with 2 mm bleed on a landscape A4 sheet with crop marks;
CMYK colours (text black is pure K); the bundled faces embedded as subsets; the union name shrunk
to fit its band (two lines when one would be too small), the person's name large and spaced when
it has two characters, role, mobile, and with --qr a vCard QR code drawn as vectors (zxing-cpp,
as docgen, so the codes are the same) with its caption.

With --jobs N (the best hand-written parallel stack): the roster is read once, N processes
(forked where the platform can, so none re-imports or re-registers the faces) each draw their
share of whole sheets into OUT-1.pdf ... OUT-N.pdf; nothing is merged.
"""

import re
import sys
from pathlib import Path

import openpyxl
import zxingcpp
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
RED, WHITE, BLACK, GREY = (0, 1, 1, 0.1), (0, 0, 0, 0), (0, 0, 0, 1), (0, 0, 0, 0.65)
W, H, BLEED = 85.6 * mm, 54 * mm, 2 * mm
PAGE = (297 * mm, 210 * mm)
COLS = ROWS = 3


def officers(path):
    """(union, name, role, office phone, mobile, office location) of chairs and vice-chairs, in roster order."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    for row in rows:
        if "工会名称" in row:
            col = {name: i for i, name in enumerate(row) if name}
            break
    union = location = None
    for row in rows:
        row += (None,) * (len(col) + 1 - len(row))      # trailing empty cells may be left out
        if row[col["工会名称"]]:
            union, location = row[col["工会名称"]], row[col["办公地点"]] or ""
        role = row[col["职务"]] or ""
        if "主席" in role and not any(w in role for w in ("名誉", "经费", "女职工", "委员会")):
            yield union, row[col["姓名"]], role, row[col["办公电话"]] or "", str(row[col["手机"]] or ""), location
    book.close()


def vcard(union, name, role, office, mobile, location=""):
    """The vCard docgen writes for the same officer (the same symbol, so the same work): the
    union's office location as ADR, an extension after an escaped comma."""
    family, given = (name[:2], name[2:]) if name[:2] in ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "令狐", "皇甫") \
        and len(name) > 2 else (name[:1], name[1:])
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{family};{given};;;", f"FN:{name}", f"ORG:{union}", f"TITLE:{role}"]
    if mobile:
        lines.append(f"TEL;TYPE=cell:{mobile}")
    if office:
        lines.append(f"TEL;TYPE=work:{office.replace('-', '', 1).replace('-', chr(92) + ',')}")
    if location:
        lines.append(f"ADR;TYPE=work:;;{location};;;;")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def fit(text, font, width, height, low, high, lines=1, leading=1.2):
    """(size, lines): the largest size (0.25 pt steps) on one line, else split in two."""
    def size_of(parts):
        widest = max(pdfmetrics.stringWidth(p, font, 1) for p in parts)
        s = min(high, width / widest, height / (1 + (len(parts) - 1) * leading))
        return int(s * 4) / 4
    size = size_of([text])
    if size >= low or lines == 1:
        return size, [text]
    cuts = [i for i in range(1, len(text)) if text[i - 1] in "司区县市镇乡" or text.startswith("工会", i)]
    best = max(([text[:i], text[i:]] for i in cuts), key=size_of)
    return size_of(best), best


def text(c, s, font, box, low, high, color, lines=1, spread=0):
    x, y, w, h = box
    size, parts = fit(s, font, w, h, low, high, lines)
    c.setFillColorCMYK(*color)
    top = y + h - (h - size * (1 + 1.2 * (len(parts) - 1))) / 2
    for i, part in enumerate(parts):
        width = pdfmetrics.stringWidth(part, font, size)
        space = (3 * size - width) / (len(part) - 1) if spread and len(part) == 2 else 0
        t = c.beginText(x + (w - width - space * (len(part) - 1)) / 2, top - size * (0.88 + 1.2 * i))
        t.setFont(font, size)
        t.setCharSpace(space)
        t.textOut(part)
        c.drawText(t)


def box(x, y, w, h):
    """mm from the card's top-left -> points from its bottom-left."""
    return x * mm, H - (y + h) * mm, w * mm, h * mm


DARK = bytes(1 if i < 128 else 0 for i in range(256))     # zxing-cpp's image: 0 is a dark module
RUN = re.compile(rb"\x01+")


def qr_code(c, data, x, y, side, quiet=2):
    image = zxingcpp.create_barcode(data.encode("utf-8"), zxingcpp.BarcodeFormat.QRCode, ec_level="M") \
        .to_image(add_quiet_zones=False)
    n = image.shape[0]
    dark = bytes(memoryview(image)).translate(DARK)
    module = side / (n + 2 * quiet)
    c.saveState()
    c.setFillColorCMYK(*BLACK)
    c.transform(module, 0, 0, module, x + quiet * module, y + quiet * module)
    path = c.beginPath()
    for r in range(n):
        for m in RUN.finditer(dark, r * n, r * n + n):
            path.rect(m.start() - r * n, n - 1 - r, m.end() - m.start(), 1)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def badge(c, union, name, role, office, mobile, location, with_qr):
    c.setFillColorCMYK(*RED)
    c.rect(-BLEED, H - 15 * mm, W + 2 * BLEED, 15 * mm + BLEED, stroke=0, fill=1)
    c.rect(-BLEED, -BLEED, W + 2 * BLEED, 2.5 * mm + BLEED, stroke=0, fill=1)
    text(c, union, "biaosong", box(4, 1.6, 77.6, 11.8), 8, 11.5, WHITE, lines=2)
    phone = f"手机 {mobile[:3]} {mobile[3:7]} {mobile[7:]}" if mobile else ""
    if with_qr and (office or mobile):
        text(c, name, "biaosong", box(4, 19.5, 52, 14), 14, 26, BLACK, spread=3)
        text(c, role, "hei", box(4, 34.5, 52, 6), 7, 11, RED)
        if phone:
            text(c, phone, "hei", box(4, 42, 52, 4.5), 6, 8, GREY)
        qr_code(c, vcard(union, name, role, office, mobile, location), *box(58.6, 18.5, 23, 23)[:3])
        text(c, "扫码保存联系人", "hei", box(56.6, 42, 27, 4), 5, 6.5, GREY)
    else:
        text(c, name, "biaosong", box(5, 19, 75.6, 16), 16, 30, BLACK, spread=3)
        text(c, role, "hei", box(5, 36, 75.6, 6.5), 7, 12, RED)
        if phone:
            text(c, phone, "hei", box(5, 43.5, 75.6, 4.5), 6, 8.5, GREY)


def register():
    for role in ("hei", "biaosong"):
        pdfmetrics.registerFont(TTFont(role, str(FONTS / f"{role}.ttf")))


def main(roster, out, with_qr, jobs=1):
    import _rl_accel  # noqa: F401  (the C accelerator, package rl-accel: the best stack has it)

    register()
    people = list(officers(roster))
    if jobs <= 1:
        draw(people, out, with_qr)
        return
    import multiprocessing

    per_sheet = COLS * ROWS
    sheets = -(-len(people) // per_sheet)
    cut = [round(sheets * k / jobs) * per_sheet for k in range(jobs + 1)]
    stem = out.removesuffix(".pdf")
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    procs = [context.Process(target=draw, args=(people[cut[k]:cut[k + 1]], f"{stem}-{k + 1}.pdf", with_qr,
                                                 method != "fork"))
             for k in range(jobs)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode:
            sys.exit(p.exitcode)


def draw(people, out, with_qr, fresh=False):
    if fresh:
        register()
    c = Canvas(out, pagesize=PAGE, invariant=1, pageCompression=1, initialFontName="hei")
    c.setTitle("胸卡")
    x0 = (PAGE[0] - COLS * W - (COLS - 1) * 2 * BLEED) / 2
    y0 = (PAGE[1] + ROWS * H + (ROWS - 1) * 2 * BLEED) / 2
    slots = [(x0 + i * (W + 2 * BLEED), y0 - H - j * (H + 2 * BLEED)) for j in range(ROWS) for i in range(COLS)]
    bottom, right = slots[-1][1], slots[-1][0] + W
    marks = []                                  # crop marks: 1 mm beyond the bleed, 4 mm long
    for x in sorted({v for sx, _ in slots for v in (sx, sx + W)}):
        marks += [(x, y0 + 3 * mm, x, y0 + 7 * mm), (x, bottom - 3 * mm, x, bottom - 7 * mm)]
    for y in sorted({v for _, sy in slots for v in (sy, sy + H)}):
        marks += [(x0 - 3 * mm, y, x0 - 7 * mm, y), (right + 3 * mm, y, right + 7 * mm, y)]
    for n, person in enumerate(people):
        if n and n % len(slots) == 0:
            c.setStrokeColorCMYK(1, 1, 1, 1)
            c.setLineWidth(0.25)
            c.lines(marks)
            c.showPage()
        c.saveState()
        x, y = slots[n % len(slots)]
        p = c.beginPath()
        p.rect(x - BLEED, y - BLEED, W + 2 * BLEED, H + 2 * BLEED)
        c.clipPath(p, stroke=0, fill=0)
        c.translate(x, y)
        badge(c, *person, with_qr)
        c.restoreState()
    c.setStrokeColorCMYK(1, 1, 1, 1)
    c.setLineWidth(0.25)
    c.lines(marks)
    c.showPage()
    c.save()


if __name__ == "__main__":
    args = sys.argv[1:]
    jobs = int(args[args.index("--jobs") + 1]) if "--jobs" in args else 1
    main(args[0], args[1], "--qr" in args[2:], jobs)
