"""Runaway templates from a user's `templates =` folder, through the real command: each ends in
a Chinese error naming the template file and line, exit 2, within seconds, nothing written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ATTACKS = {
    "divide_by_zero": ("{{ 1/0 }}", "除数为零"),
    "number_plus_text": ('{{ 1 + "a" }}', "类型不符"),
    "huge_range": ("{% for i in range(10**9) %}{{ i }}{% endfor %}", "range(1000000000)"),
    "self_include": ("{% include 'plan/shuangliang/intro.j2' %}", "递归过深"),
    "recursive_macro": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "递归过深"),
    "nested_loops": ("{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}", "秒仍未结束"),
    "tower_power": ("{{ 9**(9**10) }}", "乘方"),
    "huge_repeat": ("{{ 'a' * 10**10 }}", "乘法会生成"),
    "huge_format": ("{{ '%999999999d'|format(1) }}", "宽度或精度过大"),
    "doubling": ("{% set ns = namespace(x='ab') %}{% for i in range(64) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
                 "超过上限"),
    "endless_output": ("{% for a in range(99999) %}{% for b in range(99999) %}{{ b }}{% endfor %}{% endfor %}",
                       "模板输出超过"),
}


def docgen(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DOCGEN_CACHE=str(cwd / "cache"), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "docgen", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_plan_template_attack_ends_in_a_located_error(name, sample_dir):
    source, fragment = ATTACKS[name]
    intro = sample_dir / "tpl" / "plan" / "shuangliang" / "intro.j2"
    intro.parent.mkdir(parents=True)
    intro.write_text("为推进企业工会规范化建设，\n" + source + "\n", encoding="utf-8")
    toml = sample_dir / "county.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('roster = "roster.xlsx"',
                                                             'roster = "roster.xlsx"\ntemplates = "tpl"', 1),
                    encoding="utf-8")
    before = sorted(p.name for p in sample_dir.iterdir())
    started = time.monotonic()
    result = docgen(["plan", "county.toml", "-o", "plan.docx"], sample_dir)
    assert time.monotonic() - started < 30
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr, result.stderr
    assert re.search(r"intro\.j2 第2行", result.stderr), result.stderr          # the file and the line
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in sample_dir.iterdir() if p.name != "cache") == sorted(n for n in before if n != "cache")


LAYOUT = '''title = "自制胸卡"
size_mm = [85.6, 54]
bleed_mm = 2

[[elements]]
type = "text"
id = "name"
label = "姓名"
box_mm = [4, 20, 77.6, 20]
text = "{text}"
font = "name"
size_pt = [8, 30]
'''


@pytest.mark.parametrize("name", ["divide_by_zero", "huge_repeat", "huge_format", "tower_power", "nested_loops"])
def test_layout_expression_attack_names_layout_and_record(name, sample_dir):
    source, fragment = ATTACKS[name]
    layout = sample_dir / "tpl" / "print" / "badge-mine.toml"
    layout.parent.mkdir(parents=True)
    layout.write_text(LAYOUT.replace("{text}", source.replace('"', "'")), encoding="utf-8")
    toml = sample_dir / "county.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('roster = "roster.xlsx"',
                                                             'roster = "roster.xlsx"\ntemplates = "tpl"', 1),
                    encoding="utf-8")
    started = time.monotonic()
    result = docgen(["badges", "county.toml", "--layout", "badge-mine", "-o", "out.pdf", "-q"], sample_dir)
    assert time.monotonic() - started < 30
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr, result.stderr
    assert re.search(r"badge-mine\.toml:? elements\[1\]\.text", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not (sample_dir / "out.pdf").exists()


def test_ordinary_templates_still_render(sample_dir):
    result = docgen(["plan", "county.toml", "-o", "plan.docx"], sample_dir)
    assert result.returncode == 0, result.stderr
    assert (sample_dir / "plan.docx").stat().st_size > 0
