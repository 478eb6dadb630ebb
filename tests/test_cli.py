"""The command line through click's runner, and once as a real process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, edited
from docgen.cli import cli, main


def _invoke(args):
    runner = CliRunner()

    def entry():
        main(list(args))

    import click

    command = click.Command("docgen", callback=entry)
    return runner.invoke(command, [], catch_exceptions=False)


def test_version():
    result = _invoke(["--version"])
    assert result.exit_code == 0 and result.output.startswith("docgen ")


def test_help_lists_commands_in_chinese():
    result = _invoke(["--help"])
    assert result.exit_code == 0
    assert "check" in result.output and "检查输入文件" in result.output


def test_check_summary(sample_toml):
    result = _invoke(["check", str(sample_toml)])
    assert result.exit_code == 0, result.output
    assert "岳西县总工会" in result.output and "四个阶段" in result.output
    assert "工会：12 个" in result.output and "主席 11，副主席 10，其他 3" in result.output
    assert "还没有填写任何工会干部" in result.output   # the union without officers is a warning


def test_check_bad_input_exit_2_no_traceback(sample_toml):
    edited(sample_toml, 'end = "2014-12"', 'end = "2014-13"')
    before = sorted(os.listdir(sample_toml.parent))
    result = _invoke(["check", str(sample_toml)])
    assert result.exit_code == 2
    assert 'plan.end "2014-13" 不是有效月份' in result.output
    assert "Traceback" not in result.output
    assert sorted(os.listdir(sample_toml.parent)) == before


def test_missing_file():
    result = _invoke(["check", "no/such.toml"])
    assert result.exit_code == 2 and "找不到输入文件" in result.output


def test_init_writes_a_working_set(tmp_path):
    target = tmp_path / "set"
    result = _invoke(["init", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir()) == ["county.toml", "roster-template.xlsx", "roster.csv", "roster.xlsx"]
    assert _invoke(["check", str(target / "county.toml")]).exit_code == 0
    again = _invoke(["init", str(target)])
    assert again.exit_code == 2 and "--force" in again.output


def test_roster_template_has_text_phone_columns():
    import openpyxl

    sheet = openpyxl.load_workbook(ROOT / "samples" / "roster-template.xlsx").active
    header = [c.value for c in sheet[2]]
    for name in ("办公电话", "手机"):
        col = header.index(name) + 1
        assert sheet.cell(3, col).number_format == "@"


def test_sample_roster_has_what_the_issue_asks():
    from docgen.load import load

    doc = load(ROOT / "samples" / "roster.xlsx")
    assert len(doc.unions) >= 12
    assert any(len(u.name) >= 25 for u in doc.unions)
    names = "".join(o.name for _, o in doc.officers)
    assert any(ch.encode("gb2312", errors="ignore") == b"" for ch in names)   # beyond GB2312
    vice_roles = {o.role for _, o in doc.officers if o.role_class == "vice-chair"}
    assert len(vice_roles) >= 3
    assert any(not u.officers for u in doc.unions)


def test_real_subprocess(sample_toml):
    ok = subprocess.run([sys.executable, "-m", "docgen", "check", str(sample_toml)], capture_output=True, text=True)
    assert ok.returncode == 0 and "岳西县总工会" in ok.stdout
    edited(sample_toml, 'qr = "vcard"', 'qr = "url"')
    bad = subprocess.run([sys.executable, "-m", "docgen", "check", str(sample_toml)], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "print.qr" in bad.stderr and "Traceback" not in bad.stderr


def test_gbk_console_gets_escapes_not_a_traceback(tmp_path):
    """A Chinese Windows console or pipe is GBK; a name beyond GBK must not crash the output."""
    f = tmp_path / "u.toml"
    f.write_text('[[unions]]\nname = "甲\U00020000公司工会委员会"\n', encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="gbk")
    done = subprocess.run([sys.executable, "-m", "docgen", "check", str(f)], capture_output=True, env=env)
    err = done.stderr.decode("gbk")
    # check composes the plaque too, which cannot print U+20000 with the bundled faces (exit 2)
    assert done.returncode == 2 and "Traceback" not in err
    assert "甲\\U00020000公司工会委员会" in err and "[牌匾]" in err


def test_check_meets_what_plan_would(sample_toml):
    """check composes the plan too: an unknown `before` title fails there, not first in `plan`."""
    edited(sample_toml, "[notice]", '[[plan.sections]]\ntitle = "经费保障"\nbefore = "组织保障"\n\n[notice]')
    result = _invoke(["check", str(sample_toml)])
    assert result.exit_code == 2
    assert "plan.sections[1].before" in result.output and "组织领导" in result.output


# --- errors inside click: the same status and Chinese text through CliRunner and the console -------

USAGE_ERRORS = [
    (["chek", "x.toml"], "没有命令 'chek'"),
    (["check"], "缺少参数 '文件'。"),
    (["check", "--bogus", "x.toml"], "没有选项 '--bogus'"),
    (["badges", "--sheet", "a5", "x.toml"], "'a5' 不是可选值，应为 'a4', 'single' 之一"),
    (["badges", "--jobs", "0", "x.toml"], "'--jobs' 的取值无效：0 不在允许的范围内（至少为 1）"),
    (["check", "--jobs", "two", "x.toml"], "'two' 不是有效的正整数"),
    (["check", "a.toml", "b.toml"], "多余的参数（b.toml）"),
]


def test_docgen_errors_keep_their_status_through_clicks_own_handling(sample_toml):
    edited(sample_toml, 'end = "2014-12"', 'end = "2014-13"')
    result = CliRunner().invoke(cli, ["check", str(sample_toml)])
    assert result.exit_code == 2
    assert 'plan.end "2014-13" 不是有效月份' in result.output and "未生成任何文件" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    missing = CliRunner().invoke(cli, ["plan", "no/such.toml"])
    assert missing.exit_code == 2 and "找不到输入文件" in missing.output


@pytest.mark.parametrize("args,message", USAGE_ERRORS)
def test_clicks_usage_errors_are_chinese(args, message):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.output and "错误：" in result.output and "用法：" in result.output
    assert "用法： docgen " in result.output            # the program's name, also through CliRunner
    assert "Error" not in result.output and "Usage" not in result.output


def test_clicks_help_texts_are_chinese():
    result = CliRunner().invoke(cli, ["badges", "--help"])
    assert result.exit_code == 0
    assert "显示本帮助并退出" in result.output and "用法：" in result.output and "选项" in result.output
    assert "Show this message" not in result.output and "Usage" not in result.output
    top = CliRunner().invoke(cli, ["--help"])
    assert "显示版本号并退出" in top.output and "命令" in top.output


@pytest.mark.parametrize("command", ["init", "check", "plan", "notice", "badges", "cards", "deskplates", "board",
                                     "plaques", "all"])
def test_option_placeholders_are_chinese(command):
    import re

    result = CliRunner().invoke(cli, [command, "--help"])
    options = [line for line in result.output.splitlines() if line.lstrip().startswith("-")]
    placeholders = [re.split(r"\s{2,}", line.strip())[0] for line in options]
    # `--layout NAME`, `--size WxH|PRESET`: an upper-case English placeholder (N for a count aside)
    assert not [p for p in placeholders if re.search(r"\b[A-Z][A-Za-z|]{2,}\b", p)], placeholders


@pytest.mark.parametrize("command", ["plan", "notice", "badges", "cards", "deskplates", "board", "plaques", "all"])
def test_every_writing_command_has_the_long_forms(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "-o, --output" in result.output and "-q, --quiet" in result.output


def test_usage_errors_and_input_errors_in_a_real_process(tmp_path):
    for args, message in USAGE_ERRORS[:4]:
        done = subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
        assert "用法：" in done.stderr and "Error" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "docgen", "badges", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "显示本帮助并退出" in done.stdout


def test_interrupt_is_130_through_click(sample_toml, monkeypatch):
    import docgen.load

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(docgen.load, "load", interrupted)
    result = CliRunner().invoke(cli, ["check", str(sample_toml)])
    assert result.exit_code == 130 and "已中断" in result.output
