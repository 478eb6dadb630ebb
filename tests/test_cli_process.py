"""docgen as a real process: commands print everything, write whole files and give the right exit
status (the tests elsewhere call main() in-process)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent


def docgen(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT), DOCGEN_CACHE=str(Path(cwd) / "cache"))
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_prints_and_exits_zero(tmp_path):
    done = docgen("check", SAMPLES / "county.toml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "工会：" in done.stdout and done.stdout.endswith("\n")


def test_bad_input_exits_two_with_the_message(tmp_path):
    done = docgen("plan", tmp_path / "missing.toml", cwd=tmp_path)
    assert done.returncode == 2
    assert "找不到输入文件" in done.stderr and "未生成任何文件" in done.stderr


def test_plan_file_is_whole_and_the_run_can_be_repeated(tmp_path):
    for _ in range(2):                       # the second run loads its templates from the cache
        done = docgen("plan", SAMPLES / "county.toml", "-o", tmp_path / "plan.docx", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        with zipfile.ZipFile(tmp_path / "plan.docx") as z:
            assert z.testzip() is None and "word/document.xml" in z.namelist()
    assert any((tmp_path / "cache" / "templates").iterdir())


def test_help_and_version(tmp_path):
    assert "命令" in docgen("--help", cwd=tmp_path).stdout
    done = docgen("--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("docgen ")
