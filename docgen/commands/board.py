"""docgen board FILE: 公示牌, one PDF per union (A3 portrait, or 600 x 800 mm)."""

from __future__ import annotations

import click

from . import options


@click.command(name="board", help="生成公示牌 PDF，每个工会一份：标题、工会名称、办公地点、工会干部表"
                                  "（照片、姓名、职务、办公电话、手机；主席在前）和职工服务热线。")
@options.input_file
@options.output("输出文件夹（默认 out/公示牌/）")
@options.only
@click.option("--size", default=None, metavar="a3|a3-office|600x800",
              help="公示牌尺寸：a3（297×420 mm，出血 3 mm，交广告公司，默认）、a3-office（A3 无出血，四周留白，"
                   "办公室打印机直接打印）、600x800，或 宽x高（毫米）；--only 补印时沿用文件夹中这一批的尺寸")
@options.print_output
def command(file, output, only, size, preview, fonts, jobs, quiet):
    from .produce import produce

    produce("board", file, output=output, only=only, size=size, preview=preview, fonts=fonts, jobs=jobs, quiet=quiet)
