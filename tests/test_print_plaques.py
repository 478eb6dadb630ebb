"""docgen plaques end to end: true sizes and boxes, selection by date, safe names, manifest, proof,
vertical glyph order, one character size per batch, all-or-nothing on a bad record."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen.printing.elements.text import VERTICAL_FORMS  # noqa: E402
from docgen.printing.units import MM  # noqa: E402

pdfplumber = pytest.importorskip("pdfplumber")

HORIZONTAL_OF = {v: chr(k) for k, v in VERTICAL_FORMS.items() if chr(k) in "（）《》〔〕【】「」『』〈〉｛｝—…"}

ORDINARY = ["岳西县天峰茶业有限公司工会委员会", "安徽某某（集团）有限公司工会委员会", "岳西县城关镇联合工会委员会",
            "岳西县人民医院工会委员会", "岳西县顺达物流有限公司工会委员会", "岳西县金山纺织服装有限公司工会委员会",
            "岳西县经济开发区联合工会委员会", "岳西县电子商务产业园工会联合会", "岳西县新星幼儿园工会小组"]


def write_unions(folder: Path, unions, print_table: str = "") -> Path:
    """unions: (name, founded or None) pairs, or plain names."""
    out = []
    for item in unions:
        name, founded = item if isinstance(item, tuple) else (item, None)
        out.append(f"[[unions]]\nname = {json.dumps(name, ensure_ascii=False)}\n")
        if founded:
            out.append(f"founded = {founded}\n")
        out.append("\n")
    if print_table:
        out.append("[print]\n" + print_table + "\n")
    path = folder / "county.toml"
    path.write_text("".join(out), encoding="utf-8")
    return path


def plaques(tmp_path, capsys, unions, *args, print_table=""):
    src = write_unions(tmp_path, unions, print_table)
    out = tmp_path / "out" / "牌匾"
    code, stdout, stderr = F.run(["plaques", src, "-o", out, "--jobs", "1", "-q", *args], capsys)
    return code, out, stdout, stderr


def pdfs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.pdf") if p.name != "proof.pdf")


def chars(path: Path) -> tuple[list[dict], float]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        return [dict(c) for c in page.chars], float(page.height)


def column_text(cs: list[dict]) -> str:
    """Characters of a vertical plaque in reading order: columns right to left, each top to bottom."""
    columns: dict[int, list[dict]] = {}
    for c in cs:
        columns.setdefault(round((c["x0"] + c["x1"]) / 2 / 20), []).append(c)
    text = ""
    for key in sorted(columns, reverse=True):
        text += "".join(c["text"] for c in sorted(columns[key], key=lambda c: c["top"]))
    return "".join(HORIZONTAL_OF.get(ch, ch) for ch in text)


def inside_trim(path: Path) -> bool:
    trim = F.page_boxes(path)[0]["trim"]
    cs, height = chars(path)
    return all(trim[0] - 0.01 <= c["x0"] and c["x1"] <= trim[2] + 0.01
               and trim[1] - 0.01 <= height - c["bottom"] and height - c["top"] <= trim[3] + 0.01 for c in cs)


# --- sizes and boxes ------------------------------------------------------------------------------

@pytest.mark.parametrize("args, print_table, size", [
    ([], "", (400, 2400)),                                      # county, the default
    (["--size", "enterprise"], "", (300, 1800)),
    (["--size", "narrow"], "", (360, 2200)),
    (["--size", "landscape-large"], "", (800, 600)),
    (["--size", "500X700"], "", (500, 700)),
    ([], 'plaque_size = "landscape"', (600, 400)),              # from [print]
    (["--size", "county"], 'plaque_size = "landscape"', (400, 2400)),   # the option wins
])
def test_true_size_with_3mm_bleed_and_trim_box(tmp_path, capsys, args, print_table, size):
    code, out, stdout, stderr = plaques(tmp_path, capsys, ORDINARY[:2], *args, print_table=print_table)
    assert code == 0, stderr
    w, h = size
    for path in pdfs(out):
        (boxes,) = F.page_boxes(path)
        assert boxes["media"] == pytest.approx((0, 0, (w + 6) * MM, (h + 6) * MM), abs=0.01)
        assert boxes["trim"] == pytest.approx((3 * MM, 3 * MM, (w + 3) * MM, (h + 3) * MM), abs=0.01)
        assert boxes["bleed"] == pytest.approx(boxes["media"], abs=0.01)
        assert inside_trim(path)
    assert f"{w:g} × {h:g} mm" in stdout


def test_bad_size_and_bad_date_are_input_errors_in_chinese(tmp_path, capsys):
    code, out, _, stderr = plaques(tmp_path, capsys, ORDINARY[:2], "--size", "10x20")
    assert code == 2 and "宽x高" in stderr and not out.exists()
    code, out, _, stderr = plaques(tmp_path, capsys, ORDINARY[:2], "--new-since", "2024-13-01")
    assert code == 2 and "--new-since" in stderr and "不是存在的日期" in stderr and not out.exists()
    code, out, _, stderr = plaques(tmp_path, capsys, ORDINARY[:2], "--new-since", "去年")
    assert code == 2 and "应为日期" in stderr and not out.exists()


# --- which unions ---------------------------------------------------------------------------------

def test_new_since_keeps_later_unions_and_names_the_undated(tmp_path, capsys):
    unions = [("甲公司工会委员会", "2023-12-31"), ("乙公司工会委员会", "2024-01-01"),
              ("丙公司工会委员会", '"2024年3月5日"'), ("丁公司工会委员会", None), ("戊公司工会委员会", None)]
    code, out, stdout, stderr = plaques(tmp_path, capsys, unions, "--new-since", "2024/1/1")
    assert code == 0, stderr
    assert [p.name for p in pdfs(out)] == ["01-乙公司工会委员会.pdf", "02-丙公司工会委员会.pdf"]
    assert "已生成牌匾 2 个" in stdout
    assert "未注明成立日期、未收入 2 个：丁公司工会委员会、戊公司工会委员会" in stdout
    assert "另有 1 个工会成立于2024年1月1日以前，未收入" in stdout
    rows = list(csv.DictReader(io.StringIO((out / "manifest.csv").read_text(encoding="utf-8-sig"))))
    assert [r["成立日期"] for r in rows] == ["2024-01-01", "2024-03-05"]


def test_only_selects_by_union_name(tmp_path, capsys):
    code, out, stdout, _ = plaques(tmp_path, capsys, ORDINARY, "--only", "人民医院")
    assert code == 0 and [p.name for p in pdfs(out)] == ["01-岳西县人民医院工会委员会.pdf"]
    code, _, _, stderr = plaques(tmp_path, capsys, ORDINARY, "--only", "无此工会")
    assert code == 2 and "没有可制作牌匾的工会" in stderr


def test_file_numbers_are_padded_to_the_batch_size(tmp_path, capsys):
    from docgen.printing.signage import numbered

    assert [numbered(n) for n in (1, 9, 12, 99, 100, 999, 1000, 12000)] == [2, 2, 2, 2, 3, 3, 4, 5]
    code, out, _, _ = plaques(tmp_path, capsys, ORDINARY[:3])
    assert [p.name[:3] for p in pdfs(out)] == ["01-", "02-", "03-"]


def test_names_with_separators_dots_and_device_names_stay_inside_the_folder(tmp_path, capsys):
    unions = ["甲/乙公司工会委员会", "丙\\丁公司工会委员会", "../../逃逸工会", "..", "CON", "A:B*C?工会"]
    code, out, stdout, stderr = plaques(tmp_path, capsys, unions)
    assert code == 0, stderr
    made = sorted(out.iterdir())
    assert len(made) == len(unions) + 2 and {p.name for p in made} >= {"manifest.csv", "proof.pdf"}
    for p in made:
        assert p.resolve().parent == out.resolve() and p.is_file()
        assert not re.search(r'[\\/:*?"<>|]', p.name)
        assert p.stem.split("-", 1)[-1].upper() not in {"CON", "PRN", "AUX", "NUL"}
    # nothing was written anywhere else
    assert sorted(q.name for q in tmp_path.iterdir()) == ["county.toml", "out"]
    assert [q.name for q in (tmp_path / "out").iterdir()] == ["牌匾"]


# --- manifest and proof ----------------------------------------------------------------------------

def test_manifest_rows_match_the_files_and_excel_reads_it(tmp_path, capsys):
    unions = [(name, f"2024-0{i + 1}-1{i}") for i, name in enumerate(ORDINARY[:4])] + [(ORDINARY[4], None)]
    code, out, _, _ = plaques(tmp_path, capsys, unions)
    assert code == 0
    raw = (out / "manifest.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                       # the BOM: Excel opens it as UTF-8
    text = raw[3:].decode("utf-8")                               # strict: valid UTF-8 throughout
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["序号", "工会名称", "文件", "尺寸", "颜色", "字高 (mm)", "数量", "成立日期"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5"]
    assert [r[1] for r in rows[1:]] == ORDINARY[:5]
    assert sorted(r[2] for r in rows[1:]) == sorted(p.name for p in pdfs(out))
    assert {r[3] for r in rows[1:]} == {"400 × 2400 mm"}
    assert {r[4] for r in rows[1:]} == {"白底黑字"} and {r[6] for r in rows[1:]} == {"1"}
    for row, path in zip(rows[1:], pdfs(out)):                     # 字高: the plaque's own type size
        assert int(row[5]) == round(max(c["size"] for c in chars(path)[0]) / MM)
    assert rows[1][7] == "2024-01-10" and rows[5][7] == ""
    assert not list(out.glob(".~docgen-*"))                       # no temporary files left


def test_proof_has_one_labelled_entry_per_plaque(tmp_path, capsys):
    names = ORDINARY + [F.FORTY_UNION]
    code, out, _, _ = plaques(tmp_path, capsys, names)
    assert code == 0
    with pdfplumber.open(out / "proof.pdf") as pdf:
        pages = len(pdf.pages)
        assert all(round(p.width) == round(210 * MM) and round(p.height) == round(297 * MM) for p in pdf.pages)
        text = "".join(re.sub(r"\s+", "", p.extract_text() or "") for p in pdf.pages)
    assert pages == 3                                            # four 400 x 2400 plaques to a page
    for i, name in enumerate(names):
        assert f"{i + 1:02d}{name}" in text                      # number and name under each plaque
    assert text.count("400×2400mm") == len(names)


def test_a_long_proof_is_drawn_in_parts_and_joined_into_one(tmp_path, capsys, monkeypatch):
    """A proof longer than one part (here one page a part) is the same pages, headings and entries
    as one drawn whole, with one font subset per part, and no part is left in the folder."""
    from docgen.printing import plaques as module

    monkeypatch.setattr(module, "PROOF_PART_PAGES", 1)
    names = ORDINARY + [F.FORTY_UNION]
    code, out, _, _ = plaques(tmp_path, capsys, names)
    assert code == 0
    with pdfplumber.open(out / "proof.pdf") as pdf:
        texts = [re.sub(r"\s+", "", p.extract_text() or "") for p in pdf.pages]
        fonts = {c["fontname"] for p in pdf.pages for c in p.chars}
    assert len(texts) == 3
    for k, text in enumerate(texts):
        assert f"第{k + 1}/3页" in text and f"共{len(names)}个" in text
    for i, name in enumerate(names):
        assert f"{i + 1:02d}{name}" in texts[i // 4]                # on its page, in order
    assert len({f.split("+")[0] for f in fonts}) == 3              # a subset tag per part
    assert sorted(p.name for p in out.iterdir()) == sorted([p.name for p in pdfs(out)] + ["manifest.csv", "proof.pdf"])


# --- the characters ---------------------------------------------------------------------------------

def test_vertical_glyph_order_top_to_bottom_with_vertical_brackets(tmp_path, capsys):
    names = ["安徽某某（集团）有限公司工会委员会", "岳西县《文苑》杂志社工会", "岳西县某某〔二〇二四〕工会", F.FORTY_UNION]
    code, out, _, _ = plaques(tmp_path, capsys, names)
    assert code == 0
    for name, path in zip(names, pdfs(out)):
        cs, _ = chars(path)
        assert column_text(cs) == name
        raw = "".join(c["text"] for c in cs)
        assert "（" not in raw and "《" not in raw and "〔" not in raw      # vertical forms, not rotated brackets
    cs, _ = chars(pdfs(out)[0])
    assert "\ufe35" in "".join(c["text"] for c in cs) and "\ufe36" in "".join(c["text"] for c in cs)
    # the 40-character name takes two columns (one would be below the minimum), read right to left
    cs, _ = chars(pdfs(out)[3])
    assert len({round((c["x0"] + c["x1"]) / 2 / 20) for c in cs}) == 2


def test_one_character_size_for_the_batch_and_long_names_shrink_alone(tmp_path, capsys):
    long_one = "安庆市大别山绿色农产品开发有限公司岳西分公司工会委员会"          # 27 characters
    names = ORDINARY + [long_one]
    code, out, _, _ = plaques(tmp_path, capsys, names)
    assert code == 0
    sizes = []
    for path in pdfs(out):
        cs, _ = chars(path)
        assert len({round(c["size"], 2) for c in cs}) == 1           # one size on a plaque
        sizes.append(round(cs[0]["size"], 2))
    common = max(set(sizes), key=sizes.count)
    assert 0.8 * len(names) <= sizes.count(common) < len(names)       # at least 80% share one size
    assert sizes[-1] < common                                        # the longest shrinks on its own
    shrunk = [len(n) for n, s in zip(names, sizes) if s < common]
    kept = [len(n) for n, s in zip(names, sizes) if s == common]
    assert min(shrunk) >= max(kept) and all(s <= common for s in sizes)   # only the longest shrink
    # the shared size is as large as the board allows for the longest name that keeps it: that
    # name's column fills the box (2160 mm) to within one step of fitting
    longest_kept = max(kept)
    em = common / MM                                                 # character size in mm
    assert longest_kept * em + (longest_kept - 1) * 0.08 * em == pytest.approx(2160, rel=0.01)


def test_vertical_column_is_centred_and_evenly_spaced(tmp_path, capsys):
    code, out, _, _ = plaques(tmp_path, capsys, ORDINARY[:3])
    assert code == 0
    for path in pdfs(out):
        cs, height = chars(path)
        trim = F.page_boxes(path)[0]["trim"]
        centres = {round((c["x0"] + c["x1"]) / 2, 1) for c in cs}
        assert len(centres) == 1 and abs(centres.pop() - (trim[0] + trim[2]) / 2) < 1     # centred across
        ordered = sorted(cs, key=lambda c: c["top"])
        steps = {round(b["top"] - a["top"], 1) for a, b in zip(ordered, ordered[1:])}
        assert len(steps) == 1                                                        # evenly spaced
        upper = ordered[0]["top"] - (height - trim[3])
        lower = (height - trim[1]) - ordered[-1]["bottom"]
        assert abs(upper - lower) < 0.1 * (trim[3] - trim[1])                         # centred along
        assert ordered[0]["size"] > 0.15 * (trim[2] - trim[0])                        # a sign, not a label


def test_red_option_prints_the_name_in_red(tmp_path, capsys):
    code, out, _, _ = plaques(tmp_path, capsys, ORDINARY[:1], "--color", "red")
    assert code == 0
    cs, _ = chars(pdfs(out)[0])
    assert {tuple(c["non_stroking_color"]) for c in cs} == {(0, 1, 1, 0.1)}
    code, out, _, _ = plaques(tmp_path, capsys, ORDINARY[:1])
    cs, _ = chars(pdfs(out)[0])
    assert {tuple(c["non_stroking_color"]) for c in cs} == {(0, 0, 0, 1)}             # pure K


def test_emblem_on_top_of_a_vertical_plaque_and_left_of_a_horizontal_one(tmp_path, capsys):
    from PIL import Image

    Image.new("RGB", (200, 200), (200, 20, 30)).save(tmp_path / "emblem.png")
    for args, where in (([], "top"), (["--size", "landscape"], "left")):
        code, out, _, stderr = plaques(tmp_path, capsys, ORDINARY[:2], *args, print_table='emblem = "emblem.png"')
        assert code == 0, stderr
        with pdfplumber.open(pdfs(out)[0]) as pdf:
            page = pdf.pages[0]
            (image,) = page.images
            cs = page.chars
        if where == "top":
            assert image["bottom"] < min(c["top"] for c in cs)
        else:
            assert image["x1"] < min(c["x0"] for c in cs)


# --- all or nothing -----------------------------------------------------------------------------

def test_a_failing_record_leaves_the_earlier_batch_untouched(tmp_path, capsys):
    code, out, _, _ = plaques(tmp_path, capsys, ORDINARY[:3])
    assert code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    code, out, _, stderr = plaques(tmp_path, capsys, ORDINARY[:2] + ["岳西县某\U0002A6D6公司工会委员会", "另一个工会"])
    assert code == 2
    assert "U+2A6D6" in stderr and "岳西县某\U0002A6D6公司工会委员会" in stderr and "county.toml 第8行" in stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_new_batch_replaces_the_files_its_manifest_listed(tmp_path, capsys):
    code, out, _, _ = plaques(tmp_path, capsys, ORDINARY[:4])
    (out / "我的笔记.txt").write_text("keep", encoding="utf-8")
    code, out, stdout, _ = plaques(tmp_path, capsys, ORDINARY[4:6])
    assert code == 0 and "已移除上一批清单中的 4 个旧文件" in stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["01-" + ORDINARY[4] + ".pdf", "02-" + ORDINARY[5] + ".pdf", "manifest.csv", "proof.pdf", "我的笔记.txt"])


def test_same_files_whatever_the_number_of_workers(tmp_path, capsys):
    names = ORDINARY * 2
    names = [f"{n[:3]}{i}{n[3:]}" for i, n in enumerate(names)]
    src = write_unions(tmp_path, names)
    a, b = tmp_path / "a", tmp_path / "b"
    assert F.run(["plaques", src, "-o", a, "--jobs", "1", "-q"])[0] == 0
    assert F.run(["plaques", src, "-o", b, "--jobs", "2", "-q"])[0] == 0
    assert {p.name: p.read_bytes() for p in a.iterdir()} == {p.name: p.read_bytes() for p in b.iterdir()}


# --- arrangement: lines, spans, columns, outlines ---------------------------------------------------

ROSTER = ["浔阳工会", "浔阳市总工会", "九江市浔阳区总工会", "浔阳区人民医院工会委员会", "九江银行股份有限公司工会委员会",
          "浔阳区新就业形态劳动者工会联合会", "九江市浔阳区建筑业农民工工会联合会", "九江天赐高新材料有限公司工会委员会",
          "九江市浔阳区乡村振兴服务中心工会小组", "江西省九江市浔阳区环卫管理所工会委员会",
          "九江市浔阳区滨兴街道办事处机关工会委员会", "中国石油化工股份有限公司九江分公司工会委员会",
          "国网江西省电力有限公司九江供电分公司工会委员会", "中国邮政集团有限公司江西省九江市浔阳区分公司工会委员会"]


def test_landscape_names_take_the_lines_that_give_the_largest_characters(tmp_path, capsys):
    code, out, _, _ = plaques(tmp_path, capsys, ROSTER, "--size", "landscape")
    assert code == 0
    heights = []
    for name, path in zip(ROSTER, pdfs(out)):
        cs, _ = chars(path)
        assert "".join(c["text"] for c in sorted(cs, key=lambda c: (round(c["top"]), c["x0"]))) == name
        assert inside_trim(path)
        heights.append(max(c["size"] for c in cs) / MM)
    heights.sort()
    assert heights[len(heights) // 2] >= 45 and heights[0] >= 35          # mm, 600 x 400
    # a 19-character name is not left on one thin line (it was 26 mm)
    cs, _ = chars(pdfs(out)[9])
    assert len({round(c["top"]) for c in cs}) >= 2 and cs[0]["size"] / MM >= 45


def test_short_vertical_names_span_most_of_the_board(tmp_path, capsys):
    code, out, _, _ = plaques(tmp_path, capsys, ROSTER[:3] + ORDINARY)
    assert code == 0
    for path in pdfs(out)[:3]:
        cs, height = chars(path)
        trim = F.page_boxes(path)[0]["trim"]
        span = max(c["bottom"] for c in cs) - min(c["top"] for c in cs)
        assert span >= 0.6 * (trim[3] - trim[1])
        ordered = sorted(cs, key=lambda c: c["top"])
        assert len({round(b["top"] - a["top"], 1) for a, b in zip(ordered, ordered[1:])}) == 1   # evenly
        assert max(c["x1"] for c in cs) - min(c["x0"] for c in cs) <= trim[2] - trim[0]         # within the width


def test_two_columns_read_right_to_left_the_right_one_not_shorter(tmp_path, capsys):
    name = "中国电信股份有限公司九江分公司浔阳区分公司政企客户部（行业拓展中心）工会委员会"
    code, out, _, _ = plaques(tmp_path, capsys, ORDINARY + [name])
    assert code == 0
    cs, _ = chars(pdfs(out)[-1])
    assert column_text(cs) == name
    columns: dict[int, list[dict]] = {}
    for c in cs:
        columns.setdefault(round((c["x0"] + c["x1"]) / 2 / 20), []).append(c)
    right, left = (columns[k] for k in sorted(columns, reverse=True))
    assert len(right) >= len(left)
    size = cs[0]["size"]
    assert min(c["x0"] for c in right) - max(c["x1"] for c in left) >= 0.5 * size - 0.01   # half a character
    assert max(c["bottom"] for c in right) == pytest.approx(max(c["bottom"] for c in left), abs=0.5)  # one foot


def test_outlines_draw_the_same_page_without_a_font(tmp_path, capsys):
    import subprocess

    pypdfium2 = pytest.importorskip("pypdfium2")
    code, out, _, _ = plaques(tmp_path, capsys, ROSTER[:2], "--size", "landscape")
    assert code == 0
    outlined = tmp_path / "outlined"
    src = tmp_path / "county.toml"
    code, _, _ = F.run(["plaques", src, "-o", outlined, "--jobs", "1", "-q", "--size", "landscape", "--outlines"], capsys)
    assert code == 0
    for text_pdf, outline_pdf in zip(pdfs(out), pdfs(outlined)):
        assert not chars(outline_pdf)[0]                                      # no text at all
        fonts = subprocess.run(["pdffonts", str(outline_pdf)], capture_output=True, text=True, check=True).stdout
        assert len(fonts.strip().splitlines()) == 2                           # the header only: no font
        a, b = (pypdfium2.PdfDocument(p)[0].render(scale=20 / 72).to_pil().convert("L") for p in (text_pdf, outline_pdf))
        dark = lambda img: sum(img.histogram()[:128])  # noqa: E731
        assert dark(b) == pytest.approx(dark(a), rel=0.05) and dark(a) > 500   # the same ink
    rows = list(csv.reader(io.StringIO((outlined / "manifest.csv").read_text(encoding="utf-8-sig"))))
    assert all(int(r[5]) > 0 for r in rows[1:])                               # 字高 from the outlines


def test_no_orphan_line_on_a_landscape_plaque(tmp_path, capsys):
    names = ["九江（共青城）经济技术开发区企业联合工会委员会", "浔阳市总工会", "湖口县流泗镇工会联合会",
             "德安县宝塔乡联合工会委员会", "九江学院附属医院工会委员会"]
    code, out, _, _ = plaques(tmp_path, capsys, names, "--size", "landscape")
    assert code == 0
    rows = {r["工会名称"]: r for r in csv.DictReader(io.StringIO((out / "manifest.csv").read_text(encoding="utf-8-sig")))}
    cs, _ = chars(pdfs(out)[0])
    lines: dict[int, str] = {}
    for c in sorted(cs, key=lambda c: (round(c["top"]), c["x0"])):
        lines[round(c["top"])] = lines.get(round(c["top"]), "") + c["text"]
    assert list(lines.values()) == ["九江（共青城）", "经济技术开发区企业", "联合工会委员会"]     # not …/企业/…
    # the orphan rule shrinks that plaque alone (it reached the batch's size on four lines)
    (batch,) = {rows[n]["字高 (mm)"] for n in names[1:]}
    assert 50 <= float(rows[names[0]]["字高 (mm)"]) < float(batch)



def test_a_city_whose_name_ends_in_cheng_shi_is_a_place_to_break(tmp_path, capsys):
    """共青城市, 盐城市: …城市 is a city here, so a long landscape name may break after it (it came
    out at 31 mm on one 16-character line before)."""
    names = ["共青城市鄱阳湖生态科技城建设投资有限公司工会委员会", "浔阳市总工会"]
    code, out, _, stderr = plaques(tmp_path, capsys, names, "--size", "landscape")
    assert code == 0, stderr
    rows = {r["工会名称"]: r for r in csv.DictReader(io.StringIO((out / "manifest.csv").read_text(encoding="utf-8-sig")))}
    assert float(rows[names[0]]["字高 (mm)"]) >= 35
    cs, _ = chars(pdfs(out)[0])
    first_line = min(round(c["top"]) for c in cs)
    assert "".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"]) if round(c["top"]) == first_line) == "共青城市"


def test_a_batch_another_run_wrote_meanwhile_is_not_mixed_with_this_one(tmp_path, capsys, monkeypatch):
    """Two runs into one folder: the second read the folder's manifest while composing, before the
    first had written; writing now would remove the wrong files and leave the first run's plaques
    beside a manifest that does not list them. It refuses instead (exit 1), the folder as the
    first run left it."""
    from docgen.load import load
    from docgen.printing import plaques as product

    code, out, _, _ = plaques(tmp_path, capsys, ORDINARY[:2])
    assert code == 0
    other = tmp_path / "other"
    other.mkdir()
    real = product.prepare

    def prepare_while_another_run_writes(*args, **kwargs):
        batch = real(*args, **kwargs)
        product.write(real(load(write_unions(other, ORDINARY[4:7])), output=out), jobs=1)
        return batch

    monkeypatch.setattr(product, "prepare", prepare_while_another_run_writes)
    code, out, _, stderr = plaques(tmp_path, capsys, ORDINARY[2:4])
    assert code == 1 and "另一个 docgen 运行" in stderr and "Traceback" not in stderr
    with open(out / "manifest.csv", encoding="utf-8-sig") as f:
        listed = [row["文件"] for row in csv.DictReader(f)]
    assert [p.name for p in pdfs(out)] == listed == [f"0{i}-{n}.pdf" for i, n in enumerate(ORDINARY[4:7], 1)]
