"""docgen.convert: finding LibreOffice, and what its PDF of a generated document measures.

Two conversions (about 1.5 s each): the grid fixture, whose middle pages are bare body text, and
the sample plan. Positions are in millimetres from the top-left corner of the page.
"""

from __future__ import annotations

import shutil
from collections import defaultdict

import pytest

from docgen import convert
from docgen.errors import EnvironmentProblem
from gongwen.helpers import MM, docx

TYPE_TOP, TYPE_BOTTOM, TYPE_LEFT, TYPE_RIGHT = 37.0, 262.0, 28.0, 184.0
CHAR_4HAO = 14 / MM                     # one 4号 character, in mm
PITCH = 579 / 20 / MM                   # the 22-line grid pitch, in mm


def test_missing_soffice_says_how_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(EnvironmentProblem) as err:
        convert.find_soffice(candidates=())
    assert err.value.exit_code == 1
    assert "apt-get install libreoffice-writer" in err.value.message and "libreoffice.org" in err.value.message


def test_soffice_found_in_an_install_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    fake = tmp_path / "soffice.exe"
    fake.write_text("")
    assert convert.find_soffice(candidates=(str(tmp_path / "missing.exe"), str(fake))) == fake


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


def _convert(tmp_path_factory, name: str):
    folder = tmp_path_factory.mktemp(name)
    source = folder / f"{name}.docx"
    source.write_bytes(docx(name, "plan"))
    pdf = convert.docx_to_pdf(source, folder / f"{name}.pdf")
    assert pdf.is_file() and not [p for p in folder.iterdir() if p.name.startswith(".~docgen")]
    return pdf


@pytest.fixture(scope="module")
def grid_pdf(tmp_path_factory):
    return _convert(tmp_path_factory, "grid")


@pytest.fixture(scope="module")
def county_pdf(tmp_path_factory):
    return _convert(tmp_path_factory, "county")


def rows(pdf_path) -> list[list[list[dict]]]:
    """Per page, the rows of characters (grouped by top), top to bottom."""
    import pdfplumber

    out = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            groups = defaultdict(list)
            for ch in page.chars:
                groups[round(ch["top"] / MM, 0)].append(ch)
            out.append([sorted(groups[k], key=lambda c: c["x0"]) for k in sorted(groups)])
    return out


def rules(pdf_path, page_no: int) -> list[dict]:
    """Filled rectangles (shaded rule paragraphs) and stroked lines (paragraph borders)."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[page_no - 1]
        out = [dict(top=r["top"] / MM, bottom=r["bottom"] / MM, height=r["height"] / MM, x0=r["x0"] / MM,
                    x1=r["x1"] / MM, color=r.get("non_stroking_color")) for r in page.rects]
        out += [dict(top=r["top"] / MM, bottom=r["bottom"] / MM, height=r["linewidth"] / MM, x0=r["x0"] / MM,
                     x1=r["x1"] / MM, color=r.get("stroking_color")) for r in page.lines]
        return out


def ink_bands(pdf_path, page_no: int, red: bool, dpi: int = 200) -> list[tuple[float, float]]:
    """(top, bottom) of horizontal bands holding red (or dark) pixels."""
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(str(pdf_path))[page_no - 1].render(scale=dpi / 72).to_pil().convert("RGB")
    width, height = image.size
    px = image.load()

    def hit(rgb):
        r, g, b = rgb
        return (r > 180 and g < 90 and b < 90) if red else (r < 160 and g < 160 and b < 160)

    marks = [any(hit(px[x, y]) for x in range(0, width, 2)) for y in range(height)]
    bands, start = [], None
    for y, on in enumerate(marks + [False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            bands.append((start * 25.4 / dpi, y * 25.4 / dpi))
            start = None
    return bands


def dash_stroke(pdf_path, page_no: int, dash: dict, dpi: int = 600) -> float:
    """Middle of the em dash's stroke (dark pixel rows inside its glyph box), in mm from the top."""
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(str(pdf_path))[page_no - 1].render(scale=dpi / 72).to_pil().convert("L")
    px = image.load()
    x0, x1 = int(dash["x0"] * dpi / 72) + 2, int(dash["x1"] * dpi / 72) - 2
    ys = [y for y in range(int(dash["top"] * dpi / 72), int(dash["bottom"] * dpi / 72) + 1)
          if sum(px[x, y] < 128 for x in range(x0, x1)) > (x1 - x0) / 2]
    return (ys[0] + ys[-1] + 1) / 2 * 25.4 / dpi


def text(row) -> str:
    return "".join(c["text"] for c in row)


@needs_soffice
def test_full_body_page_has_22_rows_of_28_characters(grid_pdf):
    for page in rows(grid_pdf)[1:3]:                       # pages 2 and 3: body text only
        body = [r for r in page if r[0]["top"] / MM < TYPE_BOTTOM]
        assert len(body) == 22
        full = [r for r in body if r[0]["x0"] / MM < TYPE_LEFT + 0.5 and r[-1]["x1"] / MM > TYPE_RIGHT - 1]
        assert len(full) > 15 and all(len(r) == 28 for r in full)
        tops = [r[0]["top"] / MM for r in body]
        assert all(abs((b - a) - PITCH) < 0.3 for a, b in zip(tops, tops[1:]))
        assert abs(tops[0] - TYPE_TOP) < 3.0                 # first line at the top of the type area
        assert body[-1][0]["bottom"] / MM <= TYPE_BOTTOM


@needs_soffice
def test_page_numbers_alternate_sides_under_the_type_area(grid_pdf):
    pages = rows(grid_pdf)
    assert not any("\u2014" in text(r) for r in pages[-1])     # the 版记's own page: no number (7.5)
    for n, page in enumerate(pages[:-1], 1):
        footer = page[-1]
        assert text(footer) == f"\u2014 {n} \u2014"
        assert all("DocgenSong" in c["fontname"] for c in footer)
        if n <= 2:                                           # the dash's stroke, 7 mm under (7.5)
            assert abs(dash_stroke(grid_pdf, n, footer[0]) - (TYPE_BOTTOM + 7)) < 0.3
        if n % 2:
            assert abs(footer[-1]["x1"] / MM - (TYPE_RIGHT - CHAR_4HAO)) < 1.0
        else:
            assert abs(footer[0]["x0"] / MM - (TYPE_LEFT + CHAR_4HAO)) < 1.0


@needs_soffice
def test_red_head_positions(grid_pdf):
    red = ink_bands(grid_pdf, 1, red=True)
    mark, rule = red[0], red[1]
    assert abs(mark[0] - (TYPE_TOP + 35)) < 1.0           # mark's top 35 mm under the type area
    assert 0.3 < rule[1] - rule[0] < 0.7                   # the red rule, about 0.45 mm
    number = next(b for b in ink_bands(grid_pdf, 1, red=False) if mark[1] < b[0] < rule[0])
    assert abs(rule[0] - number[1] - 4.0) < 1.0            # 4 mm under the 发文字号
    red_rules = [r for r in rules(grid_pdf, 1) if r["color"] and tuple(r["color"])[:3] == (1, 0, 0)]
    assert red_rules and all(abs(r["x0"] - TYPE_LEFT) < 0.5 and abs(r["x1"] - TYPE_RIGHT) < 0.5 for r in red_rules)
    assert all(0.35 <= r["height"] <= 0.5 for r in red_rules)


@needs_soffice
def test_banji_at_the_foot_of_the_last_page(grid_pdf, county_pdf):
    for pdf in (grid_pdf, county_pdf):
        pages = rows(pdf)
        last = len(pages)
        found = rules(pdf, last)
        heights = [round(r["height"], 2) for r in sorted(found, key=lambda r: r["top"])]
        assert heights == [0.35, 0.25, 0.35]
        assert abs(max(r["bottom"] for r in found) - TYPE_BOTTOM) < 1.0
        assert all(abs(r["x0"] - TYPE_LEFT) < 0.5 and abs(r["x1"] - TYPE_RIGHT) < 0.5 for r in found)
        printed = next(r for r in pages[-1] if text(r).endswith("印发"))
        assert abs(printed[0]["x0"] / MM - (TYPE_LEFT + CHAR_4HAO)) < 1.0
        assert abs(printed[-1]["x1"] / MM - (TYPE_RIGHT - CHAR_4HAO)) < 1.0
        for earlier in range(1, last):
            assert not rules(pdf, earlier) or earlier == 1     # page 1 may only hold the red rule


@needs_soffice
def test_faces_in_the_pdf(county_pdf):
    faces = defaultdict(set)
    for page in rows(county_pdf):
        for row in page:
            for c in row:
                faces[c["fontname"].split("+")[-1]].add(c["text"])
    names = set(faces)
    assert not any("JP" in n or "Fallback" in n or "Noto" in n for n in names), names
    assert "岳" in faces["DocgenBiaosong-Regular"]                   # mark and title
    assert "总" in faces["DocgenHei-Regular"]                        # 一、总体要求
    assert "阶" in faces["DocgenKai-Regular"]                        # 第一阶段：
    assert "“" in faces["DocgenFangsong-Regular"]                    # Chinese quotes in the body face
    assert "2" in faces["LiberationSerif"]                           # digits in Times New Roman's stand-in


@needs_soffice
def test_no_punctuation_lost_at_line_ends(grid_pdf, county_pdf):
    """LibreOffice used to hang a 、 that ended a full line and then leave it out of the PDF."""
    import re
    import zipfile

    import pdfplumber

    for name, pdf_path in (("grid", grid_pdf), ("county", county_pdf)):
        with zipfile.ZipFile(pdf_path.with_suffix(".docx")) as z:
            text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", z.read("word/document.xml").decode()))
        with pdfplumber.open(pdf_path) as pdf:
            printed = "".join(c["text"] for page in pdf.pages for c in page.chars)
        for mark in "、。，；：“”（）《》":
            assert printed.count(mark) == text.count(mark), (name, mark)
