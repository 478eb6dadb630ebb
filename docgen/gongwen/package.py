"""The .docx package: a deterministic zip of the parts.

The same input gives the same bytes: entries in a fixed order with fixed timestamps and
attributes, and the core properties dated by the 成文日期 rather than by the clock. python-docx
stamps every entry with the current time, which is why the package is written here.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

from . import parts, xml
from .styles import styles_xml
from .theme import THEME_XML

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

_OVERRIDES = (
    ("/word/document.xml", f"{WML}.document.main+xml"),
    ("/word/styles.xml", f"{WML}.styles+xml"),
    ("/word/settings.xml", f"{WML}.settings+xml"),
    ("/word/fontTable.xml", f"{WML}.fontTable+xml"),
    ("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
    (f"/word/{parts.FOOTER_ODD}", f"{WML}.footer+xml"),
    (f"/word/{parts.FOOTER_EVEN}", f"{WML}.footer+xml"),
    (f"/word/{parts.FOOTER_NONE}", f"{WML}.footer+xml"),
    ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
)
_DOCUMENT_RELS = (
    ("rId1", "styles", "styles.xml"),
    ("rId2", "settings", "settings.xml"),
    ("rId3", "fontTable", "fontTable.xml"),
    ("rId4", "theme", "theme/theme1.xml"),
    (parts.FOOTER_ODD_RID, "footer", parts.FOOTER_ODD),
    (parts.FOOTER_EVEN_RID, "footer", parts.FOOTER_EVEN),
    (parts.FOOTER_NONE_RID, "footer", parts.FOOTER_NONE),
)
_ROOT_RELS = (
    ("rId1", f"{OFFICE_REL}/officeDocument", "word/document.xml"),
    ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
     "docProps/core.xml"),
    ("rId3", f"{OFFICE_REL}/extended-properties", "docProps/app.xml"),
)


# The parts below, but for the core properties, hold no input text, so they are written as text:
# ElementTree cannot write them (their attributes have no namespace, their elements a default one).
def _content_types() -> bytes:
    entries = [f'<Default Extension="rels" ContentType="{REL_TYPE}"/>',
               '<Default Extension="xml" ContentType="application/xml"/>']
    entries += [f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in _OVERRIDES]
    return xml.part(f'<Types xmlns="{CT_NS}">{"".join(entries)}</Types>')


def _relationships(rels) -> bytes:
    entries = [f'<Relationship Id="{rid}" Type="{kind if "/" in kind else f"{OFFICE_REL}/{kind}"}" '
               f'Target="{target}"/>' for rid, kind, target in rels]
    return xml.part(f'<Relationships xmlns="{REL_NS}">{"".join(entries)}</Relationships>')


_CORE_NS = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
            "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
for _prefix, _uri in _CORE_NS.items():
    ET.register_namespace(_prefix, _uri)    # xsi:type below names the dcterms: prefix, so it must be that


def _core(title: str, author: str, when: dt.date) -> bytes:
    ns = _CORE_NS
    root = ET.Element(f"{{{ns['cp']}}}coreProperties")
    stamp = f"{when.isoformat()}T00:00:00Z"
    for prefix, tag, value in (("dc", "title", title), ("dc", "creator", author),
                               ("cp", "lastModifiedBy", author), ("cp", "revision", "1"),
                               ("dcterms", "created", stamp), ("dcterms", "modified", stamp)):
        node = ET.SubElement(root, f"{{{ns[prefix]}}}{tag}")
        node.text = value
        if prefix == "dcterms":
            node.set(f"{{{ns['xsi']}}}type", "dcterms:W3CDTF")
    return xml.to_bytes(root)


def _app() -> bytes:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    return xml.part(f'<Properties xmlns="{ns}"><Application>docgen</Application>'
                    '<DocSecurity>0</DocSecurity></Properties>')


def document_xml(body: list[Element], numbered_end: bool = True) -> bytes:
    root = xml.root("document")
    body_el = xml.sub(root, "body")
    body_el.extend(body)
    body_el.append(parts.section_properties(numbered_end))
    return xml.to_bytes(root)


def docx_bytes(body: list[Element], title: str, author: str, when: dt.date,
               numbered_end: bool = True) -> bytes:
    """The whole .docx as bytes; identical for identical arguments."""
    entries = (
        ("[Content_Types].xml", _content_types()),
        ("_rels/.rels", _relationships(_ROOT_RELS)),
        ("docProps/core.xml", _core(title, author, when)),
        ("docProps/app.xml", _app()),
        ("word/document.xml", document_xml(body, numbered_end)),
        ("word/_rels/document.xml.rels", _relationships(_DOCUMENT_RELS)),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", parts.settings_xml()),
        ("word/fontTable.xml", parts.font_table_xml()),
        ("word/theme/theme1.xml", THEME_XML),
        (f"word/{parts.FOOTER_ODD}", parts.footer_xml(True)),
        (f"word/{parts.FOOTER_EVEN}", parts.footer_xml(False)),
        (f"word/{parts.FOOTER_NONE}", parts.empty_footer_xml()),
    )
    stamp = (when.year, when.month, when.day, 0, 0, 0) if when.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0           # the same bytes on Windows and Linux
            info.external_attr = 0
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()
