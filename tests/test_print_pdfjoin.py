"""Joining chunk PDFs by streaming: the same pages as pdfium's merge, equal bytes for equal
chunks, and anything unusual refused."""

from __future__ import annotations

import io

import pdfplumber
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen.canvas import Canvas

from docgen.printing import pdfjoin
from docgen.printing.faces import FaceSet
from docgen.printing.render import new_canvas, subset_tags


def chunk(path, index: int, pages: list[str]):
    """A chunk as batch.py makes one: bundled faces as subsets, invariant, page boxes."""
    faces = FaceSet()
    canvas = new_canvas(str(path), faces, "胸卡")
    for text in pages:
        canvas.setTrimBox((10, 10, 200, 200))
        canvas.setFont(faces.face("biaosong").name, 20)
        canvas.drawString(20, 100, text)
        canvas.setFont(faces.face("hei").name, 9)
        canvas.drawString(20, 60, f"第{index}块")
        canvas.showPage()
    with subset_tags(index):
        canvas.save()
    return path


@pytest.fixture
def chunks(tmp_path):
    return [chunk(tmp_path / "a.pdf", 0, ["岳西县总工会", "张三"]),
            chunk(tmp_path / "b.pdf", 1, ["李四", "王五", "赵堃"]),
            chunk(tmp_path / "c.pdf", 2, ["欧阳建国"])]


def texts(path):
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(path) as pdf:
        meta = {k: v for k, v in pdf.metadata.items() if k != "Producer"}       # pdfium signs its own
        return ([page.extract_text() for page in pdf.pages],
                [resolve1(page.page_obj.attrs.get("TrimBox")) for page in pdf.pages], meta)


def test_same_pages_as_pdfium(tmp_path, chunks):
    joined, merged = tmp_path / "joined.pdf", tmp_path / "merged.pdf"
    with open(joined, "wb") as fh:
        assert pdfjoin.join(chunks, fh) == 6
    _merge_pdfium(chunks, merged)
    assert texts(joined) == texts(merged)
    assert texts(joined)[0] == ["岳西县总工会\n第0块", "张三\n第0块", "李四\n第1块", "王五\n第1块", "赵堃\n第1块", "欧阳建国\n第2块"]
    doc = pdfium.PdfDocument(str(joined))
    assert len(doc) == 6
    doc.close()


def test_equal_chunks_give_equal_bytes(tmp_path, chunks):
    one, two = io.BytesIO(), io.BytesIO()
    pdfjoin.join(chunks, one)
    pdfjoin.join(chunks, two)
    assert one.getvalue() == two.getvalue()
    assert one.getvalue().startswith(b"%PDF-1.") and one.getvalue().endswith(b"%%EOF\n")


def test_the_file_is_well_formed(tmp_path, chunks):
    out = io.BytesIO()
    pdfjoin.join(chunks, out)
    data = out.getvalue()
    parsed = pdfjoin.Chunk(data)                   # its own xref table points at every object
    for number, at in parsed.offsets.items():
        assert data.startswith(b"%d 0 obj" % number, at)
    assert len(parsed.pages) == 6


def _merge_pdfium(paths, target):
    merged = pdfium.PdfDocument(str(paths[0]))
    for path in paths[1:]:
        merged.import_pages(pdfium.PdfDocument(str(path)))
    merged.save(str(target))
    merged.close()


def test_other_pdfs_are_refused(tmp_path):
    other = tmp_path / "other.pdf"
    doc = pdfium.PdfDocument.new()
    doc.new_page(100, 100)
    doc.save(str(other))
    with pytest.raises(pdfjoin.NotJoinable):
        pdfjoin.join([other], io.BytesIO())


def test_a_plain_canvas_pdf_joins(tmp_path):
    path = tmp_path / "plain.pdf"
    canvas = Canvas(str(path), invariant=1)
    canvas.drawString(10, 10, "x")
    canvas.showPage()
    canvas.save()
    out = io.BytesIO()
    assert pdfjoin.join([path, path], out) == 2
