"""Command-level hardening (issue 7): environment failures exit 1 with advice and write nothing;
data is never evaluated as a template; user templates fail with their file and line."""

from __future__ import annotations

import errno
import os
import zipfile

import click
import pytest
from click.testing import CliRunner

from conftest import edited
from docgen.cli import main


def run(*args: str):
    command = click.Command("docgen", callback=lambda: main(list(args)))
    return CliRunner().invoke(command, [], catch_exceptions=False)


@pytest.fixture
def out(tmp_path):
    return tmp_path / "out"


def listing(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_pdf_without_libreoffice_writes_nothing(sample_toml, tmp_path, out, monkeypatch):
    from docgen import convert

    monkeypatch.setattr(convert, "CANDIDATES", ())
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("plan", str(sample_toml), "-o", str(out / "p.docx"), "--pdf")
    assert result.exit_code == 1
    assert "LibreOffice" in result.output and "安装" in result.output and "Traceback" not in result.output
    assert listing(out) == []


def test_a_failing_libreoffice_is_told_in_chinese_without_its_english(sample_toml, tmp_path, out, monkeypatch):
    from docgen import convert

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\necho 'Warning: failed to launch javaldx - java may not function correctly' >&2\n"
                    "exit 81\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(convert, "CANDIDATES", ())
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin:/bin")
    result = run("plan", str(sample_toml), "-o", str(out / "p.docx"), "--pdf")
    assert result.exit_code == 1, result.output
    assert "LibreOffice 转换 PDF 失败（以状态码 81 退出）" in result.output
    assert "javaldx" not in result.output and "Traceback" not in result.output
    assert listing(out) == []


def test_output_held_open_by_another_program(sample_toml, out, monkeypatch):
    out.mkdir()
    target = out / "p.docx"
    target.write_bytes(b"earlier")

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    result = run("plan", str(sample_toml), "-o", str(target))
    assert result.exit_code == 1 and "被其他程序" in result.output
    assert target.read_bytes() == b"earlier"
    assert listing(out) == ["p.docx"]


def test_read_only_output_folder(sample_toml, out, monkeypatch):
    import tempfile

    def refuse(*a, **k):
        raise PermissionError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("badges", str(sample_toml), "-o", str(out / "b.pdf"))
    assert result.exit_code == 1 and "没有写权限" in result.output
    assert listing(out) == []


def test_write_failing_half_way_keeps_earlier_output(sample_toml, out, monkeypatch):
    from pathlib import Path

    out.mkdir()
    target = out / "b.pdf"
    target.write_bytes(b"earlier")
    real = Path.write_bytes

    def half(self, data):
        if self.name.startswith(".~docgen"):
            real(self, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", half)
    result = run("badges", str(sample_toml), "-o", str(target))
    assert result.exit_code == 1 and "磁盘空间不足" in result.output
    assert target.read_bytes() == b"earlier"
    assert listing(out) == ["b.pdf"]


def document_text(path) -> str:
    import re

    with zipfile.ZipFile(path) as z:
        return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", z.read("word/document.xml").decode()))


def test_jinja_in_data_prints_literally(sample_toml, out):
    edited(sample_toml, 'name = "制定方案、宣传发动"', 'name = "制定方案{{ 7*7 }}"')
    edited(sample_toml, 'scope = "全县"', 'scope = "{% raw %}全县"')
    result = run("plan", str(sample_toml), "-o", str(out / "p.docx"))
    assert result.exit_code == 0, result.output
    xml = document_text(out / "p.docx")
    assert "制定方案{{ 7*7 }}" in xml and "{% raw %}全县" in xml and "制定方案49" not in xml


def plan_with_user_macros(sample_toml, out, source: str):
    """Run `docgen plan` with a user template folder whose plan/macros.j2 holds `source`."""
    from docgen.templating import environment

    folder = sample_toml.parent / "my-templates" / "plan"
    folder.mkdir(parents=True)
    (folder / "macros.j2").write_text(source, encoding="utf-8")
    edited(sample_toml, "version = 1", 'version = 1\ntemplates = "my-templates"')
    environment.cache_clear()
    try:
        return run("plan", str(sample_toml), "-o", str(out / "p.docx"))
    finally:
        environment.cache_clear()


def test_user_template_syntax_error_names_file_and_line(sample_toml, out):
    result = plan_with_user_macros(sample_toml, out, "{% macro x() %}\n{{ oops( }}\n{% endmacro %}\n")
    assert result.exit_code == 2, result.output
    assert "macros.j2" in result.output and "第2行" in result.output and "模板语法错误" in result.output
    assert listing(out) == []


@pytest.mark.parametrize("character, said", [("\x01", "控制字符 U+0001"), ("\u200b", "零宽字符 U+200B")])
def test_user_template_with_a_control_character_is_refused_at_its_line(sample_toml, out, character, said):
    """Word calls a .docx with a C0 control corrupt: a user's template that outputs one (or a
    zero-width space, which the input may not hold either) is an input error at its line."""
    from docgen.templating import environment

    folder = sample_toml.parent / "my-templates" / "plan" / "shuangliang"
    folder.mkdir(parents=True)
    (folder / "general.j2").write_text(f"总体要求。\n以点带面{character}，全面推进。\n", encoding="utf-8")
    edited(sample_toml, "version = 1", 'version = 1\ntemplates = "my-templates"')
    environment.cache_clear()
    try:
        result = run("plan", str(sample_toml), "-o", str(out / "p.docx"))
    finally:
        environment.cache_clear()
    assert result.exit_code == 2, result.output
    assert "general.j2 第2行" in result.output and said in result.output
    assert "Traceback" not in result.output and listing(out) == []


def test_user_template_cannot_reach_python_internals(sample_toml, out):
    result = plan_with_user_macros(sample_toml, out, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "<class" not in result.output
    assert listing(out) == []


def forwarding(sample_toml, source_name: str) -> None:
    """The sample input made a 转发 notice of the file `source_name` beside it."""
    edited(sample_toml, 'kind = "yinfa"', 'kind = "zhuanfa"\n\n[notice.source]\ntitle = "关于实施“双亮”的意见"\n'
                                           f'file = "{source_name}"')


@pytest.mark.parametrize("damage", [
    lambda xml: xml.replace(b"<w:t>", b"<w:t>&#x1;", 1),            # a character reference XML refuses
    lambda xml: xml.replace(b"<w:t>", b"<w:t>\xed\xa0\x80", 1),      # not UTF-8
    lambda xml: xml[: len(xml) // 2],                               # cut short
])
def test_a_forwarded_docx_with_a_broken_part_is_an_input_error(sample_toml, out, damage):
    import docx as python_docx

    source = python_docx.Document()
    source.add_paragraph("关于在企业工会实施“双亮”的意见")
    plain = sample_toml.parent / "plain.docx"
    source.save(plain)
    with zipfile.ZipFile(plain) as good, zipfile.ZipFile(sample_toml.parent / "src.docx", "w") as bad:
        for info in good.infolist():
            data = good.read(info)
            bad.writestr(info, damage(data) if info.filename == "word/document.xml" else data)
    forwarding(sample_toml, "src.docx")
    result = run("notice", str(sample_toml), "-o", str(out / "n.docx"))
    assert result.exit_code == 2, result.output
    assert "notice.source.file" in result.output and "src.docx 不是有效的 .docx 文件" in result.output
    assert "Traceback" not in result.output and listing(out) == []


def test_a_forwarded_docx_that_unpacks_to_too_much_is_refused_before_it_is_read(sample_toml, out, monkeypatch):
    """A 465 KB file unpacked to 301 MB and took 3 minutes and 2.8 GB: the zip's stated sizes
    are summed before python-docx reads a byte."""
    import docx as python_docx

    from docgen.load import document

    source = python_docx.Document()
    source.add_paragraph("意见" * 1000)
    source.save(sample_toml.parent / "src.docx")
    monkeypatch.setattr(document, "MAX_SOURCE_XML_BYTES", 20_000)
    read = []
    monkeypatch.setattr(python_docx, "Document", lambda *a: read.append(a))
    forwarding(sample_toml, "src.docx")
    result = run("check", str(sample_toml))
    assert result.exit_code == 2, result.output
    assert "src.docx 解压后超过" in result.output and read == []
