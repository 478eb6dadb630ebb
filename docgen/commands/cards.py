"""docgen cards FILE: two-sided 联系卡 (front: who and how to reach them, with a QR code; back:
slogan, services, hotline), imposed on A4 with mirrored backs for long-edge duplex."""

from __future__ import annotations

import click

from . import options


@click.command(name="cards", help="生成双面联系卡 PDF：正面为工会名称、职务姓名、电话、办公地点和二维码名片，"
                                  "背面为标语、服务项目和职工服务热线；A4 拼版，背面按长边翻转镜像。")
@options.input_file
@options.output("输出的 PDF 文件（默认 out/联系卡.pdf）")
@click.option("--sheet", type=click.Choice(["a4", "single"]), default="a4", show_default=True,
              help="a4：A4 双面拼版带裁切线；single：每页一面（正、背面交替，卡片打印机用）")
@options.roles
@options.only
@options.print_output
def command(file, output, sheet, roles, only, preview, fonts, jobs, quiet):
    from ..printing.products import officer_sheets, summary

    result, doc = officer_sheets(file, product="联系卡", layouts=("card-front", "card-back"), output=output,
                                 sheet=sheet, roles=roles, only=only, preview=preview, font_options=fonts, jobs=jobs, quiet=quiet)
    if not quiet:
        for warning in doc.warnings:
            click.echo(f"警告：{warning}", err=True)
    click.echo(summary("联系卡", result, two_sided=True))
