"""docgen plaques FILE: 牌匾, one true-size PDF per union with 3 mm bleed, plus manifest.csv and proof.pdf."""

from __future__ import annotations

import click

from . import options


@click.command(name="plaques", help="生成工会牌匾 PDF：每个工会一份，原大尺寸、出血 3 mm；"
                                    "同一文件夹中另有清单 manifest.csv "
                                    "和校样 proof.pdf（全部牌匾缩印在 A4 上，供送制作前核对）。")
@options.input_file
@options.output("输出文件夹（默认 out/牌匾/）")
@options.new_since
@options.only
@click.option("--size", default=None, metavar="宽x高|尺寸名",
              help="牌匾尺寸：county 400×2400（默认）、enterprise 300×1800、narrow 360×2200、landscape 600×400、"
                   "landscape-large 800×600（见 templates/print/plaque-sizes.toml，自己的模板文件夹可增加），"
                   "或 宽x高（毫米）；默认取 [print] plaque_size")
@click.option("--color", type=click.Choice(["black", "red"]), default=None,
              help="字色：black 白底黑字（默认）或 red 白底红字；默认取 [print] plaque_color")
@click.option("--outlines", is_flag=True, help="文字转曲：字形画成路径，PDF 中不含字体（制作单位常要求）")
@options.print_output
def command(file, output, new_since, only, size, color, outlines, preview, fonts, jobs, quiet):
    from .produce import produce

    produce("plaques", file, output=output, new_since=new_since, only=only, size=size, color=color,
            outlines=outlines, preview=preview, fonts=fonts, jobs=jobs, quiet=quiet)
