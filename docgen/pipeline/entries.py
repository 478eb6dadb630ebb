"""The seven products as registry entries: each answers select, compose-and-check, write by
calling the module that does the work (docgen.documents, docgen.printing.*)."""

from __future__ import annotations

from functools import partial

from ..errors import InputError
from ..model import Document
from .activity import activity
from .protocol import Options, Prepared, Product, Summary
from .targets import file_target, folder_target

NO_OFFICERS = "输入中没有工会主席、副主席"
NO_UNIONS = "输入中没有工会"


# --- 实施方案, 通知 -------------------------------------------------------------------------------

def _select_document(kind: str, doc: Document, options: Options) -> str | None:
    present = doc.plan if kind == "plan" else doc.notice
    return None if present is not None else f"没有 [{kind}]"


def _compose_document(kind: str, doc: Document, options: Options) -> Prepared:
    from .. import documents

    label = documents.KIND_LABELS[kind]
    if options.pdf:
        from ..convert import find_soffice

        find_soffice()                  # no LibreOffice: say so before anything is written
    with activity(f"{label}：排版", options.quiet):
        prepared = documents.prepare(doc, kind, lambda name: file_target(options, label, ".docx", name),
                                     attached=kind == "plan" and options.attach_plan and doc.notice is not None
                                     and doc.notice.kind == "yinfa")
    return Prepared(PRODUCTS[kind], prepared.target, 1, prepared, list(prepared.warnings))


def _write_document(prepared: Prepared, options: Options) -> Summary:
    from .. import documents

    state = prepared.state
    with activity(f"{state.label}：{'写出并转换 PDF' if options.pdf else '写出'}", options.quiet):
        docx, pdf = documents.write(state, options.pdf)
    return Summary(state.label, docx, details=[f"PDF：{pdf}"] if pdf else [])


# --- 胸卡, 联系卡: sheets imposed on A4 (printing/batch.py) -----------------------------------------

SHEET_LAYOUTS: dict[str, tuple[str, ...]] = {}       # product name -> front (and back) layout
OFFICER_NAMES = ("union", "name")       # an officer product prints the union's name and the officer's


def sheet_product(name: str, label: str, layouts: tuple[str, ...]) -> Product:
    """An officer product imposed on sheets: a new one is this line plus its layouts in templates/print/."""
    SHEET_LAYOUTS[name] = layouts
    return Product(name, label, False, _select_officers, partial(_compose_sheets, name), _write_sheets,
                   names=OFFICER_NAMES)


def _select_officers(doc: Document, options: Options) -> str | None:
    from ..printing.products import select_officers

    return None if select_officers(doc, options.roles, options.only) else NO_OFFICERS


def _compose_sheets(name: str, doc: Document, options: Options) -> Prepared:
    from ..printing.faces import FaceSet
    from ..printing.layout import check_badge_layout, load_layout
    from ..printing.products import chosen_officers, officer_problems, officer_records, run_fonts
    from ..printing.sheets import SheetJob, check_records, plan_for

    product = PRODUCTS[name]
    layouts = (options.layout,) if name == "badges" and options.layout else SHEET_LAYOUTS[name]
    if name == "badges" and options.layout:
        check_badge_layout(options.layout, doc.templates)
    fonts = run_fonts(doc, options.fonts)
    loaded = [load_layout(layout, doc.templates) for layout in layouts]
    codes = any(layout.reads("qr_data") for layout in loaded)
    faces = FaceSet(fonts)
    imposition = plan_for(loaded, options.sheet)
    target = file_target(options, product.label, ".pdf")
    if not options.keep_composed:
        # only checked (`docgen check`): every record composed and let go, none kept; the job
        # carries no records, for nothing is written from it
        pairs = chosen_officers(doc, options.roles, options.only, product.label)
        with activity(f"{product.label}：排版检查 {len(pairs)} 张", options.quiet):
            problems = officer_problems(doc, pairs, loaded, faces, codes)
        if problems:
            raise InputError(f"有 {len(problems)} 处内容无法印刷", problems)
        job = SheetJob(title=product.label, layouts=layouts, records=(), source=doc.source.name,
                       sheet=options.sheet, user_dir=doc.templates, fonts=fonts)
        return Prepared(product, target, len(pairs), (job, loaded[0], imposition))
    records = officer_records(doc, options.roles, options.only, product.label, codes=codes)
    if options.thorough:
        with activity(f"{product.label}：排版检查 {len(records)} 张", options.quiet):
            problems = check_records(records, loaded, faces, doc.source.name)
        if problems:
            raise InputError(f"有 {len(problems)} 处内容无法印刷", problems)
    job = SheetJob(title=product.label, layouts=layouts, records=records, source=doc.source.name,
                   sheet=options.sheet, user_dir=doc.templates, fonts=fonts)
    return Prepared(product, target, len(records), (job, loaded[0], imposition))


def _write_sheets(prepared: Prepared, options: Options) -> Summary:
    from ..batch import default_jobs
    from ..printing.batch import make_sheets

    job, layout, _ = prepared.state
    result = make_sheets(job, prepared.target, jobs=options.jobs or default_jobs(), preview=options.preview,
                         quiet=options.quiet)
    two_sided = len(job.layouts) > 1
    if result.per_sheet > 1:
        how = [f"A4 {'双面' if two_sided else ''}拼版，每张纸 {result.per_sheet} 张，共 {result.sheets} 张纸"]
    else:
        how = [f"每页一张，共 {result.sheets} 张"]
    if two_sided:
        how.append(f"{result.pages} 页，正反面交替" + ("，请用长边翻转双面打印" if result.per_sheet > 1 else ""))
    return Summary(job.title, result.target, result.items, "张", [*_size(layout), *how], _previews(result.previews))


# --- 桌牌 ----------------------------------------------------------------------------------------

def _compose_deskplates(doc: Document, options: Options) -> Prepared:
    from ..printing import deskplates

    target = file_target(options, deskplates.PRODUCT, ".pdf")
    with activity(f"{deskplates.PRODUCT}：排版检查", options.quiet):
        batch = deskplates.prepare(doc, output=target, roles=options.roles, only=options.only,
                                   font_options=options.fonts, keep=options.keep_composed)
    return Prepared(PRODUCTS["deskplates"], batch.target, batch.count, batch)


def _write_deskplates(prepared: Prepared, options: Options) -> Summary:
    from ..printing import deskplates

    with activity(f"{deskplates.PRODUCT}：生成 {prepared.count} 张", options.quiet):
        result = deskplates.write(prepared.state, preview=options.preview)
    width, height, bleed = prepared.state.size_mm
    details = [f"{width:g} × {height:g} mm，出血 {bleed:g} mm", "A4 横放，每张一人",
               "沿中线向外对折，两面正立；沿四角裁切线裁边"]
    return Summary(deskplates.PRODUCT, result.target, result.count, "张", details, _previews(result.previews))


# --- 公示牌, 牌匾: one file per union in a folder -------------------------------------------------

def _select_boards(doc: Document, options: Options) -> str | None:
    if not doc.unions:
        return NO_UNIONS
    return None if any(u.officers for u in doc.unions) else "工会都还没有填写工会干部"


def _select_unions(doc: Document, options: Options) -> str | None:
    return None if doc.unions else NO_UNIONS


def _compose_boards(doc: Document, options: Options) -> Prepared:
    from ..printing import boards

    folder = folder_target(options, boards.PRODUCT)
    with activity(f"{boards.PRODUCT}：排版检查", options.quiet):
        batch = boards.prepare(doc, output=folder, only=options.only, size=options.size, font_options=options.fonts,
                               keep=options.keep_composed)
    return Prepared(PRODUCTS["board"], batch.folder, len(batch.files), batch, list(batch.warnings))


def _write_boards(prepared: Prepared, options: Options) -> Summary:
    from ..printing import boards

    result = boards.write(prepared.state, jobs=options.jobs, quiet=options.quiet, preview=options.preview)
    b = result.batch
    size = "A3（297 × 420 mm）" if b.size_name in ("a3", "a3-office") else f"{b.width_mm:g} × {b.height_mm:g} mm"
    notes = _batch_notes(b.reprint, result, "份", "公示牌")
    if b.no_officers:
        shown = "、".join(b.no_officers[:10]) + (f" 等 {len(b.no_officers)} 个" if len(b.no_officers) > 10 else "")
        notes.append(f"还没有工会干部、未生成 {len(b.no_officers)} 个：{shown}")
    bleed = (f"无出血、四周留白 {boards.OFFICE_MARGIN_MM:g} mm，供办公室打印机" if b.size_name in boards.OFFICE
             else f"出血 {b.bleed_mm:g} mm")
    details = [f"{size}，{bleed}", "每个工会一份", "清单 manifest.csv"]
    return Summary(boards.PRODUCT, b.folder, len(result.paths), "份", details, notes + _previews(result.previews))


def _batch_notes(reprint: bool, result, unit: str, what: str) -> list[str]:
    """What a folder batch did to the earlier one: a reprint kept it, a whole batch removed its stale files."""
    notes = []
    if reprint:
        notes.append(f"补印 {len(result.paths)} {unit}，文件夹中其余{what}和清单各行保留")
    if result.removed:
        notes.append(f"已移除上一批清单中的 {len(result.removed)} 个旧文件")
    return notes


def _compose_plaques(doc: Document, options: Options) -> Prepared:
    from ..printing import plaques

    folder = folder_target(options, plaques.PRODUCT)
    with activity(f"{plaques.PRODUCT}：排版检查", options.quiet):
        batch = plaques.prepare(doc, output=folder, size=options.size, color=options.color,
                                new_since=options.new_since, only=options.only, font_options=options.fonts,
                                outlines=options.outlines)
    return Prepared(PRODUCTS["plaques"], batch.folder, len(batch.printed), batch)


def _write_plaques(prepared: Prepared, options: Options) -> Summary:
    from ..printing import plaques

    result = plaques.write(prepared.state, jobs=options.jobs, quiet=options.quiet, preview=options.preview)
    b = result.batch
    details = [f"{b.size_label} {'竖式' if b.vertical else '横式'}，出血 {b.bleed_mm:g} mm"]
    if b.char_mm:
        details.append(f"字高约 {b.char_mm:.0f} mm")
    details.append(f"清单 {plaques.MANIFEST}，校样 {plaques.PROOF}")
    notes = _batch_notes(b.reprint, result, "个", "牌匾")
    if b.older:
        from .. import cn

        assert b.since is not None      # only --new-since leaves older unions out
        notes.append(f"另有 {b.older} 个工会成立于{cn.date_cn(b.since)}以前，未收入")
    if b.undated:
        shown = "、".join(b.undated[:20]) + (f" 等 {len(b.undated)} 个" if len(b.undated) > 20 else "")
        notes.append(f"未注明成立日期、未收入 {len(b.undated)} 个：{shown}")
    return Summary(plaques.PRODUCT, b.folder, len(result.paths), "个", details, notes + _previews(result.previews))


# --- shared ---------------------------------------------------------------------------------------

def _size(layout) -> list[str]:
    return [f"{layout.width_mm:g} × {layout.height_mm:g} mm，出血 {layout.bleed_mm:g} mm"]


def _previews(previews) -> list[str]:
    return [f"预览图 {len(previews)} 张：{previews[0].parent}"] if previews else []


# In the order `all` makes them and `check` reports them.
PRODUCTS: dict[str, Product] = {
    "plan": Product("plan", "实施方案", False, partial(_select_document, "plan"),
                    partial(_compose_document, "plan"), _write_document, roster=False),
    "notice": Product("notice", "通知", False, partial(_select_document, "notice"),
                      partial(_compose_document, "notice"), _write_document, roster=False),
    "badges": sheet_product("badges", "胸卡", ("badge",)),
    "cards": sheet_product("cards", "联系卡", ("card-front", "card-back")),
    "deskplates": Product("deskplates", "桌牌", False, _select_officers, _compose_deskplates, _write_deskplates,
                          names=OFFICER_NAMES),
    "board": Product("board", "公示牌", True, _select_boards, _compose_boards, _write_boards, names=OFFICER_NAMES),
    "plaques": Product("plaques", "牌匾", True, _select_unions, _compose_plaques, _write_plaques, names=("union",)),
}
