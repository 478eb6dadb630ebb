"""Writing files: atomically, inside the chosen output folder, under safe names.

Every product writes through here, so "no partial file" and "never outside the output folder"
hold in one place.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .errors import EnvironmentProblem, InputError

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
MAX_NAME_CHARS = 80  # Windows MAX_PATH leaves room for the folder; 80 CJK chars = 240 bytes in UTF-8


def safe_filename(name: str, suffix: str = "", max_chars: int = MAX_NAME_CHARS) -> str:
    """A file name made from a union name or title: readable Chinese, nothing a file system rejects.

    Path separators and characters Windows forbids become full-width look-alikes or are dropped;
    dots and spaces at the ends go (Windows strips them); reserved device names get a prefix.
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")  # controls, zero-width, bidi
    text = text.replace("/", "／").replace("\\", "＼").replace(":", "：").replace("*", "＊")
    text = text.replace("?", "？").replace('"', "”").replace("<", "《").replace(">", "》").replace("|", "｜")
    text = _UNSAFE.sub("", text)
    text = text.strip(" .")
    if len(text) > max_chars:
        text = text[:max_chars].rstrip(" .")
    if not text or set(text) <= {"."}:
        text = "未命名"
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = "_" + text
    return text + suffix


def inside(root: Path, target: Path) -> Path:
    """`target` resolved, or an InputError if it would land outside `root`."""
    root_r = root.resolve()
    target_r = (root_r / target).resolve() if not target.is_absolute() else target.resolve()
    if target_r != root_r and root_r not in target_r.parents:
        raise InputError(f"输出文件 {target} 不在输出文件夹 {root} 之内")
    return target_r


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces `target` in one step.

    On any failure the temporary file is removed and an earlier `target` stays untouched.
    """
    folder = target.parent
    ensure_folder(folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~docgen-", suffix=target.suffix, dir=folder)
    except OSError as exc:
        raise _environment(exc, folder) from None
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
            raise _environment(exc, target) from None
    return target


def write_text(target: Path, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes(target, text.encode(encoding))


def ensure_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise EnvironmentProblem(f"无法创建输出文件夹 {folder}：同名文件已存在，请换一个输出位置") from None
    except OSError as exc:
        raise _environment(exc, folder) from None


def _replace(tmp: Path, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except OSError as exc:
        raise _environment(exc, target) from None


def _environment(exc: OSError, path: Path) -> EnvironmentProblem:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return EnvironmentProblem(
            f"无法写入 {path}：没有写权限，或文件正被其他程序（如 Word、WPS、PDF 阅读器）打开。"
            "请关闭该文件或换一个输出文件夹后重试"
        )
    if exc.errno == errno.ENOSPC:
        return EnvironmentProblem(f"无法写入 {path}：磁盘空间不足")
    return EnvironmentProblem(f"无法写入 {path}：{exc.strerror or exc}")
