"""Sheet products (badges, cards, desk plates): compose, check, draw in chunks, join, write once.

Memory stays flat and `--jobs N` gives byte-identical output whatever N is:
- records are cut into chunks of whole sheets whose size depends only on the layout, never on N;
- each chunk is composed, checked and drawn by itself (docgen.workers: in this process or in a
  worker) into a temporary PDF; reportlab's invariant mode makes a chunk's bytes depend only on
  its records;
- chunks are joined in order by streaming them into the output (pdfjoin), one chunk in memory at
  a time, and the file ID is derived from the content.
Every record is composed and checked before anything is written: if any chunk reports a problem,
all problems (with record and field) are raised together and no output file is touched.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError, Place, Problem
from ..output import atomic_path, write_bytes
from . import impose
from .layout import Layout, load_layout

CHUNK_ITEMS = 72            # about this many items per chunk, rounded up to whole sheets
TAIL_SHEETS = (4, 4, 2, 2, 1, 1)    # the last chunks, in sheets (smaller than a full chunk)
# Starting a worker (a fresh interpreter that imports reportlab and registers its faces) costs
# about half a second; measured per item on 2 cores: 0.6 ms for a badge, +3.5 ms per QR code.
# Workers are used only when the estimated serial time pays for them; the output is the same.
WORKER_START_S = 0.5
ITEM_S, QR_S = 0.0006, 0.0035
PREVIEW_DPI = 150


@dataclass(frozen=True)
class Record:
    label: str              # how problems name the record: "某某公司工会委员会 张三（主席）"
    values: dict            # the Jinja context for the layout's expressions
    origin: str = ""        # where it was read, "roster.xlsx 第17行": problems are placed there

    def place(self, source: str) -> Place:
        return Place(self.origin or source, key=self.label)


@dataclass(frozen=True)
class SheetJob:
    """Everything needed to make one PDF; picklable: workers get it once without the records,
    then each chunk's records with the chunk."""

    title: str                          # PDF title, e.g. 胸卡
    layouts: tuple[str, ...]            # front, and back for two-sided products
    records: tuple[Record, ...]
    source: str                         # the input file's name, for problem places
    sheet: str = "a4"                   # a4 | single
    user_dir: Path | None = None
    fonts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    target: Path
    items: int
    pages: int
    per_sheet: int
    sheets: int
    previews: tuple[Path, ...] = ()


# --- the parent side ---------------------------------------------------------------

def plan_for(layouts: list[Layout], sheet: str) -> impose.SheetPlan:
    front = layouts[0]
    for other in layouts[1:]:
        if (other.width_mm, other.height_mm, other.bleed_mm) != (front.width_mm, front.height_mm, front.bleed_mm):
            raise InputError.at(Place(other.file.name), f"背面版式尺寸 {other.width_mm:g} × {other.height_mm:g} mm"
                                f"（出血 {other.bleed_mm:g}）与正面 {front.file.name} 不同")
    if sheet == "a4":
        plan = impose.a4(front.width_mm, front.height_mm, front.bleed_mm, duplex=len(layouts) > 1)
        if plan is not None:
            return plan
    return impose.single(front.width_mm, front.height_mm, front.bleed_mm)


def chunk_bounds(count: int, per_sheet: int) -> list[tuple[int, int]]:
    """[start, end) record ranges of whole sheets; independent of the number of workers.

    The last chunks of a big batch get smaller (TAIL_SHEETS), so the processes finish together: the one that
    takes the last chunk makes the others wait for at most a sheet or two, not a whole chunk."""
    sheets = math.ceil(count / per_sheet)
    full = max(1, math.ceil(CHUNK_ITEMS / per_sheet))
    tail = [n for n in TAIL_SHEETS if n < full] if sheets >= 4 * full else []   # small batches: few chunks
    while sum(tail) > sheets:
        tail.pop(0)
    front = sheets - sum(tail)
    sizes = ([front % full] if front % full else []) + [full] * (front // full) + tail
    bounds, start = [], 0
    for size in sizes:
        end = min(start + size * per_sheet, count)
        bounds.append((start, end))
        start = end
    return bounds


def make_sheets(job: SheetJob, target: Path, jobs: int = 1, preview: Path | None = None,
                quiet: bool = True) -> Result:
    from ..publish import Progress, scratch_folder
    from ..workers import Stopped, interrupted
    from .faces import FaceSet

    layouts = [load_layout(name, job.user_dir) for name in job.layouts]   # layout errors first
    faces = FaceSet(job.fonts)                                            # unusable user fonts next
    plan = plan_for(layouts, job.sheet)
    bounds = chunk_bounds(len(job.records), plan.per_sheet)
    jobs = workers_for(layouts, len(job.records), len(bounds), jobs)
    # chunks wait in TMPDIR under a name with this run's pid, so a run killed outright (kill -9)
    # leaves nothing the next run does not remove
    with scratch_folder() as tmp:
        progress = Progress(job.title, len(job.records), quiet=quiet)
        try:
            results = _run_chunks(job, layouts, faces, bounds, Path(tmp), jobs, progress)
        except Stopped as stop:
            progress.close()
            raise interrupted(stop, f"已中断：已绘制 {progress.done}/{len(job.records)} 个{job.title}，"
                                    f"未写入 {target}（原有文件未改动）") from None
        progress.close()
        problems = [p for r in results for p in r[1]]
        if problems:
            raise InputError(f"有 {len(problems)} 处内容无法印刷", problems)
        paths = [r[0] for r in results]
        if len(paths) == 1:
            write_bytes(target, paths[0].read_bytes())
        else:
            _merge(paths, target)
    sheets = math.ceil(len(job.records) / plan.per_sheet)
    pages = sheets * len(layouts)
    previews = tuple(render_previews(target, preview)) if preview else ()
    return Result(target, len(job.records), pages, plan.per_sheet, sheets, previews)


def workers_for(layouts: list[Layout], items: int, chunks: int, jobs: int) -> int:
    """How many worker processes to use, at most `jobs`: 1 (this process) unless the batch is
    big enough that workers finish sooner than they take to start."""
    codes = sum(type(e).type_name == "qr" for layout in layouts for e in layout.elements)
    serial = items * (ITEM_S + QR_S * codes)
    if jobs <= 1 or chunks <= 1 or serial < 4 * WORKER_START_S:
        return 1
    return min(jobs, chunks)


def _run_chunks(job: SheetJob, layouts, faces, bounds, tmp: Path, jobs: int, progress) -> list:
    from ..workers import Batch, give_back_memory
    from .ordering import with_size_caps

    config = replace(job, records=())        # workers get the settings once, records per chunk
    results: list = [None] * len(bounds)
    batch = Batch(_chunk, None, jobs, _init, (config,))
    try:
        with batch as finished:
            # the workers start (~0.5 s of CPU each) while this process makes the batch-wide
            # size rules (shorter headers never smaller), which need every record first
            records = with_size_caps(job.records, layouts, faces)
            give_back_memory()          # what loading the roster freed, before the drawing starts
            batch.tasks = [(k, records[start:end], str(tmp)) for k, (start, end) in enumerate(bounds)]
            for k, result in finished:
                results[k] = result
                progress.step(bounds[k][1] - bounds[k][0])
    finally:
        _STATE.clear()
    return results                                  # in chunk order, whatever finished first


def _merge(paths: list[Path], target: Path) -> None:
    """The chunks as one PDF, streamed: memory stays flat whatever the page count."""
    from .pdfjoin import join

    with atomic_path(target) as tmp, open(tmp, "wb") as fh:
        join(paths, fh)


def render_previews(pdf: Path, folder: Path, dpi: int = PREVIEW_DPI) -> list[Path]:
    """PNG pages rendered from the finished PDF itself, so the preview is what will print."""
    import io

    import pypdfium2 as pdfium

    written = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        width = max(2, len(str(len(doc))))
        for i in range(len(doc)):
            page = doc[i]
            image = page.render(scale=dpi / 72).to_pil()
            page.close()
            buf = io.BytesIO()
            image.save(buf, "PNG", optimize=False)
            written.append(write_bytes(folder / f"{pdf.stem}-{i + 1:0{width}d}.png", buf.getvalue()))
    finally:
        doc.close()
    return written


# --- the worker side (also run in-process for one job) ---------------------------------

_STATE: dict = {}


def warm_up(layout_names: tuple[str, ...]) -> None:
    """What a worker started early does while the parent loads the input: the drawing modules
    imported, the built-in layouts read and the bundled faces their text uses registered (per
    process caches that `_init` and the first chunk then find ready)."""
    from . import qr, render, spaced
    from .faces import FaceSet

    faces = FaceSet()
    roles = {"hei"}             # the canvas's initial font; the fallback face only if a chunk needs it
    codes = False
    for name in layout_names:
        for element in load_layout(name).elements:
            role = getattr(element, "role", None)
            if isinstance(role, str):
                roles.add(role)
            codes = codes or type(element).type_name == "qr"
    for role in sorted(roles & set(faces.paths)):
        faces.face(role)
        spaced.glyph_set(str(faces.paths[role]))
    if codes:
        qr.encoded("docgen", "m")
    render.new_canvas(io.BytesIO(), faces).save()        # reportlab's writing code, imported


def _init(job: SheetJob) -> None:
    from .faces import FaceSet
    from .render import DrawEnv

    if _STATE.get("job") is job:
        return
    layouts = [load_layout(name, job.user_dir) for name in job.layouts]
    _STATE.update(job=job, layouts=layouts, faces=FaceSet(job.fonts), env=DrawEnv(),
                  plan=plan_for(layouts, job.sheet))


def compose_records(records, layouts, faces, source: str):
    """Ops per record and side, and every problem named by record and field."""
    from .ordering import side_values

    composed, problems = [], []
    for record in records:
        sides = []
        for side, layout in enumerate(layouts):
            ops, found = layout.compose(side_values(record.values, side), faces)
            problems += [Problem(record.place(source), f"{element.label}：{message}")
                         for element, message in found]
            sides.append(ops)
        composed.append(sides)
    return composed, problems


def check_records(records, layouts, faces, source: str) -> list[Problem]:
    """Every problem compose_records would find, named the same way, without building ops."""
    problems = []
    for record in records:
        for layout in layouts:
            found = layout.problems(record.values, faces)
            if found:
                problems += [Problem(record.place(source), f"{element.label}：{message}") for element, message in found]
    return problems


def _chunk(index: int, records, tmp: str):
    from ..workers import give_back_memory
    from .render import draw_sheet, new_canvas, subset_tags

    job, layouts, faces, env, plan = (_STATE[k] for k in ("job", "layouts", "faces", "env", "plan"))
    composed, problems = compose_records(records, layouts, faces, job.source)
    if problems:
        return None, problems
    path = Path(tmp) / f"chunk-{index:05d}.pdf"
    canvas = new_canvas(str(path), faces, job.title)
    back = plan.mirrored()
    per = plan.per_sheet
    for s in range(0, len(composed), per):
        sheet = composed[s:s + per]
        sheet += [None] * (per - len(sheet))
        for side, side_plan in enumerate([plan, back][:len(layouts)]):
            draw_sheet(canvas, side_plan, [None if item is None else item[side] for item in sheet], env)
    with subset_tags(index):
        canvas.save()
    del canvas
    if index % 4 == 3:
        give_back_memory()
    return path, []
