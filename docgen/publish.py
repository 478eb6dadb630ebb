"""Batches that write one file per record into a folder (plaques, boards): progress, workers,
and all-or-nothing replacement of earlier outputs.

Every file is rendered into a staging folder beside the outputs first (by whichever process
renders it, written whole under a temporary name, then renamed). Only when all of them are done
do they replace the earlier files (each by an atomic rename), so a failing record leaves the
earlier batch untouched; publishing is all or none too (a file that cannot be replaced brings
the earlier ones back). One run at a time writes into a folder (locking.py). On Ctrl-C, SIGTERM
or SIGHUP over an earlier batch nothing is published (the folder keeps one consistent batch);
into a folder without one, the finished files are moved into place whole, without the files that
describe the whole batch (manifest, proof), and the error says how far it got. A staging folder
left by a run that was killed outright is removed by the next run into the same folder (locking.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, Generic, TypeVar

from msgspec import Struct

from . import locking
from .errors import DocgenError
from .locking import folder_lock
from .output import (
    TEMPORARY,
    all_or_none,
    clean_abandoned,
    ensure_folder,
    environment_error,
    in_all_or_none,
    refuse_read_only,
    replace,
    temporary_prefix,
)
from .workers import Batch, Interrupted, default_jobs, interrupted, signals_held

__all__ = ["Interrupted", "Job", "Progress", "default_jobs", "run", "take_notes"]

T = TypeVar("T")
STAGING = TEMPORARY
NOTES: list[str] = []
ITEMS_PER_TASK = 4          # files per task handed to a worker: fewer messages, same output


class Progress:
    """`n/total` on stderr, only on a terminal and when not quiet (spec/cli.md: -q)."""

    def __init__(self, label: str, total: int, quiet: bool = False):
        self.label, self.total, self.done = label, total, 0
        self.shown = not quiet and sys.stderr.isatty() and total > 1
        self.step(0)                # on screen from the start: the first item may take seconds

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.shown:
            sys.stderr.write(f"\r{self.label}：{self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


class Job(Struct, Generic[T]):
    """One file of a batch: what to render into it, and how it is published."""

    name: str           # file name inside the output folder, already made safe
    item: T
    whole: bool = False  # describes the whole batch (manifest, proof): only published with all of it
    part: bool = False   # a piece of a joined file: stays in staging, never published
    joined: tuple[str, ...] = ()    # not rendered: these parts (PDFs, in order) joined, once all are done


def run(folder: Path, jobs: Sequence[Job[T]], render: Callable[[T], bytes | Callable[[BinaryIO], None]], *,
        workers: int = 1, quiet: bool = False, label: str = "生成", init: Callable | None = None,
        initargs: tuple = ()) -> list[Path]:
    """Render every job into `folder`; returns the written paths in job order. `render` gives a
    file's bytes, or a function that writes them into an open file (a long file, written as it is
    made). `render` and `init` must be top-level functions (workers import them by name);
    `init(*initargs)` runs once in every process that renders, before its first file, so jobs can
    stay small (what they share goes there once)."""
    ensure_folder(folder)
    with folder_lock(folder):               # which removes what killed runs left there
        try:
            staging = Path(tempfile.mkdtemp(prefix=temporary_prefix(), dir=folder))
        except OSError as exc:
            raise environment_error(exc, folder) from None
        try:
            return _render_and_publish(staging, folder, jobs, render, workers, quiet, label, (init, initargs))
        except OSError as exc:
            raise environment_error(exc, folder) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _render_and_publish(staging: Path, folder: Path, jobs: Sequence[Job], render: Callable, workers: int,
                        quiet: bool, label: str, start: tuple[Callable | None, tuple]) -> list[Path]:
    rendered = [job for job in jobs if not job.joined]
    files = [job for job in jobs if not job.part]
    progress = Progress(label, len(rendered), quiet)
    groups = [range(i, min(i + ITEMS_PER_TASK, len(rendered))) for i in range(0, len(rendered), ITEMS_PER_TASK)]
    tasks = [(render, str(staging), [(rendered[i].name, rendered[i].item) for i in group]) for group in groups]
    try:
        with Batch(_render_files, tasks, min(workers, len(rendered) // ITEMS_PER_TASK or 1), *start) as finished:
            for k, _ in finished:
                progress.step(len(groups[k]))
        for job in jobs:
            if job.joined:
                _join(staging, job)
        progress.close()
    except KeyboardInterrupt as stop:          # every worker has been ended: staging is still
        progress.close()
        done = sum((staging / job.name).exists() for job in rendered if not job.part)
        earlier = _earlier_batch(folder, jobs)
        if earlier or in_all_or_none():     # `docgen all` takes back everything
            kept = f"{folder} 中仍是上一批文件，未改动" if earlier else f"{folder} 未改动"
            raise interrupted(stop, f"已中断：完成 {done}/{len(files)} 个文件，均未写入；{kept}") from None
        written = _publish(staging, folder, [job for job in jobs if not job.whole])
        raise interrupted(stop, f"已中断：完成 {len(written)}/{len(files)} 个文件（已写入 {folder}），"
                                "其余未生成") from None
    return _publish(staging, folder, jobs)


def _render_files(render: Callable, staging: str, items: list) -> None:
    """Worker side: each file written whole (temporary name, then renamed) into staging."""
    for name, item in items:
        data = render(item)
        part = os.path.join(staging, f".{name}.part")
        with open(part, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                data(fh)
        os.replace(part, os.path.join(staging, name))


def _join(staging: Path, job: Job) -> None:
    """A file made of its parts (a long proof), streamed: one part in memory at a time."""
    from .printing.pdfjoin import join

    part = staging / f".{job.name}.part"
    with open(part, "wb") as fh:
        join([staging / name for name in job.joined], fh)
    os.replace(part, staging / job.name)


def _earlier_batch(folder: Path, jobs: Sequence[Job]) -> bool:
    """Whether the folder holds files of an earlier batch that a part of this one would sit beside
    (an old manifest beside a new proof): then an interrupted run publishes nothing."""
    return any(job.whole for job in jobs) and any((folder / job.name).exists() for job in jobs if not job.part)


def _publish(staging: Path, folder: Path, jobs: Sequence[Job]) -> list[Path]:
    """The finished files (a file in staging is always whole) into place, in job order: all of
    them or, if one cannot be replaced, none (the earlier files come back). Signals wait until
    the folder holds one batch again."""
    out = []
    try:
        with signals_held(), all_or_none():
            for job in jobs:
                if not job.part and (staging / job.name).exists():
                    target = folder / job.name
                    refuse_read_only(target)
                    try:
                        replace(staging / job.name, target)
                    except OSError as exc:
                        raise environment_error(exc, target) from None
                    out.append(target)
    except DocgenError as exc:
        if out:
            exc.append(f"；已撤回本批已替换的 {len(out)} 个文件，{folder} 仍是上一批文件")
        raise
    return out


@contextlib.contextmanager
def scratch_folder(kind: str = ""):
    """A temporary folder in TMPDIR named with this run's pid (a sheet batch's chunks, the
    converter's profile and .docx copies), after removing those of runs killed outright (kill -9)."""
    scratch = Path(tempfile.gettempdir())
    remove_abandoned(scratch)
    with tempfile.TemporaryDirectory(prefix=temporary_prefix() + kind, dir=scratch) as tmp:
        yield tmp


def remove_abandoned(folder: Path) -> None:
    """Staging and backup folders and temporary files of runs that no longer exist (killed
    outright: kill -9, power cut), removed quietly; a file only in a backup is put back. The
    run's summary mentions them."""
    found = clean_abandoned(folder, _alive)
    if found.removed:
        NOTES.append(f"已清理上次中断的运行在 {folder} 中留下的 {found.removed} 个临时文件或文件夹")
    if found.restored:
        names = "、".join(p.name for p in found.restored[:3]) + (" 等" if len(found.restored) > 3 else "")
        NOTES.append(f"已恢复上次中断的运行移开而未放回的 {len(found.restored)} 个文件：{names}")
    for kept in found.kept:
        NOTES.append(f"上次中断的运行留下的备份文件夹 {kept} 可能存有原文件，未删除，请检查后自行处理")


def take_notes() -> list[str]:
    """What this run cleaned up after earlier ones (for the summary), once."""
    notes = [*NOTES, *locking.take_notes()]
    NOTES.clear()
    return notes


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":      # os.kill(pid, 0) would end it on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
