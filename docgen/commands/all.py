"""docgen all FILE [-o DIR]: every product the input allows, into DIR (default out/)."""

from __future__ import annotations

from pathlib import Path

import click

from . import options


@click.command(name="all", help="按输入内容生成全部产品到一个文件夹（默认 out/）："
                                "有 [plan] 出实施方案，有 [notice] 出通知；"
                                "有工会主席、副主席出胸卡、联系卡、桌牌；有工会出公示牌和牌匾。先全部检查，无误才写文件。")
@options.input_file
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="输出文件夹（默认 out/）")
@options.pdf
@options.jobs
@options.quiet
def command(file, output, pdf, jobs, quiet):
    from ..errors import InputError
    from ..pipeline import DEFAULT_FOLDER, Options, schedule, write_all
    from ..pipeline.targets import OTHER_SUFFIXES
    from .produce import load_input, show_warnings

    if output is not None and output.suffix.lower() in OTHER_SUFFIXES and not output.is_dir():
        raise InputError(f"-o {output}：docgen all 写出多种产品，-o 应为文件夹（不带 {output.suffix} 后缀）")
    doc = load_input(file, quiet)
    folder = output if output is not None else DEFAULT_FOLDER
    options = Options(folder=folder, pdf=pdf, jobs=jobs, quiet=quiet, attach_plan=True)
    chosen = schedule(doc, options)             # every product composed and checked; nothing written yet
    if not chosen.steps:
        raise InputError(f"{doc.source.name} 中没有可生成的内容：没有 [plan]、[notice]，也没有工会")
    show_warnings(list(dict.fromkeys(chosen.warnings)))
    for summary in write_all(chosen, options):        # all products or none
        click.echo(summary.line())
    made = "、".join(f"{s.product.label}（{_relative(s.target, folder, s.product.batch)}）" for s in chosen.steps)
    line = f"全部完成：{len(chosen.steps)} 种产品，在 {folder}：{made}"
    if chosen.skipped:
        line += f"；未生成：{'；'.join(chosen.skipped)}"
    click.echo(line)


def _relative(path: Path, folder: Path, batch: bool) -> str:
    try:
        name = str(path.relative_to(folder))
    except ValueError:
        return str(path)
    return name + ("/" if batch else "")
