"""What every command that writes does: options -> load -> registry product -> compose -> write -> summary."""

from __future__ import annotations

from pathlib import Path

import click


def produce(name: str, file: Path, **choices) -> None:
    from ..load import load
    from ..pipeline import PRODUCTS, Options, compose, warnings_of

    product = PRODUCTS[name]
    options = Options(**choices)
    doc = load(file, roster=product.roster)
    prepared = compose(product, doc, options)
    show_warnings(warnings_of(doc, prepared))
    click.echo(prepared.write(options).line())


def show_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"警告：{warning}", err=True)
