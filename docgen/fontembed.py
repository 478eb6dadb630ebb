"""Embed the faces a .docx asks for into the converter's copy, the way Word embeds fonts.

LibreOffice honours fonts embedded in a .docx on every operating system (it registers them for
the document while it converts), whereas the fontconfig map in docgen.fonts reaches only builds
that use fontconfig (Linux), not LibreOffice on Windows. So the private copy handed to the
converter gets each face docgen knows by an office name (仿宋_GB2312, 黑体, 方正小标宋简体, ...)
as word/fonts/fontN.odttf, obfuscated with a per-font key (ECMA-376 Part 1, 17.8.1).

The copy also names the faces by their own family (仿宋_GB2312 -> "Docgen Fangsong", or the family
of a user's --font file): LibreOffice on Windows registers an embedded face under the table's
name, but on macOS (and in some Linux builds) under the family inside the file, so the two must
agree. Renaming the references is cheap; renaming the fonts would mean rewriting 40 MB of sfnt.
The user's .docx keeps the office names and embeds nothing (Word on an office PC has the faces,
and 40 MB of fonts in every mailed document would be unwelcome).
"""

from __future__ import annotations

import shutil
import uuid
import zipfile
from collections.abc import Mapping
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_REL = R + "/font"
ODTTF = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_TABLE = "word/fontTable.xml"
FONT_TABLE_RELS = "word/_rels/fontTable.xml.rels"
FONT_ATTRS = {f"{{{W}}}{a}" for a in ("ascii", "eastAsia", "hAnsi", "cs")} | {"typeface"}   # + theme


def embed_faces(docx: Path, faces: Mapping[str, tuple[str, Path]]) -> list[str]:
    """Rewrite `docx` in place; `faces` maps an office font name to (family, font file).

    Every attribute in the word/ parts that names an office font is set to its family, and each
    family is embedded once. Returns the families embedded. Names not in `faces` (Times New
    Roman) are left to the converter's own substitution.
    """
    from lxml import etree

    with zipfile.ZipFile(docx) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    if FONT_TABLE not in parts:
        return []
    family_of = {name: family for name, (family, _) in faces.items()}
    file_of = {family: path for family, path in faces.values()}
    for name in list(parts):
        if name.startswith("word/") and name.endswith(".xml") and name != FONT_TABLE:
            parts[name] = _renamed(etree, parts[name], family_of) or parts[name]

    table = etree.fromstring(parts[FONT_TABLE])
    rels = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
    fonts: dict[str, tuple[Path, str]] = {}     # part name -> (font file, key)
    embedded: list[str] = []
    for font in table.findall(f"{{{W}}}font"):
        family = family_of.get(font.get(f"{{{W}}}name", ""))
        if family is None:
            continue
        if family in embedded:                    # 仿宋 and 仿宋_GB2312 are one face
            table.remove(font)
            continue
        for child in list(font):
            if child.tag in (f"{{{W}}}altName", f"{{{W}}}embedRegular", f"{{{W}}}embedBold",
                             f"{{{W}}}embedItalic", f"{{{W}}}embedBoldItalic"):
                font.remove(child)
        font.set(f"{{{W}}}name", family)
        n = len(embedded) + 1
        key = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"docgen-font:{family}")).upper() + "}"
        fonts[f"word/fonts/font{n}.odttf"] = (Path(file_of[family]), key)
        etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship", Id=f"rIdFont{n}", Type=FONT_REL,
                         Target=f"fonts/font{n}.odttf")
        etree.SubElement(font, f"{{{W}}}embedRegular", {f"{{{R}}}id": f"rIdFont{n}", f"{{{W}}}fontKey": key})
        embedded.append(family)
    if not embedded:
        return []
    parts[FONT_TABLE] = _xml(etree, table)
    parts[FONT_TABLE_RELS] = _xml(etree, rels)
    types = etree.fromstring(parts["[Content_Types].xml"])
    if not any(d.get("Extension") == "odttf" for d in types.findall(f"{{{CONTENT_TYPES}}}Default")):
        types.insert(0, etree.Element(f"{{{CONTENT_TYPES}}}Default", Extension="odttf", ContentType=ODTTF))
    parts["[Content_Types].xml"] = _xml(etree, types)
    with zipfile.ZipFile(docx, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data, zipfile.ZIP_DEFLATED)
        for name, (path, key) in fonts.items():    # stored (deflating 40 MB costs seconds), streamed
            with open(path, "rb") as face, package.open(zipfile.ZipInfo(name), "w") as part:
                part.write(obfuscate(face.read(32), key))
                shutil.copyfileobj(face, part, 1 << 20)
    return embedded


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's 16 bytes, taken in reverse order of the GUID text."""
    secret = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ secret[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def _renamed(etree, data: bytes, family_of: Mapping[str, str]) -> bytes | None:
    """The part with every font attribute that names an office font renamed; None if none."""
    root = etree.fromstring(data)
    changed = False
    for element in root.iter():
        for attr, value in element.attrib.items():
            if attr in FONT_ATTRS and value in family_of:
                element.set(attr, family_of[value])
                changed = True
    return _xml(etree, root) if changed else None


def _xml(etree, root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
