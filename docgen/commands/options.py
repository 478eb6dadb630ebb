"""Options that mean the same in every command (spec/cli.md), defined once."""

from __future__ import annotations

from pathlib import Path

import click


class _AtLeastOne(click.IntRange):
    name = "正整数"                  # click names the type in its message: “'abc' 不是有效的正整数。”

    def _describe_range(self) -> str:       # click would say x>=1
        return "至少为 1"


JOBS = _AtLeastOne(min=1)

input_file = click.argument("file", metavar="文件", type=click.Path(path_type=Path, dir_okay=False))
def output(help_text: str):
    return click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None, help=help_text)
preview = click.option("--preview", type=click.Path(path_type=Path, file_okay=False), default=None,
                       help="把生成的 PDF 渲染为 PNG 预览图，放入此文件夹")
roles = click.option("--roles", default=None, metavar="职务", help="包含哪些职务类别或职务，如 主席,副主席,委员")
only = click.option("--only", default=None, metavar="文字",
                    help="只处理名称含此文字的工会，或姓名为此的人员；补印进已有的一批时只替换这些，其余保留")
new_since = click.option("--new-since", default=None, metavar="日期",
                         help="只处理此日期（含）以后成立的工会，如 2024-01-01")
jobs = click.option("--jobs", type=JOBS, default=None, metavar="N", help="批量处理的进程数（默认：CPU 核数）")
font = click.option("--font", "fonts", multiple=True, metavar="角色=字体文件",
                    help="本次替换一种内置字体，如 song=C:/Windows/Fonts/simsun.ttc")
quiet = click.option("-q", "--quiet", "quiet", is_flag=True, help="不显示进度（进度只在终端上显示）")
pdf = click.option("--pdf", is_flag=True, help="同时用 LibreOffice 转换出 PDF")


def print_output(command):
    """What every print command offers after its own options: --preview, --font, --jobs, -q."""
    for option in (quiet, jobs, font, preview):
        command = option(command)
    return command
