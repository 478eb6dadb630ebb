"""docgen deskplates FILE: 桌牌, A4 tents (one officer a sheet, folded along the long middle)."""

from __future__ import annotations

import click

from . import options


@click.command(name="deskplates", help="生成桌牌 PDF：A4 横放，每张一人，沿长边中线向外对折成帐篷形，两面都正立；"
                                       "带折线和裁切线标记。默认为各工会主席、副主席。")
@options.input_file
@options.output("输出的 PDF 文件（默认 out/桌牌.pdf；用 --only 时为 out/桌牌-<文字>.pdf）")
@options.roles
@options.only
@options.preview
@options.font
@options.quiet
def command(file, output, roles, only, preview, fonts, quiet):
    from .produce import produce

    produce("deskplates", file, output=output, roles=roles, only=only, preview=preview, fonts=fonts, quiet=quiet)
