"""A check of a big input in two processes: the worker reads the same input file itself (faster
than sending it the loaded input: pickling 100,000 officers costs more than reading them), and
the products are dealt to whichever process is free, the per-union ones (the heaviest) first."""

from __future__ import annotations

from pathlib import Path

from ..errors import EnvironmentProblem
from ..model import Document
from .protocol import Options

_LOADED: dict[tuple, Document] = {}        # this process's input, by (path, roster, stat)


def outcomes(doc: Document, options: Options, names: list[str]):
    from dataclasses import replace

    from ..workers import Batch
    from .activity import activity

    key = (str(doc.source), _fingerprint(doc))
    _LOADED[key] = doc
    order = list(reversed(names))       # plaques, board, ...: the worker is handed the first two
    quiet = replace(options, quiet=True)     # one progress line, not two processes writing over each other
    found = {}
    try:
        with activity(f"排版检查全部产品（{len(doc.unions)} 个工会，{len(doc.officers)} 名工会干部）", options.quiet), \
                Batch(_answer, [(key, name, quiet) for name in order], options.jobs or 2, _load, (key,)) as results:
            for k, result in results:
                found[order[k]] = result
    finally:
        del _LOADED[key]
    return [(name, found[name]) for name in names]


def _fingerprint(doc: Document) -> int:
    """What the other process must have read too (an input or roster saved again in between would
    make the two disagree): everything but the unions as written, and the unions' officers and
    phones (their full repr would cost 0.6 s at 100,000 officers)."""
    import zlib
    from dataclasses import replace

    officers = "\n".join(f"{u.name}|{'|'.join(f'{o.name},{o.role},{o.mobile},{o.office_phone}' for o in u.officers)}"
                         for u in doc.unions)
    return zlib.crc32(f"{replace(doc, unions=())!r}\n{officers}".encode("utf-8", "surrogatepass"))


def _load(key: tuple) -> None:
    if key in _LOADED:          # this process: the input is already here
        return
    from ..load import load

    doc = load(Path(key[0]))
    if (key[0], _fingerprint(doc)) != key:
        raise EnvironmentProblem(f"{key[0]} 或它的花名册在检查过程中被修改，请保存后重新检查")
    _LOADED[key] = doc


def _answer(key: tuple, name: str, options: Options):
    from . import outcome

    return outcome(name, _LOADED[key], options)
