"""牌匾: one true-size PDF per union for the sign maker, a manifest and a proof beside them.

    batch = prepare(doc, size="county", new_since="2024-01-01")   # everything checked
    result = write(batch, jobs=2)                                  # then, and only then, files

prepare fits every name (that is the check: a name that fits at all fits under the batch's
size) and keeps only the unions, file names and a small `Drawing`; write hands each process
a union at a time, and the process composes and draws it; the proof is drawn in parts of a
hundred pages (by any process) and joined. So no process holds the batch's pages.

Which unions: all, or those founded on or after `--new-since` (unions without a founding date
are left out and named in the summary), or those whose name contains `--only` TEXT (or that have
an officer named TEXT). Size: `--size`, else `[print] plaque_size`, else county (400 x 2400).
A vertical size (taller than wide) uses plaque-vertical.toml, any other plaque-horizontal.toml,
each scaled from the size it is drawn at. Files: `NN-<union>.pdf`, numbered in input order and
zero-padded to the batch size (at least two digits), `manifest.csv` (UTF-8 with BOM, so Excel
reads the Chinese) and `proof.pdf`; all of them go into the folder together (docgen.batch). The
folder holds one batch (printing/manifest.py): a whole batch removes the plaque files of the
previous one that the new manifest no longer lists; `--only` into a folder that has a manifest
reprints those unions at the batch's size (and character size), under their numbers, and keeps
every other file and row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Place
from ..model import Document, PrintOptions, Union
from ..output import inside_all, safe_filename
from . import manifest
from .batch import Record
from .units import MM

if TYPE_CHECKING:
    from .layout import Layout

COLORS = ("black", "red")
COLOR_NAMES = {"black": "白底黑字", "red": "白底红字"}
PRODUCT = "牌匾"
MANIFEST = manifest.NAME
PROOF = "proof.pdf"
PROOF_PART_PAGES = 100      # proof pages drawn as one document (reportlab keeps them until saved)
HEADER = ["序号", manifest.UNION, manifest.FILE, manifest.SIZE, "颜色", "字高 (mm)", "数量", "成立日期"]


@dataclass
class PlaqueBatch:
    """A composed, checked batch: nothing written yet."""

    folder: Path
    unions: list[Union]
    files: list[str]
    drawing: Drawing                # how every process composes and draws a plaque
    width_mm: float
    height_mm: float
    bleed_mm: float
    vertical: bool
    size_label: str                 # "400 × 2400 mm"
    char_mm: float | None           # the batch's character size
    undated: list[str] = field(default_factory=list)
    color: str = "black"
    numbers: list[int] = field(default_factory=list)      # 序号 of each file
    printed: set[str] = field(default_factory=set)        # the files this run writes (--only: a few)
    earlier: list[str] = field(default_factory=list)      # plaque files the previous manifest lists
    older: int = 0                  # unions left out by --new-since for being founded before it
    since: date | None = None       # --new-since
    reprint: bool = False                                 # --only into an existing batch
    kept_rows: list[list] = field(default_factory=list)   # earlier rows whose union left the input
    seen: str | None = None         # the folder's manifest when prepared (manifest.stamp)


@dataclass(frozen=True)
class Drawing:
    """What composes a plaque again in any process (picklable, small): the batch keeps only this
    and the unions, never the composed pages, so memory stays flat however long the batch."""

    width_mm: float
    height_mm: float
    color: str                              # black | red
    templates: Path | None                  # the user's template folder
    fonts: tuple[tuple[str, str], ...]      # user faces: (role, path)
    caps: tuple[tuple[str, float], ...]     # the batch's character size by element id (pt)
    options: PrintOptions                   # [print] (the layout's `when` reads print.emblem)
    source: str                             # the input's name, for problem places
    outlines: bool = False

    def layout(self) -> Layout:
        """The batch's layout: sized, coloured, capped at the batch's character size."""
        layout = _plaque_layout(self.width_mm, self.height_mm, self.color, self.templates)
        for ident, cap in self.caps:
            has_cap = hasattr(layout.element(ident), "cap")     # as signage.batch_sizes sets it
            layout = layout.with_element(ident, **({"cap": cap} if has_cap else {"max_size": cap}))
        return layout

    def record(self, union: Union) -> Record:
        from .signage import union_label

        return Record(label=union_label(union), values={"union": union, "print": self.options}, origin=union.origin)


@dataclass
class PlaqueResult:
    batch: PlaqueBatch
    paths: list[Path]
    removed: list[str]
    previews: list[Path]


# --- options ----------------------------------------------------------------------------------

def parse_size(text: str, where: str = "--size", user_dir: Path | None = None) -> tuple[float, float]:
    """A preset of templates/print/plaque-sizes.toml (built-in and the user's), or WxH mm."""
    from ..catalog import plaque_sizes
    from ..load import values
    from ..load.document import plaque_size

    try:
        name = plaque_size(text, user_dir)
    except values.ValueProblem as exc:
        raise InputError(f"{where} {exc}") from None
    presets = plaque_sizes(user_dir)
    if name in presets:
        return presets[name].size
    w, h = name.split("x")
    return float(w), float(h)


def parse_date(text: str, option: str = "--new-since") -> date:
    from ..load import values

    try:
        return values.a_date(text)
    except values.ValueProblem as exc:
        raise InputError(f"{option} {exc}") from None


def select_unions(doc: Document, only: str | None = None,
                  new_since: date | None = None) -> tuple[list[Union], list[str]]:
    """(unions kept, names of unions left out for having no founding date)."""
    only = (only or "").strip()
    kept, undated = [], []
    for union in doc.unions:
        if only and only not in union.name and not any(o.name == only for o in union.officers):
            continue
        if new_since is not None:
            if union.founded is None:
                undated.append(union.name)
                continue
            if union.founded < new_since:
                continue
        kept.append(union)
    return kept, undated


def _founded_before(doc: Document, only: str | None, since: date | None) -> int:
    """How many unions --new-since leaves out for being founded before it (the summary says so)."""
    if since is None:
        return 0
    everyone, _ = select_unions(doc, only, None)
    return sum(1 for u in everyone if u.founded is not None and u.founded < since)


def _nothing_selected(doc: Document, only: str | None, new_since: date | None, undated: list[str],
                      product: str) -> InputError:
    from .. import cn

    reasons = []
    if not doc.unions:
        reasons.append("输入中没有工会（[[unions]] 或花名册）")
    if only:
        reasons.append(f"名称含“{only}”或有名为“{only}”的工会干部")
    if new_since:
        reasons.append(f"{cn.date_cn(new_since)}（含）以后成立")
    why = "；".join(reasons) if not doc.unions else f"没有{'、'.join(reasons)}的工会"
    extra = f"（另有 {len(undated)} 个工会未注明成立日期）" if undated else ""
    return InputError.at(Place(doc.source.name), f"没有可制作{product}的工会：{why}{extra}")


# --- prepare: compose and check everything ---------------------------------------------------------

def prepare(doc: Document, *, output: Path | None = None, size: str | None = None, color: str | None = None,
            new_since: str | date | None = None, only: str | None = None, font_options=(),
            outlines: bool = False) -> PlaqueBatch:
    from .faces import FaceSet
    from .products import run_fonts
    from .signage import numbered

    folder = output if output is not None else Path("out") / PRODUCT
    seen = manifest.stamp(folder)
    previous = manifest.read(folder)
    earlier = manifest.listed_files(previous)
    reprint = bool((only or "").strip()) and bool(earlier)
    since = parse_date(new_since) if isinstance(new_since, str) else new_since
    width, height = (parse_size(size, user_dir=doc.templates) if size
                     else parse_size(doc.print.plaque_size, "[print] plaque_size", doc.templates))
    if reprint:
        width, height = _reprint_size(previous, size, (width, height), doc.templates)
    if reprint and not color:                              # the batch's colour, as its manifest says
        recorded = {(r.get("颜色") or "").strip() for r in previous} - {""}
        names = {v: k for k, v in COLOR_NAMES.items()}
        color = names.get(recorded.pop()) if len(recorded) == 1 else None
    color = color or doc.print.plaque_color
    if color not in COLORS:
        raise InputError(f"--color “{color}”不是可选值，应为 {' | '.join(COLORS)} 之一")
    chosen, undated = select_unions(doc, only, since)
    if not chosen:
        raise _nothing_selected(doc, only, since, undated, PRODUCT)
    if reprint:
        unions, files, numbers, kept_rows = _reprint_batch(doc, previous, chosen)
        printed = {files[unions.index(u)] for u in chosen}
    else:
        unions, kept_rows = chosen, []
        digits = numbered(len(unions))
        numbers = list(range(1, len(unions) + 1))
        files = [f"{n:0{digits}d}-{safe_filename(u.name, '.pdf')}" for n, u in zip(numbers, unions, strict=False)]
        printed = set(files)
    inside_all(folder, files)           # never outside the folder, whatever the name
    vertical = height > width
    layout = _plaque_layout(width, height, color, doc.templates)
    faces = FaceSet(run_fonts(doc, font_options))
    fonts = tuple(sorted((role, str(path)) for role, path in faces.overrides.items()))
    drawing = Drawing(width, height, color, doc.templates, fonts, (), doc.print, doc.source.name, outlines)
    # the whole batch sets the character size, also when only a few are printed
    caps = _check(layout, (drawing.record(u) for u in unions), faces, doc.source.name)
    drawing = replace(drawing, caps=tuple(caps.items()))
    size_label = f"{width:g} × {height:g} mm"
    return PlaqueBatch(folder, unions, files, drawing, width, height, layout.bleed_mm, vertical, size_label,
                       char_mm=(min(caps.values()) / MM) if caps else None, undated=undated, color=color,
                       numbers=numbers, printed=printed, earlier=earlier, reprint=reprint, kept_rows=kept_rows,
                       older=_founded_before(doc, only, since), since=since, seen=seen)


def _plaque_layout(width: float, height: float, color: str, templates: Path | None) -> Layout:
    """plaque-vertical or plaque-horizontal at the size, its name in the colour (spec: --color)."""
    from .layout import load_layout
    from .signage import sized

    layout = load_layout("plaque-vertical" if height > width else "plaque-horizontal", templates)
    layout = sized(layout, width, height)
    ink = layout.theme.color(color)
    if ink is None:
        raise InputError.at(Place(layout.theme.file.name, key="colors"), f"主题中没有颜色 {color}")
    for element in layout.elements:
        if type(element).type_name == "sign":
            layout = layout.with_element(element.id, color=ink)
    return layout


def _check(layout: Layout, records: Iterable[Record], faces, source: str) -> dict[str, float]:
    """Every record checked, the batch's character sizes found (signage.batch_sizes: the size
    `batch_share` of the names reach), without composing a page: a name fits under the batch's
    size whenever it fits at all (the cap only lowers the largest size tried), so its fit alone
    says whether it prints. Every problem of every record is raised together."""
    from ..errors import Problem
    from .expr import FieldProblem
    from .fitting import common_size

    sizes: dict[str, list[float]] = {}
    problems = []
    for record in records:
        cx = layout.context(record.values, faces)
        for element in layout.elements:
            try:
                if not element.shown(record.values):
                    continue
                if getattr(element, "batch_share", None):
                    fit = element.fit(cx)       # type: ignore[attr-defined]  # sign text
                    if fit is not None:
                        sizes.setdefault(element.id, []).append(fit.size)
                else:
                    element.check(cx)              # what compose would raise, without ops
            except FieldProblem as exc:
                problems.append(Problem(record.place(source), f"{element.label}：{exc}"))
        _bound(faces)
    if problems:
        raise InputError(f"有 {len(problems)} 处内容无法印刷", problems)
    shares = {e.id: e.batch_share for e in layout.elements if getattr(e, "batch_share", None)}    # type: ignore[attr-defined]
    return {ident: common_size(found, shares[ident]) for ident, found in sizes.items()}


def _reprint_size(previous: list[dict[str, str]], size: str | None, default: tuple[float, float],
                  user_dir: Path | None) -> tuple[float, float]:
    """The batch's size from its manifest; an explicit --size that differs is refused."""
    recorded = manifest.batch_size(previous)
    if recorded is None:
        return default
    batch = parse_size(recorded, f"{MANIFEST} 中的尺寸", user_dir)
    if size and parse_size(size, user_dir=user_dir) != batch:
        raise InputError(f"--only 补印进已有的一批牌匾（{MANIFEST} 记为 {batch[0]:g} × {batch[1]:g} mm），"
                         f"--size {size} 与之不同；如要整批改尺寸，请不加 --only 重新生成")
    return batch


def _reprint_batch(doc: Document, previous: list[dict[str, str]], chosen: list[Union]):
    """(unions, files, numbers, rows kept as they were) of the earlier batch with the chosen
    unions in it: each keeps its number and file; one new to the batch gets the next number."""
    by_name: dict[str, list[Union]] = {}
    for union in doc.unions:
        by_name.setdefault(union.name, []).append(union)
    unions: list[Union] = []
    files: list[str] = []
    numbers: list[int] = []
    kept_rows: list[list] = []
    for row in previous:
        name, file = (row.get(manifest.UNION) or "").strip(), (row.get(manifest.FILE) or "").strip()
        matches = by_name.get(name)
        if file not in manifest.listed_files([row]) or not matches:
            kept_rows.append([row.get(h, "") for h in HEADER])
            continue
        union = matches.pop(0)
        if union in unions:
            continue
        unions.append(union)
        files.append(file)
        numbers.append(_number(row, len(numbers) + 1))
    width = max((len(f.split("-", 1)[0]) for f in files), default=2)
    for union in chosen:
        if union not in unions:
            n = max(numbers, default=0) + 1
            unions.append(union)
            numbers.append(n)
            files.append(f"{n:0{width}d}-{safe_filename(union.name, '.pdf')}")
    return unions, files, numbers, kept_rows


def _number(row: dict[str, str], fallback: int) -> int:
    try:
        return int((row.get("序号") or "").strip())
    except ValueError:
        return fallback


def manifest_csv(batch: PlaqueBatch) -> bytes:
    """序号, 工会名称, 文件, 尺寸, 颜色, 字高 (mm), 数量, 成立日期 (spec/print.md; printing/manifest.py:
    what the folder's batch is). 字高 is the plaque's own character size (a long name shrinks on its
    own plaque), 数量 one plaque per union."""
    color = COLOR_NAMES.get(batch.color, batch.color)
    sizes = _char_sizes(batch.drawing, batch.unions)
    rows = [[n, u.name, name, batch.size_label, color, _char_mm(size), 1, u.founded.isoformat() if u.founded else ""]
            for n, u, name, size in zip(batch.numbers, batch.unions, batch.files, sizes, strict=False)]
    rows += batch.kept_rows
    rows.sort(key=lambda r: _number({"序号": str(r[0])}, 10 ** 9))
    return manifest.to_csv(HEADER, rows)


def _char_sizes(drawing: Drawing, unions: list[Union]):
    """Each plaque's largest character size (pt, None without text), as its page sets it: the fit
    of every text under the batch's size, without drawing (a text's characters are all that size;
    outlines keep it)."""
    from .elements.text import TextBox
    from .signage import _faces

    layout = drawing.layout()
    faces, _ = _faces(drawing.fonts)
    for union in unions:
        values = drawing.record(union).values
        cx = layout.context(values, faces)
        fits = [e.fit(cx) for e in layout.elements if isinstance(e, TextBox) and e.shown(values)]
        _bound(faces)
        yield max((f.size for f in fits if f is not None), default=None)


def _char_mm(size: float | None) -> str:
    """A character size in whole millimetres."""
    return f"{size / MM:.0f}" if size is not None else ""


# --- write ------------------------------------------------------------------------------------------

def write(batch: PlaqueBatch, *, jobs: int | None = None, quiet: bool = True,
          preview: Path | None = None) -> PlaqueResult:
    from .. import publish
    from .batch import render_previews
    from .signage import preview_dpi

    manifest.unchanged_since(batch.folder, batch.seen)
    printed = [(name, u) for name, u in zip(batch.files, batch.unions, strict=False) if name in batch.printed]
    # each process composes what it draws, a union at a time (the batch holds no pages)
    work: list[publish.Job[tuple]] = [publish.Job(name, ("plaque", union)) for name, union in printed]
    work.append(publish.Job(MANIFEST, ("bytes", manifest_csv(batch)), whole=True))
    proof = _proof_jobs(batch)
    # the proof's parts first: with workers they are drawn while the others do plaques
    paths = publish.run(batch.folder, [*proof[:-1], *work, proof[-1]], render_item,
                        workers=jobs or publish.default_jobs(), quiet=quiet, label=PRODUCT, init=start_drawing,
                        initargs=(batch.drawing,))
    removed = [] if batch.reprint else manifest.remove_stale(batch.folder, batch.earlier, set(batch.files))
    plaque_paths = paths[:len(printed)]
    previews: list[Path] = []
    if preview is not None:
        dpi = preview_dpi(batch.width_mm, batch.height_mm)
        for path in plaque_paths:
            previews += render_previews(path, preview, dpi=dpi)
    return PlaqueResult(batch, plaque_paths, removed, previews)


def _proof_jobs(batch: PlaqueBatch) -> list:
    """The proof of the whole batch (also when only a few are printed) as its parts, each a
    hundred pages drawn by whichever process is free, and the proof joined from them; a proof of
    one part is drawn as itself."""
    from .. import publish
    from .proof import per_page
    from .signage import numbered

    digits = numbered(max(batch.numbers))
    entries = [(f"{n:0{digits}d}　{u.name}", u) for n, u in zip(batch.numbers, batch.unions, strict=False)]
    n = per_page(batch.width_mm, batch.height_mm)
    pages = -(-len(entries) // n)
    step = PROOF_PART_PAGES * n
    parts = [("proof", (batch.size_label, k, k * PROOF_PART_PAGES, pages, len(entries), entries[at:at + step]))
             for k, at in enumerate(range(0, len(entries), step))]
    if len(parts) == 1:
        return [publish.Job(PROOF, parts[0], whole=True)]
    names = [f".{PROOF}.{k:04d}" for k in range(len(parts))]
    return [*(publish.Job(name, part, whole=True, part=True) for name, part in zip(names, parts, strict=False)),
            publish.Job(PROOF, None, whole=True, joined=tuple(names))]


_DRAWING: list = []         # this process's (Drawing, its layout), set by start_drawing


def start_drawing(drawing: Drawing) -> None:
    """Once in every process that draws a batch's plaques (workers included): the layout rebuilt."""
    _DRAWING[:] = [drawing, drawing.layout()]


def _page(union: Union):
    """The union's plaque composed (and checked again: a problem here is one prepare missed)."""
    from .signage import _faces, compose_pages, outlined_pages

    drawing, layout = _DRAWING
    faces, _ = _faces(drawing.fonts)
    pages = compose_pages(layout, [drawing.record(union)], faces, source=drawing.source, title=PRODUCT)
    _bound(faces)
    return outlined_pages(pages, faces)[0] if drawing.outlines else pages[0]


def _bound(faces, most: int = 256) -> None:
    """Keep the face set's caches of fits and composed texts small: every union's name is its
    own, so across a batch they only grow (20,000 fits and 4,096 composed names: ~30 MB)."""
    for cache in (faces.fitted, faces.composed):
        if len(cache) > most:
            cache.clear()


def render_item(item) -> bytes:
    kind, value = item
    if kind == "bytes":
        return value
    if kind == "proof":
        return _proof_part(*value)
    from .signage import render_page

    return render_page(_page(value))


def _proof_part(note: str, part: int, first: int, pages: int, count: int, entries: list) -> bytes:
    from .proof import Entry, proof_document
    from .signage import _faces

    drawing = _DRAWING[0]
    faces, _ = _faces(drawing.fonts)
    items = [Entry(_page(union).ops, drawing.width_mm, drawing.height_mm, label, note) for label, union in entries]
    return proof_document(items, first, pages, count, faces, f"{PRODUCT}校样", part)
