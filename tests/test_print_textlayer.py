"""What copy and search get from the PDFs: every character as itself (beyond U+FFFF too), read
with two extractors (pdfplumber/pdfminer and poppler's pdftotext), from badges, cards and desk
plates."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen.printing import tounicode  # noqa: E402

pdfplumber = pytest.importorskip("pdfplumber")

JI = "\U00020BB7"          # 𠮷, a real surname character in Extension B (the fallback face has it)
PEOPLE = [(JI + "大宝", "主席", "13905561234", "0556-2172583"), ("顾旻", "副主席", "13905561235"),
          ("阿依古丽·买买提", "副主席", "13905561236")]
UNIONS = [("岳西县总工会", PEOPLE, "综合楼三楼302室")]


def test_supplementary_characters_map_to_surrogate_pairs():
    assert tounicode.utf16_hex(0x20BB7) == "D842DFB7"
    assert tounicode.utf16_hex(ord("张")) == "5F20"
    cmap = tounicode.to_unicode_cmap("X", [0] + [ord("张"), 0x20BB7] + [0x4E00 + i for i in range(150)])
    assert "<01> <5F20>" in cmap and "<02> <D842DFB7>" in cmap
    assert "<00>" not in cmap.split("endcodespacerange")[1]          # .notdef is no text
    counts = [int(n) for n in re.findall(r"(\d+) beginbfchar", cmap)]
    assert counts == [100, 52]                                        # at most 100 a block


def _products(tmp_path, capsys):
    src = F.write_input(tmp_path, UNIONS, 'hotline = "12351"\n')
    made = {}
    for command, name, extra in (("badges", "胸卡.pdf", ()), ("badges", "胸卡-qr.pdf", ("--layout", "badge-qr")),
                                 ("badges", "胸卡-portrait.pdf", ("--layout", "badge-portrait")),
                                 ("cards", "联系卡.pdf", ()), ("deskplates", "桌牌.pdf", ())):
        out = tmp_path / "out" / name
        code, _, stderr = F.run([command, src, "-o", out, *extra], capsys)
        assert code == 0, stderr
        made[name] = out
    return made


@pytest.fixture(scope="module")
def products(tmp_path_factory):
    return _products(tmp_path_factory.mktemp("layer"), None)


def _plumber_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def _poppler_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True, encoding="utf-8").stdout


EXTRACTORS = [pytest.param(_plumber_text, id="pdfplumber"),
              pytest.param(_poppler_text, id="pdftotext",
                           marks=pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing"))]


@pytest.mark.parametrize("extract", EXTRACTORS)
@pytest.mark.parametrize("name", ["胸卡.pdf", "胸卡-qr.pdf", "胸卡-portrait.pdf", "联系卡.pdf", "桌牌.pdf"])
def test_every_name_extracts_as_itself(products, extract, name):
    text = extract(products[name])
    assert JI + "大宝" in text and "\u20bb" not in text
    assert "阿依古丽·买买提" in text
    assert "顾旻" in text and not re.search(r"顾\s+旻", text)      # letter-spaced, read as one word


def test_spaced_run_looks_like_the_letter_spaced_text(tmp_path):
    """The outlines land where char spacing would have put the glyphs: the two drawings differ
    only in anti-aliasing at the edges."""
    from PIL import ImageChops
    from reportlab.pdfgen.canvas import Canvas

    from docgen.printing.faces import FaceSet
    from docgen.printing.ops import TextRun
    from docgen.printing.spaced import SpacedRun

    face = FaceSet().face("biaosong")
    size, space = 60.0, 60.0
    drawn = {}
    for kind in ("text", "spaced"):
        pdf = tmp_path / f"{kind}.pdf"
        canvas = Canvas(str(pdf), pagesize=(260, 100), initialFontName=face.name)
        args = (face.name, size, 20, 25, "顾旻")
        if kind == "text":
            TextRun(*args, (0, 0, 0, 1), space).draw(canvas, None)
        else:
            SpacedRun(*args, (0, 0, 0, 1), space, path=str(face.path), advances=(1.0, 1.0),
                      span=3 * size).draw(canvas, None)
        canvas.save()
        drawn[kind] = F.render_png(pdf, 0, dpi=150).convert("L")
    diff = ImageChops.difference(drawn["text"], drawn["spaced"])
    ink = sum(drawn["text"].point(lambda v: v < 128).convert("L").histogram()[1:])
    assert ink > 2000                                                  # the glyphs are there
    strong = sum(diff.histogram()[128:])
    assert strong < ink * 0.03, (strong, ink)                          # and in the same place
    with pdfplumber.open(tmp_path / "spaced.pdf") as pdf:
        chars = pdf.pages[0].chars
    assert "".join(c["text"] for c in chars) == "顾旻"
    assert chars[0]["x1"] == pytest.approx(chars[1]["x0"], abs=0.01)         # touching boxes
    assert chars[1]["x1"] - chars[0]["x0"] == pytest.approx(3 * size, abs=0.1)
