"""Old name of docgen.printing.sheets (sheet products); kept importable until the callers move."""

from .sheets import (  # noqa: F401
    Record,
    Result,
    SheetJob,
    chunk_bounds,
    compose_records,
    make_sheets,
    plan_for,
    render_previews,
    workers_for,
)
