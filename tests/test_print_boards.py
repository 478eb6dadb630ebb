"""docgen board and docgen deskplates end to end, and the table element without a PDF."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen.printing.units import MM  # noqa: E402

pdfplumber = pytest.importorskip("pdfplumber")

SMALL = [
    ("安徽某某机械有限公司工会委员会", [("李四", "常务副主席", "13905561235"),
                                   ("王五", "委员", "13905561236"),
                                   ("张三", "主席", "13905561234", "0556-2172583"),
                                   ("赵六", "副主席", "13905561237")], "综合楼三楼302室"),
    (F.FORTY_UNION, [("欧阳建国", "工会主席", "13905561238"), ("王堃", "副主席")]),
]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def run(tmp_path, capsys, command, *args, unions=SMALL, print_table='hotline = "12351"'):
    src = F.write_input(tmp_path, unions, print_table)
    out = tmp_path / "out" / ("桌牌.pdf" if command == "deskplates" else "公示牌")
    code, stdout, stderr = F.run([command, src, "-o", out, "-q", *args], capsys)
    return code, out, stdout, stderr


def boards_in(folder: Path) -> list[Path]:
    """The board PDFs of a folder (beside them: manifest.csv, the folder's batch record)."""
    return sorted(p for p in folder.iterdir() if p.suffix == ".pdf")


def page_chars(path: Path, index: int = 0):
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[index]
        return [dict(c) for c in page.chars], float(page.width), float(page.height)


def chars_inside(path: Path, trim) -> bool:
    cs, _, height = page_chars(path)
    return all(trim[0] - 0.01 <= c["x0"] and c["x1"] <= trim[2] + 0.01
               and trim[1] - 0.01 <= height - c["bottom"] and height - c["top"] <= trim[3] + 0.01 for c in cs)


# --- boards ---------------------------------------------------------------------------------------------

def test_one_a3_board_per_union_with_bleed(tmp_path, capsys):
    code, out, stdout, stderr = run(tmp_path, capsys, "board")
    assert code == 0, stderr
    files = boards_in(out)
    assert (out / "manifest.csv").is_file()
    assert [p.name for p in files] == sorted(["安徽某某机械有限公司工会委员会.pdf", F.FORTY_UNION + ".pdf"])
    assert "已生成公示牌 2 份" in stdout and "A3" in stdout
    for path in files:
        (boxes,) = F.page_boxes(path)
        assert boxes["trim"] == pytest.approx((3 * MM, 3 * MM, 300 * MM, 423 * MM), abs=0.01)
        assert boxes["media"] == pytest.approx((0, 0, 303 * MM, 426 * MM), abs=0.01)
        assert chars_inside(path, boxes["trim"])


def test_boards_drawn_by_workers_are_the_boards_checked(tmp_path, capsys):
    # a board is composed again by the process that draws it: the same bytes whatever the jobs,
    # and the batch handed to write holds each board's record, not its drawing
    from docgen.load import load
    from docgen.printing import boards

    unions = SMALL + [(f"某某公司第{i}工会委员会", officers_of(3 + i)) for i in range(10)]
    files = {}
    for jobs in ("1", "2"):
        (tmp_path / jobs).mkdir()
        code, out, _, stderr = run(tmp_path / jobs, capsys, "board", "--jobs", jobs, unions=unions)
        assert code == 0, stderr
        files[jobs] = {p.name: p.read_bytes() for p in boards_in(out)}
    assert len(files["1"]) == 12 and files["1"] == files["2"]
    batch = boards.prepare(load(F.write_input(tmp_path, unions, 'hotline = "12351"')), output=tmp_path / "b")
    assert [label for label, _ in batch.boards] == [u[0] for u in unions]


def test_600x800_preset(tmp_path, capsys):
    code, out, stdout, _ = run(tmp_path, capsys, "board", "--size", "600x800")
    assert code == 0 and "600 × 800 mm" in stdout
    for path in boards_in(out):
        (boxes,) = F.page_boxes(path)
        assert boxes["trim"] == pytest.approx((3 * MM, 3 * MM, 603 * MM, 803 * MM), abs=0.01)
        assert chars_inside(path, boxes["trim"])
    code, _, _, stderr = run(tmp_path, capsys, "board", "--size", "a2")
    assert code == 2 and "a3、a3-office、600x800" in stderr


def test_board_content_and_officer_order(tmp_path, capsys):
    code, out, _, _ = run(tmp_path, capsys, "board")
    assert code == 0
    path = out / "安徽某某机械有限公司工会委员会.pdf"
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        text = squeeze(page.extract_text())
        chars = page.chars
    for expected in ("工会组织公示", "安徽某某机械有限公司工会委员会", "办公地点：综合楼三楼302室", "职工服务热线12351",
                     "姓名", "职务", "办公电话", "手机", "0556-2172583", "13905561234", "职工有困难找工会"):
        assert expected in text, expected
    assert "照片" not in text                                      # nobody has a photo: no photo column
    # chair first, then the vice-chairs in input order, then the others
    rows = {c["text"]: c["top"] for c in chars if c["text"] in "张李赵王"}       # the surnames
    assert sorted(rows, key=rows.get) == ["张", "李", "赵", "王"]


def test_missing_photos_get_a_placeholder_and_photos_are_placed(tmp_path, capsys):
    photos = F.make_photos(tmp_path / "photos")
    unions = [("某某公司工会委员会", [("张三", "主席", "13905561234", None, "photos/portrait.jpg"),
                                  ("李四", "副主席", "13905561235")])]
    code, out, _, _ = run(tmp_path, capsys, "board", unions=unions)
    assert code == 0 and photos
    with pdfplumber.open(boards_in(out)[0]) as pdf:
        page = pdf.pages[0]
        assert len(page.images) == 1
        dashed = [r for r in page.rects if r.get("dash") and r["dash"][0]]
        assert len(dashed) == 1                                   # one placeholder frame, for 李四
        assert squeeze(page.extract_text()).count("照片") == 2    # the column heading and the placeholder


def test_a_hundred_officers_still_fit(tmp_path, capsys):
    officers = [(F.SURNAMES[i % len(F.SURNAMES)] + F.GIVEN[i % len(F.GIVEN)], "主席" if i == 0 else "委员",
                 f"139{i:08d}") for i in range(100)]
    code, out, _, stderr = run(tmp_path, capsys, "board", unions=[(F.FORTY_UNION, officers)])
    assert code == 0, stderr
    path = boards_in(out)[0]
    (boxes,) = F.page_boxes(path)
    assert chars_inside(path, boxes["trim"])
    with pdfplumber.open(path) as pdf:
        text = squeeze(pdf.pages[0].extract_text())
    for name, _, mobile in officers:
        assert mobile in text and name in text
    assert F.FORTY_UNION in text


def test_too_many_officers_is_an_error_naming_the_union(tmp_path, capsys):
    officers = [(f"{F.SURNAMES[i % 40]}{F.GIVEN[i % 20]}", "委员", f"139{i:08d}") for i in range(200)]
    unions = [("某某公司工会委员会", officers), ("另一公司工会委员会", [("张三", "主席")])]
    code, out, _, stderr = run(tmp_path, capsys, "board", unions=unions)
    assert code == 2
    assert "某某公司工会委员会" in stderr and "200 行" in stderr and "放不下" in stderr
    assert "另一公司" not in stderr and not out.exists()


def test_a_union_without_officers_gets_no_board_and_is_named(tmp_path, capsys):
    unions = SMALL + [("某某新成立公司工会委员会", [])]
    code, out, stdout, _ = run(tmp_path, capsys, "board", unions=unions)
    assert code == 0 and len(boards_in(out)) == 2
    assert "还没有工会干部、未生成 1 个：某某新成立公司工会委员会" in stdout


def test_only_reprints_one_union(tmp_path, capsys):
    code, out, _, _ = run(tmp_path, capsys, "board", "--only", "欧阳建国")
    assert code == 0 and [p.name for p in boards_in(out)] == [F.FORTY_UNION + ".pdf"]


# --- desk plates -----------------------------------------------------------------------------------------

def test_tent_faces_one_upright_one_turned_180(tmp_path, capsys):
    code, out, stdout, stderr = run(tmp_path, capsys, "deskplates")
    assert code == 0, stderr
    assert "已生成桌牌 5 张" in stdout                              # chairs and vice-chairs, not 王五
    (boxes,) = F.page_boxes(out)[:1]
    assert boxes["media"] == pytest.approx((0, 0, 297 * MM, 210 * MM), abs=0.01)
    cs, width, height = page_chars(out, 0)
    mid = height / 2
    name = [c for c in cs if c["text"] in "张三"]
    assert len(name) == 4                                          # the name on each face
    upper = [c for c in name if c["bottom"] <= mid]                 # top half of the sheet
    lower = [c for c in name if c["top"] >= mid]
    assert len(upper) == len(lower) == 2
    for c in lower:                                                 # front face: upright
        a, b, cc, d, _, _ = c["matrix"]
        assert a > 0 and d > 0 and b == cc == 0
    for c in upper:                                                 # back face: turned 180 degrees
        a, b, cc, d, _, _ = c["matrix"]
        assert a < 0 and d < 0 and b == cc == 0
    # turned about the sheet's centre: each back character is the front one mirrored through it
    front = sorted((c["x0"] + c["x1"], c["top"] + c["bottom"]) for c in lower)
    back = sorted((2 * width - (c["x0"] + c["x1"]), 2 * height - (c["top"] + c["bottom"])) for c in upper)
    assert [v for xy in front for v in xy] == pytest.approx([v for xy in back for v in xy], abs=0.5)
    # upright after folding: the role sits nearer the fold than the name on both faces
    role_lower = [c for c in cs if c["text"] == "主" and c["top"] >= mid]
    assert role_lower and role_lower[0]["top"] < min(c["top"] for c in lower)
    role_upper = [c for c in cs if c["text"] == "主" and c["bottom"] <= mid]
    assert role_upper and role_upper[0]["bottom"] > max(c["bottom"] for c in upper)


def test_tent_marks_and_every_character_inside_the_faces(tmp_path, capsys):
    code, out, _, _ = run(tmp_path, capsys, "deskplates")
    assert code == 0
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            marks = [ln for ln in page.lines if tuple(ln.get("stroking_color") or ()) == (1, 1, 1, 1)]
            fold = [m for m in marks if m.get("dash") and m["dash"][0]]
            assert len(fold) == 2 and all(abs(m["top"] - page.height / 2) < 0.5 for m in fold)
            assert len(marks) - len(fold) == 8                     # two at each corner
    (boxes,) = F.page_boxes(out)[:1]
    trim = boxes["trim"]
    assert trim == pytest.approx(((297 - 270) / 2 * MM, 10 * MM, (297 + 270) / 2 * MM, 200 * MM), abs=0.01)
    for i in range(5):
        cs, _, height = page_chars(out, i)
        hint = {c["top"] for c in cs if height - c["top"] < 8 * MM}      # the folding hint under the sheet
        body = [c for c in cs if c["top"] not in hint]
        assert all(trim[0] <= c["x0"] and c["x1"] <= trim[2] and trim[1] <= height - c["bottom"]
                   and height - c["top"] <= trim[3] for c in body)
    with pdfplumber.open(out) as pdf:
        text = squeeze(pdf.pages[3].extract_text())
    assert F.FORTY_UNION in text or F.FORTY_UNION[::-1] in text or all(ch in text for ch in F.FORTY_UNION)


def test_deskplate_roles_option(tmp_path, capsys):
    code, out, stdout, _ = run(tmp_path, capsys, "deskplates", "--roles", "委员")
    assert code == 0 and "已生成桌牌 1 张" in stdout
    with pdfplumber.open(out) as pdf:
        assert "王五" in squeeze(pdf.pages[0].extract_text())


def officers_of(count: int, photo: str | None = None):
    roles = ["工会主席", "常务副主席", "副主席", "委员", "经费审查委员会主任", "女职工委员会主任", "劳动法律监督委员会主任"]
    return [(F.SURNAMES[i % len(F.SURNAMES)] + F.GIVEN[i % len(F.GIVEN)], roles[min(i, 3) if i < 4 else 3 + i % 4],
             f"139{i:08d}", "0556-2172583" if i % 2 else None, photo if i == 0 else None) for i in range(count)]


def longest_blank_band(path: Path, dpi: int = 30) -> float:
    """The tallest run of pixel rows with (almost) no ink, as a share of the page height."""
    pdfium = pytest.importorskip("pypdfium2")
    img = pdfium.PdfDocument(str(path))[0].render(scale=dpi / 72).to_pil().convert("L")
    width, height = img.size
    pixels = img.load()
    longest = run_ = 0
    for y in range(height):
        ink = sum(1 for x in range(width) if pixels[x, y] < 235)
        run_ = run_ + 1 if ink <= 0.03 * width else 0          # a frame's two side lines do not count
        longest = max(longest, run_)
    return longest / height


@pytest.mark.parametrize("count", [1, 2, 3, 10, 60])
def test_boards_fill_the_page_whatever_the_number_of_officers(tmp_path, capsys, count):
    unions = [("九江市浔阳区建筑业农民工工会联合会", officers_of(count), "综合楼二楼")]
    code, out, _, stderr = run(tmp_path, capsys, "board", unions=unions,
                               print_table='hotline = "12351"\nservices = ["入会咨询", "法律援助"]')
    assert code == 0, stderr
    path = boards_in(out)[0]
    assert longest_blank_band(path) <= 0.2                           # it was 35-55% for 1-3 officers
    cs, _, _ = page_chars(path)
    assert not any(c["text"] == "照" for c in cs)                     # nobody has a photo: no 照片 at all
    text = squeeze("".join(c["text"] for c in cs))
    if count <= 3:
        assert "工会职责" in text and "入会方式" in text and "入会咨询法律援助" in text
    assert "监督电话" not in text                                     # a fact the input does not give


def test_one_text_size_per_column_with_sixty_officers(tmp_path, capsys):
    unions = [("某某公司工会委员会", officers_of(60))]
    code, out, _, stderr = run(tmp_path, capsys, "board", unions=unions)
    assert code == 0, stderr
    cs, _, height = page_chars(boards_in(out)[0])
    names = {o[0] for o in officers_of(60)}
    roles = {o[1] for o in officers_of(60)}
    with pdfplumber.open(boards_in(out)[0]) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    name_sizes = {round(w["size"], 2) for w in words if w["text"] in names}
    role_sizes = {round(w["size"], 2) for w in words if w["text"] in roles}
    mobile_sizes = {round(w["size"], 2) for w in words if w["text"].startswith("139")}
    assert len(name_sizes) == 1 and len(role_sizes) == 1 and len(mobile_sizes) == 1
    assert min(role_sizes) >= 6


def test_the_photo_column_appears_with_a_photo_and_is_at_least_20_mm(tmp_path, capsys):
    F.make_photos(tmp_path / "photos")
    for count in (1, 10):
        unions = [("某某公司工会委员会", officers_of(count, photo="photos/portrait.jpg"))]
        code, out, _, stderr = run(tmp_path, capsys, "board", unions=unions)
        assert code == 0, stderr
        with pdfplumber.open(boards_in(out)[0]) as pdf:
            page = pdf.pages[0]
            (image,) = page.images
            assert image["width"] >= 20 * MM - 0.1
            dashed = [r for r in page.rects if r.get("dash") and r["dash"][0]]
            assert len(dashed) == count - 1                          # the others keep a placeholder


@pytest.mark.parametrize("count", [25, 30])
def test_many_officers_on_a3_print_without_photos_and_say_so(tmp_path, capsys, count):
    # a 20 mm photo column on A3: 30 rows do not fit at all, 25 fit in three blocks at 6-7 pt
    # (17-19 pt without photos); the board leaves the photos out and warns, it does not fail
    F.make_photos(tmp_path / "photos")
    unions = [("某某公司工会委员会", officers_of(count, photo="photos/portrait.jpg"))]
    code, stdout, stderr = F.run(["check", F.write_input(tmp_path, unions, 'hotline = "12351"')], capsys)
    assert code == 0 and "某某公司工会委员会" in stdout + stderr and "已不印照片" in stdout + stderr
    code, out, stdout, stderr = run(tmp_path, capsys, "board", unions=unions)
    said = stdout + stderr
    assert code == 0, said
    assert "某某公司工会委员会" in said and "已不印照片" in said and "--size 600x800" in said
    cs, _, _ = page_chars(boards_in(out)[0])
    assert not any(c["text"] == "照" for c in cs)
    with pdfplumber.open(boards_in(out)[0]) as pdf:
        assert not pdf.pages[0].images
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    assert min(w["size"] for w in words if w["text"].startswith("139")) >= 12
    code, out, stdout, stderr = run(tmp_path, capsys, "board", "--size", "600x800", unions=unions)
    assert code == 0 and "已不印照片" not in stdout + stderr
    with pdfplumber.open(boards_in(out)[0]) as pdf:
        assert len(pdf.pages[0].images) == 1


def test_a_few_officers_with_photos_keep_the_photo_column_on_a3(tmp_path, capsys):
    F.make_photos(tmp_path / "photos")
    officers = [o[:4] + ("photos/portrait.jpg",) for o in officers_of(5)]
    code, out, stdout, stderr = run(tmp_path, capsys, "board", unions=[("某某公司工会委员会", officers)])
    assert code == 0 and "已不印照片" not in stdout + stderr
    with pdfplumber.open(boards_in(out)[0]) as pdf:
        assert len(pdf.pages[0].images) == 5
        assert "照片" in squeeze(pdf.pages[0].extract_text())


def test_a3_office_board_has_no_bleed_and_keeps_inside_the_printer_margins(tmp_path, capsys):
    code, out, stdout, stderr = run(tmp_path, capsys, "board", "--size", "a3-office")
    assert code == 0, stderr and "无出血" in stdout
    for path in boards_in(out):
        (boxes,) = F.page_boxes(path)
        a3 = (0, 0, 297 * MM, 420 * MM)
        assert boxes["media"] == pytest.approx(a3, abs=0.01) and boxes["trim"] == pytest.approx(a3, abs=0.01)
        inner = (5 * MM, 5 * MM, 292 * MM, 415 * MM)                  # office A3 printers: 3-5 mm unprinted
        assert chars_inside(path, inner)
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[0]
            for r in page.rects:
                assert r["x0"] >= inner[0] - 0.01 and r["x1"] <= inner[2] + 0.01
                assert r["top"] >= 5 * MM - 0.01 and r["bottom"] <= 415 * MM + 0.01


def test_a_block_stating_facts_shows_only_the_facts_given(tmp_path, capsys):
    base = 'hotline = "12351"'
    src = tmp_path / "county.toml"
    src.write_text('[print]\n' + base + '\n\n[[unions]]\nname = "甲公司工会委员会"\nmembers = 86\n\n'
                   '[[unions.officers]]\nname = "张三"\nrole = "主席"\nmobile = "13905561234"\n\n'
                   '[[unions]]\nname = "乙公司工会委员会"\n\n[[unions.officers]]\nname = "李四"\nrole = "主席"\n'
                   'mobile = "13905561235"\n', encoding="utf-8")
    out = tmp_path / "boards"
    code, _, stderr = F.run(["board", src, "-o", out, "-q"], capsys)
    assert code == 0, stderr
    with pdfplumber.open(out / "甲公司工会委员会.pdf") as pdf:
        text = squeeze(pdf.pages[0].extract_text())
    assert "工会概况" in text and "现有会员：86人" in text and "成立时间" not in text and "所在单位" not in text
    with pdfplumber.open(out / "乙公司工会委员会.pdf") as pdf:
        text = squeeze(pdf.pages[0].extract_text())
    assert "工会概况" not in text and "工会职责" in text


def test_deskplate_name_sits_on_the_optical_centre_of_each_face(tmp_path, capsys):
    pdfium = pytest.importorskip("pypdfium2")
    code, out, _, _ = run(tmp_path, capsys, "deskplates")
    assert code == 0
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        height = float(page.height)
        big = [c for c in page.chars if c["size"] > 100 and c["top"] > height / 2]   # the upright face
    scale = 100 / 72
    img = pdfium.PdfDocument(str(out))[0].render(scale=scale).to_pil().convert("L")
    x0, x1 = min(c["x0"] for c in big), max(c["x1"] for c in big)
    inked = [y for y in range(int(height / 2 * scale), int(height * scale))
             if any(img.getpixel((x, y)) < 100 for x in range(int(x0 * scale), int(x1 * scale), 2))
             and min(c["top"] for c in big) * scale <= y <= max(c["bottom"] for c in big) * scale]
    centre_mm = ((inked[0] + inked[-1]) / 2 / scale - height / 2) / MM     # below the fold
    assert 95 * 0.40 <= centre_mm < 95 / 2                                  # above the middle, not far


# --- the table element -------------------------------------------------------------------------------------

def table_layout(tmp_path, extra="", rows="officers", row_mm="[5, 20]"):
    folder = tmp_path / "tpl" / "print"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.toml").write_text(f'''size_mm = [200, 100]
[[elements]]
type = "table"
id = "t"
label = "干部"
box_mm = [0, 0, 200, 100]
rows = "{rows}"
row_mm = {row_mm}
header_mm = 10
{extra}
[[elements.columns]]
header = "姓名"
text = "{{{{ row.name }}}}"
size_pt = [4, 30]
[[elements.columns]]
type = "image"
header = "照片"
source = "{{{{ row.photo or '' }}}}"
''', encoding="utf-8")
    from docgen.printing.layout import load_layout

    return load_layout("t", tmp_path / "tpl")


def row_tops(ops):
    from docgen.printing.ops import TextRun

    return sorted({round(op.y, 2) for op in ops if isinstance(op, TextRun) and op.text not in ("姓名", "照片")})


def test_table_rows_shrink_then_flow_side_by_side(tmp_path):
    from docgen.printing.faces import FaceSet
    from docgen.printing.ops import FillRect

    faces = FaceSet()
    layout = table_layout(tmp_path, "flows = 2")
    people = [F.officer(f"人{i}", "委员", i) for i in range(30)]
    ops, problems = layout.compose({"officers": people[:3]}, faces)
    assert problems == [] and len(row_tops(ops)) == 3
    placeholders = [op for op in ops if isinstance(op, FillRect)]
    assert not placeholders                                       # no photos: no photo column at all
    # three rows at the largest height (20 mm); 18 rows shrink to 5 mm; 30 need two blocks
    ys = row_tops(ops)
    assert ys[1] - ys[0] == pytest.approx(20 * MM, abs=0.5)
    ops, _ = layout.compose({"officers": people[:18]}, faces)
    ys = row_tops(ops)
    assert len(ys) == 18 and ys[1] - ys[0] == pytest.approx(5 * MM, abs=0.5)
    ops, problems = layout.compose({"officers": people}, faces)
    assert problems == []
    from docgen.printing.ops import TextRun
    xs = {round(op.x) for op in ops if isinstance(op, TextRun) and op.text == "姓名"}
    assert len(xs) == 2                                           # two headers: two blocks
    _, problems = layout.compose({"officers": people + people}, faces)
    assert problems and "60 行" in problems[0][1] and "放不下" in problems[0][1]


def test_table_problems_name_row_and_column(tmp_path):
    from docgen.printing.faces import FaceSet

    layout = table_layout(tmp_path)
    _, problems = layout.compose({"officers": [F.officer("张三", "委员"), F.officer("李\U0002A6D6", "委员")]}, FaceSet())
    assert len(problems) == 1 and "第 2 行" in problems[0][1] and "干部·姓名" in problems[0][1]
    assert "U+2A6D6" in problems[0][1]
    bad = table_layout(tmp_path / "b", rows="officer.nothing")
    _, problems = bad.compose({"officers": []}, FaceSet())
    assert problems and "rows" in problems[0][1]


def test_table_layout_errors_are_named(tmp_path):
    from docgen.errors import InputError

    with pytest.raises(InputError) as exc:
        table_layout(tmp_path, "flow = 2", row_mm="[9, 3]")
    text = "\n".join(exc.value.lines())
    assert "row_mm" in text and "flow" in text and "flows" in text   # "未知字段 flow，是否指 flows？"


def test_boards_another_run_wrote_meanwhile_are_not_mixed_with_these(tmp_path, capsys, monkeypatch):
    """As for plaques: a batch composed from the folder's old manifest is not written over the
    batch another run wrote there meanwhile (exit 1, the other batch whole)."""
    from docgen.load import load
    from docgen.printing import boards

    code, out, _, _ = run(tmp_path, capsys, "board", unions=SMALL[:1])
    assert code == 0
    other = tmp_path / "other"
    other.mkdir()
    theirs = [(f"某某公司第{i}工会委员会", officers_of(2)) for i in range(3)]
    real = boards.prepare

    def prepare_while_another_run_writes(*args, **kwargs):
        batch = real(*args, **kwargs)
        boards.write(real(load(F.write_input(other, theirs, 'hotline = "12351"')), output=out), jobs=1)
        return batch

    monkeypatch.setattr(boards, "prepare", prepare_while_another_run_writes)
    code, out, _, stderr = run(tmp_path, capsys, "board", unions=SMALL)
    assert code == 1 and "另一个 docgen 运行" in stderr and "Traceback" not in stderr
    import csv

    with open(out / "manifest.csv", encoding="utf-8-sig") as f:
        listed = [row["文件"] for row in csv.DictReader(f)]
    assert [p.name for p in boards_in(out)] == sorted(listed) and len(listed) == 3
