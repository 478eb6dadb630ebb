"""docgen all FILE [-o DIR]: every product the input allows, into DIR (default out/)."""

from __future__ import annotations

from pathlib import Path

import click

from . import options


@click.command(name="all", help="按输入内容生成全部产品到一个文件夹（默认 out/）：有 [plan] 出实施方案，有 [notice] 出通知；"
                                "有工会主席、副主席出胸卡、联系卡、桌牌；有工会出公示牌和牌匾。先全部检查，无误才写文件。")
@options.input_file
@click.option("-o", "output", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="输出文件夹（默认 out/）")
@options.pdf
@options.jobs
@options.quiet
def command(file, output, pdf, jobs, quiet):
    from ..everything import plan_all
    from ..load import load

    doc = load(file)
    folder = output if output is not None else Path("out")
    plan = plan_all(doc, folder, pdf=pdf, jobs=jobs, quiet=quiet)
    if not quiet:
        for warning in dict.fromkeys(plan.warnings):
            click.echo(f"警告：{warning}", err=True)
    for step in plan.steps:
        click.echo(step.write())
    made = "、".join(f"{s.product}（{_relative(s.path, folder)}）" for s in plan.steps)
    line = f"全部完成：{len(plan.steps)} 种产品，在 {folder}：{made}"
    if plan.skipped:
        line += f"；未生成：{'；'.join(plan.skipped)}"
    click.echo(line)


def _relative(path: Path, folder: Path) -> str:
    try:
        name = str(path.relative_to(folder))
    except ValueError:
        return str(path)
    return name + ("/" if path.suffix == "" else "")
