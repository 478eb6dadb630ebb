"""docgen plan FILE [-o OUT.docx] [--pdf]: the 实施方案 as a GB/T 9704 .docx (and PDF).

`produce` is shared with `docgen notice`; the work below the CLI is docgen.documents (also used
by `docgen all`). python-docx-free: the writer builds the package itself, and everything heavy is
imported inside the command so `docgen --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import options


def produce(file: Path, output: Path | None, pdf: bool, kind: str) -> None:
    from .. import documents
    from ..load import load

    doc = load(file, roster=False)
    prepared = documents.prepare(doc, kind, output)
    for warning in prepared.warnings:
        click.echo(f"警告：{warning}", err=True)
    click.echo(summary(prepared, *documents.write(prepared, pdf)))


def summary(prepared, docx: Path, pdf: Path | None) -> str:
    if pdf is None:
        return f"已生成{prepared.label}：{docx}"
    return f"已生成{prepared.label}：{docx} 和 {pdf}"


@click.command(name="plan", help="生成实施方案 .docx（GB/T 9704 公文格式）；--pdf 同时用 LibreOffice 生成 PDF。")
@options.input_file
@options.output("输出的 .docx 文件（默认：out/<方案标题>.docx）")
@options.pdf
def command(file: Path, output: Path | None, pdf: bool) -> None:
    produce(file, output, pdf, "plan")
