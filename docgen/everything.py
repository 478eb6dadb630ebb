"""`docgen all`: every product the input allows, into one folder, checked before anything is written.

    plan = plan_all(doc, Path("out"), pdf=False, jobs=2, quiet=True)   # all composed and checked
    for step in plan.steps:
        line = step.write()                                          # then written, one by one

What the input allows: 实施方案 when there is a [plan], 通知 when there is a [notice]; 胸卡, 联系卡
and 桌牌 when some union has a chair or vice-chair; 公示牌 and 牌匾 when there are unions. Each
product is prepared by the same function its own command uses (docgen.documents, printing.plaques,
printing.boards, printing.deskplates; badges and cards are composed and checked here the way
printing.batch does before it draws). Problems of every product are collected and raised
together, so a bad record anywhere leaves every output untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem
from .model import Document


@dataclass
class Step:
    product: str
    path: Path
    write: Callable[[], str]        # writes the product, returns its one-line summary


@dataclass
class AllPlan:
    folder: Path
    steps: list[Step] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)    # "胸卡（没有主席、副主席）"
    warnings: list[str] = field(default_factory=list)


def plan_all(doc: Document, folder: Path, *, pdf: bool = False, jobs: int | None = None,
             quiet: bool = True) -> AllPlan:
    plan = AllPlan(folder, warnings=list(doc.warnings))
    if pdf and (doc.plan is not None or doc.notice is not None):
        from .convert import find_soffice

        find_soffice()                  # no LibreOffice: say so before anything is written
    problems: list[Problem] = []

    def attempt(product: str, prepare: Callable[[], Step | None]) -> None:
        try:
            step = prepare()
        except InputError as exc:
            problems.extend(Problem(p.place, f"[{product}] {p.message}") for p in exc.problems)
            if not exc.problems:
                problems.append(Problem(_place(doc), f"[{product}] {exc.message}"))
            return
        if step is not None:
            plan.steps.append(step)

    if doc.plan is not None:
        attempt("实施方案", lambda: _document(doc, "plan", folder, pdf, plan))
    else:
        plan.skipped.append("实施方案（没有 [plan]）")
    if doc.notice is not None:
        attempt("通知", lambda: _document(doc, "notice", folder, pdf, plan))
    else:
        plan.skipped.append("通知（没有 [notice]）")
    from .printing.products import select_officers

    if select_officers(doc):
        attempt("胸卡", lambda: _sheets(doc, "胸卡", ("badge",), folder, jobs, quiet))
        attempt("联系卡", lambda: _sheets(doc, "联系卡", ("card-front", "card-back"), folder, jobs, quiet))
        attempt("桌牌", lambda: _deskplates(doc, folder))
    else:
        plan.skipped.append("胸卡、联系卡、桌牌（输入中没有工会主席、副主席）")
    if doc.unions:
        attempt("公示牌", lambda: _boards(doc, folder, jobs, quiet))
        attempt("牌匾", lambda: _plaques(doc, folder, jobs, quiet))
    else:
        plan.skipped.append("公示牌、牌匾（输入中没有工会）")
    if problems:
        raise InputError(f"有 {len(problems)} 处问题", problems)
    if not plan.steps:
        raise InputError(f"{doc.source.name} 中没有可生成的内容：没有 [plan]、[notice]，也没有工会")
    return plan


def _place(doc: Document):
    from .errors import Place

    return Place(doc.source.name)


def _document(doc: Document, kind: str, folder: Path, pdf: bool, plan: AllPlan) -> Step:
    from . import documents
    from .commands.plan import summary

    prepared = documents.prepare(doc, kind, None, folder)
    plan.warnings += prepared.warnings
    return Step(prepared.label, prepared.target, lambda: summary(prepared, *documents.write(prepared, pdf)))


def _sheets(doc: Document, product: str, layouts: tuple[str, ...], folder: Path, jobs, quiet) -> Step:
    from .batch import default_jobs
    from .printing.batch import SheetJob, compose_records, make_sheets
    from .printing.faces import FaceSet
    from .printing.layout import load_layout
    from .printing.products import officer_records, summary

    records = officer_records(doc, None, None, product)
    faces = FaceSet(doc.print.fonts)
    loaded = [load_layout(name, doc.templates) for name in layouts]
    _, problems = compose_records(records, loaded, faces, doc.source.name)
    if problems:
        raise InputError(f"有 {len(problems)} 处内容无法印刷", problems)
    job = SheetJob(title=product, layouts=layouts, records=records, source=doc.source.name,
                   user_dir=doc.templates, fonts=dict(doc.print.fonts))
    target = folder / f"{product}.pdf"
    two_sided = len(layouts) > 1
    return Step(product, target, lambda: summary(product, make_sheets(job, target, jobs=jobs or default_jobs(),
                                                                       quiet=quiet), two_sided=two_sided))


def _deskplates(doc: Document, folder: Path) -> Step:
    from .printing import deskplates

    batch = deskplates.prepare(doc, output=folder / f"{deskplates.PRODUCT}.pdf")
    return Step(deskplates.PRODUCT, batch.target, lambda: deskplates.summary(deskplates.write(batch)))


def _boards(doc: Document, folder: Path, jobs, quiet) -> Step:
    from .printing import boards

    batch = boards.prepare(doc, output=folder / boards.PRODUCT)
    return Step(boards.PRODUCT, batch.folder,
                lambda: boards.summary(boards.write(batch, jobs=jobs, quiet=quiet)))


def _plaques(doc: Document, folder: Path, jobs, quiet) -> Step:
    from .printing import plaques

    batch = plaques.prepare(doc, output=folder / plaques.PRODUCT)
    return Step(plaques.PRODUCT, batch.folder,
                lambda: plaques.summary(plaques.write(batch, jobs=jobs, quiet=quiet)))
