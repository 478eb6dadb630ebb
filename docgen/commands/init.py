"""docgen init [DIR]: copy the bundled sample set, a working starting point, into DIR."""

from __future__ import annotations

from pathlib import Path

import click

SAMPLE_FILES = ("county.toml", "roster.xlsx", "roster.csv", "roster-template.xlsx")


@click.command("init", help="在 DIR（默认 docgen-samples/）写出一套示例：county.toml、roster.xlsx、roster.csv、空白花名册模板。")
@click.argument("folder", required=False, default="docgen-samples", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--force", is_flag=True, help="覆盖已存在的同名文件")
def command(folder: Path, force: bool):
    from ..errors import InputError
    from ..output import write_bytes
    from ..resources import SAMPLES

    existing = [name for name in SAMPLE_FILES if (folder / name).exists()]
    if existing and not force:
        raise InputError(f"{folder} 中已有 {'、'.join(existing)}；如要覆盖请加 --force")
    for name in SAMPLE_FILES:
        write_bytes(folder / name, (SAMPLES / name).read_bytes())
    click.echo(f"已在 {folder} 写出示例：{'、'.join(SAMPLE_FILES)}")
    click.echo(f"下一步：docgen check {folder / 'county.toml'}")
