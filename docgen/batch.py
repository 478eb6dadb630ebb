"""Batches that write one file per record (plaques, boards): progress, worker processes,
and all-or-nothing replacement of earlier outputs.

Every file is rendered into a staging folder beside the outputs first. Only when all of them
are done do they replace the earlier files (each by an atomic rename), so a failing record
leaves the earlier batch untouched. On Ctrl-C the finished files are moved into place whole,
nothing half-written stays behind, and the error says how far it got.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from .errors import DocgenError, EnvironmentProblem
from .output import ensure_folder

T = TypeVar("T")


class Interrupted(DocgenError):
    exit_code = 130


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


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


@dataclass
class Job(Generic[T]):
    name: str           # file name inside the output folder, already made safe
    item: T


def run(folder: Path, jobs: Sequence[Job[T]], render: Callable[[T], bytes], *, workers: int = 1,
        quiet: bool = False, label: str = "生成") -> list[Path]:
    """Render every job into `folder`; returns the written paths in job order."""
    ensure_folder(folder)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".~docgen-", dir=folder))
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入输出文件夹 {folder}：{exc.strerror}") from None
    progress = Progress(label, len(jobs), quiet)
    finished: list[Job[T]] = []
    try:
        for job, data in zip(jobs, _rendered(jobs, render, workers)):
            (staging / job.name).write_bytes(data)
            finished.append(job)
            progress.step()
        progress.close()
        return _publish(staging, folder, finished)
    except KeyboardInterrupt:
        progress.close()
        written = _publish(staging, folder, finished)
        raise Interrupted(f"已中断：完成 {len(written)}/{len(jobs)} 个文件（已写入 {folder}），其余未生成") from None
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入输出文件夹 {folder}：{exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _rendered(jobs: Sequence[Job[T]], render: Callable[[T], bytes], workers: int) -> Iterator[bytes]:
    items = [j.item for j in jobs]
    if workers <= 1 or len(items) < 4:
        yield from map(render, items)
        return
    # Fixed chunks, results in order: the output never depends on the number of workers.
    # Workers ignore Ctrl-C; the main process handles it and cancels what has not started.
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupt)
    try:
        yield from pool.map(render, items, chunksize=8)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupt() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _publish(staging: Path, folder: Path, finished: list[Job]) -> list[Path]:
    out = []
    for job in finished:
        target = folder / job.name
        os.replace(staging / job.name, target)
        out.append(target)
    return out
