#!/usr/bin/env python3
"""Rebuild every bundled face in assets/fonts from Debian font packages.

    python scripts/build_fonts.py [--only ROLE,...] [--jobs N] [--fandol PATH]

Only needed to rebuild: normal installs use the committed files.  Output is
byte-for-byte deterministic for the same source package versions (fixed head
timestamps, no time-based values), so a rebuild shows up in git only when a
source package changed.

Why the conversions: reportlab embeds only TrueType outlines (glyf) and refuses
CFF, and the Noto CJK and Fandol sources are CFF, so those are subset first
(fewer glyphs to convert) and then redrawn through fontTools' cu2qu pen into
quadratic TrueType contours.  Every face is renamed ("Docgen ...") because the
OFL forbids reserved names (Source, LXGW, 霞鹜) on modified fonts and because the
fontconfig aliases in fonts.conf bind Word's font names to these families.
Progress goes to stderr; one face per process (multiprocessing).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "fonts"

# Quadratic approximation tolerance in font units (all sources use 1000 upm):
# 1/1000 em is invisible at any print size and keeps the files small.
MAX_ERR = 1.0

FANDOL_IN_TEXLIVE = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf"
FANDOL_DOC = "usr/share/doc/texlive-doc/fonts/fandol"

# Beyond the GB charset, keep whatever the source has of these blocks: Latin for
# pinyin and foreign names, punctuation, numbering (①, Ⅳ, ㈠), full-width forms
# and the vertical presentation forms that vertical plaques use.
EXTRA_RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x02B0, 0x02FF), (0x2000, 0x206F),
    (0x2100, 0x218F), (0x2190, 0x21FF), (0x2460, 0x24FF), (0x2500, 0x257F),
    (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F), (0x3100, 0x312F),
    (0x3200, 0x32FF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
)


@dataclass(frozen=True)
class Source:
    package: str          # Debian package that provides the file
    path: str             # absolute path, or path inside the extracted .deb for Fandol
    face: str | None      # family name of the wanted face inside a .ttc
    licence: str          # short licence name for the README


@dataclass(frozen=True)
class Face:
    role: str
    family: str           # internal family name; fonts.conf aliases bind to it
    source: Source
    charset: str          # "gbk" or "gb2312"
    wide: bool = False    # also keep CJK Ext A and supplementary-plane hanzi
    fstype_zero: bool = False  # licence (OFL) allows marking it installable
    note: str = ""


NOTO_DOC = "/usr/share/doc/fonts-noto-cjk/copyright"
SOURCES = {
    "noto-serif-bold": Source("fonts-noto-cjk", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
                              "Noto Serif CJK SC", "SIL OFL 1.1"),
    "noto-serif": Source("fonts-noto-cjk", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                         "Noto Serif CJK SC", "SIL OFL 1.1"),
    "noto-sans": Source("fonts-noto-cjk", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                        "Noto Sans CJK SC", "SIL OFL 1.1"),
    "wqy": Source("fonts-wqy-microhei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                  "WenQuanYi Micro Hei", "Apache-2.0 (or GPL-3+ with font exception)"),
    "lxgw": Source("fonts-lxgw-wenkai", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
                   None, "SIL OFL 1.1"),
    "fandol": Source("texlive-lang-chinese", FANDOL_IN_TEXLIVE, None, "GPL-3 with font exception"),
}

FACES = (
    Face("biaosong", "Docgen Biaosong", SOURCES["noto-serif-bold"], "gbk", fstype_zero=True,
         note="stands in for 方正小标宋; a Regular-style face with bold design, like the original"),
    Face("song", "Docgen Song", SOURCES["noto-serif"], "gbk", fstype_zero=True),
    Face("fallback", "Docgen Fallback", SOURCES["noto-sans"], "gbk", wide=True, fstype_zero=True,
         note="also CJK Ext A and the supplementary-plane hanzi of Noto (通用规范汉字表 names)"),
    Face("kai", "Docgen Kai", SOURCES["lxgw"], "gbk", fstype_zero=True),
    Face("fangsong", "Docgen Fangsong", SOURCES["fandol"], "gbk",
         note="FandolFang has GB2312 plus about 1,200 more hanzi; the rest come from fallback"),
    Face("hei", "Docgen Hei", SOURCES["wqy"], "gbk"),
)
ROLES = tuple(f.role for f in FACES)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- character sets --------------------------------------------------------

def charset(name: str) -> set[int]:
    """Every BMP code point that encodes in the named Python codec."""
    out = set()
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        try:
            chr(cp).encode(name)
        except UnicodeEncodeError:
            continue
        out.add(cp)
    return out


def wanted_unicodes(face: Face, cmap: dict[int, str]) -> set[int]:
    want = charset(face.charset)
    for lo, hi in EXTRA_RANGES:
        want.update(range(lo, hi + 1))
    if face.wide:
        want.update(cp for cp in cmap if 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3FFFF
                    or 0xF900 <= cp <= 0xFAFF or 0x2E80 <= cp <= 0x2FDF)
    return {cp for cp in want if cp in cmap and cp >= 0x20}


# --- one face ---------------------------------------------------------------

def face_index(path: str, family: str | None) -> int:
    if not path.endswith(".ttc"):
        return -1
    from fontTools.ttLib import TTCollection
    coll = TTCollection(path, lazy=True)
    for i, font in enumerate(coll.fonts):
        if font["name"].getDebugName(1) == family:
            return i
    raise SystemExit(f"{path}: no face named {family!r}")


def subset(font, unicodes: set[int]) -> None:
    from fontTools import subset as ftsubset
    opts = ftsubset.Options()
    # Only vertical substitutions are worth keeping (vertical plaques in
    # LibreOffice); reportlab ignores OpenType layout, GPOS is mostly CJK
    # half-width spacing and Latin kerning nobody asks for here.
    opts.layout_features = ["vert", "vrt2"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.hinting = False          # print/PDF only; hints are most of a TrueType's bytecode
    opts.legacy_kern = False
    opts.recalc_timestamp = False
    opts.drop_tables += ["FFTM", "GPOS", "kern", "DSIG", "LTSH", "hdmx", "VDMX", "PCLT"]
    sub = ftsubset.Subsetter(opts)
    sub.populate(unicodes=sorted(unicodes))
    sub.subset(font)


def cff_to_glyf(font) -> None:
    """Replace CFF outlines by quadratic glyf outlines (after fontTools' otf2ttf snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType clockwise.
        glyphset[name].draw(Cu2QuPen(tt, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:          # CFF-only table; TrueType takes origins from vmtx
        del font["VORG"]
    glyf.compile(font)

    hmtx = font["hmtx"]
    for name, g in glyphs.items():
        adv, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (adv, getattr(g, "xMin", 0) if g.numberOfContours else 0)

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
                  "maxComponentDepth", "maxPoints", "maxContours", "maxCompositePoints",
                  "maxCompositeContours"):
        setattr(maxp, field, 0)
    maxp.recalc(font)

    post = font["post"]
    post.formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font, face: Face, src_desc: str) -> None:
    name = font["name"]
    drop = {1, 2, 3, 4, 6, 16, 17, 18, 21, 22, 25}
    name.names = [r for r in name.names if r.nameID not in drop]
    ps = face.family.replace(" ", "") + "-Regular"
    for nid, text in {
        1: face.family,
        2: "Regular",
        3: f"{face.family} Regular; docgen build of {src_desc}",
        4: face.family,
        6: ps,
        10: (f"{face.family}: {src_desc}, subset to {face.charset.upper()} and converted/renamed "
             f"for docgen by scripts/build_fonts.py. Modified from the original."),
    }.items():
        name.removeNames(nameID=nid)
        name.setName(text, nid, 3, 1, 0x409)


def build_face(face: Face, src_path: str, out_dir: str) -> dict:
    from fontTools.ttLib import TTFont

    t0 = time.monotonic()
    idx = face_index(src_path, face.source.face)
    font = TTFont(src_path, fontNumber=idx, recalcTimestamp=False, recalcBBoxes=True)
    src_desc = f"{font['name'].getDebugName(4)} {font['name'].getDebugName(5) or ''}".strip()
    cmap = font.getBestCmap()
    want = wanted_unicodes(face, cmap)
    log(f"[{face.role}] {src_desc}: subsetting to {len(want)} code points")
    subset(font, want)
    if "CFF " in font:
        log(f"[{face.role}] converting {len(font.getGlyphOrder())} CFF glyphs to TrueType "
            f"({time.monotonic() - t0:.0f} s)")
        cff_to_glyf(font)
    else:
        font["post"].formatType = 3.0
    check_quadratic(font, face.role)
    if face.role == "kai":
        widen_quotes(font)

    rename(font, face, src_desc)
    head, os2 = font["head"], font["OS/2"]
    # Deterministic output: timestamps come from the source, never from the clock.
    head.created = head.modified = font_modified(src_path, idx)
    head.macStyle = 0
    # Regular style bit only (keep USE_TYPO_METRICS); the bold-designed biaosong
    # is a "Regular" face like the 方正小标宋 it stands in for.
    os2.fsSelection = (os2.fsSelection & 0x0080) | 0x0040
    if face.role == "biaosong":
        os2.usWeightClass = 400
    if face.fstype_zero:
        os2.fsType = 0
    out = Path(out_dir) / f"{face.role}.ttf"
    tmp = out.with_suffix(".tmp")
    font.save(tmp, reorderTables=True)
    tmp.replace(out)
    t = time.monotonic() - t0
    log(f"[{face.role}] wrote {out.name}: {out.stat().st_size / 1e6:.1f} MB in {t:.0f} s")
    return {"role": face.role, "seconds": t, "source_desc": src_desc}


# Chinese text sets quotation marks full width: opening marks hug the following character (ink on
# the right of the em box), closing marks the preceding one (ink on the left).
OPENING_QUOTES = (0x201C, 0x2018)
CLOSING_QUOTES = (0x201D, 0x2019)


def widen_quotes(font) -> None:
    """LXGW WenKai draws “ ” ‘ ’ proportional (0.35 em); in 楷体 headings “六有” looked cramped."""
    cmap = font.getBestCmap()
    em = font["head"].unitsPerEm
    glyf, hmtx = font["glyf"], font["hmtx"]
    for code in OPENING_QUOTES + CLOSING_QUOTES:
        name = cmap.get(code)
        if name is None:
            continue
        advance, lsb = hmtx[name]
        shift = em - advance if code in OPENING_QUOTES else 0
        glyph = glyf[name]
        if glyph.isComposite():
            for component in glyph.components:
                component.x += shift
        elif glyph.numberOfContours > 0:
            glyph.coordinates.translate((shift, 0))
        glyph.recalcBounds(glyf)
        hmtx[name] = (em, lsb + shift)


def font_modified(path: str, idx: int) -> int:
    from fontTools.ttLib import TTFont
    f = TTFont(path, fontNumber=idx, lazy=True)
    return f["head"].modified


def check_quadratic(font, role: str) -> None:
    """reportlab cannot draw cubic glyf contours (glyf flag 0x80); make sure there are none."""
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        g = glyf[name]
        if g.numberOfContours > 0 and any(fl & 0x80 for fl in g.flags):
            raise SystemExit(f"[{role}] glyph {name} has cubic TrueType outlines")


def _worker(args):
    face, src, out_dir = args
    return build_face(face, src, out_dir)


# --- sources, licences, README ---------------------------------------------

def package_version(pkg: str) -> str:
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else ""


def fetch_fandol(tmp: Path, given: str | None) -> tuple[Path, Path, str]:
    """FandolFang .otf, its doc dir (README, COPYING.gz) and the package version.

    From an installed TeX Live, a given .otf/.deb, or `apt-get download`
    (extracted with dpkg-deb, nothing is installed).
    """
    installed = Path("/") / FANDOL_IN_TEXLIVE
    if given is None and installed.exists() and (Path("/") / FANDOL_DOC).exists():
        return installed, Path("/") / FANDOL_DOC, package_version("texlive-lang-chinese")
    deb = None
    if given:
        p = Path(given)
        if p.suffix == ".deb":
            deb = p
        else:
            raise SystemExit("--fandol expects the texlive-lang-chinese .deb "
                             "(its licence files come from it)")
    if deb is None:
        log("[fangsong] apt-get download texlive-lang-chinese (about 50 MB) ...")
        r = subprocess.run(["apt-get", "download", "texlive-lang-chinese"], cwd=tmp,
                           capture_output=True, text=True)
        debs = sorted(tmp.glob("texlive-lang-chinese_*.deb"))
        if r.returncode != 0 or not debs:
            raise SystemExit("could not download texlive-lang-chinese (FandolFang, the fangsong source):\n"
                             f"{r.stderr.strip()}\nrun `apt-get update` and retry, or pass "
                             "--fandol path/to/texlive-lang-chinese_*.deb")
        deb = debs[0]
    x = tmp / "texlive"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(x)], check=True)
    version = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], capture_output=True,
                             text=True, check=True).stdout.strip()
    otf = x / FANDOL_IN_TEXLIVE
    if not otf.exists():
        raise SystemExit(f"{deb.name} has no {FANDOL_IN_TEXLIVE}")
    return otf, x / FANDOL_DOC, version


INSTALL_HINT = "apt-get install fonts-noto-cjk fonts-wqy-microhei fonts-lxgw-wenkai"


def check_sources(faces) -> None:
    for face in faces:
        if face.source.package == "texlive-lang-chinese":
            continue
        if not Path(face.source.path).exists():
            raise SystemExit(f"source font missing for {face.role}: {face.source.path} "
                             f"(package {face.source.package}); install it with: "
                             f"apt-get install {face.source.package}")


def licence_text(face: Face, fandol_doc: Path | None) -> str:
    src = face.source
    head = (f"Licence of assets/fonts/{face.role}.ttf ({face.family})\n"
            f"Source: {Path(src.path).name} from the Debian package {src.package}; "
            f"licence: {src.licence}.\n"
            f"The file is a modified version (subset, outlines converted, renamed) made by\n"
            f"scripts/build_fonts.py. Below: the licence text shipped with the source.\n"
            + "=" * 76 + "\n\n")
    if src.package == "texlive-lang-chinese":
        readme = (fandol_doc / "README").read_text(encoding="utf-8")
        copying = gzip.decompress((fandol_doc / "COPYING.gz").read_bytes()).decode("utf-8")
        return head + readme.rstrip() + "\n\n" + "=" * 76 + "\n\n" + copying
    body = Path(f"/usr/share/doc/{src.package}/copyright").read_text(encoding="utf-8")
    if src.package == "fonts-wqy-microhei":
        # Debian's copyright file only points at common-licenses; Apache-2.0 wants the text.
        body += "\n" + "=" * 76 + "\n\n" + Path("/usr/share/common-licenses/Apache-2.0").read_text()
    return head + body


def stats(path: Path) -> dict:
    from fontTools.ttLib import TTFont
    f = TTFont(path, lazy=True)
    cmap = set(f.getBestCmap())
    gbk_han = {cp for cp in range(0x4E00, 0x9FA6)}
    gb2312_han = {cp for cp in charset("gb2312") if 0x4E00 <= cp <= 0x9FFF}
    return {
        "size": path.stat().st_size,
        "glyphs": f["maxp"].numGlyphs,
        "codepoints": len(cmap),
        "gbk_han": len(gbk_han & cmap),
        "gb2312_han": len(gb2312_han & cmap),
        "ext": len({cp for cp in cmap if 0x3400 <= cp <= 0x4DBF or cp > 0xFFFF}),
        "vert": len({cp for cp in cmap if 0xFE10 <= cp <= 0xFE19 or 0xFE30 <= cp <= 0xFE4F}),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "fsType": f["OS/2"].fsType,
    }


def write_readme(faces, info: dict, versions: dict) -> None:
    lines = [
        "# Bundled faces",
        "",
        "Generated by `python scripts/build_fonts.py` (do not edit by hand; rerun it).",
        "All faces are TrueType (glyf) because reportlab refuses CFF outlines; the CFF",
        "sources were subset first and then converted with fontTools' cu2qu",
        f"(max error {MAX_ERR:g} unit of 1000). Hinting and GPOS are dropped (print only);",
        "the `vert`/`vrt2` substitutions are kept. Each face is renamed because the",
        "OFL forbids the original reserved names on modified fonts and `fonts.conf`",
        "binds Word's font names (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体 …)",
        "to these families. Output is deterministic for the same package versions.",
        "",
        "GB2312 has 6,763 hanzi; GBK 20,902 in U+4E00–U+9FA5. \"Ext\" counts CJK",
        "Ext A and supplementary-plane hanzi.",
        "",
        "| file | family | source (Debian package, version) | licence | code points | GBK hanzi | GB2312 hanzi | Ext | vertical forms | size | fsType |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for face in faces:
        s = info[face.role]
        src = face.source
        lines.append(
            f"| `{face.role}.ttf` | {face.family} | {s['source_desc']} "
            f"(`{Path(src.path).name}`, {src.package} {versions[src.package]}) | {src.licence}, "
            f"[LICENSE-{face.role}.txt](LICENSE-{face.role}.txt) | {s['codepoints']:,} | "
            f"{s['gbk_han']:,} | {s['gb2312_han']:,} | {s['ext']:,} | {s['vert']} | "
            f"{s['size'] / 1e6:.1f} MB | {s['fsType']} |")
    total = sum(info[f.role]["size"] for f in faces)
    lines += ["", f"Total of the faces: {total / 1e6:.1f} MB.", "", "Notes:", ""]
    for face in faces:
        if face.note:
            lines.append(f"- {face.role}: {face.note}.")
    lines += [
        "- fsType: the OFL faces are marked installable (0); WenQuanYi and Fandol keep",
        "  their own value 8 (editable embedding), which allows embedding in PDF.",
        "- `fonts.conf` is the fontconfig file for LibreOffice (`FONTCONFIG_FILE`); it",
        "  finds the faces relative to itself. `docgen.fonts.fontconfig_file()` writes",
        "  the same rules with absolute paths (and user font overrides). Each Chinese",
        "  Word name is bound (strong) to its face with Docgen Fallback right behind",
        "  it, so LibreOffice's per-glyph fallback uses the bundled fallback face;",
        "  Times New Roman is bound to Liberation Serif (fonts-liberation).",
        "",
        "SHA-256:",
        "",
        "```",
    ]
    lines += [f"{info[f.role]['sha256']}  {f.role}.ttf" for f in faces]
    lines += ["```", ""]
    (OUT / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="comma-separated roles to rebuild (default: all)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--fandol", help="texlive-lang-chinese .deb to take FandolFang from "
                                     "(default: installed TeX Live, else apt-get download)")
    args = ap.parse_args(argv)
    roles = ROLES if not args.only else tuple(r.strip() for r in args.only.split(","))
    unknown = set(roles) - set(ROLES)
    if unknown:
        ap.error(f"unknown roles {sorted(unknown)}; known: {', '.join(ROLES)}")
    faces = [f for f in FACES if f.role in roles]
    check_sources(faces)
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="docgen-fonts-") as tmp:
        tmp = Path(tmp)
        fandol_path = fandol_doc = None
        versions = {p: package_version(p) for p in {f.source.package for f in FACES}}
        fandol_needed = any(f.source.package == "texlive-lang-chinese" for f in faces) or \
            not (OUT / "LICENSE-fangsong.txt").exists()
        if fandol_needed:
            fandol_path, fandol_doc, versions["texlive-lang-chinese"] = fetch_fandol(tmp, args.fandol)
        jobs = []
        for face in faces:
            src = str(fandol_path) if face.source.package == "texlive-lang-chinese" else face.source.path
            jobs.append((face, src, str(OUT)))
        n = max(1, min(args.jobs, len(jobs)))
        log(f"building {', '.join(f.role for f in faces)} with {n} process(es)")
        ctx = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
        with ctx.Pool(n) as pool:
            results = {r["role"]: r for r in pool.imap_unordered(_worker, jobs, chunksize=1)}
        for face in faces:
            (OUT / f"LICENSE-{face.role}.txt").write_text(licence_text(face, fandol_doc), encoding="utf-8")

        # README needs every face's numbers, also the ones not rebuilt now.
        info = {}
        for face in FACES:
            path = OUT / f"{face.role}.ttf"
            if not path.exists():
                continue
            info[face.role] = stats(path)
            info[face.role]["source_desc"] = (results.get(face.role, {}).get("source_desc")
                                              or _source_desc(path))
        if "texlive-lang-chinese" not in versions or not versions["texlive-lang-chinese"]:
            versions["texlive-lang-chinese"] = _readme_version("texlive-lang-chinese")
        if len(info) == len(FACES):
            write_readme(FACES, info, versions)

    sys.path.insert(0, str(ROOT))
    from docgen import fonts as docfonts
    (OUT / "fonts.conf").write_text(docfonts.render_fontconfig(relative=True), encoding="utf-8")
    total = sum(p.stat().st_size for p in OUT.iterdir() if p.is_file())
    log(f"done in {time.monotonic() - t0:.0f} s; assets/fonts is {total / 1e6:.1f} MB")
    return 0


def _source_desc(path: Path) -> str:
    """Source description kept in the built face (name ID 3) for faces not rebuilt now."""
    from fontTools.ttLib import TTFont
    uid = TTFont(path, lazy=True)["name"].getDebugName(3) or ""
    return uid.split("docgen build of ", 1)[-1]


def _readme_version(pkg: str) -> str:
    readme = OUT / "README.md"
    if readme.exists():
        for line in readme.read_text(encoding="utf-8").splitlines():
            if f"{pkg} " in line:
                return line.split(f"{pkg} ", 1)[1].split(")", 1)[0]
    return "?"


if __name__ == "__main__":
    sys.exit(main())
