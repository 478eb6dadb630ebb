"""XML-level checks of the GB/T 9704-2012 rows in shared/spec/gbt9704.md, one rule per test."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from gongwen.helpers import (
    DOCUMENTS,
    NS,
    body_paragraphs,
    docx,
    find,
    part,
    prop,
    style_chain_value,
    style_of,
    styles,
    text_of,
    w,
)

from docgen.gongwen import units as u
from docgen.gongwen.render import signature_indents
from docgen.gongwen.text import width_twips
from docgen.gongwen.xml import ORDER

PLAN = docx("county", "plan")


def test_page_size_and_margins_in_twips():
    sect = part(PLAN, "word/document.xml").find(".//w:body/w:sectPr", NS)
    size, mar = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    assert {k: mar.get(w(k)) for k in ("top", "bottom", "left", "right")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}
    assert sect.find("w:docGrid", NS).get(w("linePitch")) == "579"


def test_body_grid_exact_579_and_minus_quarter_point_spacing():
    normal = styles(PLAN)["Normal"]
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")
    assert (spacing.get(w("before")), spacing.get(w("after"))) == ("0", "0")
    assert normal.find("w:rPr/w:spacing", NS).get(w("val")) == "-5"
    assert normal.find("w:rPr/w:sz", NS).get(w("val")) == "32"            # 3号
    assert normal.find("w:pPr/w:ind", NS).get(w("firstLine")) == "630"    # 2 x 15.75 pt
    assert normal.find("w:pPr/w:widowControl", NS).get(w("val")) == "0"   # full pages keep 22 lines
    # 28 characters at 15.75 pt fit the 156 mm type width, 29 do not
    assert 28 * (320 + u.CHAR_SPACING) <= u.TYPE_WIDTH < 29 * (320 + u.CHAR_SPACING)
    assert 22 * u.LINE_PITCH <= u.TYPE_HEIGHT < 23 * u.LINE_PITCH


def test_body_runs_carry_no_size_or_spacing_of_their_own():
    """Styles carry the look; runs only name their fonts (cheap, and restylable by an office)."""
    for r in part(PLAN, "word/document.xml").iter(w("r")):
        rpr = r.find("w:rPr", NS)
        if rpr is not None:
            assert {c.tag for c in rpr} <= {w("rFonts")}


def test_red_head_mark_number_and_rule():
    mark = body_paragraphs(PLAN)[0]
    assert style_of(mark) == "GwMark" and text_of(mark) == "岳西县总工会文件"
    table = styles(PLAN)
    assert table["GwMark"].find("w:rPr/w:color", NS).get(w("val")) == "FF0000"
    assert table["GwMark"].find("w:pPr/w:jc", NS).get(w("val")) == "center"
    assert int(table["GwMark"].find("w:pPr/w:spacing", NS).get(w("before"))) > u.mm(25)
    number = body_paragraphs(PLAN)[1]
    assert style_of(number) == "GwDocNumber" and text_of(number) == "岳工发〔2012〕5号"
    assert prop(number, "w:spacing", "before") == str(2 * u.LINE_PITCH)     # two blank lines
    assert table["GwDocNumber"].find("w:pPr/w:jc", NS).get(w("val")) == "center"
    rule = body_paragraphs(PLAN)[2]
    assert style_of(rule) == "GwRedRule" and text_of(rule) == ""
    bottom = table["GwRedRule"].find("w:pPr/w:pBdr/w:bottom", NS)
    assert bottom.get(w("color")) == "FF0000"
    assert 0.35 <= int(bottom.get(w("sz"))) / 8 * 25.4 / 72 <= 0.5


def test_no_red_head_without_a_mark():
    data = docx("shuangzheng", "plan")
    first = body_paragraphs(data)[0]
    assert style_of(first) == "GwTitle"
    assert prop(first, "w:spacing", "before") in (None, "0")
    assert not any(style_of(p) in ("GwMark", "GwRedRule") for p in body_paragraphs(data))


def test_title_2hao_biaosong_centred_two_lines_under_rule_and_balanced():
    title = body_paragraphs(PLAN)[3]
    assert style_of(title) == "GwTitle"
    table = styles(PLAN)
    assert table["GwTitle"].find("w:rPr/w:sz", NS).get(w("val")) == "44"
    assert table["GwTitle"].find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "方正小标宋简体"
    assert table["GwTitle"].find("w:pPr/w:jc", NS).get(w("val")) == "center"
    assert prop(title, "w:spacing", "before") == str(2 * u.LINE_PITCH)
    lines = "".join(t.text if t.tag == w("t") else "\n" for t in title.iter(w("t"), w("br"))).split("\n")
    assert lines == ["关于在全县企业工会开展", "“工会组织亮牌子、工会主席亮身份”", "活动的实施方案"]


def test_recipients_one_blank_line_flush_left_full_width_colon():
    p = body_paragraphs(PLAN)[4]
    assert style_of(p) == "GwRecipients"
    assert text_of(p) == "各乡镇工会联合会、各企业工会、开发区工委："
    assert prop(p, "w:spacing", "before") == str(u.LINE_PITCH)
    assert styles(PLAN)["GwRecipients"].find("w:pPr/w:ind", NS).get(w("firstLine")) == "0"


@pytest.mark.parametrize("style_id, face, outline", [("Heading1", "黑体", "0"), ("Heading2", "楷体_GB2312", "1"),
                                                    ("Heading3", "仿宋_GB2312", "2")])
def test_heading_faces_kept_with_next(style_id, face, outline):
    style = styles(PLAN)[style_id]
    assert style.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == face
    assert style.find("w:pPr/w:keepNext", NS) is not None
    assert style.find("w:pPr/w:outlineLvl", NS).get(w("val")) == outline


def test_headings_in_the_document_use_them():
    assert style_of(find(PLAN, "一、总体要求")) == "Heading1"
    assert style_of(find(PLAN, "第一阶段：")) == "Heading2"
    inline = find(PLAN, "（一）工会组织亮牌子。")          # inline heading: 楷体 run, then 仿宋
    fonts = [r.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) for r in inline.findall("w:r", NS)]
    assert fonts[0] == "楷体_GB2312" and fonts[-1] == "仿宋_GB2312"


def test_attachment_note_hanging_indent_and_single_attachment_unnumbered():
    data = docx("liuyou", "plan")
    note = find(data, "附件：")
    assert text_of(note) == "附件：基层工会组织“六个规范”建设重点内容"
    label_w = width_twips("附件：", 16, u.CHAR_SPACING)
    assert prop(note, "w:ind", "left") == str(u.FIRST_LINE_INDENT + label_w)
    assert prop(note, "w:ind", "hanging") == str(label_w)
    assert prop(note, "w:spacing", "before") == str(u.LINE_PITCH)
    labels = [p for p in body_paragraphs(data) if style_of(p) == "GwAttachLabel"]
    assert [text_of(p) for p in labels] == ["附件"]
    assert labels[0].find("w:pPr/w:pageBreakBefore", NS) is not None


def test_attachment_table_borders_header_repeat_and_4hao():
    data = docx("liuyou", "plan")
    tbl = part(data, "word/document.xml").find(".//w:tbl", NS)
    borders = tbl.find("w:tblPr/w:tblBorders", NS)
    assert {etree_name(b) for b in borders} == {"top", "left", "bottom", "right", "insideH", "insideV"}
    assert all(b.get(w("val")) == "single" for b in borders)
    rows = tbl.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    widths = [int(g.get(w("w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == u.TYPE_WIDTH and widths[0] < widths[1]
    assert styles(data)["GwTable"].find("w:rPr/w:sz", NS).get(w("val")) == "28"
    cell = rows[1].findall("w:tc", NS)[1]
    assert len(cell.findall("w:p", NS)) == 4                                    # "\n" -> paragraphs


def etree_name(node) -> str:
    return node.tag.split("}")[1]


def test_attachment_title_on_third_line():
    data = docx("liuyou", "plan")
    label = [p for p in body_paragraphs(data) if style_of(p) == "GwAttachLabel"][0]
    title = label.getnext()
    assert style_of(title) == "GwTitle" and prop(title, "w:spacing", "before") == str(u.LINE_PITCH)


@pytest.mark.parametrize("name, date, sealed, expected", [
    # sealed: date 4 characters in, 署名 centred over it
    ("岳西县总工会", "2012年5月3日", True, lambda s, d: (4 * 315 + (d - s) // 2, 4 * 315)),
    # unsealed, date shorter: 署名 2 in, date starts 2 right of the 署名's start
    ("江淮省总工会办公室", "2012年4月10日", False, lambda s, d: (2 * 315, s - d)),
    # unsealed, date longer: date 2 in, 署名 moves left to keep the 2-character offset
    ("某总工会", "2012年12月31日", False, lambda s, d: (4 * 315 + d - s, 2 * 315)),
])
def test_signature_indents_7_3_5(name, date, sealed, expected):
    s, d = width_twips(name, 16, -5), width_twips(date, 16, -5)
    name_right, date_right = signature_indents(name, date, sealed)
    assert (name_right, date_right) == expected(s, d)
    # geometric reading of the rule: where the 署名 and the date start, from the right edge
    name_start, date_start = name_right + s, date_right + d
    if sealed:
        assert abs((name_right + s / 2) - (date_right + d / 2)) <= 1
    else:
        assert name_start - date_start == 2 * 315


def test_signature_blank_lines_sealed_and_unsealed():
    """Two blank lines above a sealed 署名 (room for the seal), one above an unsealed one; the
    sample plan's last page gives them up to the 7.3.5.4 remedy (see test_gongwen_pagination)."""
    sealed = find(docx("grid", "plan"), "网格县总工会", "GwSignature")
    assert prop(sealed, "w:spacing", "before") == str(2 * u.LINE_PITCH)
    unsealed = find(docx("zhuanfa", "notice"), "江淮省总工会", "GwSignature")
    assert prop(unsealed, "w:spacing", "before") == str(u.LINE_PITCH)
    date = sealed.getnext()
    assert text_of(date) == "2020年6月1日" and style_of(date) == "GwSignature"


def test_annotation_under_date_in_brackets_indented():
    note = find(PLAN, "（联系人")
    assert text_of(note) == "（联系人：王晓东，联系电话：0556-2172583）"
    assert style_of(note) == "Normal" and note.getprevious().find("w:pPr/w:keepNext", NS) is not None


def test_banji_frame_at_foot_rules_and_text():
    frames = [p for p in body_paragraphs(PLAN) if p.find("w:pPr/w:framePr", NS) is not None]
    fp = frames[0].find("w:pPr/w:framePr", NS)
    assert (fp.get(w("vAnchor")), fp.get(w("yAlign")), fp.get(w("w"))) == ("margin", "bottom", str(u.TYPE_WIDTH))
    assert len({p.find("w:pPr/w:framePr", NS).get(w("w")) for p in frames}) == 1
    rules = [p for p in frames if p.find("w:pPr/w:shd", NS) is not None]
    heights = [int(prop(p, "w:spacing", "line")) / u.TWIPS_PER_MM for p in rules]
    assert [round(h, 2) for h in heights] == [0.35, 0.25, 0.35]
    texts = [text_of(p) for p in frames if text_of(p)]
    assert texts == ["抄送：县委办公室，县人大常委会办公室，县政府办公室，县政协办公室。",
                     "岳西县总工会办公室2012年5月3日印发"]
    cc, printed = [p for p in frames if text_of(p)]
    assert prop(cc, "w:ind", "left") == str(280 + 3 * 280) and prop(cc, "w:ind", "hanging") == str(3 * 280)
    assert prop(printed, "w:ind", "left") == "280" and prop(printed, "w:ind", "right") == "280"
    assert printed.find("w:pPr/w:tabs/w:tab", NS).get(w("val")) == "right"
    assert styles(PLAN)["GwBanji"].find("w:rPr/w:sz", NS).get(w("val")) == "28"       # 4号
    assert frames[-1] is not body_paragraphs(PLAN)[-1]      # an anchor paragraph follows the frame


def test_banji_without_cc_has_two_rules():
    data = docx("shuangzheng", "plan")
    rules = [p for p in body_paragraphs(data) if p.find("w:pPr/w:framePr", NS) is not None
             and p.find("w:pPr/w:shd", NS) is not None]
    assert len(rules) == 2


@pytest.mark.parametrize("footer, align, side", [("word/footer1.xml", "right", "right"), ("word/footer2.xml", "left", "left")])
def test_page_numbers_em_dash_4hao_song_alternating(footer, align, side):
    p = part(PLAN, footer).find("w:p", NS)
    assert prop(p, "w:jc", "val") == align and prop(p, "w:ind", side) == "280"
    texts = [t.text for t in p.iter(w("t"))]
    assert texts[0] == "\u2014 " and texts[-1] == " \u2014"
    assert p.find(".//w:instrText", NS).text.strip() == "PAGE"
    footer_style = styles(PLAN)["Footer"]
    assert footer_style.find("w:rPr/w:sz", NS).get(w("val")) == "28"
    assert footer_style.find("w:rPr/w:rFonts", NS).get(w("ascii")) == "宋体"
    settings = part(PLAN, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    refs = {r.get(w("type")) for r in part(PLAN, "word/document.xml").iter(w("footerReference"))}
    assert refs == {"default", "even"}


# ---- fonts ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, kind", DOCUMENTS)
def test_every_style_and_run_has_an_east_asian_font(name, kind):
    data = docx(name, kind)
    for style in part(data, "word/styles.xml").iter(w("style")):
        fonts = style.find("w:rPr/w:rFonts", NS)
        if fonts is not None:
            assert fonts.get(w("eastAsia")), style.get(w("styleId"))
    for p in body_paragraphs(data):
        for r in p.findall("w:r", NS):
            if r.find("w:t", NS) is None:
                continue
            own = r.find("w:rPr/w:rFonts", NS)
            east = own.get(w("eastAsia")) if own is not None else style_chain_value(data, style_of(p), "w:rPr/w:rFonts", "eastAsia")
            assert east, text_of(p)


@pytest.mark.parametrize("name, kind", DOCUMENTS)
def test_runs_without_latin_use_the_chinese_face_everywhere(name, kind):
    data = docx(name, kind)
    for r in part(data, "word/document.xml").iter(w("r")):
        t = "".join(x.text or "" for x in r.iter(w("t")))
        if not t:
            continue
        fonts = r.find("w:rPr/w:rFonts", NS)
        assert fonts is not None, t
        if re.search(r"[A-Za-z0-9]", t):
            assert not re.search(r"[\u3000-\u9fff\uff00-\uffef“”‘’—…]", t), t   # Latin runs hold no Chinese
            assert fonts.get(w("ascii")) == "Times New Roman"
        else:
            assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == fonts.get(w("eastAsia")), t
            assert fonts.get(w("hint")) == "eastAsia"


def test_no_theme_fonts_zh_cn_and_font_table_fallbacks():
    for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml"):
        raw = zipfile.ZipFile(io.BytesIO(PLAN)).read(name).decode()
        assert not re.search(r"w:\w*[Tt]heme\w*=", raw), name     # asciiTheme, eastAsiaTheme, ...
    lang = part(PLAN, "word/settings.xml").find("w:themeFontLang", NS)
    assert lang.get(w("eastAsia")) == "zh-CN"
    assert styles(PLAN)["Normal"].find("w:rPr/w:lang", NS).get(w("eastAsia")) == "zh-CN"
    fonts = {f.get(w("name")): f for f in part(PLAN, "word/fontTable.xml").findall("w:font", NS)}
    alt = {n: f.find("w:altName", NS).get(w("val")) for n, f in fonts.items() if f.find("w:altName", NS) is not None}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体" and alt["黑体"] == "SimHei"
    assert all(f.find("w:panose1", NS) is not None for f in fonts.values())


# ---- schema order and determinism -------------------------------------------------------------

@pytest.mark.parametrize("name, kind", DOCUMENTS)
def test_property_children_in_schema_order(name, kind):
    data = docx(name, kind)
    for path in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        for node in part(data, path).iter():
            local = etree_name(node) if isinstance(node.tag, str) else ""
            if local not in ORDER:
                continue
            ranks = [ORDER[local].index(etree_name(c)) for c in node]
            assert ranks == sorted(ranks), (path, local, [etree_name(c) for c in node])


def test_same_input_gives_identical_bytes_and_dated_properties():
    from gongwen.helpers import FIXTURES

    from docgen.gongwen import compose_plan, to_docx
    from docgen.load import load

    first = to_docx(compose_plan(load(FIXTURES["county"])))
    second = to_docx(compose_plan(load(FIXTURES["county"])))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(2012, 5, 3, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2012-05-03T00:00:00Z" in core and "岳西县总工会" in core


def test_long_mark_is_narrowed_then_shrunk_to_fit_one_line():
    from docgen.gongwen import blocks as b
    from docgen.gongwen.render import _mark
    from docgen.gongwen.text import width_em

    def fit(text):
        run = _mark(b.Mark(text))[0].find("w:r", NS)
        scale = run.find("w:rPr/w:w", NS)
        size = run.find("w:rPr/w:sz", NS)
        scale = int(scale.get(w("val"))) if scale is not None else 100
        size = int(size.get(w("val"))) / 2 if size is not None else u.MARK_SIZE_PT
        return scale, size, width_em(text) * size * 20 * scale / 100

    assert fit("岳西县总工会文件")[:2] == (100, 42.0)
    scale, size, width = fit("中国共产党某某自治州某某县总工会委员会文件")
    assert u.MARK_MIN_SCALE <= scale < 100 and width <= u.TYPE_WIDTH


def test_doc_number_without_mark_sits_above_the_title():
    import msgspec
    from gongwen.helpers import document

    from docgen.gongwen import compose_plan, to_docx

    doc = document("county")
    doc = msgspec.structs.replace(doc, issuer=msgspec.structs.replace(doc.issuer, mark=None))
    paras = body_paragraphs(to_docx(compose_plan(doc)))
    assert style_of(paras[0]) == "GwDocNumber" and prop(paras[0], "w:spacing", "before") is None
    assert style_of(paras[1]) == "GwTitle" and prop(paras[1], "w:spacing", "before") == str(u.LINE_PITCH)
    assert not any(style_of(p) in ("GwMark", "GwRedRule") for p in paras)


def test_unsealed_short_date_is_anchored_at_its_start():
    """署名 longer than the date: the date's start is fixed by 7.3.5.2, so it is set from the left;
    a date longer than the 署名 keeps 2 characters on its right instead."""
    import msgspec
    from gongwen.helpers import document

    from docgen.gongwen import compose_notice, to_docx

    doc = document("zhuanfa-notext")
    for issuer_name, anchored in (("江淮省总工会办公室", True), ("江淮省总工会", False)):
        changed = msgspec.structs.replace(doc, issuer=msgspec.structs.replace(doc.issuer, name=issuer_name))
        data = to_docx(compose_notice(changed))
        name = find(data, issuer_name, "GwSignature")
        date = name.getnext()
        name_w = width_twips(issuer_name, 16, u.CHAR_SPACING)
        name_start = u.TYPE_WIDTH - int(prop(name, "w:ind", "right")) - name_w
        if anchored:
            assert prop(name, "w:ind", "right") == str(2 * 315)
            assert prop(date, "w:jc", "val") == "left"
            assert int(prop(date, "w:ind", "left")) == name_start + 2 * 315
        else:
            assert prop(date, "w:ind", "right") == str(2 * 315) and prop(date, "w:jc", "val") is None
