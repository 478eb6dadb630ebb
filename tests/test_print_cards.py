"""docgen cards end to end: two-sided sheets, mirrored backs, QR codes that scan to the right person."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen.printing import qr  # noqa: E402
from docgen.printing.units import MM  # noqa: E402

pdfplumber = pytest.importorskip("pdfplumber")
pyzbar = pytest.importorskip("pyzbar.pyzbar")

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
PEOPLE = [(SURNAMES[i] + "建" + "国华明" [i % 3], "主席" if i % 3 == 0 else "副主席", f"139{i:08d}", f"0556-21{i:05d}")
          for i in range(13)]
UNIONS = [("安徽某某机械有限公司工会委员会", PEOPLE[:5], "综合楼三楼302室"),
          (F.FORTY_UNION, PEOPLE[5:9], "天堂镇人民路1号"),
          ("岳西县总工会机关工会委员会", PEOPLE[9:], "")]


def cards(tmp_path, capsys, *args, unions=UNIONS, print_table='slogan = "职工有困难 找工会"\nservices = ["入会咨询", "劳动合同指导", "法律援助", "困难帮扶"]\n', templates=None):
    src = F.write_input(tmp_path, unions, print_table, templates)
    out = tmp_path / "out" / "联系卡.pdf"
    code, stdout, stderr = F.run(["cards", src, "-o", out, "--jobs", "1", *args], capsys)
    return code, out, stdout, stderr


def red_rects(page):
    return [r for r in page.rects if r.get("fill") and tuple(r["non_stroking_color"]) == (0, 1, 1, 0.1)]


def test_front_and_back_sheets_interleave_and_mirror(tmp_path, capsys):
    code, out, stdout, stderr = cards(tmp_path, capsys)
    assert code == 0, stderr
    assert "已生成联系卡 13 张" in stdout and "长边翻转" in stdout
    boxes = F.page_boxes(out)
    assert len(boxes) == 4                                  # 8 + 5 cards: two sheets, front and back
    assert all(b["media"] == pytest.approx((0, 0, 210 * MM, 297 * MM), abs=0.01) for b in boxes)
    with pdfplumber.open(out) as pdf:
        width = float(pdf.pages[0].width)
        for sheet, count in ((0, 8), (1, 5)):
            front, back = pdf.pages[2 * sheet], pdf.pages[2 * sheet + 1]
            bands = red_rects(front)                       # the front's bottom band, one per card
            grounds = red_rects(back)                      # the back's red ground, one per card
            assert len(bands) == len(grounds) == count
            front_spans = sorted((round(r["x0"], 2), round(r["x1"], 2), round(r["bottom"], 2)) for r in bands)
            back_spans = sorted((round(width - r["x1"], 2), round(width - r["x0"], 2), round(r["bottom"], 2))
                                for r in grounds)
            assert front_spans == back_spans                # each back behind its front, long-edge flip
            # the back ground is the card plus 2 mm bleed all round
            assert {round((r["x1"] - r["x0"]) / MM, 2) for r in grounds} == {94.0}


def test_each_back_lines_up_with_its_own_front(tmp_path, capsys):
    # a back that names the officer (a user's override of card-back.toml) shows where each back lands
    folder = tmp_path / "mine" / "print"
    folder.mkdir(parents=True)
    (folder / "card-back.toml").write_text(
        'size_mm = [90, 54]\nbleed_mm = 2\n[[elements]]\ntype = "text"\nbox_mm = [5, 20, 80, 14]\n'
        'text = "{{ officer.name }}"\nsize_pt = [10, 20]\n', encoding="utf-8")
    code, out, _, stderr = cards(tmp_path, capsys, templates="mine")
    assert code == 0, stderr
    with pdfplumber.open(out) as pdf:
        width = float(pdf.pages[0].width)
        for sheet in range(2):
            front_names = _names_by_position(pdf.pages[2 * sheet], size_over=12)
            back_names = _names_by_position(pdf.pages[2 * sheet + 1], size_over=9)
            assert len(front_names) == len(back_names) > 0
            for (x, y), name in front_names.items():
                mirrored = min(back_names, key=lambda p: abs(p[0] - (width - x)) + abs(p[1] - y))
                assert back_names[mirrored] == name
                assert abs(mirrored[0] - (width - x)) < 90 * MM / 2 and abs(mirrored[1] - y) < 27 * MM


def _names_by_position(page, size_over: float) -> dict:
    """{(card centre x, top): name} from the large characters on a page."""
    chars = [c for c in page.chars if c["size"] > size_over and tuple(c["non_stroking_color"]) == (0, 0, 0, 1)]
    lines: dict = {}
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        key = (round(c["top"]), c["x0"] < float(page.width) / 2)
        lines.setdefault(key, []).append(c)
    return {((cs[0]["x0"] + cs[-1]["x1"]) / 2, cs[0]["top"]): "".join(c["text"] for c in cs) for cs in lines.values()}


def test_qr_codes_scan_to_the_right_person(tmp_path, capsys):
    code, out, _, stderr = cards(tmp_path, capsys)
    assert code == 0, stderr
    expected = {}
    from docgen.model import Union

    for union_name, people, office_text in UNIONS:
        union = Union(union_name, office=office_text)
        for name, role, mobile, office in people:
            officer = F.officer(name, role)
            officer = type(officer)(name=name, role=role, role_class=officer.role_class,
                                    mobile=_phone(mobile, "mobile"), office_phone=_phone(office, "landline"))
            expected[name] = qr.vcard(officer, union)
    seen = {}
    with pdfplumber.open(out) as pdf:
        for page_no in (0, 2):
            image = F.render_png(out, page_no, dpi=300)
            page = pdf.pages[page_no]
            scale = 300 / 72
            names = _names_by_position(page, size_over=12)
            for symbol in pyzbar.decode(image):
                data = symbol.data.decode("utf-8")
                r = symbol.rect
                cx, cy = (r.left + r.width / 2) / scale, (r.top + r.height / 2) / scale
                # the name printed on the same card: same row, to the left of the code
                same_card = {p: n for p, n in names.items() if abs(p[1] - cy) < 20 * MM and 0 < cx - p[0] < 70 * MM}
                assert len(same_card) == 1, (same_card, data)
                seen[next(iter(same_card.values()))] = data
    assert seen == expected


def _phone(text, kind):
    digits = text.replace("-", "")
    display = text if kind == "landline" else f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    from docgen.model import Phone

    return Phone(kind, digits, display)


@pytest.mark.parametrize("mode, expected", [("tel", "tel:13900000000"), ("none", None)])
def test_qr_option(tmp_path, capsys, mode, expected):
    code, out, _, stderr = cards(tmp_path, capsys, print_table=f'qr = "{mode}"\n', unions=UNIONS[:1])
    assert code == 0, stderr
    decoded = [s.data.decode() for s in pyzbar.decode(F.render_png(out, 0, dpi=300))]
    text = re.sub(r"\s+", "", pdfplumber.open(out).pages[0].extract_text())
    if expected:
        assert expected in decoded and len(decoded) == 5 and "扫码拨打电话" in text
    else:
        assert decoded == [] and "扫码" not in text


def test_back_carries_slogan_services_and_hotline(tmp_path, capsys):
    code, out, _, _ = cards(tmp_path, capsys, print_table='hotline = "12351"\nslogan = "职工有困难 找工会"\n'
                                                         'services = ["入会咨询", "法律援助"]\n')
    assert code == 0
    with pdfplumber.open(out) as pdf:
        back = re.sub(r"\s+", "", pdf.pages[1].extract_text())
        white = {tuple(c["non_stroking_color"]) for c in pdf.pages[1].chars}
    assert back.count("职工有困难找工会") == 8 and back.count("职工服务热线12351") == 8
    assert back.count("入会咨询·法律援助") == 8
    assert white == {(0, 0, 0, 0)}                          # knocked out of the red ground


def test_front_content(tmp_path, capsys):
    code, out, _, _ = cards(tmp_path, capsys, unions=UNIONS[:1])
    assert code == 0
    text = re.sub(r"\s+", "", pdfplumber.open(out).pages[0].extract_text())
    assert "安徽某某机械有限公司工会委员会" in text and "赵建国" in text and "主席" in text
    assert "办公电话0556-2100000" in text and "手机13900000000" in text and "办公地点综合楼三楼302室" in text
    assert "扫码保存联系人" in text


def test_single_sheet_cards_alternate_front_and_back(tmp_path, capsys):
    code, out, _, _ = cards(tmp_path, capsys, "--sheet", "single", unions=UNIONS[:1])
    assert code == 0
    boxes = F.page_boxes(out)
    assert len(boxes) == 10
    assert all(b["trim"] == pytest.approx((2 * MM, 2 * MM, 92 * MM, 56 * MM), abs=0.01) for b in boxes)
    with pdfplumber.open(out) as pdf:
        texts = [re.sub(r"\s+", "", p.extract_text()) for p in pdf.pages]
    assert all("赵" in t or "钱" in t or "孙" in t or "李" in t or "周" in t for t in texts[0::2])
    assert all("职工服务热线" in t for t in texts[1::2])


@pytest.mark.parametrize("print_table, expected", [
    ('hotline = "0556-2172583-801"\n', "tel:05562172583;ext=801"), ("", "tel:12351"), ('qr = "none"\n', None)])
def test_back_carries_a_code_that_dials_the_hotline(tmp_path, capsys, print_table, expected):
    code, out, _, stderr = cards(tmp_path, capsys, print_table=print_table, unions=UNIONS[:1])
    assert code == 0, stderr
    decoded = [s.data.decode() for s in pyzbar.decode(F.render_png(out, 1, dpi=300))]
    text = re.sub(r"\s+", "", pdfplumber.open(out).pages[1].extract_text())
    assert text.count("职工服务热线") == 5                             # the number is printed either way
    if expected:
        assert decoded == [expected] * 5 and text.count("扫码拨打热线") == 5
    else:
        assert decoded == [] and "扫码" not in text
