"""The bundled faces and docgen.fonts: TrueType only, GBK coverage, checks, fontconfig aliases."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docgen import fonts
from docgen.errors import InputError
from docgen.resources import FONTS

GBK_FACES = ("biaosong", "song", "hei", "kai", "fallback")
RARE_NAME_CHARS = "堃喆珺昇犇燚垚赟祎玥瑄旻"
NOTO_CFF = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
LIBERATION = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
ARPHIC = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")


def _hanzi_in(codec: str) -> frozenset[int]:
    out = set()
    for cp in list(range(0x4E00, 0xA000)) + list(range(0xF900, 0xFB00)):
        try:
            chr(cp).encode(codec)
        except UnicodeEncodeError:
            continue
        out.add(cp)
    return frozenset(out)


GBK_HANZI = _hanzi_in("gbk")
GB2312_HANZI = _hanzi_in("gb2312")


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not installed")
    return path


def test_charset_sizes():
    # The figures the coverage tests rely on (URO U+4E00–U+9FA5 plus 21 compatibility ideographs).
    assert len(GB2312_HANZI) == 6763
    assert len(GBK_HANZI) == 20902 + 21
    assert set(range(0x4E00, 0x9FA6)) <= GBK_HANZI


@pytest.mark.parametrize("role", fonts.ROLES)
def test_bundled_face_is_truetype(role):
    from fontTools.ttLib import TTFont

    path = fonts.bundled_path(role)
    assert path == FONTS / f"{role}.ttf" and path.is_file()
    font = TTFont(path, lazy=True)
    assert "glyf" in font and "loca" in font
    assert "CFF " not in font and "CFF2" not in font
    assert font["maxp"].tableVersion == 0x00010000
    assert font["name"].getDebugName(1) == fonts.FAMILIES[role]
    assert not font["OS/2"].fsType & 0x0302
    fonts.check_usable(path, role)


def test_families_distinct():
    assert len(set(fonts.FAMILIES.values())) == len(fonts.ROLES)
    assert set(fonts.FAMILIES) == set(fonts.ROLES)


@pytest.mark.parametrize("role", GBK_FACES)
def test_gbk_faces_cover_all_gbk_hanzi(role):
    cov = fonts.coverage(fonts.bundled_path(role))
    assert GBK_HANZI <= cov, f"{role} lacks {len(GBK_HANZI - cov)} GBK hanzi"
    assert set(RARE_NAME_CHARS) <= {chr(c) for c in cov}


@pytest.mark.parametrize("role", fonts.ROLES)
def test_every_face_covers_gb2312_and_ascii(role):
    cov = fonts.coverage(fonts.bundled_path(role))
    assert GB2312_HANZI <= cov
    assert set(range(0x21, 0x7F)) <= cov
    assert {0x3000, 0x3001, 0x3002, 0xFF08, 0xFF09, 0x300A, 0x300B, 0x201C, 0x201D} <= cov


def test_fangsong_lacks_rare_names_but_fallback_has_them():
    cov = fonts.coverage(fonts.bundled_path("fangsong"))
    assert "堃" not in {chr(c) for c in cov}      # FandolFang is GB2312 plus a little
    assert fonts.face_for("堃", "fangsong") == "fallback"
    assert fonts.face_for("张", "fangsong") == "fangsong"


def test_biaosong_has_vertical_forms():
    cov = fonts.coverage(fonts.bundled_path("biaosong"))
    assert {0xFE35, 0xFE36, 0xFE3D, 0xFE3E} <= cov
    assert set(range(0xFE10, 0xFE1A)) | set(range(0xFE30, 0xFE50)) <= cov


def test_missing_and_face_for():
    assert fonts.missing("张堃", "hei") == []
    assert fonts.missing(" 张\t堃\n王\u3000喆 ", "fangsong") == []   # whitespace ignored
    assert fonts.missing("张𠀀李𠀀ꀀ", "song") == ["𠀀", "ꀀ"]         # each once, in order
    assert fonts.missing("a\u200bb", "song") == ["\u200b"]           # would draw a .notdef box
    assert fonts.face_for("堃", "hei") == "hei"
    assert fonts.face_for("𠀀", "biaosong") is None
    assert fonts.face_for("ꀀ", "fallback") is None
    with pytest.raises(InputError):
        fonts.missing("张", "mingti")


def test_coverage_is_cached_and_matches_fonttools():
    from fontTools.ttLib import TTFont

    path = fonts.bundled_path("fallback")         # format 12 cmap, the largest face
    fonts._coverage_cached.cache_clear()
    fonts._header.cache_clear()
    cov = fonts.coverage(path)
    assert fonts.coverage(path) is cov              # cached
    for p in (path, fonts.bundled_path("hei"), need(ARPHIC)):   # hei/arphic: format 4
        want = {c for c, g in TTFont(p, lazy=True).getBestCmap().items() if g != ".notdef"}
        assert fonts.coverage(p) == want


def test_pdf_embeds_and_extracts(tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    lines = {}
    for role in fonts.ROLES:
        name = f"docgen-test-{role}"
        pdfmetrics.registerFont(TTFont(name, str(fonts.bundled_path(role))))
        rare = "" if role == "fangsong" else "堃喆"
        lines[role] = (name, f"{role}工会通知（2024）{rare}")
    pdf = tmp_path / "faces.pdf"
    first = lines["song"][0]
    c = Canvas(str(pdf), pagesize=(600, 400), initialFontName=first)
    y = 360
    for name, text in lines.values():
        c.setFont(name, 16)
        c.drawString(20, y, text)
        y -= 40
    c.save()

    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        text = page.extract_text()
        for _, line in lines.values():
            assert line in text
        # reportlab names a subset "ABCDEF+<PostScript name>"
        want = {fonts.FAMILIES[r].replace(" ", "") + "-Regular" for r in fonts.ROLES}
        used = {ch["fontname"].split("+")[-1] for ch in page.chars}
        assert want <= used
        from pdfminer.pdftypes import resolve1

        embedded = set()
        for ref in resolve1(page.page_obj.resources["Font"]).values():
            font = resolve1(ref)
            if "DescendantFonts" in font:
                font = resolve1(resolve1(font["DescendantFonts"])[0])
            desc = resolve1(font["FontDescriptor"])
            if "FontFile2" in desc:
                embedded.add(resolve1(desc["FontName"]).name.split("+")[-1])
        assert want <= embedded


# --- check_usable ---------------------------------------------------------------

def test_refuses_cff():
    with pytest.raises(InputError) as e:
        fonts.check_usable(need(NOTO_CFF), "song")
    assert "reportlab 只能使用 TrueType 字体" in e.value.message
    assert "song" in e.value.message and str(NOTO_CFF) in e.value.message
    assert e.value.exit_code == 2


def test_refuses_non_fonts(tmp_path):
    text = tmp_path / "simsun.ttf"
    text.write_text("这不是字体", encoding="utf-8")
    with pytest.raises(InputError, match="不是字体"):
        fonts.check_usable(text, "song")
    with pytest.raises(InputError, match="不存在"):
        fonts.check_usable(tmp_path / "nope.ttf", "hei")
    short = tmp_path / "short.ttf"
    short.write_bytes(b"\x00\x01\x00\x00\x00\x20")    # header promises 32 tables
    with pytest.raises(InputError):
        fonts.check_usable(short, "hei")
    with pytest.raises(InputError):
        fonts.coverage(text)


def test_refuses_restricted_embedding(tmp_path):
    from fontTools.ttLib import TTFont

    font = TTFont(need(LIBERATION))
    font["OS/2"].fsType = 0x0002
    bad = tmp_path / "restricted.ttf"
    font.save(bad)
    with pytest.raises(InputError, match="fsType") as e:
        fonts.check_usable(bad, "kai")
    assert "kai" in e.value.message
    font["OS/2"].fsType = 0x0008                      # editable embedding is fine
    ok = tmp_path / "editable.ttf"
    font.save(ok)
    fonts.check_usable(ok, "kai")


def test_ttc_subfont():
    fonts.check_usable(need(WQY), "hei")
    fonts.check_usable(WQY, "hei", subfont=1)
    with pytest.raises(InputError, match="只有 2 个"):
        fonts.check_usable(WQY, "hei", subfont=5)
    assert "堃" in {chr(c) for c in fonts.coverage(WQY, 1)}


def test_resolve_overrides(tmp_path):
    faces = fonts.resolve()
    assert faces == {r: FONTS / f"{r}.ttf" for r in fonts.ROLES}
    faces = fonts.resolve({"song": need(ARPHIC)})
    assert faces["song"] == ARPHIC and faces["hei"] == FONTS / "hei.ttf"
    assert fonts.font_path("song", {"song": str(ARPHIC)}) == ARPHIC
    assert fonts.missing("堃", "song", {"song": ARPHIC}) == []   # via fallback
    assert fonts.face_for("堃", "song", {"song": ARPHIC}) == "fallback"
    with pytest.raises(InputError, match="未知的字体角色"):
        fonts.resolve({"mingti": ARPHIC})
    with pytest.raises(InputError, match="TrueType"):
        fonts.resolve({"song": need(NOTO_CFF)})


def test_import_is_light():
    code = "import sys, docgen.fonts; print('fontTools' in sys.modules, 'reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# --- assets folder -------------------------------------------------------------

def test_readme_licences_and_hashes():
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^([0-9a-f]{64})  (\w+\.ttf)$", readme, re.M))
    listed = {v: k for k, v in listed.items()}
    for role in fonts.ROLES:
        data = (FONTS / f"{role}.ttf").read_bytes()
        assert listed[f"{role}.ttf"] == hashlib.sha256(data).hexdigest(), f"{role}: rebuild README"
        lic = FONTS / f"LICENSE-{role}.txt"
        assert lic.stat().st_size > 1000
        assert fonts.FAMILIES[role] in readme
    total = sum(p.stat().st_size for p in FONTS.iterdir() if p.is_file())
    assert total <= 80 * 1024 * 1024


def test_committed_fonts_conf_is_current():
    assert (FONTS / "fonts.conf").read_text(encoding="utf-8") == fonts.render_fontconfig(relative=True)


# --- fontconfig ------------------------------------------------------------------

EXPECTED = {
    "仿宋_GB2312": "Docgen Fangsong", "仿宋": "Docgen Fangsong", "FangSong": "Docgen Fangsong",
    "黑体": "Docgen Hei", "SimHei": "Docgen Hei",
    "楷体_GB2312": "Docgen Kai", "KaiTi": "Docgen Kai",
    "方正小标宋简体": "Docgen Biaosong", "方正小标宋_GBK": "Docgen Biaosong",
    "宋体": "Docgen Song", "SimSun": "Docgen Song",
    "Times New Roman": "Liberation Serif",
}


def fc_match(conf: Path, name: str) -> tuple[str, str]:
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    out = subprocess.run(["fc-match", "-f", "%{family[0]}|%{file}", name], env=env,
                         capture_output=True, text=True, check=True, timeout=60).stdout
    family, _, file = out.partition("|")
    return family, file


@pytest.fixture(scope="module")
def fc():
    if shutil.which("fc-match") is None:
        pytest.skip("fc-match not installed")
    return fc_match


def test_fontconfig_file_binds_word_names(tmp_path, fc):
    conf = fonts.fontconfig_file(tmp_path / "fc")
    assert conf.parent == tmp_path / "fc" and conf.is_file()
    assert str(FONTS.resolve()) in conf.read_text(encoding="utf-8")
    for name, family in EXPECTED.items():
        got, file = fc(conf, name)
        assert got == family, name
        if family.startswith("Docgen"):
            assert Path(file).resolve().parent == FONTS.resolve()
    # LibreOffice's per-glyph fallback (堃 missing in fangsong) goes to the bundled fallback next.
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    order = subprocess.run(["fc-match", "-s", "-f", "%{family[0]}\n", "仿宋_GB2312"], env=env,
                           capture_output=True, text=True, check=True, timeout=60).stdout.split("\n")
    assert order[:2] == ["Docgen Fangsong", "Docgen Fallback"]


def test_committed_fonts_conf_finds_faces_beside_it(fc):
    for name in ("仿宋_GB2312", "方正小标宋简体"):
        got, file = fc(FONTS / "fonts.conf", name)
        assert got == EXPECTED[name] and Path(file).resolve().parent == FONTS.resolve()


def test_fontconfig_file_with_override(tmp_path, fc):
    conf = fonts.fontconfig_file(tmp_path, {"kai": need(ARPHIC)})
    assert fc(conf, "楷体_GB2312")[0] == "AR PL SungtiL GB"
    assert fc(conf, "黑体")[0] == "Docgen Hei"
    conf = fonts.fontconfig_file(tmp_path)          # same workdir, no override: link removed
    assert not list((tmp_path / "fonts").iterdir())
    assert fc(conf, "楷体_GB2312")[0] == "Docgen Kai"
