"""docgen plan FILE [-o OUT.docx] [--pdf]: the 实施方案 as a GB/T 9704 .docx (and PDF).

`produce` is shared with `docgen notice`. python-docx-free: the writer builds the package itself,
and everything heavy is imported inside the command so `docgen --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import options

DEFAULT_FOLDER = Path("out")
KIND_LABELS = {"plan": "实施方案", "notice": "通知"}


def produce(file: Path, output: Path | None, pdf: bool, kind: str) -> None:
    from ..errors import InputError
    from ..gongwen import compose_notice, compose_plan, to_docx
    from ..load import load
    from ..output import safe_filename, write_bytes

    doc = load(file)
    composition = compose_plan(doc) if kind == "plan" else compose_notice(doc)
    data = to_docx(composition)
    target = _target(output, safe_filename(composition.title, ".docx"))
    if target.suffix.lower() != ".docx":
        raise InputError(f"输出文件 {target} 应以 .docx 结尾")
    for warning in composition.warnings:
        click.echo(f"警告：{warning}", err=True)
    if not pdf:
        write_bytes(target, data)
        click.echo(f"已生成{KIND_LABELS[kind]}：{target}")
        return
    # Convert first, in a private folder: a missing or failing LibreOffice leaves nothing half done.
    pdf_data = pdf_bytes(data, doc.print.fonts or None)
    pdf_target = target.with_suffix(".pdf")
    write_bytes(target, data)
    write_bytes(pdf_target, pdf_data)
    click.echo(f"已生成{KIND_LABELS[kind]}：{target} 和 {pdf_target}")


def pdf_bytes(docx_data: bytes, fonts) -> bytes:
    import tempfile

    from ..convert import docx_to_pdf, find_soffice

    find_soffice()
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx_data)
        return docx_to_pdf(source, Path(tmp) / "document.pdf", fonts=fonts).read_bytes()


def _target(output: Path | None, default_name: str) -> Path:
    """-o as given (a folder gets the default name; no suffix gets .docx), else out/<title>.docx."""
    if output is None:
        return DEFAULT_FOLDER / default_name
    if output.is_dir():
        return output / default_name
    return output if output.suffix else output.with_name(output.name + ".docx")


@click.command(name="plan", help="生成实施方案 .docx（GB/T 9704 公文格式）；--pdf 同时用 LibreOffice 生成 PDF。")
@options.input_file
@options.output("输出的 .docx 文件（默认：out/<方案标题>.docx）")
@options.pdf
def command(file: Path, output: Path | None, pdf: bool) -> None:
    produce(file, output, pdf, "plan")
