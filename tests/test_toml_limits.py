"""TOML read within limits: hostile inputs end quickly in a located Chinese message (exit 2),
through the real command; and the line mapper places key paths correctly in one pass.

The large inputs are made here, at test time. The subprocess timeout only guards against a hang
(the old line mapper took minutes on the 10 KB file); timing goals live in benchmarks/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, edited
from docgen.load.toml_lines import MAX_DEPTH, LineIndex, Refused

ROOT = Path(__file__).resolve().parent.parent


def docgen(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT), DOCGEN_CACHE="")
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def refused(done, *fragments):
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, done.stderr


# --- through the command -----------------------------------------------------------------------

def test_ten_kilobyte_valid_file_is_read(sample_toml):
    # the shape that made the old regex mapper cubic: a line of an array starting with "[" and
    # many spaces; the file is valid, so check reads it
    spaces = " " * 10_000
    edited(sample_toml, "[notice]", '[[plan.attachments]]\ntitle = "附件"\n[plan.attachments.table]\n'
                                      f'columns = ["甲", "乙"]\nrows = [\n[{spaces}"一", "二"], ["三", "四"]\n]\n\n[notice]')
    assert sample_toml.stat().st_size > 10_000
    done = docgen("check", sample_toml, cwd=sample_toml.parent)
    assert done.returncode == 0, done.stderr


def test_ten_kilobyte_file_with_a_fault_names_its_line(sample_toml):
    spaces = " " * 10_000
    edited(sample_toml, "[notice]", '[[plan.attachments]]\ntitle = "附件"\n[plan.attachments.table]\n'
                                      f'columns = ["甲", "乙"]\nrows = [\n[{spaces}"一", "二"],\n["三"]\n]\n\n[notice]')
    line = next(i for i, text in enumerate(sample_toml.read_text(encoding="utf-8").splitlines(), 1) if text == '["三"]')
    done = docgen("check", sample_toml, cwd=sample_toml.parent)
    refused(done, f"county.toml 第{line}行: plan.attachments[1].table.rows[2]", "与 2 列不符")


def test_deep_arrays(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("version = 1\n\nx = " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    refused(docgen("check", path, cwd=tmp_path), "deep.toml 第3行", "嵌套过深")


def test_deep_inline_tables(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "{a = " * 5_000 + "1" + "}" * 5_000 + "\n", encoding="utf-8")
    refused(docgen("check", path, cwd=tmp_path), "deep.toml 第1行", "嵌套过深")


def test_long_dotted_key(tmp_path):
    path = tmp_path / "dotted.toml"
    path.write_text("version = 1\n" + "a" + ".a" * 40_000 + " = 1\n", encoding="utf-8")     # 80 KB
    refused(docgen("check", path, cwd=tmp_path), "dotted.toml 第2行", "键的层级过多")


def test_long_table_header(tmp_path):
    path = tmp_path / "header.toml"
    path.write_text("version = 1\n[" + ".".join(["k"] * 20_000) + "]\n", encoding="utf-8")
    refused(docgen("check", path, cwd=tmp_path), "header.toml 第2行", "键的层级过多")


def test_file_too_large(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text('version = 1\nnote = "' + "x" * (3 * 1024 * 1024) + '"\n', encoding="utf-8")
    refused(docgen("check", path, cwd=tmp_path), "big.toml", "TOML 文件", "过大", "上限为 2 MB")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    refused(docgen("check", path, cwd=tmp_path), "pipe.toml", "不能作为 TOML 文件读取")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_dev_zero_is_refused(tmp_path):
    refused(docgen("check", "/dev/zero", cwd=tmp_path), "zero", "不是普通文件")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_fifo_as_notice_text_file(sample_toml):
    os.mkfifo(sample_toml.parent / "source.txt")
    edited(sample_toml, 'kind = "yinfa"', 'kind = "zhuanfa"\n[notice.source]\ntitle = "关于开展双亮活动的意见"\n'
                                          'text_file = "source.txt"')
    refused(docgen("check", sample_toml, cwd=sample_toml.parent), "notice.source.text_file", "不是普通文件")


@pytest.mark.parametrize("written", [r"C:\Users\张三\照片\刘建华.jpg", r"D:\new\照片\刘建华.jpg",
                                     r"E:\xyz\刘建华.jpg", r"F:\t\a.png"])
def test_windows_path_in_double_quotes(sample_toml, written):
    edited(sample_toml, 'plaque_size = "county"', f'plaque_size = "county"\nemblem = "{written}"')
    line = sample_toml.read_text(encoding="utf-8").splitlines().index(f'emblem = "{written}"') + 1
    refused(docgen("check", sample_toml, cwd=sample_toml.parent), f"county.toml 第{line}行", "请改用单引号或正斜杠")


def test_windows_path_in_single_quotes_is_read(sample_toml, tmp_path):
    # single quotes keep backslashes: the path is read as written (here: a missing file, named)
    edited(sample_toml, 'plaque_size = "county"', "plaque_size = \"county\"\nemblem = 'C:\\Users\\张三\\会徽.png'")
    done = docgen("check", sample_toml, cwd=sample_toml.parent)
    refused(done, "print.emblem", "找不到图片文件")
    assert "请改用单引号" not in done.stderr


# --- the line mapper -----------------------------------------------------------------------------

def test_line_mapper_places_sample_paths():
    text = (SAMPLES / "county.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    index = LineIndex(text)
    assert lines[index.line_of("issuer.name") - 1].startswith("name =")
    stage2 = index.line_of("plan.stages[2]")
    assert lines[stage2 - 1].strip() == "[[plan.stages]]"
    end = index.line_of("plan.stages[2].end")
    assert end > stage2 and lines[end - 1].startswith("end =")


def test_line_mapper_inline_and_multiline_values():
    text = '''a = 1
s = """
x = 1
[not.a.table]
"""
[t]
rows = [
  ["a", "b"],
  ["c", { d = 1 }],
]
inline = { k = 1, deep = { m = [1,
  2] } }
[[arr]]
n = 1
[[arr]]
n = 2
[arr.sub]
p = 'C:\\x'
'''
    index = LineIndex(text)
    assert index.line_of("t.rows[1]") == 8
    assert index.line_of("t.rows[2][2].d") == 9
    assert index.line_of("t.inline.deep.m[2]") == 12
    assert index.line_of("arr[2].n") == 16
    assert index.line_of("arr[2].sub.p") == 18
    assert index.line_of("not.a.table") is None       # inside a multi-line string
    assert index.line_of("t.missing.key") == 6         # nearest ancestor


def test_line_mapper_limits():
    with pytest.raises(Refused) as exc:
        LineIndex("x = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert "嵌套过深" in exc.value.message
    LineIndex("x = " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))     # just inside: fine


def test_line_mapper_survives_broken_text():
    for text in ['a = "unclosed\n', "[a\nb = 1", "= 1", 'a = [1, 2', "a = {b = 1", "\x00\x01"]:
        LineIndex(text)     # no exception: tomllib reports the syntax error afterwards


@pytest.mark.parametrize("line, refused_", [
    ('photo = "C:\\Users\\张三\\a.jpg"', True),
    ('photo = "D:\\new\\a.jpg"', True),            # \n is a valid escape: tomllib would make a newline
    ('photo = "photos\\new.jpg"', True),
    ('a = { photo = "p\\q.jpg" }', True),
    ('song = "fonts\\new.ttf"', True),
    ('photo = "C:\\\\Users\\\\a.jpg"', False),     # correctly escaped
    ("photo = 'C:\\Users\\a.jpg'", False),         # single quotes keep backslashes
    ('intro = "第一行\\n第二行"', False),
    ('name = "刘建\\u200b华"', False),
])
def test_windows_path_detection(line, refused_):
    if refused_:
        with pytest.raises(Refused) as exc:
            LineIndex("a = 1\r\n" + line + "\r\n")
        assert exc.value.line == 2 and "请改用单引号或正斜杠" in exc.value.message
    else:
        LineIndex("a = 1\r\n" + line + "\r\n")


def test_line_mapper_reads_windows_line_ends():
    index = LineIndex("[issuer]\r\nname = \"x\"\r\n\r\n[[plan.stages]]\r\nname = \"a\"\r\n[[plan.stages]]\r\nend = \"b\"\r\n")
    assert index.line_of("issuer.name") == 2 and index.line_of("plan.stages[2].end") == 7


def test_a_file_that_ends_too_early_names_its_last_line_and_no_english(tmp_path):
    from docgen.errors import InputError
    from docgen.load.toml_file import parse_toml

    with pytest.raises(InputError) as info:
        parse_toml("a = 1\nx = [1\n\n", "e.toml")
    (problem,) = info.value.problems
    assert problem.place.line == 2
    assert "（在文件末尾）" in problem.message and "（）" not in problem.message
    assert not re.search(r"[A-Za-z]{4,}", problem.message.replace("TOML", ""))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("command", ["badges", "cards", "check"])
def test_a_roster_that_is_a_fifo_does_not_block_the_early_worker_guess(sample_toml, command):
    """Big batches start a worker before loading, guessing from the roster's size: a roster that
    is a named pipe must not block that guess (the loader refuses it)."""
    os.mkfifo(sample_toml.parent / "pipe.csv")
    edited(sample_toml, 'roster = "roster.xlsx"', 'roster = "pipe.csv"')
    refused(docgen(command, sample_toml, cwd=sample_toml.parent), "pipe.csv", "不是普通文件")


@pytest.mark.parametrize("command", ["badges", "cards"])
def test_deep_arrays_through_the_batch_commands(tmp_path, command):
    path = tmp_path / "deep.toml"
    path.write_text("version = 1\n\nx = " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    refused(docgen(command, path, cwd=tmp_path), "deep.toml 第3行", "嵌套过深")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("command", ["badges", "cards"])
def test_an_input_that_is_a_fifo_is_refused_by_the_batch_commands(tmp_path, command):
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    refused(docgen(command, path, cwd=tmp_path), "pipe.toml", "不是普通文件")


def test_the_early_worker_guess_keeps_the_limits(sample_toml, monkeypatch):
    """The guess of the roster's size reads the input before the loader: a key tomllib is
    quadratic in (40,000 parts before the sample's own content took tomllib over 60 s) must be
    refused by the limits first, never handed to tomllib."""
    import tomllib

    from docgen.pipeline import targets

    sample_toml.write_text("a" + ".a" * 40_000 + " = 1\n" + sample_toml.read_text(encoding="utf-8"),
                           encoding="utf-8")

    def too_slow(*args, **kwargs):
        raise AssertionError("tomllib was given a file over the limits")

    monkeypatch.setattr(tomllib, "loads", too_slow)
    assert targets.roster_bytes(sample_toml) == 0
    assert targets._roster_of(sample_toml) is None
