"""LibreOffice headless: .docx -> PDF, with the project's fonts.

Each conversion gets its own LibreOffice user profile (conversions sharing one collide) and a
fontconfig file that maps the names Chinese offices use (仿宋_GB2312, 黑体, 楷体_GB2312,
方正小标宋简体, 宋体) to the bundled faces and Times New Roman to Liberation Serif, so the PDF keeps
the 22 x 28 grid and the right faces. The PDF is written atomically through docgen.output.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import EnvironmentProblem
from .output import write_bytes

TIMEOUT_S = 180          # a cold first start builds the profile and the font cache
CANDIDATES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)
INSTALL_HINT = (
    "找不到 LibreOffice（soffice），无法生成 PDF。请安装后重试：\n"
    "  Debian/Ubuntu：sudo apt-get install libreoffice-writer\n"
    "  Windows：从 https://zh-cn.libreoffice.org/ 下载安装程序，按默认位置安装\n"
    "  macOS：从 https://www.libreoffice.org/ 下载，拖入“应用程序”文件夹\n"
    "也可以不加 --pdf，只生成 .docx。"
)


def find_soffice(candidates: tuple[str, ...] | None = None) -> Path:
    """soffice on PATH, else in the usual Windows and macOS install folders."""
    candidates = CANDIDATES if candidates is None else candidates
    for name in ("soffice", "libreoffice", "soffice.exe"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in candidates:
        if Path(candidate).is_file():
            return Path(candidate)
    raise EnvironmentProblem(INSTALL_HINT)


def docx_to_pdf(docx: Path, pdf: Path, fonts: Mapping[str, Path] | None = None,
                timeout: float = TIMEOUT_S) -> Path:
    """Convert `docx` to `pdf` (replaced atomically); `fonts` are user font overrides by role."""
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as tmp:
        work = Path(tmp)
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(_fontconfig(work, fonts))
        outdir = work / "out"
        profile = (work / "profile").resolve().as_uri()
        # A copy under a plain ASCII name: soffice names its output after the input.
        source = work / "document.docx"
        shutil.copyfile(docx, source)
        cmd = [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--nolockcheck", "--nologo", "--nodefault", "--convert-to", "pdf", "--outdir", str(outdir), str(source)]
        _run(cmd, env, timeout)
        produced = outdir / "document.pdf"
        if not produced.is_file():
            raise EnvironmentProblem(f"LibreOffice 没有生成 PDF（{docx.name}）。请确认 LibreOffice 能正常启动，"
                                     "或关闭正在运行的 LibreOffice 后重试")
        return write_bytes(pdf, produced.read_bytes())


def _fontconfig(work: Path, fonts: Mapping[str, Path] | None) -> Path:
    from .fonts import fontconfig_file

    return fontconfig_file(work / "fontconfig", fonts)


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> None:
    kwargs: dict = {"env": env, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    if sys.platform == "win32":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        kwargs["start_new_session"] = True      # so a timeout can end soffice and its children
    try:
        proc = subprocess.Popen(cmd, **kwargs)
    except OSError as exc:
        raise EnvironmentProblem(f"无法启动 LibreOffice（{cmd[0]}）：{exc.strerror or exc}") from None
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise EnvironmentProblem(f"LibreOffice 转换 PDF 超过 {timeout:.0f} 秒仍未完成，已终止。"
                                 "请关闭其他 LibreOffice 窗口后重试") from None
    if proc.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        raise EnvironmentProblem("LibreOffice 转换 PDF 失败" + (f"：{detail[0]}" if detail else ""))


def _kill(proc: subprocess.Popen) -> None:
    try:
        if sys.platform == "win32":
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        pass
    proc.communicate()
