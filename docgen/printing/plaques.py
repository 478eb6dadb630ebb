"""牌匾: one true-size PDF per union for the sign maker, a manifest and a proof beside them.

    batch = prepare(doc, size="county", new_since="2024-01-01")   # everything composed and checked
    result = write(batch, jobs=2)                                  # then, and only then, files

Which unions: all, or those founded on or after `--new-since` (unions without a founding date
are left out and named in the summary), or those whose name contains `--only` TEXT (or that have
an officer named TEXT). Size: `--size`, else `[print] plaque_size`, else county (400 x 2400).
A vertical size (taller than wide) uses plaque-vertical.toml, any other plaque-horizontal.toml,
each scaled from the size it is drawn at. Files: `NN-<union>.pdf`, numbered in input order and
zero-padded to the batch size (at least two digits), `manifest.csv` (UTF-8 with BOM, so Excel
reads the Chinese) and `proof.pdf`; all of them go into the folder together (docgen.batch), and
plaque files of the previous batch that the new manifest no longer lists are removed, so the
folder always holds one consistent batch.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import InputError, Place
from ..model import Document, Union
from ..output import csv_cells, inside, safe_filename
from .batch import Record
from .units import MM

COLORS = ("black", "red")
COLOR_NAMES = {"black": "白底黑字", "red": "白底红字"}
PRODUCT = "牌匾"
MANIFEST = "manifest.csv"
PROOF = "proof.pdf"
FILE_PATTERN = re.compile(r"^\d{2,}-.+\.pdf$")


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


def select_unions(doc: Document, only: str | None = None, new_since: date | None = None) -> tuple[list[Union], list[str]]:
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


def _nothing_selected(doc: Document, only: str | None, new_since: date | None, undated: list[str], product: str) -> InputError:
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

    since = parse_date(new_since) if isinstance(new_since, str) else new_since
    width, height = (parse_size(size, user_dir=doc.templates) if size
                     else parse_size(doc.print.plaque_size, "[print] plaque_size", doc.templates))
    color = color or doc.print.plaque_color
    if color not in COLORS:
        raise InputError(f"--color “{color}”不是可选值，应为 {' | '.join(COLORS)} 之一")
    unions, undated = select_unions(doc, only, since)
    if not unions:
        raise _nothing_selected(doc, only, since, undated, PRODUCT)
    folder = output if output is not None else Path("out") / PRODUCT
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
    records = [Record(label=union_label(u), values={"union": u, "print": doc.print}, origin=u.origin) for u in unions]
    layout, caps = batch_sizes(layout, records, faces)
    pages = compose_pages(layout, records, faces, source=doc.source.name, title=PRODUCT)
    if outlines:
        pages = outlined_pages(pages, faces)
    digits = numbered(len(unions))
    files = [f"{i + 1:0{digits}d}-{safe_filename(u.name, '.pdf')}" for i, u in enumerate(unions)]
    for name in files:
        inside(folder, Path(name))                        # never outside the folder, whatever the name
    size_label = f"{width:g} × {height:g} mm"
    batch = PlaqueBatch(folder, unions, files, pages, width, height, layout.bleed_mm, vertical, size_label,
                        char_mm=(min(caps.values()) / MM) if caps else None, undated=undated, color=color)
    batch.manifest = manifest_csv(batch)
    entries = tuple(Entry(p.ops, width, height, f"{f.split('-', 1)[0]}　{u.name}", size_label)
                    for p, f, u in zip(pages, files, unions))
    # drawn with the plaques (in a worker when there are several), from the ops checked above
    roles = tuple(sorted({role for page in pages for role in page.roles}))
    batch.proof = ProofJob(entries, pages[0].fonts, roles, f"{PRODUCT}校样")
    return batch


def manifest_csv(batch: PlaqueBatch) -> bytes:
    """序号, 工会名称, 文件, 尺寸, 颜色, 字高 (mm), 数量, 成立日期 (spec/print.md): UTF-8 with a BOM
    and CRLF lines, as Excel expects. 字高 is the plaque's own character size (a long name shrinks
    on its own plaque), 数量 one plaque per union."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["序号", "工会名称", "文件", "尺寸", "颜色", "字高 (mm)", "数量", "成立日期"])
    color = COLOR_NAMES.get(batch.color, batch.color)
    for i, (union, name, page) in enumerate(zip(batch.unions, batch.files, batch.pages)):
        founded = union.founded.isoformat() if union.founded else ""
        writer.writerow(csv_cells([i + 1, union.name, name, batch.size_label, color, _char_mm(page), 1, founded]))
    return buf.getvalue().encode("utf-8-sig")


def _char_mm(page) -> str:
    """The largest character size on the page, in whole millimetres (text or outlines)."""
    sizes = [op.size for op in page.ops if hasattr(op, "size") and isinstance(op.size, (int, float))]
    return f"{max(sizes) / MM:.0f}" if sizes else ""


# --- write ------------------------------------------------------------------------------------------

def write(batch: PlaqueBatch, *, jobs: int | None = None, quiet: bool = True, preview: Path | None = None) -> PlaqueResult:
    from .. import batch as folder_batch
    from .batch import render_previews
    from .signage import preview_dpi

    earlier = previous_files(batch.folder)
    # the proof first: the longest item, so with workers it is drawn while the others do plaques
    work = [folder_batch.Job(PROOF, ("proof", batch.proof))]
    work += [folder_batch.Job(name, ("page", page)) for name, page in zip(batch.files, batch.pages)]
    work.append(folder_batch.Job(MANIFEST, ("bytes", batch.manifest)))
    paths = folder_batch.run(batch.folder, work, render_item, workers=jobs or folder_batch.default_jobs(),
                             quiet=quiet, label=PRODUCT)
    removed = remove_stale(batch.folder, earlier, set(batch.files))
    previews: list[Path] = []
    if preview is not None:
        dpi = preview_dpi(batch.width_mm, batch.height_mm)
        for path in paths[1:1 + len(batch.files)]:
            previews += render_previews(path, preview, dpi=dpi)
    plaque_paths = paths[1:1 + len(batch.files)]
    return PlaqueResult(batch, plaque_paths, removed, previews)


def render_item(item) -> bytes:
    kind, value = item
    if kind == "bytes":
        return value
    if kind == "proof":
        return value.render()
    from .signage import render_page

    return render_page(value)


def previous_files(folder: Path) -> list[str]:
    """The plaque files an earlier batch's manifest lists (the only files we may remove)."""
    path = folder / MANIFEST
    if not path.is_file():
        return []
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    return [r.get("文件", "") for r in rows if FILE_PATTERN.match(r.get("文件") or "") and "/" not in r["文件"]
            and "\\" not in r["文件"]]


def remove_stale(folder: Path, earlier: list[str], keep: set[str]) -> list[str]:
    removed = []
    for name in earlier:
        if name in keep:
            continue
        path = folder / name
        try:
            inside(folder, Path(name))
            if path.is_file():
                path.unlink()
                removed.append(name)
        except (OSError, InputError):
            continue
    return removed


def summary(result: PlaqueResult) -> str:
    b = result.batch
    shape = "竖式" if b.vertical else "横式"
    parts = [f"{b.size_label} {shape}", f"出血 {b.bleed_mm:g} mm"]
    if b.char_mm:
        parts.append(f"字高约 {b.char_mm:.0f} mm")
    line = (f"已生成{PRODUCT} {len(result.paths)} 个：{b.folder}（{'，'.join(parts)}；"
            f"清单 {MANIFEST}，校样 {PROOF}）")
    if result.removed:
        line += f"；已移除上一批清单中的 {len(result.removed)} 个旧文件"
    if b.undated:
        shown = "、".join(b.undated[:20]) + (f" 等 {len(b.undated)} 个" if len(b.undated) > 20 else "")
        line += f"；未注明成立日期、未收入 {len(b.undated)} 个：{shown}"
    if result.previews:
        line += f"；预览图 {len(result.previews)} 张：{result.previews[0].parent}"
    return line
