"""Baseline for W4: one true-size plaque PDF per union with reportlab, written by hand.

    python plaques.py ROSTER.xlsx OUT_FOLDER

What a competent reportlab user writes for the face `docgen plaques` draws at its default size:
400 x 2400 mm with 3 mm bleed (BleedBox and TrimBox set), white ground, the union's name in
black (pure K) in the bundled 小标宋 face, one character under the other in a single centred
column, brackets turned into their vertical forms; one character size for the whole batch (the
largest at which 80% of the names fit), longer names shrunk on their own plaque, short names
spaced out; files numbered 0001-<name>.pdf.
"""

import math
import sys
from pathlib import Path

import openpyxl
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "biaosong.ttf"
W, H, BLEED = 400 * mm, 2400 * mm, 3 * mm
BOX_X, BOX_TOP, BOX_W, BOX_H = 40 * mm, 110 * mm, 320 * mm, 2160 * mm
MIN_TRACK, MAX_TRACK, MAX_SIZE = 0.08, 0.6, 800
VERTICAL = str.maketrans("（）()《》〈〉【】〔〕「」『』—…，、。：；！？",
                         "\ufe35\ufe36\ufe35\ufe36\ufe3d\ufe3e\ufe3f\ufe40\ufe3b\ufe3c\ufe39\ufe3a"
                         "\ufe41\ufe42\ufe43\ufe44\ufe31\ufe19\ufe10\ufe11\ufe12\ufe13\ufe14\ufe15\ufe16")


def union_names(path):
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    for row in rows:
        if "工会名称" in row:
            col = row.index("工会名称")
            break
    names = list(dict.fromkeys(row[col] for row in rows if col < len(row) and row[col]))
    book.close()
    return names


def best_size(n):
    """Largest size (pt) at which n characters fit in the column with the least spacing."""
    return min(MAX_SIZE, BOX_W, BOX_H / (n + MIN_TRACK * (n - 1)))


def plaque(path, name, size):
    c = Canvas(str(path), pagesize=(W + 2 * BLEED, H + 2 * BLEED), invariant=1, pageCompression=1,
               initialFontName="biaosong")
    c.setTitle(name)
    c.setBleedBox((0, 0, W + 2 * BLEED, H + 2 * BLEED))
    c.setTrimBox((BLEED, BLEED, W + BLEED, H + BLEED))
    n = len(name)
    track = min(MAX_TRACK, max(MIN_TRACK, (BOX_H / size - n) / (n - 1) if n > 1 else 0))
    step = size * (1 + track)
    length = size * n + track * size * (n - 1)
    top = BLEED + H - BOX_TOP - (BOX_H - length) / 2
    centre_x = BLEED + BOX_X + BOX_W / 2
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont("biaosong", size)
    for i, ch in enumerate(name):
        c.drawCentredString(centre_x, top - size / 2 - i * step - 0.38 * size, ch)
    c.showPage()
    c.save()


def main(roster, folder):
    pdfmetrics.registerFont(TTFont("biaosong", str(FONT)))
    names = [name.translate(VERTICAL) for name in union_names(roster)]
    sizes = sorted((best_size(len(n)) for n in names), reverse=True)
    batch = sizes[max(0, math.ceil(0.8 * len(sizes)) - 1)]
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    width = max(2, len(str(len(names))))
    for i, name in enumerate(names, start=1):
        plaque(out / f"{i:0{width}d}-{name}.pdf", name, min(batch, best_size(len(name))))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
