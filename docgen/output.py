"""Writing files: atomically, inside the chosen output folder, under safe names.

Every product writes through here, so "no partial file" and "never outside the output folder"
hold in one place.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from msgspec import Struct, field

from .errors import EnvironmentProblem, InputError

# Windows device names, reserved with any extension and in any case ("con.txt", "Com1.pdf");
# the superscript digits ¹²³ count as digits there, and CONIN$/CONOUT$ are devices too
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                     *(f"{port}{n}" for port in ("COM", "LPT") for n in ("0123456789¹²³"))}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
MAX_NAME_CHARS = 80   # Windows MAX_PATH leaves room for the folder
MAX_NAME_BYTES = 200  # file systems allow 255 bytes; leave room for a numbered prefix
_HASH_CHARS = 8


def safe_filename(name: str, suffix: str = "", max_chars: int = MAX_NAME_CHARS) -> str:
    """A file name made from a union name or title: readable Chinese, nothing a file system rejects.

    Path separators and characters Windows forbids become full-width look-alikes or are dropped;
    dots and spaces at the ends go (Windows strips them); reserved device names get a prefix.
    A name longer than `max_chars` characters or MAX_NAME_BYTES bytes in UTF-8 is cut and ends in
    a short hash of the whole name, so two long names that share a beginning stay two files.
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")  # controls, zero-width, bidi
    text = text.replace("/", "／").replace("\\", "＼").replace(":", "：").replace("*", "＊")
    text = text.replace("?", "？").replace('"', "”").replace("<", "《").replace(">", "》").replace("|", "｜")
    text = _UNSAFE.sub("", text)
    text = text.strip(" .")
    if len(text) > max_chars or len((text + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        text = _shortened(text, suffix, max_chars)
    if not text or set(text) <= {"."}:
        text = "未命名"
    if is_reserved_name(text):
        text = "_" + text
    return text + suffix


def _shortened(text: str, suffix: str, max_chars: int) -> str:
    import hashlib

    tag = "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH_CHARS]
    budget = MAX_NAME_BYTES - len((tag + suffix).encode("utf-8"))
    head = text[:max_chars - len(tag)]
    while len(head.encode("utf-8")) > budget:
        head = head[:-1]
    return head.rstrip(" .") + tag


def is_reserved_name(name: str) -> bool:
    """True for names Windows treats as devices: CON, nul.txt, "COM1 .pdf", conin$, LPT²…"""
    stem = name.split(".")[0].rstrip(" ")
    return stem.upper() in _WINDOWS_RESERVED


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value):
    """A value for a CSV that users open in Excel or WPS: text starting with = + - @ or a tab or
    line break would run as a formula (formula injection), so it gets a leading apostrophe, the
    usual neutraliser (OWASP). Numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_cells(values) -> list:
    """Every cell of a CSV row through csv_cell: use it for each row of each CSV docgen writes."""
    return [csv_cell(v) for v in values]


def inside(root: Path, target: Path) -> Path:
    """`target` resolved, or an InputError if it would land outside `root`."""
    root_r = root.resolve()
    target_r = (root_r / target).resolve() if not target.is_absolute() else target.resolve()
    if target_r != root_r and root_r not in target_r.parents:
        raise InputError(f"输出文件 {target} 不在输出文件夹 {root} 之内")
    return target_r


def inside_all(folder: Path, names: list[str]) -> None:
    """`inside` for every file name of a batch, fast: a plain name (no separator, not . or ..)
    stays in the folder unless a link of that name is already there (25,000 full resolves took
    seconds); anything else is resolved by `inside`."""
    try:
        with os.scandir(folder) as found:
            links = {entry.name for entry in found if entry.is_symlink()}
    except OSError:                 # no folder yet (or none to read: inside says so)
        links = set()
    for name in names:
        plain = name not in ("", ".", "..") and not any(c in name for c in "/\\:")
        if not plain or name in links:
            inside(folder, Path(name))


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces `target` in one step.

    On any failure the temporary file is removed and an earlier `target` stays untouched.
    """
    folder = target.parent
    ensure_folder(folder)
    refuse_read_only(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(), suffix=target.suffix, dir=folder)
    except OSError as exc:
        raise environment_error(exc, folder) from None
    os.close(fd)
    tmp_path = Path(tmp)
    _set_default_mode(tmp_path)
    try:
        yield tmp_path
        _replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise


def _set_default_mode(path: Path) -> None:
    """mkstemp makes files 0600; an output should get the mode any new file would (0666 less umask)."""
    mask = os.umask(0)
    os.umask(mask)
    with contextlib.suppress(OSError):
        path.chmod(0o666 & ~mask)


def write_bytes(target: Path, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        try:
            tmp.write_bytes(data)
        except OSError as exc:
            raise environment_error(exc, target) from None
    return target


def write_text(target: Path, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes(target, text.encode(encoding))


def ensure_folder(folder: Path) -> None:
    missing = [] if folder.is_dir() else [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if _TRANSACTIONS:               # undone too: a failed run leaves no empty folders behind
            _TRANSACTIONS[-1].folders += reversed(missing)
    except FileExistsError:
        raise EnvironmentProblem(f"无法创建输出文件夹 {folder}：同名文件已存在，请换一个输出位置") from None
    except OSError as exc:
        raise environment_error(exc, folder) from None


def refuse_read_only(target: Path) -> None:
    """An existing output the user made read-only is kept: replacing it (which a rename in its
    folder could do) would defeat the point of protecting it."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise EnvironmentProblem(f"输出文件 {target} 是只读文件，docgen 不会替换它。"
                                 "如需更新，请先去掉它的只读属性，或换一个输出文件夹")


def _replace(tmp: Path, target: Path) -> None:
    refuse_read_only(target)
    try:
        replace(tmp, target)
    except OSError as exc:
        raise environment_error(exc, target) from None


# --- all or none -------------------------------------------------------------------------------------

TEMPORARY = ".~docgen-"     # + pid + "-": staging folders, backups and temporary files of one run


def temporary_prefix() -> str:
    """Names of a run's temporary files and folders carry its pid, so the next run can tell those
    of a run that was killed outright (kill -9, power cut) and remove them (publish.py)."""
    return f"{TEMPORARY}{os.getpid()}-"


BACKUPS = "backup-"         # after the prefix: a folder of earlier files moved aside (may be their only copy)
JOURNAL = "journal"         # in a backup folder: one line per backup, [backup name, target name], written first


class _Transaction:
    """What a run replaced so far: (target, backup of the earlier file or None), in order. The
    earlier files are moved (renamed, no copy, no space needed) into a backup folder beside them;
    its journal names each backup's file, so a run killed outright (kill -9) before it restored
    them leaves what the next run needs to put back a file that is only in a backup."""

    def __init__(self) -> None:
        self.done: list[tuple[Path, Path | None]] = []
        self.backups: dict[Path, tuple[Path, int | None]] = {}  # output folder -> backup folder, journal
        self.made: list[Path] = []              # every backup folder, nested blocks' included
        self.folders: list[Path] = []           # output folders it created, outermost first
        self.count = 0

    def backup_for(self, target: Path) -> Path:
        folder, journal = self.backups.get(target.parent, (None, None))
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix=temporary_prefix() + BACKUPS, dir=target.parent))
            try:
                journal = os.open(folder / JOURNAL, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            except OSError:
                journal = None          # then the next run keeps this folder rather than guess
            self.backups[target.parent] = (folder, journal)
            self.made.append(folder)
        self.count += 1
        backup = folder / f"{len(self.made)}-{self.count}"
        if journal is not None:
            try:
                os.write(journal, (json.dumps([backup.name, target.name]) + "\n").encode("ascii"))
            except OSError:             # a full disk: the backup still works, only unnamed
                self._close(target.parent)
        return backup

    def _close(self, folder: Path) -> None:
        backup, journal = self.backups[folder]
        if journal is not None:
            with contextlib.suppress(OSError):
                os.close(journal)
            self.backups[folder] = (backup, None)

    def close_journals(self) -> None:
        for folder in list(self.backups):
            self._close(folder)

    def undo(self) -> None:
        lost = False
        for target, backup in reversed(self.done):
            try:
                if backup is None:
                    target.unlink()
                else:
                    os.replace(backup, target)
            except FileNotFoundError:
                pass
            except OSError:
                lost = lost or backup is not None
        self.done.clear()
        self.close_journals()
        if not lost:                    # an earlier file that could not come back stays in its backup
            self.forget()
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):
                folder.rmdir()                  # only if empty
        self.folders.clear()

    def forget(self) -> None:
        import shutil

        self.close_journals()
        for folder in self.made:
            shutil.rmtree(folder, ignore_errors=True)
        self.backups.clear()
        self.made.clear()


_TRANSACTIONS: list[_Transaction] = []


@contextlib.contextmanager
def all_or_none() -> Iterator[None]:
    """Every replace inside the block (through `replace`, which atomic_path and publish use) is
    undone if the block fails or is interrupted: the earlier files come back, new ones go. Nested
    blocks join the outer one (`docgen all` undoes every product it published)."""
    from .workers import signals_held

    tx = _Transaction()
    _TRANSACTIONS.append(tx)
    try:
        yield
    except BaseException:
        _TRANSACTIONS.pop()
        with signals_held():
            tx.undo()
        raise
    _TRANSACTIONS.pop()
    if _TRANSACTIONS:
        outer = _TRANSACTIONS[-1]
        tx.close_journals()
        outer.done += tx.done
        outer.made += tx.made
        outer.folders += tx.folders
    else:
        tx.forget()


def remove(path: Path) -> None:
    """Unlink, or inside an all_or_none block move aside so that undoing brings the file back."""
    tx = _TRANSACTIONS[-1] if _TRANSACTIONS else None
    if tx is None:
        path.unlink()
        return
    backup = tx.backup_for(path)
    os.replace(path, backup)
    tx.done.append((path, backup))


def in_all_or_none() -> bool:
    return bool(_TRANSACTIONS)


def replaced_so_far() -> int:
    """How many files the current all_or_none block has replaced or created."""
    return sum(len(tx.done) for tx in _TRANSACTIONS)


def replace(source: Path, target: Path) -> None:
    """os.replace, remembered by the current all_or_none block (if any) so it can be undone."""
    tx = _TRANSACTIONS[-1] if _TRANSACTIONS else None
    if tx is None:
        os.replace(source, target)
        return
    backup = None
    if os.path.lexists(target):
        backup = tx.backup_for(Path(target))
        os.replace(target, backup)
    try:
        os.replace(source, target)
    except BaseException:
        if backup is not None:
            try:
                os.replace(backup, target)
            except OSError:
                tx.done.append((Path(target), backup))      # undoing the block tries again
        raise
    tx.done.append((Path(target), backup))


class Leftovers(Struct):
    """What `clean_abandoned` did in one folder."""

    removed: int = 0                                    # temporary files, staging and backup folders
    restored: list[Path] = field(default_factory=list)  # files put back from a backup (no other copy)
    kept: list[Path] = field(default_factory=list)      # backup folders that may hold the only copy


def clean_abandoned(folder: Path, alive: Callable[[int], bool]) -> Leftovers:
    """Remove the temporary files, staging and backup folders that runs no longer `alive` (killed
    outright: kill -9, power cut) left in `folder`; never those of a live run. A backed-up file
    whose target is missing (the run was killed between moving it aside and putting the new one in
    place, or had moved aside a file to remove) is only in its backup: it is put back instead."""
    import shutil

    found = Leftovers()
    for path in folder.glob(f"{TEMPORARY}*"):
        pid, _, rest = path.name[len(TEMPORARY):].partition("-")
        if pid.isdigit() and alive(int(pid)):
            continue
        if path.is_dir() and not path.is_symlink():
            if rest.startswith(BACKUPS) and not _settle_backups(path, found):
                found.kept.append(path)
                continue
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        found.removed += 1
    return found


def _settle_backups(backups: Path, found: Leftovers) -> bool:
    """Put back the backups whose target is gone (the first backup of a file is its earliest
    version); True when the rest may go, False when a backup's target cannot be told or it cannot
    be put back."""
    try:
        lines = (backups / JOURNAL).read_text("ascii", "replace").splitlines()
    except FileNotFoundError:
        lines = []
    except OSError:
        return False
    named = {JOURNAL}
    for line in lines:
        try:
            name, target_name = json.loads(line)
        except (ValueError, TypeError):
            continue                    # cut short by the kill: written before its backup, so none
        if not isinstance(name, str) or not isinstance(target_name, str) or os.sep in target_name \
                or target_name in ("", ".", "..") or (os.altsep and os.altsep in target_name):
            continue
        named.add(name)
        backup, target = backups / name, backups.parent / target_name
        if not os.path.lexists(backup) or os.path.lexists(target):
            continue                    # never made, or the target has a newer file
        try:
            os.replace(backup, target)
        except OSError:
            return False
        found.restored.append(target)
    try:
        return all(entry.name in named for entry in backups.iterdir())
    except OSError:
        return False


def environment_error(exc: OSError, path: Path) -> EnvironmentProblem:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return EnvironmentProblem(
            f"无法写入 {path}：没有写权限，或文件正被其他程序（如 Word、WPS、PDF 阅读器）打开。"
            "请关闭该文件或换一个输出文件夹后重试"
        )
    if exc.errno == errno.ENOSPC:
        return EnvironmentProblem(f"无法写入 {path}：磁盘空间不足")
    from .load.files import os_reason

    return EnvironmentProblem(f"无法写入 {path}：{os_reason(exc)}")
