"""牌匾: one true-size PDF per union for the sign maker, a manifest and a proof beside them.

    batch = prepare(doc, size="county", new_since="2024-01-01")   # everything composed and checked
    result = write(batch, jobs=2)                                  # then, and only then, files

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

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import InputError, Place
from ..model import Document, Union
from ..output import inside, safe_filename
from . import manifest
from .batch import Record
from .units import MM

COLORS = ("black", "red")
COLOR_NAMES = {"black": "白底黑字", "red": "白底红字"}
PRODUCT = "牌匾"
MANIFEST = manifest.NAME
PROOF = "proof.pdf"
HEADER = ["序号", manifest.UNION, manifest.FILE, manifest.SIZE, "颜色", "字高 (mm)", "数量", "成立日期"]


@dataclass
class PlaqueBatch:
    """A composed, checked batch: nothing written yet."""

    folder: Path
    unions: list[Union]
    files: list[str]
    pages: list                     # signage.Page, one per union
    width_mm: float
    height_mm: float
    bleed_mm: float
    vertical: bool
    size_label: str                 # "400 × 2400 mm"
    char_mm: float | None           # the batch's character size
    undated: list[str] = field(default_factory=list)
    manifest: bytes = b""
    proof: object = None            # proof.ProofJob: drawn when written
    color: str = "black"
    numbers: list[int] = field(default_factory=list)      # 序号 of each file
    printed: set[str] = field(default_factory=set)        # the files this run writes (--only: a few)
    earlier: list[str] = field(default_factory=list)      # plaque files the previous manifest lists
    older: int = 0                  # unions left out by --new-since for being founded before it
    since: date | None = None       # --new-since
    reprint: bool = False                                 # --only into an existing batch
    kept_rows: list[list] = field(default_factory=list)   # earlier rows whose union left the input


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
    from .layout import load_layout
    from .products import parse_font_options
    from .proof import Entry, ProofJob
    from .signage import batch_sizes, compose_pages, numbered, outlined_pages, sized, union_label

    folder = output if output is not None else Path("out") / PRODUCT
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
    for name in files:
        inside(folder, Path(name))                        # never outside the folder, whatever the name
    vertical = height > width
    layout = load_layout("plaque-vertical" if vertical else "plaque-horizontal", doc.templates)
    layout = sized(layout, width, height)
    ink = layout.theme.color(color)
    if ink is None:
        raise InputError.at(Place(layout.theme.file.name, key="colors"), f"主题中没有颜色 {color}")
    for element in layout.elements:
        if type(element).type_name == "sign":             # the name: black or red (spec: --color)
            layout = layout.with_element(element.id, color=ink)
    faces = FaceSet({**doc.print.fonts, **parse_font_options(font_options)})
    # the whole batch sets the character size and fills the proof, also when only a few are printed
    records = [Record(label=union_label(u), values={"union": u, "print": doc.print}, origin=u.origin) for u in unions]
    layout, caps = batch_sizes(layout, records, faces)
    pages = compose_pages(layout, records, faces, source=doc.source.name, title=PRODUCT)
    if outlines:
        pages = outlined_pages(pages, faces)
    size_label = f"{width:g} × {height:g} mm"
    batch = PlaqueBatch(folder, unions, files, pages, width, height, layout.bleed_mm, vertical, size_label,
                        char_mm=(min(caps.values()) / MM) if caps else None, undated=undated, color=color,
                        numbers=numbers, printed=printed, earlier=earlier, reprint=reprint, kept_rows=kept_rows,
                        older=_founded_before(doc, only, since), since=since)
    batch.manifest = manifest_csv(batch)
    entries = tuple(Entry(p.ops, width, height, f"{n:0{numbered(max(numbers))}d}　{u.name}", size_label)
                    for p, n, u in zip(pages, numbers, unions, strict=False))
    # drawn with the plaques (in a worker when there are several), from the ops checked above
    roles = tuple(sorted({role for page in pages for role in page.roles}))
    batch.proof = ProofJob(entries, pages[0].fonts, roles, f"{PRODUCT}校样")
    return batch


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
    rows = [[n, u.name, name, batch.size_label, color, _char_mm(page), 1, u.founded.isoformat() if u.founded else ""]
            for n, u, name, page in zip(batch.numbers, batch.unions, batch.files, batch.pages, strict=False)]
    rows += batch.kept_rows
    rows.sort(key=lambda r: _number({"序号": str(r[0])}, 10 ** 9))
    return manifest.to_csv(HEADER, rows)


def _char_mm(page) -> str:
    """The largest character size on the page, in whole millimetres (text or outlines)."""
    sizes = [op.size for op in page.ops if hasattr(op, "size") and isinstance(op.size, (int, float))]
    return f"{max(sizes) / MM:.0f}" if sizes else ""


# --- write ------------------------------------------------------------------------------------------

def write(batch: PlaqueBatch, *, jobs: int | None = None, quiet: bool = True,
          preview: Path | None = None) -> PlaqueResult:
    from .. import batch as folder_batch
    from .batch import render_previews
    from .signage import preview_dpi

    printed = [(name, page) for name, page in zip(batch.files, batch.pages, strict=False) if name in batch.printed]
    # the proof first: the longest item, so with workers it is drawn while the others do plaques
    work = [folder_batch.Job(PROOF, ("proof", batch.proof), whole=True)]
    work += [folder_batch.Job(name, ("page", page)) for name, page in printed]
    work.append(folder_batch.Job(MANIFEST, ("bytes", batch.manifest), whole=True))
    paths = folder_batch.run(batch.folder, work, render_item, workers=jobs or folder_batch.default_jobs(),
                             quiet=quiet, label=PRODUCT)
    removed = [] if batch.reprint else manifest.remove_stale(batch.folder, batch.earlier, set(batch.files))
    plaque_paths = paths[1:1 + len(printed)]
    previews: list[Path] = []
    if preview is not None:
        dpi = preview_dpi(batch.width_mm, batch.height_mm)
        for path in plaque_paths:
            previews += render_previews(path, preview, dpi=dpi)
    return PlaqueResult(batch, plaque_paths, removed, previews)


def render_item(item) -> bytes:
    kind, value = item
    if kind == "bytes":
        return value
    if kind == "proof":
        return value.render()
    from .signage import render_page

    return render_page(value)
