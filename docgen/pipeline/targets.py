"""Where a product goes: one set of `-o` rules, and never onto one of the run's inputs.

- A single-file product: `-o NAME` is the file; a missing suffix is added (胸卡 -> 胸卡.pdf); an
  existing folder, or a name ending in a slash, gets the default name inside it. With `--only`
  and no file name the default name says it is a subset (胸卡-张三.pdf).
- A batch product: `-o` is its folder.
- `all -o DIR`: DIR holds every product under its default name.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Document
from .protocol import Options

# a suffix that names another kind of file: refused rather than given a second suffix
OTHER_SUFFIXES = {".pdf", ".docx", ".doc", ".wps", ".odt", ".png", ".jpg", ".jpeg", ".toml", ".csv",
                  ".tsv", ".txt", ".xlsx", ".xls", ".xlsm", ".ttf", ".otf", ".ttc", ".zip"}


def is_folder_name(path: Path) -> bool:
    return path.is_dir() or str(path).endswith(("/", "\\"))


def file_target(options: Options, label: str, suffix: str, default_name: str | None = None) -> Path:
    name = default_name or label + suffix
    if options.only:
        from ..output import safe_filename

        name = safe_filename(f"{Path(name).stem}-{options.only.strip()}", suffix)
    output = options.output
    if output is None:
        return options.folder / name
    if is_folder_name(output):
        return output / name
    if output.suffix.lower() == suffix:
        return output
    if output.suffix.lower() in OTHER_SUFFIXES:
        raise InputError(f"-o {output}：{label}是 {suffix} 文件，输出文件名应以 {suffix} 结尾")
    return output.with_name(output.name + suffix)


def folder_target(options: Options, label: str) -> Path:
    output = options.output
    if output is None:
        return options.folder / label
    if output.exists() and not output.is_dir():
        raise InputError(f"-o {output} 是一个文件；{label}每个工会一个文件，-o 应为文件夹")
    if output.suffix.lower() in OTHER_SUFFIXES and not output.exists():
        raise InputError(f"-o {output}：{label}每个工会一个文件，-o 应为文件夹（不带 {output.suffix} 后缀）")
    return output


def input_paths(doc: Document, options: Options) -> set[Path]:
    """Every file the run reads: the input, its roster, photos, emblem, fonts, text files, and the
    user's template folder (any file in it)."""
    paths = {doc.source}
    if doc.roster is not None:
        paths.add(doc.roster)
    for union in doc.unions:
        paths.update(o.photo for o in union.officers if o.photo)
    if doc.print.emblem:
        paths.add(doc.print.emblem)
    paths.update(doc.print.fonts.values())
    for value in options.fonts:
        _, _, path = value.partition("=")
        if path.strip():
            paths.add(Path(path.strip()).expanduser())
    source = doc.notice.source if doc.notice is not None else None
    if source is not None and source.text_file:
        paths.add(source.text_file)
    if doc.templates is not None:
        paths.add(doc.templates)
    return {_resolved(p) for p in paths}


def _roster_of(source: Path) -> Path | None:
    """The TOML's `roster =` file, read before the input is loaded (to guess the size of a run)."""
    if source.suffix.lower() != ".toml":
        return None
    from ..errors import InputError
    from ..load.toml_file import parse_toml, resolve_relative

    try:        # with the loader's limits: tomllib alone took minutes on a 40,000-part dotted key
        raw = parse_toml(source.read_text(encoding="utf-8-sig"), source.name)[0].get("roster")
    except (OSError, UnicodeDecodeError, InputError):
        return None
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return resolve_relative(source, raw)
    except ValueError:                  # the loader has already refused such a path
        return None


def early_workers(file: Path, jobs: int | None, at_least: int, count: int, warm, warmargs: tuple = ()):
    """`count` workers started now (see docgen.workers.started_early) when the roster the input
    names is at least `at_least` bytes and there is a second core; else nothing."""
    import contextlib

    from ..workers import default_jobs, started_early

    if (jobs or default_jobs()) < 2 or roster_bytes(file) < at_least:
        return contextlib.nullcontext()
    return started_early(count, warm, warmargs)


def roster_bytes(file: Path) -> int:
    """The size of the roster an input names (or of the input itself, a roster): a guess made
    before loading, to start a worker early for a big batch. Never blocks or fails: a FIFO, a
    device, a huge or hostile TOML give 0 (the loader then says what is wrong with them)."""
    import stat

    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            return 0
        if file.suffix.lower() != ".toml":
            return info.st_size
        if info.st_size > 1_000_000:
            return 0
        roster = _roster_of(file)
        if roster is None:
            return 0
        info = roster.stat()
        return info.st_size if stat.S_ISREG(info.st_mode) else 0
    except Exception:                   # RecursionError of a 10,000-deep array included: only a guess
        return 0


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


def _resolved_in(path: Path, parents: dict[Path, Path]) -> Path:
    """_resolved, each folder resolved once: a batch's 25,000 files are plain names in one folder
    (a full resolve per file cost seconds); a name that is a link is resolved whole."""
    import os

    name = path.name
    if not name or name in (".", "..") or os.path.islink(path):
        return _resolved(path)
    parent = parents.get(path.parent)
    if parent is None:
        parent = parents[path.parent] = _resolved(path.parent)
    return parent / name


def refuse_inputs(targets: list[Path], inputs: set[Path], label: str) -> None:
    """An InputError (exit 2, nothing written) when a file to be written is one of the inputs or
    lies in the user's template folder."""
    folders = [p for p in inputs if p.is_dir()]
    parents: dict[Path, Path] = {}
    for target in targets:
        t = _resolved_in(Path(target), parents)
        if t in inputs:
            raise InputError(f"{label}的输出 {target} 是本次读取的输入文件，不能覆盖；请用 -o 换一个输出位置")
        folder = next((f for f in folders if f in t.parents), None)
        if folder is not None:
            raise InputError(f"{label}的输出 {target} 在模板文件夹 {folder} 中，不能写在那里；请用 -o 换一个输出位置")
