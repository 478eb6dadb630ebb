"""One product pipeline: every product answers the same three questions through one registry.

    product = PRODUCTS["badges"]
    reason = product.select(doc, options)        # None, or why there is nothing to make
    prepared = compose(product, doc, options)    # composed and checked, every problem at once; nothing written
    summary = prepared.write(options)            # written atomically; summary.line() is what the CLI prints

A command is: parse options -> load -> compose -> write -> print the summary (commands/common.py).
`docgen check` and `docgen all` walk the registry through `schedule`, which composes every product
the input allows and raises every problem of every product together, so `check` meets whatever
`all` would refuse, and `all` writes nothing while any product would fail. A new product is an
entry in entries.PRODUCTS plus its templates.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct, field

from ..errors import InputError, Place, Problem
from ..model import Document
from .entries import PRODUCTS
from .protocol import DEFAULT_FOLDER, Options, Prepared, Product, Summary
from .targets import input_paths, refuse_inputs

__all__ = [
    "DEFAULT_FOLDER",
    "PRODUCTS",
    "Options",
    "Prepared",
    "Product",
    "Schedule",
    "Summary",
    "compose",
    "name_warnings",
    "schedule",
    "warnings_of",
    "write_all",
]


def compose(product: Product, doc: Document, options: Options) -> Prepared:
    """The product composed and checked, and its outputs checked against the run's inputs."""
    inputs = input_paths(doc, options)
    if options.output is not None:
        refuse_inputs([options.output], inputs, product.label)      # before any time is spent
    prepared = product.compose(doc, options)
    refuse_inputs(written_paths(prepared, options), inputs, product.label)
    return prepared


def written_paths(prepared: Prepared, options: Options) -> list[Path]:
    state = prepared.state
    if prepared.product.batch:
        names = [*state.files, "manifest.csv", "proof.pdf"]
        return [prepared.target, *(prepared.target / name for name in names)]
    paths = [prepared.target]
    if prepared.product.name in ("plan", "notice") and options.pdf:
        paths.append(prepared.target.with_suffix(".pdf"))
    return paths


class Schedule(Struct):
    """What `all` will write: every product the input allows, composed and checked."""

    folder: Path
    steps: list[Prepared] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)    # "胸卡（输入中没有工会主席、副主席）"
    warnings: list[str] = field(default_factory=list)


def schedule(doc: Document, options: Options) -> Schedule:
    """Every product the input allows, composed and checked with the same options; an InputError
    listing the problems of every product when any fails (each marked [胸卡], or [胸卡、联系卡]
    when one fault stops both)."""
    chosen = Schedule(options.folder, warnings=list(doc.warnings))
    # (place, message) -> the products it stops: one fault the plan and its notice share (a
    # template of the plan, read by both) is one line, [实施方案、通知], not two
    problems: dict[tuple[Place, str], list[str]] = {}
    composed: list[str] = []
    for name, outcome in _outcomes(doc, options):
        product = PRODUCTS[name]
        if outcome.skipped is not None:
            chosen.skipped.append(f"{product.label}（{outcome.skipped}）")
        elif outcome.problems:
            for key in outcome.problems:
                problems.setdefault(key, []).append(product.label)
        else:
            chosen.warnings += outcome.warnings
            composed.append(name)
            if outcome.prepared is not None:
                chosen.steps.append(outcome.prepared)
    if problems:
        listed = [Problem(place, f"[{'、'.join(labels)}] {message}") for (place, message), labels in problems.items()]
        raise InputError(f"有 {len(listed)} 处问题", listed)
    chosen.warnings += name_warnings(doc, options, composed)
    return chosen


def name_warnings(doc: Document, options: Options, products: list[str]) -> list[str]:
    """Names that `products` print in the fallback face (printing.coverage): asked once per run,
    not per product (a pass over every name)."""
    aliases = tuple(dict.fromkeys(alias for name in products for alias in PRODUCTS[name].names))
    if not aliases:
        return []
    from ..printing.coverage import fallback_warnings
    from ..printing.faces import FaceSet
    from ..printing.layout import print_theme
    from ..printing.products import run_fonts

    return fallback_warnings(doc, FaceSet(run_fonts(doc, options.fonts)), print_theme(doc.templates), aliases)


class Outcome(Struct):
    """One product's answer: skipped (why), failed (its problems) or composed (its warnings, and
    the composed product when the run keeps it)."""

    skipped: str | None = None
    problems: list[tuple[Place, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    prepared: Prepared | None = None


def outcome(name: str, doc: Document, options: Options) -> Outcome:
    product = PRODUCTS[name]
    reason = product.select(doc, options)
    if reason is not None:
        return Outcome(skipped=reason)
    try:
        prepared = compose(product, doc, options)
    except InputError as exc:
        return Outcome(problems=[(p.place, p.message) for p in exc.problems] or [(Place(doc.source.name), exc.message)])
    return Outcome(warnings=list(prepared.warnings), prepared=prepared if options.keep_composed else None)


# A check of a big input shares the products between two processes: below this many officers and
# unions a second process (~0.5 s of CPU to start, and the input read again) costs more than it saves.
SHARED_FROM = 5000


def _outcomes(doc: Document, options: Options) -> list[tuple[str, Outcome]]:
    """Each product's outcome, in the registry's order. Only a run that keeps nothing composed (a
    check) can share the work: the other process reads the same input and answers with problems
    and warnings, never with composed pages."""
    names = list(PRODUCTS)
    jobs = options.jobs or _default_jobs()
    from . import shared

    if options.keep_composed or jobs < 2 or shared.officer_count(doc) + len(doc.unions) < SHARED_FROM:
        return [(name, outcome(name, doc, options)) for name in names]
    return shared.outcomes(doc, options, names)


def _default_jobs() -> int:
    from ..workers import default_jobs

    return default_jobs()


def warnings_of(doc: Document, *prepared: Prepared) -> list[str]:
    """The loader's warnings and those of composing, each once, in order."""
    return list(dict.fromkeys([*doc.warnings, *(w for p in prepared for w in p.warnings)]))


def write_all(chosen: Schedule, options: Options) -> list[Summary]:
    """Every scheduled product written, or none: with the folder locked, each product published
    as it is made and, when one fails (a full disk, a read-only file, Ctrl-C), every file this run
    published is taken back and the earlier ones restored."""
    from ..errors import DocgenError
    from ..locking import folder_lock
    from ..output import all_or_none, ensure_folder, replaced_so_far

    ensure_folder(chosen.folder)
    with folder_lock(chosen.folder):
        try:
            with all_or_none():
                summaries = []
                for step in chosen.steps:
                    summaries.append(step.write(options))
                    published = replaced_so_far()
                return summaries
        except DocgenError as exc:
            if summaries:
                exc.append(f"；已撤回本次写出的 {len(summaries)} 种产品（{published} 个文件），"
                           f"{chosen.folder} 保持原样")
            raise
