"""docgen.convert: finding LibreOffice, and what its PDF of a generated document measures.

Two conversions (about 1.5 s each): the grid fixture, whose middle pages are bare body text, and
the sample plan. Positions are in millimetres from the top-left corner of the page.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from gongwen.helpers import MM, docx

from docgen import convert
from docgen.errors import EnvironmentProblem

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


def faces_of(pdf_path) -> dict[str, set[str]]:
    """Face name (subset prefix dropped) -> the characters set in it."""
    faces = defaultdict(set)
    for page in rows(pdf_path):
        for row in page:
            for c in row:
                faces[c["fontname"].split("+")[-1]].add(c["text"])
    return faces


@needs_soffice
def test_faces_in_the_pdf(county_pdf):
    assert_bundled_faces(faces_of(county_pdf))


def assert_bundled_faces(faces):
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


# --- the faces reach LibreOffice embedded in the document, without fontconfig -------------------

def _convert_with(tmp_path, embed_fonts: bool):
    source = tmp_path / "county.docx"
    source.write_bytes(docx("county", "plan"))
    before = source.read_bytes()
    pdf = convert.docx_to_pdf(source, tmp_path / "county.pdf", embed_fonts=embed_fonts, fontconfig_map=False)
    assert source.read_bytes() == before                 # the user's .docx is not the one changed
    return pdf


@needs_soffice
def test_embedded_faces_are_used_without_the_fontconfig_map(tmp_path, county_pdf):
    pdf = _convert_with(tmp_path, embed_fonts=True)
    assert_bundled_faces(faces_of(pdf))
    assert [len(page) for page in rows(pdf)] == [len(page) for page in rows(county_pdf)]   # same lines


@needs_soffice
def test_without_embedding_or_the_map_the_bundled_faces_are_missing(tmp_path):
    """The control: what a Windows LibreOffice without the faces would do (so the test above can fail)."""
    names = set(faces_of(_convert_with(tmp_path, embed_fonts=False)))
    assert not any(name.startswith("Docgen") for name in names), names


def test_embedded_fonts_follow_the_docx_rules(tmp_path):
    """Word's mechanism: fontTable entry with embedRegular, its relationship, the content type, and
    a font XORed with the key's bytes in LibreOffice's order (GUID text positions, reversed)."""
    import zipfile

    from lxml import etree

    from docgen.fontembed import embed_faces
    from docgen.fonts import resolve

    source = tmp_path / "county.docx"
    source.write_bytes(docx("county", "plan"))
    embedded = embed_faces(source, convert._office_faces(None))
    assert sorted(embedded) == sorted(["Docgen Fangsong", "Docgen Kai", "Docgen Hei", "Docgen Biaosong", "Docgen Song"])
    with zipfile.ZipFile(source) as z:
        assert z.testzip() is None
        table = etree.fromstring(z.read("word/fontTable.xml"))
        rels = etree.fromstring(z.read("word/_rels/fontTable.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        assert b'Extension="odttf"' in z.read("[Content_Types].xml")
        document = z.read("word/document.xml").decode("utf-8")
        assert "仿宋_GB2312" not in document and 'w:eastAsia="Docgen Fangsong"' in document
        W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
        font = next(f for f in table if f.get(W + "name") == "Docgen Hei")
        embed = font.find(W + "embedRegular")
        key = embed.get(W + "fontKey")
        data = bytearray(z.read("word/" + targets[embed.get(R + "id")]))
    positions = (35, 33, 31, 29, 27, 25, 22, 20, 17, 15, 12, 10, 7, 5, 3, 1)
    secret = [int(key[p:p + 2], 16) for p in positions]
    for i in range(16):
        data[i] ^= secret[i]
        data[i + 16] ^= secret[i]
    assert bytes(data) == resolve()["hei"].read_bytes()


# --- faults: what LibreOffice returns is checked; a hang, Ctrl-C or SIGTERM ends it --------------

def fake_soffice(folder, body: str):
    """An executable `soffice` first on PATH; `body` is Python run with the output folder `out`."""
    import os
    import sys

    folder.mkdir(exist_ok=True)
    script = folder / "soffice"
    script.write_text(f"#!{sys.executable}\nimport os, sys, time, subprocess\n"
                      "out = sys.argv[sys.argv.index('--outdir') + 1]\nos.makedirs(out, exist_ok=True)\n"
                      + body, encoding="utf-8")
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def docgen_process(args, env, tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    env = {**env, "PYTHONPATH": str(ROOT), "DOCGEN_CACHE": str(tmp_path / "cache"), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "docgen", *map(str, args)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


unix_only = pytest.mark.skipif(__import__("sys").platform == "win32", reason="fake soffice is a script")


@unix_only
@pytest.mark.parametrize("written, said", [("b''", "空文件"), ("b'<html>not a pdf</html>'", "无法打开")])
def test_a_converter_that_returns_no_real_pdf_fails_with_exit_1(tmp_path, written, said):
    from conftest import SAMPLES

    env = fake_soffice(tmp_path / "bin", f"open(os.path.join(out, 'document.pdf'), 'wb').write({written})\n")
    proc = docgen_process(["plan", SAMPLES / "county.toml", "--pdf", "-o", tmp_path / "plan.docx"], env, tmp_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert said in err and "LibreOffice" in err and "Traceback" not in err
    assert not (tmp_path / "plan.docx").exists() and not (tmp_path / "plan.pdf").exists()


HANG = ("open(os.environ['PIDS'], 'w').write(f'{os.getpid()} ' + str(subprocess.Popen(['sleep', '300']).pid))\n"
        "time.sleep(300)\n")


def _gone(pid: int) -> bool:
    import os
    import time

    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:                                      # a zombie of an ended process counts as gone
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split(") ")[-1].startswith("Z"):
                    return True
        except OSError:
            return True
        time.sleep(0.1)
    return False


@unix_only
def test_a_converter_that_hangs_is_stopped_after_the_time_limit(tmp_path, monkeypatch):
    import tempfile

    env = fake_soffice(tmp_path / "bin", HANG)
    monkeypatch.setenv("PATH", env["PATH"])
    monkeypatch.setenv("PIDS", str(tmp_path / "pids"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    source = tmp_path / "county.docx"
    source.write_bytes(docx("county", "plan"))
    with pytest.raises(EnvironmentProblem) as err:
        convert.docx_to_pdf(source, tmp_path / "county.pdf", timeout=3)
    assert err.value.exit_code == 1 and "超过 3 秒" in err.value.message
    assert all(_gone(int(pid)) for pid in (tmp_path / "pids").read_text().split())   # soffice and its child
    assert not list(tmp_path.glob(".~docgen-*")) and not (tmp_path / "county.pdf").exists()


@unix_only
@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_an_interrupt_during_pdf_ends_libreoffice_and_removes_its_profile(tmp_path, signame):
    import signal
    import time

    from conftest import SAMPLES

    env = fake_soffice(tmp_path / "bin", HANG)
    env["PIDS"] = str(tmp_path / "pids")
    proc = docgen_process(["plan", SAMPLES / "county.toml", "--pdf", "-o", tmp_path / "plan.docx"], env, tmp_path)
    deadline = time.monotonic() + 60
    while not (tmp_path / "pids").is_file() or len((tmp_path / "pids").read_text().split()) < 2:
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    assert list((tmp_path / "tmp").glob(".~docgen-*-lo-*"))        # the profile folder exists meanwhile
    proc.send_signal(getattr(signal, signame))
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + getattr(signal, signame) and "已中断" in err and "Traceback" not in err, err
    assert all(_gone(int(pid)) for pid in (tmp_path / "pids").read_text().split())
    assert not list((tmp_path / "tmp").iterdir())                  # profile and copies removed
    assert not (tmp_path / "plan.docx").exists()


@unix_only
@needs_soffice
def test_ctrl_c_during_a_real_conversion_leaves_no_libreoffice_and_no_files(tmp_path):
    import os
    import signal
    import time

    from conftest import SAMPLES

    def converters():
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if str(tmp_path).encode() in f.read() and int(pid) != proc.pid:
                        found.append(int(pid))
            except OSError:
                pass
        return found

    proc = docgen_process(["plan", SAMPLES / "county.toml", "--pdf", "-o", tmp_path / "plan.docx"], dict(os.environ),
                          tmp_path)
    deadline = time.monotonic() + 60
    while not converters():
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    def soffice_temporaries() -> list[str]:
        # os.walk, not Path.rglob: LibreOffice creates and removes these folders while we look,
        # and rglob raises FileNotFoundError for a folder that vanished between listing and scanning
        return [f for _, _, files in os.walk(tmp_path / "tmp") for f in files
                if f.startswith("lu") and f.endswith(".tmp")]

    while not soffice_temporaries():   # soffice.bin's own temporary folder
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    running = converters()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "已中断" in err, err
    assert all(_gone(pid) for pid in running) and not converters()
    assert not list((tmp_path / "tmp").iterdir()) and not (tmp_path / "plan.docx").exists()


def test_the_converter_folders_of_a_run_killed_outright_are_removed_by_the_next(tmp_path, monkeypatch):
    """kill -9 during --pdf leaves LibreOffice's profile and the .docx copies in TMPDIR; they carry
    the run's pid, so the next conversion removes them (as sheet batches do with their chunks)."""
    import subprocess
    import tempfile

    from docgen.publish import scratch_folder

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for kind in ("lo", "pdf"):
        (tmp_path / f".~docgen-{dead.pid}-{kind}-abc123" / "profile").mkdir(parents=True)
    other = tmp_path / "docgen-lo-someone-elses"          # not ours: left alone
    other.mkdir()
    with scratch_folder("lo-") as tmp:
        assert Path(tmp).name.startswith(f".~docgen-{os.getpid()}-lo-")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([Path(tmp).name, other.name])
    assert [p.name for p in tmp_path.iterdir()] == [other.name]
