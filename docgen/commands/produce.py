"""What every command that writes does: options -> load -> registry product -> compose -> write -> summary."""

from __future__ import annotations

from pathlib import Path

import click


def produce(name: str, file: Path, **choices) -> None:
    from ..pipeline import PRODUCTS, Options, compose, warnings_of

    product = PRODUCTS[name]
    options = Options(**choices)
    doc = load_input(file, options.quiet, roster=product.roster)
    prepared = compose(product, doc, options)
    show_warnings(warnings_of(doc, prepared))
    click.echo(prepared.write(options).line())


def show_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"警告：{warning}", err=True)


def load_input(file: Path, quiet: bool, roster: bool = True):
    """The input loaded, with the activity line on a terminal (a big roster takes seconds)."""
    from ..load import load
    from ..pipeline.activity import activity

    with activity(f"读取 {file.name}", quiet):
        return load(file, roster=roster)
