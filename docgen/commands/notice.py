"""docgen notice FILE [-o OUT.docx] [--pdf]: the 印发 or 转发 通知 as a GB/T 9704 .docx (and PDF)."""

from __future__ import annotations

from pathlib import Path

import click

from . import options


@click.command(name="notice", help="生成印发或转发通知 .docx（GB/T 9704 公文格式）；--pdf 同时生成 PDF。")
@options.input_file
@options.output("输出的 .docx 文件（默认：out/<通知标题>.docx；不带后缀时自动加 .docx）")
@options.pdf
@options.quiet
def command(file: Path, output: Path | None, pdf: bool, quiet: bool) -> None:
    from .produce import produce

    produce("notice", file, output=output, pdf=pdf, quiet=quiet)
