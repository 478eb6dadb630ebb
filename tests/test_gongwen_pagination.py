"""docgen.gongwen.pagination: the predicted page breaks, the remedies, and LibreOffice agreeing.

The unit tests need no LibreOffice. The comparison converts about twenty documents in one
LibreOffice run (the fixtures, the sample sealed and unsealed, and variants of the sample plan
whose body ends at every kind of place on its last page) and checks, for each, that every line
docgen predicted is a line of that page in the PDF, and what a reader checks with the pages
spread out: the notice's body starts under the 主送, no continued page is more than two lines
short, the 署名 page carries body text, 署名 and date are one row each, the 版记 is on an even
page, blank and 版记 pages are unnumbered.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import msgspec
import pytest
from gongwen import pdfcheck
from gongwen.helpers import DOCUMENTS, composition, document

from docgen import cn
from docgen.gongwen import blocks as b, compose_notice, compose_plan, pagination, to_docx, units as u
from docgen.gongwen.pagination import break_lines, layout
from docgen.model import Section

WIDTH = u.TYPE_WIDTH


# ---- line breaking -----------------------------------------------------------------------------

def test_the_punctuation_sets_are_docgen_cn():
    from docgen.gongwen import lines

    assert lines.cn is cn                                   # one set of line-breaking rules
    for module in (lines, pagination):
        assert not {n for n in ("OPENING", "CLOSING", "NO_LINE_START", "BREAK_AFTER") if n in vars(module)}


def test_28_hanzi_a_line_and_26_after_the_indent():
    text = "工" * 100
    lines = break_lines(text, WIDTH, u.FIRST_LINE_INDENT)
    assert [len(x) for x in lines] == [26, 28, 28, 18]


@pytest.mark.parametrize("mark", list("，。、；：？！）》”"))
def test_no_line_starts_with_a_closing_mark(mark):
    text = "工" * 26 + mark + "工" * 10             # the mark would start line 2: a hanzi goes with it
    lines = break_lines(text, WIDTH, u.FIRST_LINE_INDENT)
    assert lines[0] == "工" * 25 and lines[1].startswith("工" + mark)
    assert all(line[0] not in cn.NO_LINE_START for line in lines)


@pytest.mark.parametrize("mark", list("（《“"))
def test_no_line_ends_with_an_opening_mark(mark):
    text = "工" * 25 + mark + "工" * 10
    lines = break_lines(text, WIDTH, u.FIRST_LINE_INDENT)
    assert lines[0] == "工" * 25 and lines[1].startswith(mark)


def test_latin_words_stay_whole_and_take_their_own_widths():
    text = "全县“双亮”活动从2012年5月开始，至2014年12月底结束，分四个阶段进行。"
    lines = break_lines(text, WIDTH, u.FIRST_LINE_INDENT)
    assert lines == ["全县“双亮”活动从2012年5月开始，至2014年12月底", "结束，分四个阶段进行。"]   # as LibreOffice


# ---- remedies, on the prediction -------------------------------------------------------------

def _signature_page(blocks) -> tuple[int, int]:
    """(page of the 署名, page of the body's last line before it)."""
    lay = layout(blocks)
    s = next(i for i, x in enumerate(blocks) if isinstance(x, b.Signature))
    body = pagination._body_before(blocks, s)
    return lay.rows_of(s)[0].page, lay.rows_of(body)[-1].page


def test_no_paragraph_is_kept_with_the_signature():
    for name, kind in DOCUMENTS:
        assert not any(isinstance(x, b.Paragraph) and x.keep_next for x in composition(name, kind).blocks)


def test_notice_body_and_signature_on_the_first_page_by_closer_lines():
    blocks = composition("county", "notice").blocks
    assert _signature_page(blocks) == (1, 1)
    sig = next(x for x in blocks if isinstance(x, b.Signature))
    assert sig.blank_lines == 1 and u.LINE_PITCH > sig.line_pitch >= pagination.MIN_PITCH


def _variant(extra_chars: int, sealed: bool = True):
    """The sample plan with a last section whose paragraph is `extra_chars` long."""
    doc = document("county")
    text = ("各级工会要加强对活动的督促检查，及时总结推广好的做法和经验。" * 40)[:extra_chars]
    extra = Section("保障措施", paragraphs=(text,)) if extra_chars else None
    plan = msgspec.structs.replace(doc.plan, sections=(extra,) if extra else ())
    return msgspec.structs.replace(doc, plan=plan, issuer=msgspec.structs.replace(doc.issuer, sealed=sealed))


def remedy(blocks) -> str:
    if any(getattr(x, "line_pitch", None) for x in blocks):
        return "closer"
    if any(isinstance(x, b.Paragraph) and x.justify_last for x in blocks) or any(
            isinstance(x, b.PageBreak) and isinstance(y, b.Paragraph) and not y.indent for x, y in zip(blocks, blocks[1:])):
        return "carry"
    if any(isinstance(x, b.Signature) and x.blank_lines == 1 for x in blocks):
        return "one blank line"
    return "none"


@pytest.fixture(scope="module")
def variants() -> dict[str, object]:
    """One sample-plan variant per remedy and per 版记 placement, found by the predictor."""
    found: dict[str, object] = {}
    for chars in range(0, 28 * 24, 7):
        for sealed in (True, False):
            doc = _variant(chars, sealed)
            blocks = compose_plan(doc).blocks
            banji = next(x for x in blocks if isinstance(x, b.Banji)).placement
            for key in (remedy(blocks), "banji " + banji):
                found.setdefault(key, doc)
    return found


def test_every_remedy_and_placement_occurs(variants):
    assert set(variants) >= {"none", "one blank line", "closer", "carry", "banji foot", "banji next_page",
                             "banji after_blank"}


def test_signature_page_always_carries_body_text():
    for chars in range(0, 28 * 24, 7):
        blocks = compose_plan(_variant(chars)).blocks
        sig, body = _signature_page(blocks)
        assert sig == body, chars
        short = pagination.lines_short(blocks)
        last_text = max(short) if short else 0
        assert all(v <= 2 for p, v in short.items() if p < last_text and p != sig), (chars, short)


def test_banji_on_an_even_page_and_its_page_unnumbered():
    """A 版记 off the last text page starts a section whose footer is empty (no page number)."""
    for chars in range(0, 28 * 24, 28):
        comp = compose_plan(_variant(chars))
        assert pagination.predicted_pages(comp.blocks) % 2 == 0, chars
        banji = next(x for x in comp.blocks if isinstance(x, b.Banji))
        with zipfile.ZipFile(io.BytesIO(to_docx(comp))) as z:
            body = z.read("word/document.xml").decode()
            assert z.read("word/footer3.xml").count(b"<w:t") == 0
        last = body.rsplit("<w:sectPr", 1)[1]
        assert (body.count("<w:sectPr") == 2) == (banji.placement != "foot"), chars
        assert ('r:id="rId12"' in last) == (banji.placement != "foot"), chars


# ---- LibreOffice agrees ------------------------------------------------------------------------

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


def _cases(variants) -> dict[str, tuple[object, str]]:
    cases = {f"{name}-{kind}": (document(name), kind) for name, kind in DOCUMENTS}
    county = document("county")
    unsealed = msgspec.structs.replace(county, issuer=msgspec.structs.replace(county.issuer, sealed=False))
    cases["county-unsealed-plan"] = (unsealed, "plan")
    cases["county-unsealed-notice"] = (unsealed, "notice")
    cases["county-attached-plan"] = (county, "attached")
    for key, doc in variants.items():
        cases["variant-" + key.replace(" ", "-")] = (doc, "plan")
    return cases


def _compose(doc, kind):
    if kind == "attached":
        return compose_plan(doc, attached=True)
    return compose_plan(doc) if kind == "plan" else compose_notice(doc)


@pytest.fixture(scope="module")
def converted(tmp_path_factory, variants):
    keep = os.environ.get("DOCGEN_KEEP_PDF")          # a folder to keep the PDFs in, to look at them
    folder = Path(keep) if keep else tmp_path_factory.mktemp("pagination")
    folder.mkdir(parents=True, exist_ok=True)
    cases = _cases(variants)
    sources, comps = [], {}
    for key, (doc, kind) in cases.items():
        comps[key] = (doc, _compose(doc, kind))
        path = folder / f"{key}.docx"
        path.write_bytes(to_docx(comps[key][1]))
        sources.append(path)
    pdfs = pdfcheck.convert_many(sources, folder)
    return {key: (doc, comp, pdf) for (key, (doc, comp)), pdf in zip(comps.items(), pdfs)}


def _squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


@needs_soffice
def test_every_predicted_line_is_on_its_page_in_libreoffice(converted):
    for key, (_, comp, pdf) in converted.items():
        pages = pdfcheck.read(pdf)
        at = next((i for i, x in enumerate(comp.blocks) if isinstance(x, b.Banji)), len(comp.blocks))
        lay = layout(comp.blocks[:at])
        assert pagination.predicted_pages(comp.blocks) == len(pages), key
        for placed in lay.placed:
            if not placed.row.text or isinstance(comp.blocks[placed.row.block], b.TableBlock):
                continue
            rows = [_squeeze(r.text) for r in pages[placed.page - 1].rows]
            assert _squeeze(placed.row.text) in rows, (key, placed.page, placed.row.text)


@needs_soffice
def test_table_rows_start_on_the_predicted_page(converted):
    _, comp, pdf = converted["liuyou-plan"]
    pages = pdfcheck.read(pdf)
    lay = layout(comp.blocks)
    checked = 0
    for placed in lay.placed:
        if isinstance(comp.blocks[placed.row.block], b.TableBlock) and placed.row.text:
            first_cell_line = _squeeze(placed.row.text.split("\t")[-1])[:10]
            page = pages[placed.page - 1]
            assert any(_squeeze(r.text).startswith(first_cell_line) or first_cell_line in _squeeze(r.text)
                       for r in page.rows), placed.row.text
            checked += 1
    assert checked >= 5


@needs_soffice
def test_what_a_reader_sees(converted):
    for key, (doc, comp, pdf) in converted.items():
        attached = key.endswith("attached-plan")
        recipients = "、".join(doc.notice.recipients) if key.endswith("notice") else None
        found = pdfcheck.findings(pdf, doc.issuer.name, cn.date_cn(doc.issuer.date), recipients)
        if recipients:
            assert found.first_page_body, key
        assert all(int(v + 0.1) <= 2 for v in found.short.values()), (key, found.short)   # whole grid lines
        if attached:
            assert found.signature_page is None and found.banji_page is None
            continue
        assert found.signature_page and found.signature_with_body, key
        assert found.date_rows == 1, key
        if doc.issuer.sealed:
            assert found.name_centre_off < 0.5, (key, found.name_centre_off)
        assert found.banji_page == found.pages and found.pages % 2 == 0, key
        assert not found.numbered_wrongly, (key, found.numbered_wrongly)
        if pagination.predicted_pages(comp.blocks) > 1:
            banji = next(x for x in comp.blocks if isinstance(x, b.Banji))
            assert (found.pages in found.unnumbered) == (banji.placement != "foot"), key


def test_a_heading_right_before_the_signature_is_set_as_a_paragraph():
    """A requirement written without 。 heads nothing when it is the last: it is not kept with the
    署名, so it cannot drag the 署名 off the body's page."""
    doc = document("zhuanfa-notext")
    notice = msgspec.structs.replace(doc.notice, requirements=doc.notice.requirements + ("加强组织领导",))
    blocks = compose_notice(msgspec.structs.replace(doc, notice=notice)).blocks
    s = next(i for i, x in enumerate(blocks) if isinstance(x, b.Signature))
    last = blocks[s - 1]
    assert isinstance(last, b.Paragraph) and last.text == "四、加强组织领导" and last.spans[0].face == "hei"
