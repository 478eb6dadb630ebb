"""Batches that write one file per record into a folder (plaques, boards): progress, workers,
and all-or-nothing replacement of earlier outputs.

Every file is rendered into a staging folder beside the outputs first (by whichever process
renders it, written whole under a temporary name, then renamed). Only when all of them are done
do they replace the earlier files (each by an atomic rename), so a failing record leaves the
earlier batch untouched. On Ctrl-C, SIGTERM or SIGHUP the finished files are moved into place
whole, nothing half-written stays behind, and the error says how far it got. A staging folder
left by a run that was killed outright is removed by the next run into the same folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from .errors import EnvironmentProblem
from .output import ensure_folder
from .workers import Batch, Interrupted, default_jobs, interrupted

__all__ = ["Interrupted", "Job", "Progress", "default_jobs", "run"]

T = TypeVar("T")
STAGING = ".~docgen-"
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


@dataclass
class Job(Generic[T]):
    name: str           # file name inside the output folder, already made safe
    item: T


def run(folder: Path, jobs: Sequence[Job[T]], render: Callable[[T], bytes], *, workers: int = 1,
        quiet: bool = False, label: str = "生成") -> list[Path]:
    """Render every job into `folder`; returns the written paths in job order. `render` must be
    a top-level function (workers import it by name)."""
    ensure_folder(folder)
    _remove_abandoned(folder)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=folder))
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入输出文件夹 {folder}：{exc.strerror}") from None
    progress = Progress(label, len(jobs), quiet)
    groups = [range(i, min(i + ITEMS_PER_TASK, len(jobs))) for i in range(0, len(jobs), ITEMS_PER_TASK)]
    tasks = [(render, str(staging), [(jobs[i].name, jobs[i].item) for i in group]) for group in groups]
    try:
        with Batch(_render_files, tasks, min(workers, len(jobs) // ITEMS_PER_TASK or 1)) as finished:
            for k, _ in finished:
                progress.step(len(groups[k]))
        progress.close()
        return _publish(staging, folder, jobs)
    except KeyboardInterrupt as stop:          # every worker has been ended: staging is still
        progress.close()
        written = _publish(staging, folder, jobs)
        raise interrupted(stop, f"已中断：完成 {len(written)}/{len(jobs)} 个文件（已写入 {folder}），"
                                "其余未生成") from None
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入输出文件夹 {folder}：{exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _render_files(render: Callable, staging: str, items: list) -> None:
    """Worker side: each file written whole (temporary name, then renamed) into staging."""
    for name, item in items:
        data = render(item)
        part = os.path.join(staging, f".{name}.part")
        with open(part, "wb") as fh:
            fh.write(data)
        os.replace(part, os.path.join(staging, name))


def _publish(staging: Path, folder: Path, jobs: Sequence[Job]) -> list[Path]:
    """The finished files (a file in staging is always whole) into place, in job order."""
    out = []
    for job in jobs:
        if (staging / job.name).exists():
            target = folder / job.name
            os.replace(staging / job.name, target)
            out.append(target)
    return out


def _remove_abandoned(folder: Path) -> None:
    """Staging folders of runs that no longer exist (killed outright: kill -9, power cut)."""
    for path in folder.glob(f"{STAGING}*"):
        pid = path.name[len(STAGING):].split("-", 1)[0]
        if path.is_dir() and (not pid.isdigit() or not _alive(int(pid))):
            shutil.rmtree(path, ignore_errors=True)


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
