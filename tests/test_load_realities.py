"""Hand-typed roster realities: warnings with hints, and what is printed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from docgen import cn
from docgen.errors import Collector, Place
from docgen.load import load
from docgen.load.realities import role_hint, warn_future


@pytest.mark.parametrize("role, hint", [
    ("付主席", "副主席"), ("工会付主席", "工会副主席"), ("常务付主席", "常务副主席"), ("主度", "主席"),
    ("副主席", None), ("主席", None), ("委员", None), ("办公室主任", None), ("主任", None), ("安全员", None),
    ("女职工委员会主仕", "女职工委员会主任"), ("专职副主", "专职副主席"),
    # a known post with 副 added is a real deputy post, not a typo of the post
    ("女职工委员会副主任", None), ("经费审查委员会副主任", None), ("经审副主任", None), ("副秘书长", None),
])
def test_role_hint(role, hint):
    assert role_hint(role) == hint


@pytest.mark.parametrize("text, display", [
    ("5562172583", "0556-2172583"), ("7312345678", "0731-2345678"), ("2112345678", "021-12345678"),
    ("1012345678", None), ("551234567", None), ("13905561234", None), ("2172583", None), ("0556-2172583", None),
])
def test_restore_lost_zero(text, display):
    got = cn.restore_lost_zero(text)
    assert (got.display if got else None) == display


def test_future_founding_date_warns_with_place():
    out = Collector()
    warn_future(date(2031, 1, 1), Place("r.csv", row=4, column="成立日期"), out, today=date(2030, 6, 1))
    warn_future(date(2030, 6, 1), Place("r.csv", row=5, column="成立日期"), out, today=date(2030, 6, 1))
    assert [str(w) for w in out.warnings] == ["r.csv 第4行 成立日期: 2031-01-01 在今天（2030-06-01）之后，请核对年份"]


def test_repeated_officer_is_one_officer_with_the_phones_of_both_rows(tmp_path: Path):
    roster = tmp_path / "r.csv"
    roster.write_text("工会名称,姓名,职务,办公电话,手机\n"
                      "甲公司工会委员会,张三,主席,,13905561234\n"
                      "甲公司工会委员会,张三,主席,0556-2172583,\n"
                      "甲公司工会委员会,李四,副主席,,13905561235\n", encoding="utf-8")
    doc = load(roster)
    (union,) = doc.unions
    assert [o.name for o in union.officers] == ["张三", "李四"]
    assert union.officers[0].office_phone.display == "0556-2172583" and union.officers[0].mobile
    assert any("第2、3行重复出现" in w and w.startswith("r.csv 第2行") for w in doc.warnings)


def test_repeated_officer_prints_once_on_badges(tmp_path: Path):
    import click
    import pdfplumber
    from click.testing import CliRunner

    from docgen.cli import main

    roster = tmp_path / "r.csv"
    roster.write_text("工会名称,姓名,职务,手机\n" + "甲公司工会委员会,张三丰,主席,13905561234\n" * 3, encoding="utf-8")
    out = tmp_path / "b.pdf"
    command = click.Command("docgen", callback=lambda: main(["badges", str(roster), "-o", str(out)]))
    result = CliRunner().invoke(command, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert text.count("张三丰") == 1 or text.replace(" ", "").count("张三丰") == 1, text


def test_totals_row_left_out_and_two_chairs_named(tmp_path: Path):
    roster = tmp_path / "r.csv"
    roster.write_text("序号,工会名称,会员人数,姓名,职务\n1,甲公司工会委员会,30,张三,主席\n2,,,李四,主席\n"
                      "总计,,30,,\n", encoding="utf-8")
    doc = load(roster)
    assert [u.name for u in doc.unions] == ["甲公司工会委员会"]
    assert any(w.startswith("r.csv 第4行") and "“总计”行" in w for w in doc.warnings)
    assert any("有 2 位主席" in w and "张三" in w and "李四" in w for w in doc.warnings)


def test_same_name_with_other_phones_is_two_people(tmp_path: Path):
    roster = tmp_path / "r.csv"
    roster.write_text("工会名称,姓名,职务,手机\n甲公司工会委员会,张伟,委员,13905561234\n"
                      "甲公司工会委员会,张伟,委员,13905561299\n", encoding="utf-8")
    doc = load(roster)
    assert [o.name for o in doc.unions[0].officers] == ["张伟", "张伟"]
    assert any(w.startswith("r.csv 第3行") and "第2、3行都是 张伟（委员）" in w for w in doc.warnings)
