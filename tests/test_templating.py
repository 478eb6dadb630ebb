"""The template sandbox: user templates override built-ins, faults are located InputErrors,
Python internals are out of reach, and data is never evaluated as a template."""

from __future__ import annotations

import re

import pytest

from docgen.errors import InputError
from docgen.templating import environment, render, render_string


@pytest.fixture(autouse=True)
def fresh_env():
    environment.cache_clear()
    yield
    environment.cache_clear()


def test_user_folder_overrides_and_filters(tmp_path):
    (tmp_path / "x.j2").write_text("{{ n | numeral }}个{{ m | count }}", encoding="utf-8")
    assert render("x.j2", tmp_path, n=11, m=2) == "十一个两"


def test_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "bad.j2").write_text("第一行\n{% if %}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        render("bad.j2", tmp_path)
    line = info.value.lines()[0]
    assert "bad.j2" in line and "第2行" in line and "模板语法错误" in line


def test_syntax_errors_are_explained_in_chinese(tmp_path):
    for source in ("{% if x %}没有结束", "{% iff x %}{% endif %}", "{{ 1 + }}", "{{ x ！ }}", "{# 没有结束"):
        (tmp_path / "bad.j2").write_text(source, encoding="utf-8")
        environment.cache_clear()
        with pytest.raises(InputError) as info:
            render("bad.j2", tmp_path, x=1)
        message = info.value.message
        prose = re.sub(r"\{[{%#].*?[}%#]\}", "", message)        # the tags it names are Jinja's own words
        assert message.startswith("模板语法错误：") and not re.search(r"[A-Za-z]{2,}", prose), message


def test_a_bom_is_no_character_of_the_template_and_a_tab_is_whitespace(tmp_path):
    (tmp_path / "x.j2").write_bytes("\ufeff第一段\t说明。\n\t\n第二段。".encode())
    out = render("x.j2", tmp_path)
    assert out.startswith("第一段") and "\ufeff" not in out and "第二段。" in out


def test_a_template_not_in_utf8_is_named_and_explained(tmp_path):
    (tmp_path / "gbk.j2").write_bytes("第一段。".encode("gb18030"))
    with pytest.raises(InputError) as info:
        render("gbk.j2", tmp_path)
    assert "UTF-8" in info.value.message and "另存为" in info.value.message


def test_a_control_character_is_found_in_the_users_file_that_holds_it(tmp_path):
    """The character may sit in a user's file that the rendered template includes."""
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "part.j2").write_text("一\n二\u200b三\n", encoding="utf-8")
    (tmp_path / "main.j2").write_text("开头\n{% include 'plan/part.j2' %}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        render("main.j2", tmp_path)
    line = info.value.lines()[0]
    assert "part.j2 第2行" in line and "零宽字符 U+200B" in line, line


def test_undefined_name_is_an_error(tmp_path):
    (tmp_path / "u.j2").write_text("{{ nobody.name }}", encoding="utf-8")
    with pytest.raises(InputError) as info:
        render("u.j2", tmp_path)
    assert "不存在的名称" in info.value.message


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ x.__class__ }}",
])
def test_sandbox_refuses_internals(source):
    with pytest.raises(InputError) as info:
        render_string(source, x=1)
    assert "沙箱" in info.value.message or "不存在的名称" in info.value.message


def test_data_is_printed_literally():
    assert render_string("{{ name }}", name="{{ 7*7 }}") == "{{ 7*7 }}"


def test_compiled_templates_are_cached_between_runs_and_follow_edits(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("DOCGEN_CACHE", str(cache))
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "x.j2").write_text("{{ n | numeral }}", encoding="utf-8")
    assert render("x.j2", folder, n=3) == "三"
    assert len(list((cache / "templates").iterdir())) == 1
    environment.cache_clear()                              # a new run: loaded from the cache
    assert render("x.j2", folder, n=3) == "三"
    environment.cache_clear()
    (folder / "x.j2").write_text("第{{ n | numeral }}", encoding="utf-8")   # edited: compiled afresh
    assert render("x.j2", folder, n=3) == "第三"


def test_no_cache_when_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_CACHE", "")
    assert environment(None).bytecode_cache is None
