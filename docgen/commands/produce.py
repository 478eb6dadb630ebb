"""What every command that writes does: options -> load -> registry product -> compose -> write -> summary."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

# A roster at least this big (about 400 rows) makes a sheet product worth a worker started before
# the input is read: its start (~0.4 s of CPU: interpreter, reportlab, faces) then overlaps the
# load and compose here instead of delaying the drawing. Smaller inputs start none.
EARLY_WORKERS_BYTES = 32_000


def produce(name: str, file: Path, **choices) -> None:
    from ..pipeline import PRODUCTS, Options, compose, name_warnings, warnings_of

    product = PRODUCTS[name]
    options = Options(**choices)
    with _early_workers(name, file, options):
        doc = load_input(file, options.quiet, roster=product.roster)
        prepared = compose(product, doc, options)
        show_warnings(warnings_of(doc, prepared) + name_warnings(doc, options, [name]))
        summary = prepared.write(options)
    click.echo(summary.line())


def _early_workers(name: str, file: Path, options):
    """Workers for a big sheet batch (badges, cards), started now; see docgen.workers.started_early."""
    from ..pipeline.entries import SHEET_LAYOUTS

    if name not in SHEET_LAYOUTS:
        return contextlib.nullcontext()
    from ..pipeline.targets import early_workers
    from ..printing.sheets import warm_up
    from ..workers import default_jobs

    jobs = options.jobs or default_jobs()
    layouts = (options.layout,) if name == "badges" and options.layout else SHEET_LAYOUTS[name]
    return early_workers(file, jobs, EARLY_WORKERS_BYTES, jobs - 1, warm_up, (layouts,))


def show_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"警告：{warning}", err=True)


def load_input(file: Path, quiet: bool, roster: bool = True):
    """The input loaded, with the activity line on a terminal (a big roster takes seconds)."""
    from ..load import load
    from ..pipeline.activity import activity

    with activity(f"读取 {file.name}", quiet):
        return load(file, roster=roster)
