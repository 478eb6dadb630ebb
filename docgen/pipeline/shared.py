"""A check of a big input in two processes: the worker reads the same input file itself (faster
than sending it the loaded input: pickling 100,000 officers costs more than reading them), and
the products are dealt to whichever process is free, the heaviest first."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import EnvironmentProblem
from ..model import Document
from .protocol import Options

# A roster file at least this big (about 2,500 CSV rows) gets its worker started before it is read,
# reading it at the same time as this process; smaller ones start one after loading if they turn
# out big enough (SHARED_FROM officers and unions), and an early worker not needed is ended.
EARLY_FROM_BYTES = 160_000

HEAVY = {"board": 6, "cards": 2, "plaques": 1.5, "deskplates": 1, "badges": 1}     # rough CPU seconds per 100,000 rows

_LOADED: dict[str, tuple[Document, int | None]] = {}     # this process's input and its fingerprint, by path
_MAIN: list[int] = []       # the process that shares out a check (it answers tasks too, in its own settings)


def early_worker(file: Path, jobs: int | None):
    """The worker of a check of a big roster, started now and reading the input meanwhile."""
    from .targets import early_workers

    return early_workers(file, jobs, EARLY_FROM_BYTES, 1, _read, (str(file),))


def outcomes(doc: Document, options: Options, names: list[str]):
    from msgspec.structs import replace

    from ..printing.faces import measuring_only
    from ..workers import Batch
    from .activity import activity

    _MAIN[:] = [os.getpid()]
    key = (str(doc.source), _fingerprint(doc))
    _LOADED[key[0]] = (doc, key[1])
    # the heaviest first (at 100,000 rows: boards ~6 s, cards ~2, plaques ~1.5, desk plates ~1,
    # badges ~1, the documents nothing), so that the last ones taken even out the two processes
    order = sorted(names, key=lambda name: -HEAVY.get(name, 0))
    quiet = replace(options, quiet=True)     # one progress line, not two processes writing over each other
    found = {}
    doing = f"排版检查全部产品（{len(doc.unions)} 个工会，{officer_count(doc)} 名工会干部）"
    try:
        with activity(doing, options.quiet), measuring_only(), \
                Batch(_answer, [(key, name, quiet) for name in order], options.jobs or 2, _load, (key,),
                      ahead=1, patient=True) as results:
            for k, result in results:
                found[order[k]] = result
    finally:
        del _LOADED[key[0]]
    return [(name, found[name]) for name in names]


def officer_count(doc: Document) -> int:
    return sum(len(u.officers) for u in doc.unions)      # doc.officers would build 100,000 pairs


def _fingerprint(doc: Document) -> int:
    """What the other process must have read too (an input or roster saved again in between would
    make the two disagree): everything but the unions as written, and the unions' officers and
    phones (their full repr would cost 0.6 s at 100,000 officers)."""
    import zlib

    from msgspec.structs import replace

    crc = zlib.crc32(f"{replace(doc, unions=())!r}".encode("utf-8", "surrogatepass"))
    for u in doc.unions:        # union by union: the whole text at once was ~40 MB at 100,000 officers
        line = f"\n{u.name}|{'|'.join(f'{o.name},{o.role},{o.mobile},{o.office_phone}' for o in u.officers)}"
        crc = zlib.crc32(line.encode("utf-8", "surrogatepass"), crc)
    return crc


def _read(path: str) -> None:
    """An early worker's warm-up: the input read while the main process reads it too (a failure
    is left to _load, which reads again and reports)."""
    from ..load import load

    _as_check()
    _LOADED[path] = (load(Path(path)), None)


def _load(key: tuple) -> None:
    path, fingerprint = key
    _as_check()
    doc, known = _LOADED.get(path) or (None, None)
    if doc is None:
        from ..load import load

        doc = load(Path(path))
    if known is None:
        known = _fingerprint(doc)
        _LOADED[path] = (doc, known)
    if known != fingerprint:
        raise EnvironmentProblem(f"{path} 或它的花名册在检查过程中被修改，请保存后重新检查")


def _answer(key: tuple, name: str, options: Options):
    from . import outcome

    return outcome(name, _LOADED[key[0]][0], options)


def _as_check() -> None:
    """The worker runs like `docgen check` itself: without the cycle collector, which would walk
    the 100,000 loaded officers again and again (the worker's read and checks took 1.5-2x as long),
    and with faces read for their metrics only; the process ends with the check."""
    import gc

    from ..printing.faces import measure_only

    if os.getpid() in _MAIN:           # not for the rest of the life of a process that goes on
        return
    gc.disable()
    measure_only()
