"""`docgen plan` and `docgen notice`: default output names, -o, messages and exit status."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from gongwen.helpers import FIXTURES, docx

from docgen.cli import cli, main

PLAN_TITLE = "关于在全县企业工会开展“工会组织亮牌子、工会主席亮身份”活动的实施方案"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("county.toml", "roster.xlsx"):
        shutil.copy(FIXTURES["county"].parent / name, tmp_path / name)
    return tmp_path


def test_plan_default_output_is_out_title_docx(workdir):
    result = CliRunner().invoke(cli, ["plan", "county.toml"])
    assert result.exit_code == 0, result.output
    target = workdir / "out" / f"{PLAN_TITLE}.docx"
    assert target.read_bytes() == docx("county", "plan")
    assert result.output.strip() == f"已生成实施方案：out/{PLAN_TITLE}.docx"
    assert not [p for p in (workdir / "out").iterdir() if p.name.startswith(".~docgen")]


def test_notice_with_o_option_adds_suffix(workdir):
    result = CliRunner().invoke(cli, ["notice", "county.toml", "-o", "通知"])
    assert result.exit_code == 0, result.output
    assert (workdir / "通知.docx").read_bytes() == docx("county", "notice")


def test_o_folder_gets_the_default_name(workdir):
    (workdir / "docs").mkdir()
    result = CliRunner().invoke(cli, ["plan", "county.toml", "-o", "docs"])
    assert result.exit_code == 0 and (workdir / "docs" / f"{PLAN_TITLE}.docx").is_file()


def test_missing_plan_table_exits_2_and_writes_nothing(workdir, capsys):
    shutil.copy(FIXTURES["zhuanfa"], workdir / "zhuanfa.toml")
    shutil.copy(FIXTURES["zhuanfa"].parent / "source.txt", workdir / "source.txt")
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "zhuanfa.toml"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "[plan]" in err and "docgen plan" in err
    assert not (workdir / "out").exists()


def test_help_does_not_import_the_writer():
    code = "import sys; from docgen.cli import main\ntry: main(['--help'])\nexcept SystemExit: pass\n" \
           "bad = [m for m in ('docx', 'lxml', 'jinja2', 'docgen.gongwen') if m in sys.modules]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
