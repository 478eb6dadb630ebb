"""docgen init [FOLDER]: copy the bundled sample set, a working starting point, into DIR."""

from __future__ import annotations

from pathlib import Path

import click

SAMPLE_FILES = ("county.toml", "roster.xlsx", "roster.csv", "roster-template.xlsx")


@click.command("init", help="在文件夹（默认 docgen-samples/）中写出一套示例："
                            "county.toml、roster.xlsx、roster.csv、空白花名册模板。")
@click.argument("folder", metavar="[文件夹]", required=False, default="docgen-samples",
                type=click.Path(path_type=Path, dir_okay=True))
@click.option("--force", is_flag=True, help="覆盖已存在的同名文件")
@click.option("-q", "--quiet", is_flag=True, help="只报告错误，不显示“下一步”提示")
def command(folder: Path, force: bool, quiet: bool):
    from ..errors import InputError
    from ..output import write_bytes
    from ..resources import SAMPLES

    existing = [name for name in SAMPLE_FILES if (folder / name).exists()]
    if existing and not force:
        raise InputError(f"{folder} 中已有 {'、'.join(existing)}；如要覆盖请加 --force")
    for name in SAMPLE_FILES:
        write_bytes(folder / name, (SAMPLES / name).read_bytes())
    if not quiet:
        click.echo(f"已在 {folder} 写出示例：{'、'.join(SAMPLE_FILES)}")
        click.echo(f"下一步：docgen check {folder / 'county.toml'}")
