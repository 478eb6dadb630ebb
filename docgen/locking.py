"""One run at a time per output folder.

Two runs writing into one folder at once mixed their batches (2,000 plaques beside a 1,000-row
manifest). A run holds `.~docgen.lock` in the folder while it writes there: an advisory lock of
the operating system (flock on POSIX, msvcrt.locking on Windows), which the system drops when
the process ends however it ends, so a run killed outright (kill -9) never blocks the next one.
A released lock file is removed; one found still holding a pid was left by a killed run, and the
run that takes it over says so. Taking the lock, a run first removes the temporary files,
staging and backup folders that killed runs left in the folder (publish.remove_abandoned).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import EnvironmentProblem

LOCK_NAME = ".~docgen.lock"
WAIT_SECONDS = 5.0                      # a second run waits this long for the first to finish

_HELD: dict[Path, list] = {}            # folder -> [fd, depth]: a run may lock its folder again
_NOTES: list[str] = []                  # what the runs that took over stale locks found


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the folder's lock for the block; wait up to `wait` seconds for another run, then an
    EnvironmentProblem (exit 1) naming the folder."""
    key = _key(folder)
    held = _HELD.get(key)
    if held is not None:
        held[1] += 1
        try:
            yield
        finally:
            held[1] -= 1
        return
    fd = _acquire(folder, WAIT_SECONDS if wait is None else wait)
    _HELD[key] = [fd, 1]
    try:
        from .publish import remove_abandoned

        remove_abandoned(folder)        # what runs killed outright left here (never a live run's)
        yield
    finally:
        del _HELD[key]
        _release(folder, fd)


def take_notes() -> list[str]:
    notes = list(_NOTES)
    _NOTES.clear()
    return notes


def _key(folder: Path) -> Path:
    try:
        return folder.resolve()
    except OSError:
        return folder.absolute()


def _acquire(folder: Path, wait: float) -> int:
    path = folder / LOCK_NAME
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            from .output import environment_error

            raise environment_error(exc, path) from None
        if _try_lock(fd):
            if _same_file(fd, path):
                _take_over(fd, folder)
                return fd
            os.close(fd)                # the holder removed it as we opened it: open it anew
            continue
        holder = _read_pid(fd)
        os.close(fd)
        if time.monotonic() >= deadline:
            who = f"（进程 {holder}）" if holder else ""
            raise EnvironmentProblem(f"输出文件夹 {folder} 正被另一个 docgen 运行使用{who}，"
                                     "两个运行同时写一个文件夹会混合两批文件。"
                                     "请等它结束后重试，或用 -o 换一个输出文件夹")
        time.sleep(0.2)


def _take_over(fd: int, folder: Path) -> None:
    """Write our pid; a pid already there belongs to a run that ended without releasing."""
    earlier = _read_pid(fd)
    if earlier and earlier != os.getpid():
        _NOTES.append(f"已清理上次中断的运行（进程 {earlier}）在 {folder} 中留下的锁")
    with contextlib.suppress(OSError):
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:                     # Windows: the holder's locked byte cannot be read
        return None
    return int(text) if text.isdigit() else None


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


if sys.platform == "win32":          # mypy narrows on sys.platform, so msvcrt is checked as Windows'
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _release(folder: Path, fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)
        with contextlib.suppress(OSError):      # another run may hold it by now: then it stays
            (folder / LOCK_NAME).unlink()
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _release(folder: Path, fd: int) -> None:
        with contextlib.suppress(OSError):      # removed while held: a waiting run opens it anew
            (folder / LOCK_NAME).unlink()
        os.close(fd)
