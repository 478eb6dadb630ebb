"""The TOML loader: the sample loads; each rule of spec/input.md rejects one broken variant,
naming the field and line, and every problem is reported together."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import edited
from docgen.errors import InputError
from docgen.load import load, require
from docgen.model import YearMonth


def test_sample_loads(sample_toml):
    doc = load(sample_toml)
    assert doc.issuer.name == "岳西县总工会"
    assert doc.issuer.date == date(2012, 5, 3)
    assert doc.issuer.printer == "岳西县总工会办公室" and doc.issuer.print_date == date(2012, 5, 3)
    assert doc.issuer.contact.phone.display == "0556-2172583"
    assert [s.name for s in doc.plan.stages] == ["制定方案、宣传发动", "选树典型、把握重点", "全面推进、有序覆盖", "巩固完善、创新提高"]
    assert doc.plan.stages[2].start == YearMonth(2012, 9) and doc.plan.stages[2].end == YearMonth(2014, 6)
    assert [(t.year, t.coverage) for t in doc.plan.targets] == [(2012, 50), (2013, 75), (2014, 100)]
    assert doc.notice.recipients == doc.plan.recipients
    assert len(doc.unions) == 12 and len(doc.officers) == 24


def problems(path) -> list[str]:
    with pytest.raises(InputError) as info:
        load(path)
    assert info.value.exit_code == 2
    return info.value.lines()


BROKEN = [
    # (what is replaced, by what, fragments the single message must contain)
    ('version = 1', 'version = 2', ["version", "不支持的版本"]),
    ('[issuer]\nname = "岳西县总工会"', '[issuer]\nnmae = "岳西县总工会"', ["issuer.nmae", "是否指 issuer.name", "缺少必填字段 issuer.name"]),
    ('date = 2012-05-03', 'date = "2012-13-03"', ["issuer.date", "不是存在的日期"]),
    ('date = 2012-05-03', 'date = 2012-05-03T10:00:00', ["issuer.date", "时间部分"]),
    ('doc_number = "岳工发〔2012〕5号"', 'doc_number = "岳工发〔2012〕05号"', ["issuer.doc_number", "前导0"]),
    ('doc_number = "岳工发〔2012〕5号"', 'doc_number = "岳工发〔2012〕第5号"', ["issuer.doc_number", "第"]),
    ('sealed = true', 'sealed = "是"', ["issuer.sealed", "true 或 false"]),
    ('phone = "0556-2172583"', 'phone = "2172"', ["issuer.contact.phone"]),
    ('campaign = "shuangliang"', 'campaign = "shuangliang2"', ["plan.campaign", "shuangzheng"]),
    ('scope = "全县"', 'scope = ""', ["plan.scope", "不能为空"]),
    ('recipients = ["各乡镇工会联合会", "各企业工会", "开发区工委"]', 'recipients = []', ["plan.recipients", "至少需要一项"]),
    ('start = "2012-05"\nend = "2014-12"', 'start = "2012-05"\nend = "2011-12"', ["plan.end", "早于"]),
    ('end = "2014-12"', 'end = "2014-13"', ["plan.end", "\"2014-13\" 不是有效月份"]),
    ('coverage = 75', 'coverage = 40', ["plan.targets[2].coverage", "不应下降"]),
    ('coverage = 75', 'coverage = 175', ["plan.targets[2].coverage", "超出范围"]),
    ('year = 2013', 'year = 2012', ["plan.targets[2].year", "升序"]),
    ('year = 2013', 'year = 2019', ["plan.targets[2].year", "不在方案起止年份"]),
    ('name = "选树典型、把握重点"\nstart = "2012-06"', 'name = "选树典型、把握重点"\nstart = "2012-05"', ["plan.stages[2].start", "重叠"]),
    ('start = "2014-07"\nend = "2014-12"', 'start = "2014-07"\nend = "2015-02"', ["plan.stages[4].end", "超出方案起止"]),
    ('name = "巩固完善、创新提高"', 'title = "巩固完善、创新提高"', ["plan.stages[4].title", "缺少必填字段 plan.stages[4].name"]),
    ('[[plan.stages]]\nname = "制定方案、宣传发动"', '[[plan.stage]]\nname = "制定方案、宣传发动"', ["plan.stage", "是否指 plan.stages"]),
    ('kind = "yinfa"', 'kind = "zhuanfa"', ["notice.source", "缺少"]),
    ('kind = "yinfa"', 'kind = "print"', ["notice.kind"]),
    ('qr = "vcard"', 'qr = "url"', ["print.qr", "vcard | tel | none"]),
    ('plaque_size = "county"', 'plaque_size = "huge"', ["print.plaque_size", "宽x高"]),
    ('plaque_color = "black"', 'plaque_color = "blue"', ["print.plaque_color"]),
    ('hotline = "12351"', 'hotline = "123"', ["print.hotline"]),
    ('roster = "roster.xlsx"', 'roster = "missing.xlsx"', ["找不到花名册文件"]),
    ('version = 1', 'version = 1\ntemplates = "missing"', ["templates", "missing 不存在"]),
    ('version = 1', 'version = 1\ntemplates = "roster.xlsx"', ["templates", "roster.xlsx 不是文件夹"]),
    ('version = 1', 'version = 1\ntemplates = " "', ["templates", "模板文件夹不能为空"]),
    ('roster = "roster.xlsx"', 'roster = "../roster.xlsx"', ["roster", "跳出了所在文件夹"]),
    ('slogan = "职工有困难 找工会"', 'slogan = "职工有困难 找工会\U0001F600"', ["print.slogan", "表情符号"]),
    ('name = "岳西县总工会"', 'name = "岳西县\u200b总工会"', ["issuer.name", "零宽字符"]),
    ('name = "岳西县总工会"', 'name = "岳西县\u2028总工会"', ["issuer.name", "行分隔符 U+2028"]),
    ('name = "岳西县总工会"', 'name = "岳西县\ufdd0总工会"', ["issuer.name", "控制字符 U+FDD0"]),
    ('name = "岳西县总工会"', 'name = "岳西县\u202e总工会"', ["issuer.name", "方向控制"]),
    ('[print]', '[print]\nemblem = "nope.png"', ["print.emblem", "找不到图片"]),
    ('[print]', '[print]\n[print.fonts]\nsong = "missing.ttf"', ["print.fonts.song"]),
    ('[print]', '[print]\n[print.fonts]\nmincho = "x.ttf"', ["print.fonts.mincho", "未知字段"]),
    ('[[plan.targets]]', '[[plan.sections]]\nparagraphs = ["……"]\n\n[[plan.targets]]', ["plan.sections[1].title"]),
    ('[notice]', '[[plan.attachments]]\ntitle = "附表"\n[plan.attachments.table]\ncolumns = ["a", "b"]\nrows = [["1"]]\n\n[notice]', ["plan.attachments[1].table.rows[1]", "与 2 列不符"]),
    ('[notice]', '[[unions]]\nname = "甲工会"\nmembers = -3\n[[unions.officers]]\nname = "张三"\nrole = "主席"\nmobile = "1390556123"\n\n[notice]', ["unions[1].members", "不小于 0", "unions[1].officers[1].mobile", "不是11位手机号"]),
    ('[notice]', '[[unions]]\nname = "甲工会"\n[[unions.officers]]\nname = "张三"\nrole = "主席"\nphoto = "../x.jpg"\n\n[notice]', ["unions[1].officers[1].photo", "跳出"]),
    ('[notice]', '[[unions]]\nname = "' + "工" * 61 + '"\n\n[notice]', ["unions[1].name", "超过上限 60"]),
    ('[notice]', '[[unions]]\nname = "甲工会"\n[[unions.officers]]\nname = "' + "张" * 21 + '"\nrole = "主席"\n\n[notice]', ["unions[1].officers[1].name", "超过上限 20"]),
]


@pytest.mark.parametrize("old, new, fragments", BROKEN, ids=[f"{i}-{b[2][0]}" for i, b in enumerate(BROKEN)])
def test_each_rule_rejects(sample_toml, old, new, fragments):
    lines = problems(edited(sample_toml, old, new))
    text = "\n".join(lines)
    for fragment in fragments:
        assert fragment in text, text
    assert all(line.startswith("county.toml") or line.startswith("roster") for line in lines), text


def test_line_numbers_point_at_the_key(sample_toml):
    edited(sample_toml, 'end = "2014-12"', 'end = "2014-13"')
    line = problems(sample_toml)[0]
    number = int(line.split("第")[1].split("行")[0])
    assert sample_toml.read_text(encoding="utf-8").splitlines()[number - 1].startswith("end")


def test_all_problems_reported_together(sample_toml):
    edited(sample_toml, 'scope = "全县"', 'scope = ""')
    edited(sample_toml, 'qr = "vcard"', 'qr = "url"')
    edited(sample_toml, 'doc_number = "岳工发〔2012〕5号"', 'doc_number = "5号"')
    assert len(problems(sample_toml)) == 3


@pytest.mark.parametrize("text, fragment", [
    ('version = 1\n[issuer\nname = "x"\n', "第2行: TOML 语法错误"),
    ('[issuer]\nname = 岳西\n', "文字需要用引号"),
    ('[issuer]\nname = "岳西\n', "缺少结束引号"),
    ('[issuer]\nname = "a"\nname = "b"\n', "重复"),
    ('[print.fonts]\nsong = "C:\\Windows\\Fonts\\simsun.ttc"\n', "反斜杠"),
])
def test_syntax_errors_translated(tmp_path, text, fragment):
    f = tmp_path / "county.toml"
    f.write_text(text, encoding="utf-8")
    assert fragment in "\n".join(problems(f))


def test_gbk_toml_is_explained(tmp_path):
    f = tmp_path / "county.toml"
    f.write_bytes('[issuer]\nname = "岳西县总工会"\n'.encode("gbk"))
    assert "UTF-8" in problems(f)[0]


def test_dates_in_every_form(sample_toml):
    for form in ("2012-05-03", "2012/5/3", "2012.5.3", "2012年5月3日", "20120503"):
        edited(sample_toml, "date = 2012-05-03", f'date = "{form}"')
        assert load(sample_toml).issuer.date == date(2012, 5, 3)
        edited(sample_toml, f'date = "{form}"', "date = 2012-05-03")


def test_unions_only_file_is_valid_for_print_but_not_plan(tmp_path):
    f = tmp_path / "unions.toml"
    f.write_text('[[unions]]\nname = "甲公司工会委员会"\n[[unions.officers]]\nname = "张三"\nrole = "工会主席"\nmobile = 13905561234\n', encoding="utf-8")
    doc = load(f)
    assert doc.unions[0].officers[0].mobile.display == "139 0556 1234"   # unquoted TOML integer read as digits
    assert doc.unions[0].chair.name == "张三"
    with pytest.raises(InputError) as info:
        require(doc, "plan", "issuer", command="plan")
    assert "[plan]" in info.value.message and "[issuer]" in info.value.message


def test_warnings(tmp_path):
    f = tmp_path / "u.toml"
    f.write_text('[[unions]]\nname = "甲工会"\n[[unions.officers]]\nname = "张三"\nrole = "副主席"\n'
                 'office_phone = "2172583"\n[[unions.officers]]\nname = "李四"\nrole = "委员"\n', encoding="utf-8")
    warnings = "\n".join(load(f).warnings)
    assert "没有主席" in warnings and "没有区号" in warnings and "李四 没有填写任何电话" in warnings


def test_toml_union_merges_with_roster_union(sample_toml):
    edited(sample_toml, "[notice]", '[[unions]]\nname = "岳西县人民医院工会委员会"\noffice = "门诊楼五楼"\n'
           '[[unions.officers]]\nname = "欧阳明"\nrole = "委员"\nmobile = "13705560009"\n\n[notice]')
    doc = load(sample_toml)
    hospital = [u for u in doc.unions if u.name == "岳西县人民医院工会委员会"]
    assert len(hospital) == 1
    assert hospital[0].office == "门诊楼五楼"                       # TOML wins
    assert hospital[0].employer == "岳西县人民医院"                  # roster fills the rest
    assert [o.name for o in hospital[0].officers] == ["欧阳明", "朱文斌", "许燚", "韩雪"]
    assert len(doc.unions) == 12


@pytest.mark.parametrize("role, cls", [
    ("主席", "chair"), ("工会主席", "chair"), ("主席（兼）", "chair"), ("副主席", "vice-chair"),
    ("常务副主席", "vice-chair"), ("专职副主席", "vice-chair"), ("兼职副主席", "vice-chair"),
    ("挂职副主席", "vice-chair"), ("工会副主席", "vice-chair"), ("委员", "other"),
    ("经费审查委员会主任", "other"), ("女职工委员会主任", "other"), ("名誉主席", "other"),
])
def test_role_classes(role, cls):
    from docgen.load.values import role_class

    assert role_class(role) == cls


def test_plan_and_notice_leave_the_roster_unread(sample_toml):
    (sample_toml.parent / "roster.xlsx").write_bytes(b"being edited in Excel")
    doc = load(sample_toml, roster=False)
    assert doc.plan is not None and doc.unions == ()
    with pytest.raises(InputError):
        load(sample_toml)
