"""Bundled faces, user overrides, glyph coverage, and the fontconfig file for LibreOffice.

Every product embeds its fonts, so docgen ships six TrueType faces (assets/fonts, built by
scripts/build_fonts.py).  A user may replace any role with their own font (--font ROLE=PATH);
such a file must be TrueType because reportlab cannot embed CFF outlines.

Font files are read with fontTools (tables, OS/2 fsType, the best Unicode cmap). Only a user's
own fonts (and `coverage` callers) are read this way; drawing uses reportlab's copy of the cmap.
"""

from __future__ import annotations

import functools
import os
import shutil
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from stat import S_ISREG

from .catalog import font_roles
from .errors import EnvironmentProblem, InputError
from .load.files import os_reason
from .resources import FONTS

# The roles and what belongs to each (file, Chinese label, family name, the font names .docx files
# ask for) are data: assets/fonts/roles.toml.
_ROLE_TABLE = font_roles()
ROLES = tuple(_ROLE_TABLE)
# Chinese labels for messages.
LABELS = {r.role: r.label for r in _ROLE_TABLE.values()}
# Internal family names of the bundled faces (name table ID 1); fonts.conf binds to them.
FAMILIES = {r.role: r.family for r in _ROLE_TABLE.values()}
# Font names that .docx files written for Chinese offices ask for, per role.
WORD_NAMES = {r.role: r.office_names for r in _ROLE_TABLE.values() if r.office_names}
# Western names mapped to installed metric-compatible faces (fonts-liberation).
WESTERN_NAMES = {"Times New Roman": "Liberation Serif"}

SYSTEM_FONTCONFIG = ("/etc/fonts/fonts.conf", "/usr/local/etc/fonts/fonts.conf",
                     "/opt/homebrew/etc/fonts/fonts.conf")


def escape(text: str) -> str:
    """XML text escaping (xml.sax.saxutils would import urllib, ~20 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _NotAFont(Exception):
    """Internal: why a file cannot be used; turned into an InputError naming the role."""


# --- paths -------------------------------------------------------------------

def _role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"未知的字体角色“{role}”；可用的角色：{'、'.join(ROLES)}")
    return role


def _describe(role: str) -> str:
    return f"{role}（{LABELS[role]}）" if role in LABELS else role


def bundled_path(role: str) -> Path:
    """The bundled face for a role (assets/fonts/<role>.ttf)."""
    return FONTS / _ROLE_TABLE[_role(role)].file


def resolve(overrides: Mapping[str, Path] | None = None) -> dict[str, Path]:
    """role -> font file: the bundled faces, with user overrides (checked) in their place."""
    faces = dict(_bundled())
    for role, path in (overrides or {}).items():
        _role(role)
        path = Path(path).expanduser()
        check_usable(path, role)
        faces[role] = path
    return faces


@functools.lru_cache(maxsize=1)
def _bundled() -> dict[str, Path]:
    """The bundled faces, checked to exist once per process (missing() calls resolve() per name)."""
    faces = {}
    for role in ROLES:
        path = bundled_path(role)
        if not path.is_file():
            raise EnvironmentProblem(
                f"内置字体缺失：{path}。请重新安装 docgen，或运行 python scripts/build_fonts.py 重建字体")
        faces[role] = path
    return faces


def font_path(role: str, overrides: Mapping[str, Path] | None = None) -> Path:
    return resolve(overrides)[_role(role)]


# --- reading font files with fontTools -----------------------------------------------

_MAGIC = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"ttcf")


def _open(path: str, subfont: int):
    """The fontTools font (lazy), with Chinese reasons for files it cannot be."""
    from fontTools.ttLib import TTFont

    try:
        with open(path, "rb") as f:
            magic = f.read(4)
    except OSError as e:
        raise _NotAFont(f"无法读取（{os_reason(e)}）") from None
    if magic in (b"wOFF", b"wOF2"):
        raise _NotAFont("这是网页字体（WOFF），请先转换为 .ttf")
    if len(magic) < 4:
        raise _NotAFont("文件太短，不是字体文件")
    if magic not in _MAGIC:
        raise _NotAFont("不是字体文件（没有 TrueType/OpenType 文件头）")
    try:
        return TTFont(path, fontNumber=subfont if magic == b"ttcf" else -1, lazy=True)
    except Exception as e:        # fontTools raises many kinds on broken files
        if magic == b"ttcf" and "font number" in str(e):
            raise _NotAFont(f"字体集合（.ttc）中没有序号 {subfont} 的字体") from None
        raise _NotAFont("字体文件不完整或已损坏（表目录无法读取）") from None


def _key(path: Path, subfont: int) -> tuple:
    """Cache key: a file version (path, subfont, inode, mtime, size), so edited files are re-read.

    No Path.resolve(): it costs more than the lookup it keys (this runs once per name checked).
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _NotAFont("文件不存在") from None
    except OSError as e:
        raise _NotAFont(f"无法读取（{os_reason(e)}）") from None
    if not S_ISREG(st.st_mode):
        raise _NotAFont("不是文件")
    return os.fspath(path), subfont, (st.st_dev, st.st_ino), st.st_mtime_ns, st.st_size


@functools.lru_cache(maxsize=64)
def _header(path: str, subfont: int, _inode, _mtime: int, _size: int) -> dict:
    """Table tags, outline kind and fsType of one face (a .ttc's subfont)."""
    font = _open(path, subfont)
    try:
        fs_type = font["OS/2"].fsType if "OS/2" in font else 0
    except Exception:
        raise _NotAFont("不是有效的字体文件（OS/2 表损坏）") from None
    tag = font.sfntVersion.encode("latin-1") if isinstance(font.sfntVersion, str) else font.sfntVersion
    tables = {t.encode("latin-1") for t in font.reader.keys()}  # noqa: SIM118 (the reader is not iterable)
    return {"tag": tag, "tables": tables, "fsType": fs_type}


# --- checks and coverage ------------------------------------------------------

def check_usable(path: Path, role: str, subfont: int = 0) -> None:
    """Raise InputError (naming role, file and reason) unless reportlab can embed this font.

    Refused: missing file, not a font, CFF/OpenType outlines, no Unicode cmap, and OS/2 fsType
    that forbids embedding or subsetting (the bits reportlab itself enforces).  For a .ttc the
    face `subfont` (default the first) is checked.
    """
    path = Path(path)
    who = f"字体 {_describe(_role(role))} 不可用：{path}"
    try:
        info = _header(*_key(path, subfont))
    except _NotAFont as e:
        raise InputError(f"{who}：{e}") from None
    tables = info["tables"]
    if info["tag"] == b"OTTO" or b"CFF " in tables or b"CFF2" in tables:
        raise InputError(f"{who}：reportlab 只能使用 TrueType 字体（glyf 轮廓），这个字体是 "
                         "CFF 轮廓的 OpenType（.otf 或思源/Noto CJK 之类）；"
                         "请换用 .ttf/.ttc 版本，或先把它转换为 TrueType")
    if b"glyf" not in tables or b"loca" not in tables:
        raise InputError(f"{who}：没有 TrueType 字形表（glyf），不是可嵌入的轮廓字体")
    if b"cmap" not in tables:
        raise InputError(f"{who}：没有字符映射表（cmap），无法按字符取字形")
    fs = info["fsType"]
    if fs & 0x0002 and not fs & 0x000C:
        raise InputError(f"{who}：字体授权标志（OS/2 fsType=0x{fs:04X}，受限许可）禁止嵌入 PDF；"
                         "请换用允许嵌入的字体")
    if fs & 0x0100:
        raise InputError(f"{who}：字体授权标志（OS/2 fsType=0x{fs:04X}）禁止子集化嵌入；"
                         "请换用允许嵌入的字体")
    if fs & 0x0200:
        raise InputError(f"{who}：字体授权标志（OS/2 fsType=0x{fs:04X}）只允许嵌入位图；"
                         "请换用允许嵌入轮廓的字体")
    try:
        cps = _coverage_of(path, subfont)
    except _NotAFont as e:
        raise InputError(f"{who}：{e}") from None
    if not cps:
        raise InputError(f"{who}：字符映射表里没有 Unicode 字符")


def coverage(path: Path, subfont: int = 0) -> frozenset[int]:
    """Code points the face maps to a glyph (cached per file version)."""
    try:
        return _coverage_of(Path(path), subfont)
    except _NotAFont as e:
        raise InputError(f"无法读取字体 {path}：{e}") from None


def _coverage_of(path: Path, subfont: int) -> frozenset[int]:
    return _coverage_cached(*_key(path, subfont))


@functools.lru_cache(maxsize=32)
def _coverage_cached(path: str, subfont: int, inode, mtime: int, size: int) -> frozenset[int]:
    if b"cmap" not in _header(path, subfont, inode, mtime, size)["tables"]:
        return frozenset()
    try:
        cmap = _open(path, subfont).getBestCmap() or {}
    except _NotAFont:
        raise
    except Exception:
        raise _NotAFont("字符映射表（cmap）损坏") from None
    return frozenset(cp for cp, glyph in cmap.items() if glyph != ".notdef")


def _ignorable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cc"


def missing(text: str, role: str, overrides: Mapping[str, Path] | None = None) -> list[str]:
    """Characters of text (each once, in order) that neither the role's face nor fallback has.

    Whitespace and control characters are ignored; anything else, including format characters
    such as U+200B, is reported, because drawing it would show a .notdef box.
    """
    faces = resolve(overrides)
    have, spare = coverage(faces[_role(role)]), coverage(faces["fallback"])
    out, seen = [], set()
    for ch in text:
        if ch in seen:
            continue
        seen.add(ch)
        cp = ord(ch)
        if cp not in have and cp not in spare and not _ignorable(ch):
            out.append(ch)
    return out


def face_for(ch: str, role: str, overrides: Mapping[str, Path] | None = None) -> str | None:
    """Which face draws ch: the role itself, "fallback", or None when neither has it."""
    faces = resolve(overrides)
    cp = ord(ch)
    if cp in coverage(faces[_role(role)]):
        return role
    if cp in coverage(faces["fallback"]):
        return "fallback"
    return None


# --- fontconfig ---------------------------------------------------------------

def render_fontconfig(relative: bool = False, families: Mapping[str, str] | None = None,
                      dirs: tuple[Path, ...] = (), system: str = SYSTEM_FONTCONFIG[0]) -> str:
    """fonts.conf text: the system config, the font folders, and strong aliases.

    relative=True writes `<dir prefix="relative">.</dir>` (the committed assets/fonts/fonts.conf,
    which finds the faces beside itself); otherwise `dirs` are written as absolute paths.
    `families` maps role -> family to bind Word's names to (default: the bundled families).
    """
    fam = dict(FAMILIES)
    fam.update(families or {})
    out = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- docgen: point FONTCONFIG_FILE here when LibreOffice converts .docx to PDF.",
        "     Binds the font names Chinese offices use to the bundled faces.",
        "     Generated by docgen.fonts.render_fontconfig; do not edit by hand. -->",
        "<fontconfig>",
        f'  <include ignore_missing="yes">{escape(system)}</include>',
    ]
    if relative:
        out.append('  <dir prefix="relative">.</dir>')
    for d in dirs:
        out.append(f"  <dir>{escape(str(d))}</dir>")
    # Chinese names get the fallback face right behind them, so LibreOffice's per-glyph
    # fallback (a rare name character missing from fangsong) lands on it, not on any system font.
    aliases: list[tuple[str, str, str | None]] = [
        (name, fam[role], fam["fallback"]) for role, names in WORD_NAMES.items() for name in names]
    aliases += [(name, target, None) for name, target in WESTERN_NAMES.items()]
    for name, target, spare in aliases:
        out += [
            '  <match target="pattern">',
            f'    <test qual="any" name="family"><string>{escape(name)}</string></test>',
            f'    <edit name="family" mode="assign" binding="strong"><string>{escape(target)}</string></edit>',
        ]
        if spare:
            out.append(f'    <edit name="family" mode="append" binding="strong">'
                       f'<string>{escape(spare)}</string></edit>')
        out.append("  </match>")
    out += ["</fontconfig>", ""]
    return "\n".join(out)


def _family_name(path: Path) -> str:
    """Family name of a user font (typographic family if present), via fontTools."""
    from fontTools.ttLib import TTFont
    with open(path, "rb") as f:
        is_ttc = f.read(4) == b"ttcf"
    font = TTFont(path, fontNumber=0 if is_ttc else -1, lazy=True)
    name = font["name"]
    for nid in (16, 1):
        rec = name.getName(nid, 3, 1, 0x409) or name.getName(nid, 3, 1) or name.getName(nid, 1, 0, 0)
        if rec is not None:
            return rec.toUnicode()
    return path.stem


def fontconfig_file(workdir: Path, overrides: Mapping[str, Path] | None = None) -> Path:
    """Write fonts.conf with absolute paths of the resolved faces into workdir; return its path.

    Overridden roles are linked (or copied) into workdir/fonts, so fontconfig sees only that file
    rather than the user's whole folder, and Word's names for the role bind to its family.
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    faces = resolve(overrides)
    dirs = [FONTS.resolve()]
    families = {}
    linkdir = workdir / "fonts"
    if linkdir.is_dir():        # links left by an earlier call with other overrides
        for old in linkdir.iterdir():
            if old.stem in ROLES:
                old.unlink()
    for role in overrides or {}:
        path = faces[role]
        linkdir.mkdir(exist_ok=True)
        link = linkdir / f"{role}{path.suffix.lower()}"
        try:
            os.symlink(path.resolve(), link)
        except OSError:
            shutil.copyfile(path, link)
        families[role] = _family_name(path)
        if linkdir.resolve() not in dirs:
            dirs.append(linkdir.resolve())
    system = next((p for p in SYSTEM_FONTCONFIG if Path(p).exists()), SYSTEM_FONTCONFIG[0])
    conf = workdir / "fonts.conf"
    conf.write_text(render_fontconfig(families=families, dirs=tuple(dirs), system=system),
                    encoding="utf-8")
    return conf

