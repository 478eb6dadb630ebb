"""实施方案 and 通知 below the CLI: compose and render in memory, then write (and convert).

    prepared = prepare(doc, "plan")              # composed and rendered; nothing written yet
    paths = write(prepared, pdf=True)            # the .docx (and the PDF through LibreOffice)

`docgen plan`, `docgen notice` and `docgen all` all go through these two functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import Document

DEFAULT_FOLDER = Path("out")
KIND_LABELS = {"plan": "实施方案", "notice": "通知"}


@dataclass
class PreparedDocument:
    kind: str                       # plan | notice
    title: str
    target: Path
    data: bytes
    fonts: dict
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def prepare(doc: Document, kind: str, output: Path | None = None, folder: Path = DEFAULT_FOLDER,
            attached: bool = False) -> PreparedDocument:
    """The document composed and rendered to .docx bytes; `output` as `-o` gives it (a folder gets
    the default name, a name without suffix gets .docx), else `folder`/<title>.docx. `attached`
    (plan only): the plan as its 印发 notice carries it, without red head, 发文字号, 署名 or 版记,
    so the notice alone bears the number."""
    from .gongwen import compose_notice, compose_plan, to_docx
    from .output import safe_filename

    composition = compose_plan(doc, attached=attached) if kind == "plan" else compose_notice(doc)
    data = to_docx(composition)
    target = target_for(output, safe_filename(composition.title, ".docx"), folder)
    if target.suffix.lower() != ".docx":
        raise InputError(f"输出文件 {target} 应以 .docx 结尾")
    return PreparedDocument(kind, composition.title, target, data, dict(doc.print.fonts), list(composition.warnings))


def write(prepared: PreparedDocument, pdf: bool = False) -> tuple[Path, Path | None]:
    """Write the .docx atomically; with `pdf`, convert first, in a private folder, so a missing or
    failing LibreOffice leaves nothing half done, then write both."""
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
    import tempfile

    from .convert import docx_to_pdf, find_soffice

    find_soffice()
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx_data)
        return docx_to_pdf(source, Path(tmp) / "document.pdf", fonts=fonts).read_bytes()


def target_for(output: Path | None, default_name: str, folder: Path = DEFAULT_FOLDER) -> Path:
    """-o as given (a folder gets the default name; no suffix gets .docx), else folder/<title>.docx."""
    if output is None:
        return folder / default_name
    if output.is_dir():
        return output / default_name
    return output if output.suffix else output.with_name(output.name + ".docx")
