"""docgen cards FILE: two-sided 联系卡 (front: who and how to reach them, with a QR code; back:
slogan, services, hotline), imposed on A4 with mirrored backs for long-edge duplex."""

from __future__ import annotations

import click

from . import options


@click.command(name="cards", help="生成双面联系卡 PDF：正面为工会名称、职务姓名、电话、办公地点和二维码名片，"
                                  "背面为标语、服务项目和职工服务热线；A4 拼版，背面按长边翻转镜像。")
@options.input_file
@options.output("输出的 PDF 文件（默认 out/联系卡.pdf；用 --only 时为 out/联系卡-<文字>.pdf）")
@click.option("--sheet", type=click.Choice(["a4", "single"]), default="a4", show_default=True,
              help="a4：A4 双面拼版带裁切线；single：每页一面（正、背面交替，卡片打印机用）")
@options.roles
@options.only
@options.print_output
def command(file, output, sheet, roles, only, preview, fonts, jobs, quiet):
    from .produce import produce

    # thorough=False: make_sheets checks every record before it writes; composing twice only costs time
    produce("cards", file, output=output, sheet=sheet, roles=roles, only=only, preview=preview, fonts=fonts,
            jobs=jobs, quiet=quiet, thorough=False)
