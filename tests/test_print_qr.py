"""QR content (vCard 3.0, tel:, none) and the vector drawing, decoded back with zbar."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen.model import PrintOptions, Union  # noqa: E402
from docgen.printing import qr  # noqa: E402


def test_vcard_holds_name_role_union_and_phones():
    union = Union("安徽某某机械有限公司工会委员会")
    officer = F.officer("欧阳建国", "常务副主席", 7)
    assert qr.vcard(officer, union) == (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:欧阳;建国;;;\r\nFN:欧阳建国\r\n"
        "ORG:安徽某某机械有限公司工会委员会\r\nTITLE:常务副主席\r\n"
        "TEL;TYPE=cell:13900000007\r\nTEL;TYPE=work:05562100007\r\nEND:VCARD\r\n")


@pytest.mark.parametrize("name, parts", [
    ("张三", ("张", "三")), ("诸葛亮", ("诸葛", "亮")), ("王", ("王", "")),
    ("阿卜杜·热合曼", ("热合曼", "阿卜杜")), ("Li Lei", ("Li Lei", "")),
])
def test_split_name(name, parts):
    assert qr.split_name(name) == parts


def test_vcard_escapes_text_values():
    union = Union("A,B;C\\D")
    card = qr.vcard(F.officer("张三", "主席"), union)
    assert "ORG:A\\,B\\;C\\\\D\r\n" in card


def test_payload_follows_print_qr():
    union, officer = Union("某工会"), F.officer("张三", "主席", 3)
    assert qr.payload(officer, union, PrintOptions(qr="vcard")).startswith("BEGIN:VCARD")
    assert qr.payload(officer, union, PrintOptions(qr="tel")) == "tel:13900000003"
    assert qr.payload(officer, union, PrintOptions(qr="none")) == ""
    no_phone = F.officer("李四", "副主席", phones=False)
    assert qr.payload(no_phone, union, PrintOptions(qr="vcard")) == ""


def test_rectangles_cover_exactly_the_dark_modules():
    symbol = qr.encode(qr.vcard(F.officer("王堃", "主席", 1), Union(F.FORTY_UNION)))
    matrix = symbol.matrix
    covered = [[0] * len(row) for row in matrix]
    for x, y, w, h in qr.rectangles(matrix):
        for yy in range(y, y + h):
            for xx in range(x, x + w):
                covered[yy][xx] += 1
    assert covered == [[v & 1 for v in row] for row in matrix]


def test_encoding_is_deterministic_and_smallest():
    data = qr.vcard(F.officer("王堃", "主席", 1), Union(F.FORTY_UNION))
    assert qr.encode(data) == qr.encode(data)
    assert qr.encode("tel:13900000000").size == 21                  # version 1 holds it
    assert (qr.encode(data).size - 17) % 4 == 0


def test_drawn_code_decodes_to_the_vcard(tmp_path):
    from pyzbar import pyzbar
    from reportlab.pdfgen.canvas import Canvas

    from docgen.printing.ops import QRCode
    from docgen.printing.render import DrawEnv
    from docgen.printing.units import MM, Box

    data = qr.vcard(F.officer("王堃", "常务副主席", 1), Union(F.LONG_UNION))
    pdf = tmp_path / "qr.pdf"
    canvas = Canvas(str(pdf), pagesize=(40 * MM, 40 * MM))
    QRCode(data, Box(5 * MM, 5 * MM, 24 * MM, 24 * MM), (0, 0, 0, 1), quiet=2).draw(canvas, DrawEnv())
    canvas.save()
    decoded = pyzbar.decode(F.render_png(pdf, 0, dpi=300))
    assert [d.data.decode("utf-8") for d in decoded] == [data]
