"""实施方案 and 通知 below the CLI: compose and render in memory, then write (and convert).

    prepared = prepare(doc, "plan", target)      # composed and rendered; nothing written yet
    paths = write(prepared, pdf=True)            # the .docx (and the PDF through LibreOffice)

The product registry (docgen.pipeline) calls these two for `plan`, `notice`, `check` and `all`;
the target comes from its `-o` rules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from msgspec import Struct, field

from .model import Document

KIND_LABELS = {"plan": "实施方案", "notice": "通知"}


class PreparedDocument(Struct):
    """A composed 实施方案 or 通知: its .docx bytes, ready to be written."""

    kind: str                       # plan | notice
    title: str
    target: Path
    data: bytes
    fonts: dict
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def compose(doc: Document, kind: str, attached: bool = False):
    """The plan or the notice composed (gongwen), not yet rendered. `attached` (plan only): the
    plan as its 印发 notice carries it, without red head, 发文字号, 署名 or 版记, so the notice
    alone bears the number."""
    from .gongwen import compose_notice, compose_plan

    return compose_plan(doc, attached=attached) if kind == "plan" else compose_notice(doc)


def prepare(doc: Document, kind: str, target: Callable[[str], Path] | None = None, *,
            folder: Path = Path("out"), attached: bool = False) -> PreparedDocument:
    """The document composed and rendered to .docx bytes; `target(default name)` says where it
    goes (the registry's -o rules), else `folder`/<title>.docx."""
    from .gongwen import to_docx
    from .output import safe_filename

    composition = compose(doc, kind, attached)
    data = to_docx(composition)
    name = safe_filename(composition.title, ".docx")
    path = target(name) if target is not None else folder / name
    return PreparedDocument(kind, composition.title, path, data, dict(doc.print.fonts), list(composition.warnings))


def write(prepared: PreparedDocument, pdf: bool = False) -> tuple[Path, Path | None]:
    """Write the .docx atomically; with `pdf`, convert first, in a private folder, so a missing or
    failing LibreOffice leaves nothing half done, then write both (as a pair: Prepared.write)."""
    from .output import write_bytes

    if not pdf:
        write_bytes(prepared.target, prepared.data)
        return prepared.target, None
    pdf_data = pdf_bytes(prepared.data, prepared.fonts or None)
    pdf_target = prepared.target.with_suffix(".pdf")
    write_bytes(prepared.target, prepared.data)
    write_bytes(pdf_target, pdf_data)
    return prepared.target, pdf_target


def pdf_bytes(docx_data: bytes, fonts) -> bytes:
    from .convert import docx_to_pdf, find_soffice
    from .publish import scratch_folder

    find_soffice()
    with scratch_folder("pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx_data)
        return docx_to_pdf(source, Path(tmp) / "document.pdf", fonts=fonts).read_bytes()
