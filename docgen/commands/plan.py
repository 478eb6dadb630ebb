"""docgen plan FILE [-o OUT.docx] [--pdf]: the 实施方案 as a GB/T 9704 .docx (and PDF).

Everything below the CLI is the product registry (docgen.pipeline -> docgen.documents); heavy
modules are imported inside the command so `docgen --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import options


@click.command(name="plan", help="生成实施方案 .docx（GB/T 9704 公文格式）；--pdf 同时用 LibreOffice 生成 PDF。")
@options.input_file
@options.output("输出的 .docx 文件（默认：out/<方案标题>.docx；不带后缀时自动加 .docx）")
@options.pdf
@options.quiet
def command(file: Path, output: Path | None, pdf: bool, quiet: bool) -> None:
    from .produce import produce

    produce("plan", file, output=output, pdf=pdf, quiet=quiet)
