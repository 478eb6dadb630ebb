"""Roster loaders: every encoding and workbook shape the spec names, with Excel's row numbers."""

from __future__ import annotations

from datetime import date

import pytest
from msgspec.structs import replace

from conftest import FIXTURES, SAMPLES
from docgen.errors import InputError
from docgen.load import load


def union_names(doc):
    return [u.name for u in doc.unions]


def content(doc):
    """The unions as read, less where each was read: the same rows in another file or format
    differ only in their origin ("roster.xlsx 第3行" for "roster.csv 第2行")."""
    return [replace(u, origin="", officers=tuple(replace(o, origin="") for o in u.officers)) for u in doc.unions]


@pytest.fixture(scope="module")
def reference():
    return load(SAMPLES / "roster.csv")


def test_sample_roster_shape(reference):
    assert len(reference.unions) == 12
    no_officers = [u for u in reference.unions if not u.officers]
    assert [u.name for u in no_officers] == ["岳西县顺达物流有限公司工会委员会"]
    hospital = next(u for u in reference.unions if u.name == "岳西县人民医院工会委员会")
    assert hospital.founded == date(2003, 5, 1) and hospital.members == 680
    assert hospital.officers[0].office_phone.display == "0556-2172300-801"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path, reference, encoding):
    text = (SAMPLES / "roster.csv").read_text(encoding="utf-8-sig")
    f = tmp_path / "roster.csv"
    f.write_bytes(text.encode(encoding))
    assert load(f).unions == reference.unions


def test_csv_utf16_tab_separated_as_excel_unicode_text(tmp_path, reference):
    text = (SAMPLES / "roster.csv").read_text(encoding="utf-8-sig").replace(",", "\t")
    f = tmp_path / "roster.txt"
    f.write_bytes(text.encode("utf-16"))          # with BOM, as Excel writes it
    assert content(load(f)) == content(reference)
    g = tmp_path / "roster.csv"
    g.write_bytes(text.encode("utf-16-le"))       # no BOM: still detected, never mojibake
    assert load(g).unions == reference.unions


def test_xlsx_with_title_row_merged_cells_and_dates(reference):
    doc = load(SAMPLES / "roster.xlsx")
    assert content(doc) == content(reference)
    assert doc.unions[0].officers[0].origin == "roster.xlsx 第3行"       # under the title row
    assert reference.unions[0].officers[0].origin == "roster.csv 第2行"


def test_xls(reference):
    assert content(load(FIXTURES / "roster.xls")) == content(reference)


def test_formula_cell_uses_cached_value_and_scientific_is_refused():
    with pytest.raises(InputError) as info:
        load(FIXTURES / "formula-and-scientific.xlsx")
    lines = info.value.lines()
    # the formula cell (row 3) read fine from its cached value; only the 1.39E+10 cell (row 5) fails
    assert lines == ['formula-and-scientific.xlsx 第5行 手机: "1.39E+10" 是科学计数法，已丢失位数；请在 Excel 中把该列设为文本后重新输入']


def test_formula_cached_value_read(tmp_path):
    import openpyxl

    src = openpyxl.load_workbook(FIXTURES / "formula-and-scientific.xlsx")
    src.active.delete_rows(5)
    f = tmp_path / "ok.xlsx"
    src.save(f)   # openpyxl drops cached values on save, so check the original instead:
    from docgen.load.roster import read_roster

    raw = read_roster(FIXTURES / "formula-and-scientific.xlsx")
    assert raw.unions[0].officers[0]["mobile"][0] == "13905561234"


def test_row_numbers_are_excel_rows(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(SAMPLES / "roster.xlsx")
    sheet = book.active
    sheet["J8"] = "1390556123"    # row 8 as Excel shows it
    f = tmp_path / "roster.xlsx"
    book.save(f)
    with pytest.raises(InputError) as info:
        load(f)
    assert info.value.lines() == ['roster.xlsx 第8行 手机: "1390556123" 不是11位手机号（10位）']


def write_csv(tmp_path, rows, name="r.csv"):
    f = tmp_path / name
    f.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    return f


def test_header_synonyms_and_ignored_columns(tmp_path):
    f = write_csv(tmp_path, [
        ["登记表", "", ""],
        ["序号", "union", "企业名称", "建会时间", "会员数", "name", "role", "座机", "手机号码", "备注"],
        ["1", "甲公司工会委员会", "甲公司", "2024/3/18", "12", "张三", "主席", "0556-2172583", "139 0556 1234", "x"],
    ])
    doc = load(f)
    u = doc.unions[0]
    assert (u.name, u.employer, u.founded, u.members) == ("甲公司工会委员会", "甲公司", date(2024, 3, 18), 12)
    assert "备注" in "\n".join(doc.warnings)


def test_conflicting_union_fields_warn_first_wins(tmp_path):
    f = write_csv(tmp_path, [
        ["工会名称", "办公地点", "姓名", "职务", "手机"],
        ["甲工会", "一楼", "张三", "主席", "13905561234"],
        ["甲工会", "二楼", "李四", "副主席", "13905561235"],
    ])
    doc = load(f)
    assert doc.unions[0].office == "一楼" and len(doc.unions[0].officers) == 2
    assert any("第2、3行不一致" in w for w in doc.warnings)


def test_missing_header_and_missing_name(tmp_path):
    with pytest.raises(InputError) as info:
        load(write_csv(tmp_path, [["名称", "姓名"], ["甲", "张三"]]))
    assert "工会名称" in "\n".join(info.value.lines())
    with pytest.raises(InputError) as info:
        load(write_csv(tmp_path, [["工会名称", "姓名", "职务"], ["甲工会", "", "主席"]], "b.csv"))
    assert "第2行 姓名" in info.value.lines()[0] and "缺少姓名" in info.value.lines()[0]


def test_corrupt_and_encrypted_workbooks(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError) as info:
        load(bad)
    assert "无法打开" in "\n".join(info.value.lines())
    enc = tmp_path / "enc.xlsx"   # an encrypted .xlsx is an OLE container, not a zip
    enc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError) as info:
        load(enc)
    assert "密码" in "\n".join(info.value.lines())


def test_all_problems_of_a_roster_at_once(tmp_path):
    f = write_csv(tmp_path, [
        ["工会名称", "姓名", "职务", "手机", "成立日期"],
        ["甲工会", "张三", "主席", "1390556", "2024-02-30"],
        ["乙工会", "李四\u200b", "主席", "13905561234", ""],
    ])
    with pytest.raises(InputError) as info:
        load(f)
    assert len(info.value.lines()) == 3


def test_xlsx_cells_of_every_shape_are_read(tmp_path):
    """Shared strings are read on a fast path; formulas (<f> before <v>), inline strings, rich
    text runs with a phonetic guide, numbers and booleans still come out as Excel shows them."""
    import sys

    sys.path.insert(0, str(FIXTURES.parent / "badinput"))
    from make_cases import _NS, xlsx

    shared = (f'<sst xmlns="{_NS}"><si><t>工会名称</t></si><si><t>姓名</t></si><si><t>职务</t></si>'
              '<si><r><t>岳西县</t></r><r><t>茶业工会</t></r><rPh sb="0" eb="1"><t>ユエ</t></rPh></si>'
              '<si><t xml:space="preserve"> 主席 </t></si><si><t>手机</t></si></sst>')
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
            '<c r="D1" t="s"><v>5</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="inlineStr"><is><t>张三</t></is></c>'
            '<c r="C2" t="s"><v>4</v></c><c r="D2"><f>13900000000+5561234</f><v>13905561234</v></c></row>'
            '<row r="3"><c r="B3" t="str"><f>"李"&amp;"四"</f><v>李四</v></c><c r="C3" t="s"><v>2</v></c>'
            '<c r="D3" t="b"><v>1</v></c></row>')
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx(rows, dimension="A1:D3", shared=shared))
    with pytest.raises(InputError) as exc:          # TRUE is no phone: the boolean was read as one
        load(path)
    assert "roster.xlsx 第3行 手机" in str(exc.value.lines())
    rows = rows.replace('<c r="D3" t="b"><v>1</v></c>', "")
    path.write_bytes(xlsx(rows, dimension="A1:D3", shared=shared))
    union, = load(path).unions
    assert union.name == "岳西县茶业工会"
    assert [(o.name, o.role) for o in union.officers] == [("张三", "主席"), ("李四", "职务")]
    assert union.officers[0].mobile.digits == "13905561234"


def test_xlsx_cells_without_a_reference(tmp_path):
    """Cells may leave out r= (they follow the one before); one that fails is still located."""
    import sys

    sys.path.insert(0, str(FIXTURES.parent / "badinput"))
    from make_cases import XLSX_HEAD, xlsx

    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx(XLSX_HEAD + '<row r="2"><c t="inlineStr"><is><t>茶业工会</t></is></c>'
                                      '<c t="inlineStr"><is><t>张三</t></is></c>'
                                      '<c t="inlineStr"><is><t>主席</t></is></c></row>'))
    union, = load(path).unions
    assert (union.name, union.officers[0].name, union.officers[0].role) == ("茶业工会", "张三", "主席")
    path.write_bytes(xlsx(XLSX_HEAD + '<row r="2"><c t="s"><v>99999</v></c></row>'))
    with pytest.raises(InputError) as info:
        load(path)
    assert info.value.lines() == ["roster.xlsx 第2行: 单元格无法读取：引用了不存在的共享字符串，文件已损坏。"
                                  "请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（.xlsx）”后再用"]
