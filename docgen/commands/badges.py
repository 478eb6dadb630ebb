"""docgen badges FILE: 胸卡 for chairs and vice-chairs (or --roles), imposed on A4 or one a page."""

from __future__ import annotations

import click

from . import options


@click.command(name="badges", help="生成胸卡 PDF：默认为各工会主席、副主席；"
                                   "A4 拼版带裁切线和出血，或每张一页（--sheet single）。")
@options.input_file
@options.output("输出的 PDF 文件（默认 out/胸卡.pdf；用 --only 时为 out/胸卡-<文字>.pdf）")
@click.option("--sheet", type=click.Choice(["a4", "single"]), default="a4", show_default=True,
              help="a4：A4 拼版带裁切线；single：每页一张（卡片打印机用）")
@click.option("--layout", default="badge", show_default=True, metavar="版式名",
              help="版式：badge（横版 85.6×54）、badge-portrait（竖版）、badge-90x60、badge-qr（带二维码），"
                   "或自己模板文件夹里 print/ 下以 badge- 开头的版式文件名（如 print/badge-mine.toml 即 badge-mine）")
@options.roles
@options.only
@options.print_output
def command(file, output, sheet, layout, roles, only, preview, fonts, jobs, quiet):
    from .produce import produce

    # thorough=False: make_sheets checks every record before it writes; composing twice only costs time
    produce("badges", file, output=output, sheet=sheet, layout=layout, roles=roles, only=only, preview=preview,
            fonts=fonts, jobs=jobs, quiet=quiet, thorough=False)
