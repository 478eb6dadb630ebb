"""What every product is: select, compose-and-check, write; and the shapes passed between them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from ..model import Document

DEFAULT_FOLDER = Path("out")


class Options(Struct, frozen=True):
    """What the command line chose. A product reads the options it has and ignores the rest."""

    output: Path | None = None          # -o: a file (single-file products) or a folder (batches)
    folder: Path = DEFAULT_FOLDER       # where default names go (`all -o DIR` sets this)
    only: str | None = None
    roles: str | None = None
    new_since: str | None = None
    size: str | None = None
    color: str | None = None
    outlines: bool = False              # plaques: glyphs drawn as paths
    sheet: str = "a4"
    layout: str | None = None
    pdf: bool = False
    preview: Path | None = None
    fonts: tuple[str, ...] = ()         # --font ROLE=PATH
    jobs: int | None = None
    quiet: bool = False
    # Badges and cards are checked record by record again while they are drawn (in chunks, in
    # workers), all before anything is written; a command that writes only them may leave the
    # record check to that pass instead of composing everything twice. `check` and `all` never do.
    thorough: bool = True
    # `all` (and `check`, which meets what `all` would) writes the plan in the form its 印发 notice
    # carries: no red head, no 发文字号, so no two files of one run share a number (issue of 一文一号).
    attach_plan: bool = False
    # `check` keeps only the problems and warnings of each product, not its composed pages: the
    # next product is composed once the previous one's drawing data is gone (memory stays per product).
    keep_composed: bool = True


class Summary(Struct):
    """The one line a product ends with, in one shape for every product:
    已生成<label> <count><unit>：<target>（<details>）；<notes>"""

    label: str
    target: Path
    count: int | None = None
    unit: str = ""
    details: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        count = f" {self.count} {self.unit}" if self.count is not None else ""
        text = f"已生成{self.label}{count}：{self.target}"
        if self.details:
            text += f"（{'，'.join(self.details)}）"
        return "；".join([text, *self.notes])


class Prepared(Struct):
    """A product composed and checked, nothing written: what it would write, where, and what it
    warns about. `state` is the product's own prepared batch (documents.PreparedDocument,
    printing.plaques.PlaqueBatch, ...), there to be inspected."""

    product: Product
    target: Path                        # the file, or the folder of a batch
    count: int
    state: Any
    warnings: list[str] = field(default_factory=list)

    def write(self, options: Options) -> Summary:
        """Written with the output folder locked (one run at a time writes there); the summary
        notes what was cleaned up after a run that was killed."""
        import contextlib

        from ..errors import DocgenError
        from ..locking import folder_lock
        from ..output import all_or_none, ensure_folder, in_all_or_none
        from ..publish import take_notes
        from ..workers import Interrupted

        folder = self.target if self.product.batch else self.target.parent
        ensure_folder(folder)
        # files written as a pair, both or neither: a .docx and its PDF, a PDF and its previews
        # (inside `docgen all`, all takes back every product's and says so)
        together = (options.pdf or options.preview is not None) and not in_all_or_none()
        taken_back = (f"；{self.target.name} 和 {self.target.with_suffix('.pdf').name} 均未写入，原有文件未改动"
                      if options.pdf else "；已撤回本次写出的文件（含预览图），原有文件未改动")
        try:
            with folder_lock(folder), all_or_none() if together else contextlib.nullcontext():
                summary = self.product.write(self, options)
        except OSError as exc:          # one no layer below named (a full TMPDIR while drawing)
            problem = os_problem(exc, folder)
            if together:
                problem.append(taken_back)
            raise problem from None
        except DocgenError as exc:
            if together and not isinstance(exc, Interrupted):   # which says itself what it wrote
                exc.append(taken_back)
            raise
        summary.notes += take_notes()
        return summary


def os_problem(exc: OSError, folder: Path):
    """An OSError as an EnvironmentProblem naming its path: the file it names, else the fuller
    of the output folder and the temporary folder (TMPDIR)."""
    import shutil
    import tempfile

    from ..output import environment_error

    if exc.filename:
        return environment_error(exc, Path(exc.filename))
    temporary = Path(tempfile.gettempdir())
    try:
        in_temporary = shutil.disk_usage(temporary).free < shutil.disk_usage(folder).free
    except OSError:
        in_temporary = False
    problem = environment_error(exc, temporary if in_temporary else folder)
    if in_temporary:
        problem.append("（这是临时文件夹，可用环境变量 TMPDIR 换一个空间充足的文件夹）")
    return problem


class Product(Struct, frozen=True):
    """One registry entry. `select` says why there is nothing to make (None: there is something);
    `compose` composes and checks everything, raising an InputError with every problem and its
    place; `write` writes atomically and says what it wrote."""

    name: str                           # the command: badges
    label: str                          # what users read: 胸卡
    batch: bool                         # a folder of files (True) or one file
    select: Callable[[Document, Options], str | None]
    compose: Callable[[Document, Options], Prepared]
    write: Callable[[Prepared, Options], Summary]
    roster: bool = True                 # whether the input's roster is read (plan and notice: no)
    names: tuple[str, ...] = ()         # the names it prints, as theme font aliases ("union", "name")
