"""Every generated file passes openxml-audit: no schema or semantic error Word would repair."""

from __future__ import annotations

import pytest
from gongwen.helpers import DOCUMENTS, docx

openxml_audit = pytest.importorskip("openxml_audit")

# python-docx's own template trips these two; docgen writes no stylesWithEffects part at all.
KNOWN_NOISE = ("stylesWithEffects",)


def audit(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "document.docx"
    path.write_bytes(data)
    result = openxml_audit.OpenXmlValidator().validate(str(path))
    return [f"{e.part_uri}: {e.description}" for e in result.errors
            if not any(noise in f"{e.part_uri} {e.description}" for noise in KNOWN_NOISE)]


@pytest.mark.parametrize("name, kind", DOCUMENTS)
def test_openxml_audit_clean(name, kind, tmp_path):
    assert audit(docx(name, kind), tmp_path) == []


def test_audit_catches_a_misplaced_property(tmp_path):
    """The check can fail: w:spacing moved after w:sz in a run's properties is reported."""
    import io
    import re
    import zipfile

    data = docx("county", "plan")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            raw = src.read(info.filename)
            if info.filename == "word/styles.xml":
                raw, moved = re.subn(rb'(<w:spacing w:val="-5" ?/>)(<w:sz w:val="32" ?/>)', rb"\2\1", raw, count=1)
                assert moved == 1
            z.writestr(info, raw)
    assert audit(out.getvalue(), tmp_path)


@pytest.mark.parametrize("name, kind", DOCUMENTS)
def test_python_docx_reads_it_back(name, kind):
    """A second, independent reader: python-docx opens the package and sees the same text."""
    import io

    import docx as python_docx
    from gongwen.helpers import body_paragraphs, text_of

    opened = python_docx.Document(io.BytesIO(docx(name, kind)))
    ours = [text_of(p) for p in body_paragraphs(docx(name, kind))]
    theirs = [p.text.replace("\t", "").replace("\n", "") for p in opened.paragraphs]   # w:tab, w:br
    assert [t for t in theirs if t] == [t for t in ours if t and not _in_table(t, name, kind)]
    section = opened.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert section.top_margin.mm == pytest.approx(37, abs=0.1) and section.left_margin.mm == pytest.approx(28, abs=0.1)


def _in_table(text, name, kind) -> bool:
    from gongwen.helpers import NS, part

    root = part(docx(name, kind), "word/document.xml")
    cells = {"".join(t.text or "" for t in p.iter(f"{{{NS['w']}}}t")) for p in root.findall(".//w:tbl//w:p", NS)}
    return text in cells
