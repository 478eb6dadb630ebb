"""Input files are read only when they are regular files of bounded size.

A FIFO would block the read forever, /dev/zero would fill memory, and a 5 GB "roster" is a
mistake: all are refused before the first byte is read, naming the path.

    data = read_limited(path, ROSTER_MAX_BYTES, "花名册")        # InputError at the file
    why = file_problem(path, MAX_BYTES, "图片")                   # the reason, or None
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InputError, Place


def _size_text(n: int) -> str:
    return f"{n / 1048576:.0f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} 字节"


def file_problem(path: Path, max_bytes: int, what: str = "文件") -> str | None:
    """None if `path` is a regular file of at most `max_bytes`, else a Chinese reason naming it."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return f"找不到{what} {path}"
    except OSError as exc:
        return f"无法读取{what} {path}：{os_reason(exc)}"
    if stat.S_ISDIR(st.st_mode):
        return f"{path} 是文件夹，不是{what}"
    if not stat.S_ISREG(st.st_mode):
        space = " " if what[:1].isascii() else ""          # 不能作为 TOML 文件读取, 不能作为花名册文件读取
        return f"{path} 不是普通文件（是设备、管道或套接字），不能作为{space}{what}读取"
    if st.st_size > max_bytes:
        return f"{what} {path} 过大（{_size_text(st.st_size)}），上限为 {_size_text(max_bytes)}"
    return None


def check_regular_file(path: Path, max_bytes: int, what: str = "文件", place: Place | None = None) -> None:
    """Raise InputError (exit 2) at `place` (default: the file's name) unless `path` is a regular
    file of at most `max_bytes`."""
    why = file_problem(path, max_bytes, what)
    if why:
        raise InputError.at(place or Place(Path(path).name), why)


def read_limited(path: Path, max_bytes: int, what: str = "文件", place: Place | None = None) -> bytes:
    """The file's bytes after check_regular_file; a file that grows past the limit while being
    read is refused too."""
    check_regular_file(path, max_bytes, what, place)
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError.at(place or Place(Path(path).name), f"无法读取{what} {path}：{os_reason(exc)}") from None
    if len(data) > max_bytes:
        raise InputError.at(place or Place(Path(path).name), f"{what} {path} 过大，上限为 {_size_text(max_bytes)}")
    return data


_OS_REASONS = {
    "EACCES": "没有读取权限", "EPERM": "没有读取权限", "ENOENT": "文件不存在", "EISDIR": "是文件夹",
    "ELOOP": "符号链接循环", "ENAMETOOLONG": "路径过长", "EIO": "磁盘读取错误", "EBUSY": "文件被占用",
    "ENOTDIR": "路径中的某一级不是文件夹", "EINVAL": "路径无效", "ENOSPC": "磁盘空间不足",
    "EDQUOT": "磁盘配额已满", "EROFS": "磁盘是只读的", "EEXIST": "同名文件已存在", "EXDEV": "不能跨磁盘移动",
    "EMFILE": "打开的文件过多", "ETXTBSY": "文件正被使用", "EFBIG": "文件过大",
}


def os_reason(exc: OSError) -> str:
    """An OSError's reason in Chinese (the English strerror never reaches the user)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name, f"系统错误 {name or exc.errno}")
