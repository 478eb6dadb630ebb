"""docgen deskplates FILE: 桌牌, A4 tents (one officer a sheet, folded along the long middle)."""

from __future__ import annotations

import click

from . import options


@click.command(name="deskplates", help="生成桌牌 PDF：A4 横放，每张一人，沿长边中线向外对折成帐篷形，两面都正立；"
                                       "带折线和裁切线标记。默认为各工会主席、副主席。")
@options.input_file
@options.output("输出的 PDF 文件（默认 out/桌牌.pdf）")
@options.roles
@options.only
@options.preview
@options.font
@options.quiet
def command(file, output, roles, only, preview, fonts, quiet):
    from ..load import load
    from ..printing import deskplates

    doc = load(file)
    batch = deskplates.prepare(doc, output=output, roles=roles, only=only, font_options=fonts)
    result = deskplates.write(batch, preview=preview)
    if not quiet:
        for warning in doc.warnings:
            click.echo(f"警告：{warning}", err=True)
    click.echo(deskplates.summary(result))
