"""docgen badges end to end: real input files through the command line, checked in the PDF."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen import fonts  # noqa: E402
from docgen.printing import impose  # noqa: E402
from docgen.printing.layout import load_layout  # noqa: E402
from docgen.printing.units import MM  # noqa: E402

pdfplumber = pytest.importorskip("pdfplumber")

SMALL = [
    ("安徽某某机械有限公司工会委员会", [("张三", "主席", "13905561234", "0556-2172583"),
                                   ("李四", "常务副主席", "13905561235"),
                                   ("王五", "委员", "13905561236")], "综合楼三楼302室"),
    (F.FORTY_UNION, [("欧阳建国", "工会主席", "13905561237"), ("王堃", "副主席")]),
]


def badges(tmp_path, capsys, *args, unions=SMALL, print_table="", templates=None):
    src = F.write_input(tmp_path, unions, print_table, templates)
    out = tmp_path / "out" / "胸卡.pdf"
    code, stdout, stderr = F.run(["badges", src, "-o", out, "--jobs", "1", *args], capsys)
    return code, out, stdout, stderr


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(squeeze(p.extract_text() or "") for p in pdf.pages)


def test_chairs_and_vice_chairs_by_default(tmp_path, capsys):
    code, out, stdout, _ = badges(tmp_path, capsys)
    assert code == 0, stdout
    assert "已生成胸卡 4 张" in stdout and str(out) in stdout
    text = pdf_text(out)
    for name in ("张三", "李四", "欧阳建国", "王堃"):             # 常务副主席 is a vice-chair
        assert name in text
    assert "王五" not in text                                   # 委员: not by default
    assert "安徽某某机械有限公司工会委员会" in text and "常务副主席" in text


@pytest.mark.parametrize("args, present, absent", [
    (["--roles", "委员"], ["王五"], ["张三", "李四"]),
    (["--roles", "其他"], ["王五"], ["张三"]),
    (["--roles", "主席"], ["张三", "欧阳建国"], ["李四", "王五"]),
    (["--roles", "主席,副主席,委员"], ["张三", "李四", "王五", "王堃"], []),
    (["--only", "李四"], ["李四"], ["张三", "欧阳建国"]),
    (["--only", "机械"], ["张三", "李四"], ["欧阳建国"]),
])
def test_roles_and_only(tmp_path, capsys, args, present, absent):
    code, out, stdout, stderr = badges(tmp_path, capsys, *args)
    assert code == 0, stderr
    text = pdf_text(out)
    assert all(p in text for p in present) and not any(a in text for a in absent)


def test_nobody_selected_is_an_input_error(tmp_path, capsys):
    code, out, _, stderr = badges(tmp_path, capsys, "--only", "无此人")
    assert code == 2 and "没有可印胸卡的人员" in stderr and not out.exists()


def test_a4_sheet_geometry_and_crop_marks(tmp_path, capsys):
    code, out, _, _ = badges(tmp_path, capsys)
    assert code == 0
    boxes = F.page_boxes(out)
    assert len(boxes) == 1
    assert boxes[0]["media"] == pytest.approx((0, 0, 297 * MM, 210 * MM), abs=0.01)
    assert boxes[0]["trim"] == pytest.approx(boxes[0]["media"], abs=0.01)
    plan = impose.a4(85.6, 54, 2)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        height = float(page.height)
        marks = [ln for ln in page.lines if tuple(ln.get("stroking_color") or ()) == (1, 1, 1, 1)]
        red = [r for r in page.rects if r.get("fill") and tuple(r["non_stroking_color"]) == (0, 1, 1, 0.1)]
    # one pair of marks per trim line of the grid
    assert len(marks) == len(plan.marks) == 2 * (6 + 6)
    xs = sorted({round(s.trim.x, 2) for s in plan.slots} | {round(s.trim.right, 2) for s in plan.slots})
    assert sorted({round(float(m["x0"]), 2) for m in marks if m["x0"] == m["x1"]}) == xs
    # the header bands run 2 mm into the bleed; no mark touches any band
    assert red, "no red bands found"
    for m in marks:
        for r in red:
            overlap_x = min(m["x1"], r["x1"]) - max(m["x0"], r["x0"])
            overlap_y = min(m["bottom"], r["bottom"]) - max(m["top"], r["top"])
            assert overlap_x < 0 or overlap_y < 0
    # bands: trim width plus bleed on both sides
    assert {round((r["x1"] - r["x0"]) / MM, 2) for r in red} == {89.6}
    assert all(r["x0"] > 0 and r["bottom"] < height for r in red)


def test_single_sheet_is_true_size_with_bleed(tmp_path, capsys):
    code, out, _, _ = badges(tmp_path, capsys, "--sheet", "single")
    assert code == 0
    boxes = F.page_boxes(out)
    assert len(boxes) == 4
    for b in boxes:
        assert b["media"] == pytest.approx((0, 0, 89.6 * MM, 58 * MM), abs=0.01)
        assert b["bleed"] == pytest.approx(b["media"], abs=0.01)
        assert b["trim"] == pytest.approx((2 * MM, 2 * MM, 87.6 * MM, 56 * MM), abs=0.01)
        assert b["crop"] == pytest.approx(b["trim"], abs=0.01)


def test_fonts_are_embedded_subsets_and_no_helvetica(tmp_path, capsys):
    code, out, _, _ = badges(tmp_path, capsys)
    assert code == 0
    raw = out.read_bytes()
    assert b"Helvetica" not in raw and b"/Type1" not in raw
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(out) as pdf:
        fonts = {}
        for page in pdf.pages:
            for name, ref in (resolve1(page.page_obj.resources.get("Font")) or {}).items():
                fonts[name] = resolve1(ref)
        assert fonts
        for font in fonts.values():
            base = font["BaseFont"].name
            assert re.fullmatch(r"[A-Z]{6}\+Docgen\w+-\w+", base), base
            assert font["Subtype"].name == "TrueType"
            assert "FontFile2" in resolve1(font["FontDescriptor"])      # the TrueType program is embedded
            assert "ToUnicode" in font                                  # copy-paste gives the Chinese back


def test_text_is_pure_k_and_no_rgb_anywhere(tmp_path, capsys):
    code, out, _, _ = badges(tmp_path, capsys)
    assert code == 0
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        names = [c for c in page.chars if c["text"] in "张三李四"]
        assert names and all(tuple(c["non_stroking_color"]) == (0, 0, 0, 1) for c in names)
        assert all(len(c["non_stroking_color"]) == 4 for c in page.chars)          # CMYK only
        from pdfminer.pdftypes import resolve1

        stream = b"".join(resolve1(s).get_data() for s in page.page_obj.contents)
    assert not re.search(rb"(?<![A-Za-z])(rg|RG|g|G|sc|scn)\b", stream.replace(b"Tf", b""))


def test_names_of_a_hundred_officers_extract_back(tmp_path, capsys):
    doc = F.hundred_officers()
    unions = [(u.name, [(o.name, o.role, o.mobile.digits if o.mobile else None) for o in u.officers]) for u in doc.unions]
    code, out, stdout, stderr = badges(tmp_path, capsys, "--roles", "主席,副主席,其他", unions=unions)
    assert code == 0, stderr
    assert "已生成胸卡 100 张" in stdout
    text = pdf_text(out)
    at = 0
    for union in doc.unions:
        for officer in union.officers:
            found = text.find(officer.name, at)
            assert found >= 0, officer.name               # in input order
            at = found + len(officer.name)


def test_a_rare_name_character_prints_in_the_same_face_as_the_name(tmp_path, capsys):
    code, out, _, _ = badges(tmp_path, capsys)
    assert code == 0
    with pdfplumber.open(out) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"] in "王堃" and c["size"] > 14]
    assert {c["text"] for c in chars} == {"王", "堃"}
    assert len({c["fontname"].split("+")[1] for c in chars}) == 1


def test_a_face_without_the_rare_character_hands_the_whole_name_to_the_fallback(tmp_path, capsys):
    from docgen import fonts

    gb2312_like = F.subset_font(fonts.bundled_path("biaosong"), tmp_path / "song-gb.ttf",
                                "王张三李四欧阳建国" + SMALL[0][0] + F.FORTY_UNION)
    code, out, _, stderr = badges(tmp_path, capsys, "--font", f"biaosong={gb2312_like}")
    assert code == 0, stderr
    with pdfplumber.open(out) as pdf:
        chars = pdf.pages[0].chars
    big = [c for c in chars if c["size"] > 14]
    face = lambda ch: {c["fontname"].split("+")[1] for c in big if c["text"] == ch}  # noqa: E731
    assert face("堃") == face("王") == {"DocgenFallback-Regular"}                   # 王堃: one face
    assert face("张") != {"DocgenFallback-Regular"}                                 # 张三: the role's own face


@pytest.mark.parametrize("name, codepoint", [("王\U0002A6D6", "U+2A6D6"), ("李\ue000", "U+E000")])
def test_a_character_no_face_has_stops_and_writes_nothing(tmp_path, capsys, name, codepoint):
    out = tmp_path / "out" / "胸卡.pdf"
    out.parent.mkdir()
    out.write_bytes(b"earlier output")
    unions = [("安徽某某机械有限公司工会委员会", [("张三", "主席"), (name, "副主席")])]
    code, out, stdout, stderr = badges(tmp_path, capsys, unions=unions)
    assert code == 2
    assert codepoint in stderr and "姓名" in stderr and f"{name}（副主席）" in stderr
    assert "安徽某某机械有限公司工会委员会" in stderr and "--font" in stderr and "[print.fonts]" in stderr
    assert out.read_bytes() == b"earlier output"
    assert sorted(p.name for p in out.parent.iterdir()) == ["胸卡.pdf"]     # no temporary left


def test_a_forty_character_union_name_stays_inside_its_box(tmp_path, capsys):
    unions = [(F.FORTY_UNION, [("欧阳建国", "主席"), ("王堃", "副主席"), ("李四", "副主席")])]
    code, out, _, _ = badges(tmp_path, capsys, unions=unions)
    assert code == 0
    box = load_layout("badge").element("union").box
    plan = impose.a4(85.6, 54, 2)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        height = float(page.height)
        white = [c for c in page.chars if tuple(c["non_stroking_color"]) == (0, 0, 0, 0)]
    for slot in plan.slots[:3]:
        x0, x1 = slot.trim.x + box.x, slot.trim.x + box.right
        top, bottom = height - (slot.trim.y + box.top), height - (slot.trim.y + box.y)
        mine = [c for c in white if x0 - 5 < c["x0"] < x1 + 5 and top - 5 < c["top"] < bottom + 5]
        assert squeeze("".join(c["text"] for c in sorted(mine, key=lambda c: (round(c["top"]), c["x0"])))) == F.FORTY_UNION
        for c in mine:
            assert x0 - 0.01 <= c["x0"] and c["x1"] <= x1 + 0.01, c
            assert top - 0.01 <= c["top"] and c["bottom"] <= bottom + 0.01, c
        assert min(c["size"] for c in mine) >= 8                     # the layout's minimum


def test_text_that_cannot_fit_names_record_and_field(tmp_path, capsys):
    unions = [("某" * 58 + "工会", [("张三", "主席")])]
    code, out, _, stderr = badges(tmp_path, capsys, unions=unions)
    assert code == 2 and not out.exists()
    assert "张三（主席）" in stderr and "工会名称" in stderr and "放不下" in stderr


def test_same_bytes_whatever_the_number_of_jobs(tmp_path, capsys, monkeypatch):
    from docgen.printing import sheets as batch

    used = []
    original = batch.workers_for
    monkeypatch.setattr(batch, "WORKER_START_S", 0.0)          # use workers even for a small batch
    monkeypatch.setattr(batch, "workers_for", lambda *a: used.append(original(*a)) or used[-1])
    doc = F.hundred_officers(unions_count=40)
    unions = [(u.name, [(o.name, o.role) for o in u.officers]) for u in doc.unions]
    src = F.write_input(tmp_path, unions)
    outputs = []
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"j{jobs}.pdf"
        code, _, stderr = F.run(["badges", src, "-o", out, "--roles", "主席,副主席,其他", "--jobs", jobs, "-q"], capsys)
        assert code == 0, stderr
        outputs.append(out.read_bytes())
    assert len(F.page_boxes(tmp_path / "j1.pdf")) == 23                # 200 badges, 9 a sheet, several chunks
    assert used == [1, 2, 3]
    assert outputs[0] == outputs[1] == outputs[2]


def test_workers_only_when_they_pay():
    from docgen.printing import sheets as batch

    plain, with_qr = [load_layout("badge")], [load_layout("badge-qr")]
    assert batch.workers_for(plain, 1000, 14, 2) == 1                 # 0.6 s of work: not worth starting
    assert batch.workers_for(with_qr, 1000, 14, 2) == 2
    assert batch.workers_for(plain, 10000, 139, 4) == 4
    assert batch.workers_for(with_qr, 1000, 14, 1) == 1 and batch.workers_for(with_qr, 70, 1, 2) == 1


def test_photos_are_placed_upright(tmp_path, capsys):
    F.make_photos(tmp_path / "photos")
    unions = [("安徽某某机械有限公司工会委员会", [("张三", "主席", None, None, "photos/sideways.jpg"),
                                           ("李四", "副主席", None, None, "photos/photo.png")])]
    code, out, _, stderr = badges(tmp_path, capsys, "--sheet", "single", unions=unions)
    assert code == 0, stderr
    box = load_layout("badge").element("photo").box
    for page in range(2):
        image = F.render_png(out, page, dpi=200).convert("RGB")
        scale = 200 / 72
        # pdfium renders the CropBox (the trim); photo box in trim coordinates
        left, right = box.x * scale, box.right * scale
        top = (54 * MM - box.top) * scale
        bottom = (54 * MM - box.y) * scale
        cx = int((left + right) / 2)
        upper = image.getpixel((int(left + 3), int(top + 5)))       # background: blue
        lower = image.getpixel((cx, int(bottom - 5)))               # jacket: dark
        assert upper[2] > 150 and upper[0] < 120, upper
        assert sum(lower) < 200, lower


def test_preview_pngs_come_from_the_pdf(tmp_path, capsys):
    code, out, stdout, _ = badges(tmp_path, capsys, "--preview", tmp_path / "png")
    assert code == 0
    pngs = sorted((tmp_path / "png").glob("*.png"))
    assert [p.name for p in pngs] == ["胸卡-01.png"]
    from PIL import Image

    with Image.open(pngs[0]) as im:
        assert im.size[0] == pytest.approx(297 / 25.4 * 150, abs=1) and im.size[1] == pytest.approx(210 / 25.4 * 150, abs=1)
    assert "预览图 1 张" in stdout


@pytest.mark.parametrize("layout, page_mm", [("badge-portrait", (210, 297)), ("badge-90x60", (210, 297)),
                                             ("badge-qr", (297, 210))])
def test_layout_variants(tmp_path, capsys, layout, page_mm):
    code, out, _, stderr = badges(tmp_path, capsys, "--layout", layout)
    assert code == 0, stderr
    assert F.page_boxes(out)[0]["media"] == pytest.approx((0, 0, page_mm[0] * MM, page_mm[1] * MM), abs=0.01)
    assert "欧阳建国" in pdf_text(out)


def test_a_layout_with_an_unknown_key_is_refused(tmp_path, capsys):
    folder = tmp_path / "mine" / "print"
    folder.mkdir(parents=True)
    (folder / "badge.toml").write_text('size_mm = [85.6, 54]\n[[elements]]\ntype = "text"\ntext = "x"\nfontsize = 9\n',
                                       encoding="utf-8")
    code, out, _, stderr = badges(tmp_path, capsys, templates="mine")
    assert code == 2 and not out.exists()
    assert "badge.toml" in stderr and "elements[1].fontsize" in stderr


def test_bad_font_option(tmp_path, capsys):
    code, out, _, stderr = badges(tmp_path, capsys, "--font", "comic=/nonexistent.ttf")
    assert code == 2 and "未知字体角色" in stderr
    code, out, _, stderr = badges(tmp_path, capsys, "--font", "song")
    assert code == 2 and "角色=字体文件" in stderr


def test_a_bad_record_in_a_later_chunk_leaves_nothing_behind(tmp_path, capsys):
    doc = F.hundred_officers(unions_count=40)
    unions = [(u.name, [(o.name, o.role) for o in u.officers]) for u in doc.unions]
    unions[-1][1][0] = ("赵\U0002A6D6", "主席")                 # record 196 of 200, in the last chunk
    unions[3][1][1] = ("钱\ue001", "常务副主席")                 # and one in the first
    code, out, _, stderr = badges(tmp_path, capsys, "--roles", "主席,副主席,其他", unions=unions)
    assert code == 2 and not out.exists()
    assert "U+2A6D6" in stderr and "U+E001" in stderr and "共 2 处问题" in stderr


def test_merged_chunks_give_each_font_subset_its_own_tag(tmp_path, capsys):
    from pdfminer.pdftypes import resolve1

    doc = F.hundred_officers(unions_count=40)
    unions = [(u.name, [(o.name, o.role) for o in u.officers]) for u in doc.unions]
    code, out, _, _ = badges(tmp_path, capsys, "--roles", "主席,副主席,其他", unions=unions)
    assert code == 0
    seen = {}
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            for ref in (resolve1(page.page_obj.resources.get("Font")) or {}).values():
                seen.setdefault(resolve1(ref)["BaseFont"].name, set()).add(ref.objid)
    assert len(seen) > 2 and all(len(ids) == 1 for ids in seen.values())


def _header_sizes(pdf_path: Path, layout_name: str, colour, pages=slice(None)) -> dict[str, tuple[float, int]]:
    """{header text: (largest character size, lines)} per item, read from the PDF."""
    layout = load_layout(layout_name)
    plan = impose.a4(layout.width_mm, layout.height_mm, layout.bleed_mm, duplex=layout_name.startswith("card"))
    out = {}
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages[pages]:
            height = float(page.height)
            for slot in plan.slots:
                t = slot.trim
                chars = [c for c in page.chars if tuple(c["non_stroking_color"]) == colour
                         and t.x <= c["x0"] < t.right and height - t.top <= c["top"] < height - t.y]
                if chars:
                    chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
                    text = "".join(c["text"] for c in chars)
                    out[text] = (max(c["size"] for c in chars), len({round(c["top"]) for c in chars}))
    return out


# union names of 6 to 40 characters; before the batch rule the 20-27 character ones shrank on one
# line (down to 8 pt) while 28-36 character ones took two lines at the full 11.5 pt
HEADER_NAMES = ["岳西县总工会", "安徽某某机械有限公司工会委员会", "安徽省岳西县某某镇某某某有限公司工会委员会",
                "安徽省岳西县某某某某镇某某某某有限公司工会委员会", "安徽省岳西县某某某某某镇某某某某某有限公司工会委员会",
                "安徽省岳西县某某某某某某镇某某某某某某有限公司工会委员会", F.LONG_UNION, F.FORTY_UNION]


@pytest.mark.parametrize("layout, colour, pages", [
    ("badge", (0, 0, 0, 0), slice(None)), ("badge-portrait", (0, 0, 0, 0), slice(None)),
    ("card-front", (0, 1, 1, 0.1), slice(None, None, 2)),
])
def test_a_shorter_header_is_never_smaller(tmp_path, capsys, layout, colour, pages):
    unions = [(name, [(F.SURNAMES[i] + "伟", "主席", f"139{i:08d}")]) for i, name in enumerate(HEADER_NAMES)]
    if layout.startswith("card"):
        src = F.write_input(tmp_path, unions)
        out = tmp_path / "out" / "联系卡.pdf"
        code, _, stderr = F.run(["cards", src, "-o", out, "--jobs", "1"], capsys)
    else:
        code, out, _, stderr = badges(tmp_path, capsys, "--layout", layout, unions=unions)
    assert code == 0, stderr
    sizes = _header_sizes(out, layout, colour, pages)
    assert sorted(sizes) == sorted(HEADER_NAMES)
    by_length = sorted((len(text), size) for text, (size, _) in sizes.items())
    for (short, small), (long, large) in zip(by_length, by_length[1:]):
        assert small >= large - 1e-6, (short, small, long, large)
    # and no header fell to the minimum just because it stayed on one line
    assert min(size for size, _ in sizes.values()) >= 9.5 or layout == "badge-portrait"


def test_size_caps_follow_length():
    from docgen.printing.ordering import _caps

    caps = _caps({"甲" * 20: 10.75, "乙" * 27: 8.0, "丙" * 30: 11.5, "丁" * 6: 11.5, "戊" * 30: 9.0})
    assert caps == {"甲" * 20: 10.75, "乙" * 27: 8.0, "丙" * 30: 8.0, "丁" * 6: 11.5, "戊" * 30: 8.0}


def test_badge_qr_carries_a_photo_beside_its_code(tmp_path, capsys):
    from pyzbar import pyzbar

    F.make_photos(tmp_path / "photos")
    unions = [("安徽某某机械有限公司工会委员会", [("阿依古丽·买买提", "主席", "13905561234", "0556-2172583", "photos/portrait.jpg"),
                                           ("李四", "副主席", "13905561235")])]
    code, out, _, stderr = badges(tmp_path, capsys, "--sheet", "single", "--layout", "badge-qr", unions=unions)
    assert code == 0, stderr
    layout = load_layout("badge-qr")
    photo, qr_box = layout.element("photo").box, layout.element("qr").box
    scale = 200 / 72
    with pdfplumber.open(out) as pdf:
        texts = [squeeze(p.extract_text()) for p in pdf.pages]
        images = [len(p.images) for p in pdf.pages]
    assert images == [1, 0]                                          # only 阿依古丽 has a photo
    assert "阿依古丽·买买提" in texts[0] and "扫码保存联系人" in texts[0]
    image = F.render_png(out, 0, dpi=200).convert("RGB")
    top = (54 * MM - photo.top) * scale
    assert image.getpixel((int(photo.x * scale + 3), int(top + 5)))[2] > 150      # the photo's blue ground
    decoded = pyzbar.decode(image)
    assert len(decoded) == 1 and "FN:阿依古丽·买买提" in decoded[0].data.decode("utf-8")
    left = decoded[0].rect.left / scale
    assert left > photo.right and abs(left - qr_box.x) < 6 * MM                  # the code keeps its place



def _base_fonts(path: Path) -> set[str]:
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(path) as pdf:
        return {resolve1(ref)["BaseFont"].name.split("+", 1)[1] for page in pdf.pages
                for ref in (resolve1(page.page_obj.resources.get("Font")) or {}).values()}


def test_a_users_subset_of_a_bundled_face_draws_with_its_own_character_map(tmp_path, capsys):
    # a subset keeps the bundled face's PostScript name, and reportlab's registerFont reused
    # whichever of the two this process registered first: the user's font was ignored, or the
    # bundled face drew with the subset's map and copied out as (cid:0)
    subset = F.subset_font(fonts.bundled_path("biaosong"), tmp_path / "sub.ttf", "张三李四")
    runs = {}
    for run, args in (("user", ("--font", f"biaosong={subset}")), ("bundled", ()), ("again", ("--font", f"biaosong={subset}"))):
        (tmp_path / run).mkdir()
        code, out, stdout, _ = badges(tmp_path / run, capsys, *args)
        assert code == 0, stdout
        text = pdf_text(out)
        assert "(cid:" not in text and "欧阳建国" in text and "张三" in text
        runs[run] = _base_fonts(out)
    assert runs["user"] == runs["again"] and runs["user"] != runs["bundled"]
