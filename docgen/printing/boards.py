"""公示牌: one board PDF per union (A3 portrait by default; 600 x 800 mm; a3-office: A3 without
bleed, inside an office printer's margins), with the union's officers in a table
(printing/elements/table.py): chair first, then vice-chairs, then the others, each group in input
order, and text blocks filling the room a short list leaves.

    batch = prepare(doc, size="a3")          # every board composed and checked, none kept
    result = write(batch, jobs=2)            # composed again and drawn: the folder, all or nothing

Files are `<union>.pdf` (safe names; a number is added only if two names would collide), listed
in the folder's `manifest.csv` (printing/manifest.py). The folder holds one batch: a whole batch
removes the boards of the previous one that it no longer has (an earlier county's, a dissolved
union's); a reprint after a change of officers (`--only 张三`) into the folder replaces that
union's board at the batch's size and keeps every other file and row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Place
from ..model import Document
from ..output import inside_all, safe_filename
from . import manifest
from .batch import Record

PRODUCT = "公示牌"
LAYOUT = "board"
PRESETS = {"a3": (297.0, 420.0), "a3-office": (297.0, 420.0), "600x800": (600.0, 800.0)}
OFFICE = {"a3-office"}           # for an office printer: no bleed, the board inside its printable area
OFFICE_MARGIN_MM = 6.0           # office A3 printers leave 3-5 mm unprinted at each edge
HEADER = ["序号", manifest.UNION, manifest.FILE, manifest.SIZE]


@dataclass(frozen=True)
class BoardSpec:
    """What any process needs to compose a board again: the layout's folder and size, the faces."""

    user_dir: Path | None
    size_name: str
    width_mm: float
    height_mm: float
    fonts: tuple[tuple[str, str], ...]      # role -> font file, the input's and --font's


@dataclass
class BoardBatch:
    folder: Path
    files: list[str]
    boards: list                    # (label, values) of each board, composed again when written
    width_mm: float
    height_mm: float
    size_name: str
    no_officers: list[str]          # unions left out: no officers to post yet
    bleed_mm: float = 0.0
    spec: BoardSpec | None = None
    manifest: bytes = b""
    earlier: list[str] = field(default_factory=list)      # boards the previous manifest lists
    reprint: bool = False                                 # --only into an existing batch
    warnings: list[str] = field(default_factory=list)     # e.g. a photo column left out
    seen: str | None = None         # the folder's manifest when prepared (manifest.stamp)


@dataclass
class BoardResult:
    batch: BoardBatch
    paths: list[Path]
    previews: list[Path]
    removed: list[str] = field(default_factory=list)


def parse_size(text: str | None) -> tuple[str, float, float]:
    s = (text or "a3").strip().lower().replace("×", "x").replace("*", "x").replace(" ", "")
    if s in PRESETS:
        return s, *PRESETS[s]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(mm)?", s)
    if not m or not all(100 <= float(g) <= 3000 for g in m.group(1, 2)):
        raise InputError(f"--size “{text}”应为 a3、a3-office、600x800 或 宽x高（毫米，100 至 3000）")
    return f"{m.group(1)}x{m.group(2)}", float(m.group(1)), float(m.group(2))


def board_records(doc: Document, only: str | None) -> tuple[list[Record], list[str]]:
    """(one record per union with officers, names of the unions left out for having none yet)."""
    unions, empty = _board_unions(doc, only)
    return [board_record(union, doc) for union in unions], empty


def _board_unions(doc: Document, only: str | None):
    """(the selected unions with officers, names of the unions left out for having none yet)."""
    from .plaques import select_unions

    unions, _ = select_unions(doc, only)
    return [u for u in unions if u.officers], [u.name for u in unions if not u.officers]


def board_record(union, doc: Document) -> Record:
    from .products import CLASS_ORDER
    from .signage import union_label

    officers = sorted(union.officers, key=lambda o: CLASS_ORDER.get(o.role_class, 3))
    return Record(label=union_label(union), values={"union": union, "officers": officers, "print": doc.print},
                  origin=union.origin)


def prepare(doc: Document, *, output: Path | None = None, only: str | None = None, size: str | None = None,
            font_options=(), keep: bool = True) -> BoardBatch:
    """Every board composed and checked, and nothing of them kept: a board is composed again
    when it is written (composing is a small part of drawing), so memory does not grow with
    the number of unions, in `docgen check` or while 25,000 boards are written. `keep=False`
    (a check): the batch names its files but holds no boards and no manifest to write."""
    from .faces import FaceSet
    from .plaques import _nothing_selected
    from .products import run_fonts
    from .signage import compose_pages

    folder = output if output is not None else Path("out") / PRODUCT
    seen = manifest.stamp(folder)
    previous = manifest.read(folder)
    earlier = manifest.listed_files(previous)
    reprint = bool((only or "").strip()) and bool(earlier)
    size_name, width, height = parse_size(size)
    if reprint:
        size_name, width, height = _reprint_size(previous, size, (size_name, width, height))
    unions, empty = _board_unions(doc, only)
    if not unions:
        if empty:
            raise InputError.at(Place(doc.source.name), f"没有可制作{PRODUCT}的工会：{'、'.join(empty[:10])}"
                                f"{' 等' if len(empty) > 10 else ''}还没有填写工会干部")
        raise _nothing_selected(doc, only, None, [], PRODUCT)
    fonts = run_fonts(doc, font_options)
    spec = BoardSpec(doc.templates, size_name, width, height, tuple(sorted((r, str(p)) for r, p in fonts.items())))
    layout, plan = _page_layout(doc.templates, size_name, width, height)
    faces = FaceSet(fonts)
    _COMPOSERS.clear()                              # one batch's at a time
    _COMPOSERS[spec] = (layout, plan, faces)        # this process draws boards too: its caches serve
    warnings: list[str] = []
    # a check makes each record while it is checked (25,000 of them held at once were ~9 MB)
    records = [board_record(union, doc) for union in unions] if keep else (board_record(u, doc) for u in unions)
    compose_pages(layout, records, faces, source=doc.source.name, title=PRODUCT, plan=plan, notes=warnings,
                  keep=False)
    names = [union.name for union in unions]
    # the size as the manifest records it: a named office print keeps its name (same paper as a3)
    size_label = size_name if size_name in OFFICE else f"{width:g} × {height:g} mm"
    if reprint:
        files, rows = _reprint_rows(previous, names, size_label)
    else:
        files = unique_names(names)
        rows = [[i + 1, name, file, size_label] for i, (name, file) in enumerate(zip(names, files, strict=False))] \
            if keep else []
    inside_all(folder, files)
    boards = [(r.label, r.values) for r in records] if keep else []
    return BoardBatch(folder, files, boards, width, height, size_name, empty, layout.bleed_mm, spec,
                      manifest.to_csv(HEADER, rows) if keep else b"", earlier, reprint, warnings, seen)


def _page_layout(user_dir: Path | None, size_name: str, width: float, height: float):
    """(layout, sheet plan) of a board of this size: the page a board is drawn on."""
    from . import impose
    from .layout import load_layout

    layout, plan = board_layout(load_layout(LAYOUT, user_dir), size_name, width, height)
    return layout, plan or impose.single(layout.width_mm, layout.height_mm, layout.bleed_mm, crop_to_trim=False)


def _reprint_size(previous, size: str | None, default: tuple[str, float, float]) -> tuple[str, float, float]:
    """The batch's size from its manifest; an explicit --size that differs is refused."""
    recorded = manifest.batch_size(previous)
    if recorded is None:
        return default
    batch = parse_size(recorded)
    if batch[0] not in PRESETS and (batch[1], batch[2]) == PRESETS["a3"]:
        batch = ("a3", *PRESETS["a3"])
    if size and parse_size(size) != batch:
        raise InputError(f"--only 补印进已有的一批公示牌（{manifest.NAME} 记为 {recorded}），"
                         f"--size {size} 与之不同；如要整批改尺寸，请不加 --only 重新生成")
    return batch


def _reprint_rows(previous: list[dict[str, str]], names: list[str], size_label: str):
    """(files for the reprinted unions, every manifest row): a union already in the batch keeps
    its file; one new to it gets a name not yet taken and the next number."""
    rows: list[list] = [[r.get(h, "") for h in HEADER] for r in previous]
    taken = {str(r[2]).lower() for r in rows}
    files = []
    for name in names:
        row = next((r for r in rows if r[1] == name and manifest.listed_files([{manifest.FILE: r[2]}])), None)
        if row is None:
            file = next(f for f in _candidates(name) if f.lower() not in taken)
            taken.add(file.lower())
            numbers = [int(r[0]) for r in rows if str(r[0]).strip().isdigit()]
            row = [max(numbers, default=0) + 1, name, file, size_label]
            rows.append(row)
        files.append(str(row[2]))
    return files, rows


def _candidates(name: str):
    base, n = safe_filename(name), 1
    yield f"{base}.pdf"
    while True:
        n += 1
        yield f"{base}-{n}.pdf"


def board_layout(layout, size_name: str, width: float, height: float):
    """(layout, sheet plan): the layout at the board's size; for an office print (a3-office) the
    board drawn without bleed inside the printer's margins of an A3 page, so nothing that runs
    to the edge is cut off by the printer."""
    from dataclasses import replace

    from .impose import SheetPlan, Slot
    from .signage import sized
    from .units import Box, mm

    if size_name not in OFFICE:
        return sized(layout, width, height), None
    m = OFFICE_MARGIN_MM
    inner = replace(sized(layout, width - 2 * m, height - 2 * m), bleed_mm=0.0)
    page = Box(0.0, 0.0, mm(width), mm(height))
    slot = Slot(Box(mm(m), mm(m), mm(width - 2 * m), mm(height - 2 * m)))
    return inner, SheetPlan((page.w, page.h), (slot,), (), trim_box=page, bleed_box=page, crop_box=None, bleed=0.0)


def unique_names(names: list[str]) -> list[str]:
    out, seen = [], set()
    for name in names:
        base = safe_filename(name)
        candidate, n = f"{base}.pdf", 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{base}-{n}.pdf"
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def write(batch: BoardBatch, *, jobs: int | None = None, quiet: bool = True,
          preview: Path | None = None) -> BoardResult:
    from .. import batch as folder_batch
    from .batch import render_previews
    from .signage import preview_dpi

    manifest.unchanged_since(batch.folder, batch.seen)
    work: list[folder_batch.Job[tuple[str, Any]]] = [
        folder_batch.Job(name, ("board", (batch.spec, label, values)))
        for name, (label, values) in zip(batch.files, batch.boards, strict=False)]
    work.append(folder_batch.Job(manifest.NAME, ("bytes", batch.manifest), whole=True))
    paths = folder_batch.run(batch.folder, work, render_item, workers=jobs or folder_batch.default_jobs(),
                             quiet=quiet, label=PRODUCT)[:-1]
    removed = [] if batch.reprint else manifest.remove_stale(batch.folder, batch.earlier, set(batch.files))
    previews: list[Path] = []
    if preview is not None:
        dpi = preview_dpi(batch.width_mm, batch.height_mm, longest_px=2480)
        for path in paths:
            previews += render_previews(path, preview, dpi=dpi)
    return BoardResult(batch, paths, previews, removed)


def render_item(item) -> bytes:
    kind, value = item
    if kind == "bytes":
        return value
    from .signage import page_of, render_page

    spec, label, values = value
    layout, plan, faces = _composer(spec)
    ops, problems = layout.compose(values, faces)
    if problems:            # the batch was checked whole before anything was drawn: never for an input
        raise InputError(f"{PRODUCT} {label}：{problems[0][0].label}：{problems[0][1]}")
    return render_page(page_of(label, ops, faces, PRODUCT, plan))


_COMPOSERS: dict = {}       # BoardSpec -> (layout, sheet plan, faces), one per process


def _composer(spec: BoardSpec):
    found = _COMPOSERS.get(spec)
    if found is None:
        from .faces import FaceSet

        layout, plan = _page_layout(spec.user_dir, spec.size_name, spec.width_mm, spec.height_mm)
        _COMPOSERS.clear()
        found = _COMPOSERS[spec] = (layout, plan, FaceSet({role: Path(path) for role, path in spec.fonts}))
    return found
