"""LibreOffice headless: .docx -> PDF, with the project's fonts.

Each conversion gets its own LibreOffice user profile (conversions sharing one collide). The faces
reach LibreOffice in two ways: embedded in the private copy of the document it converts (see
docgen.fontembed; honoured on every operating system), and through a fontconfig file that maps
the names Chinese offices use (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体, 宋体) to the bundled
faces and Times New Roman to Liberation Serif (Linux). So the PDF keeps the 22 x 28 grid and the
right faces. The result is checked (a PDF that opens and has pages) and written atomically.
Whatever ends the wait (time limit, Ctrl-C, SIGTERM/SIGHUP) ends LibreOffice and its children
before the temporary profile is removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
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
                timeout: float = TIMEOUT_S, embed_fonts: bool = True, fontconfig_map: bool = True) -> Path:
    """Convert `docx` to `pdf` (replaced atomically); `fonts` are user font overrides by role.

    `embed_fonts` and `fontconfig_map` switch off one way of handing over the faces (tests).
    """
    from .publish import scratch_folder

    soffice = find_soffice()
    with _interrupts_raised(), scratch_folder("lo-") as tmp:
        work = Path(tmp)
        env = dict(os.environ)
        if fontconfig_map:
            env["FONTCONFIG_FILE"] = str(_fontconfig(work, fonts))
        # LibreOffice's own temporary files (lu*.tmp) go inside the folder removed afterwards.
        (work / "tmp").mkdir()
        env.update(TMPDIR=str(work / "tmp"), TMP=str(work / "tmp"), TEMP=str(work / "tmp"))
        outdir = work / "out"
        profile = (work / "profile").resolve().as_uri()
        # A copy under a plain ASCII name: soffice names its output after the input.
        source = work / "document.docx"
        shutil.copyfile(docx, source)
        if embed_fonts:
            from .fontembed import embed_faces

            embed_faces(source, _office_faces(fonts))
        cmd = [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--nolockcheck", "--nologo", "--nodefault", "--convert-to", "pdf", "--outdir", str(outdir), str(source)]
        _run(cmd, env, timeout)
        data = _checked_pdf(outdir / "document.pdf", docx.name)
        return write_bytes(pdf, data)


def _checked_pdf(produced: Path, name: str) -> bytes:
    """The converter's PDF, if it is one that opens and has pages (a crash can leave 0 bytes)."""
    import pypdfium2 as pdfium

    advice = "请确认 LibreOffice 能正常启动，或关闭正在运行的 LibreOffice 后重试"
    if not produced.is_file():
        raise EnvironmentProblem(f"LibreOffice 没有生成 PDF（{name}）。{advice}")
    data = produced.read_bytes()
    if not data:
        raise EnvironmentProblem(f"LibreOffice 生成的 PDF 是空文件（{name}），转换没有成功。{advice}")
    try:
        pages = len(pdfium.PdfDocument(data))
    except pdfium.PdfiumError:
        raise EnvironmentProblem(f"LibreOffice 生成的 PDF 无法打开（{name}），文件已损坏。{advice}") from None
    if pages < 1:
        raise EnvironmentProblem(f"LibreOffice 生成的 PDF 没有任何页面（{name}）。{advice}")
    return data


def _office_faces(overrides: Mapping[str, Path] | None) -> dict[str, tuple[str, Path]]:
    """Office font name -> (family inside the file, file), for every role the .docx may ask for."""
    from .fonts import FAMILIES, WORD_NAMES, _family_name, resolve

    faces = resolve(overrides)
    out = {}
    for role, names in WORD_NAMES.items():
        family = _family_name(faces[role]) if overrides and role in overrides else FAMILIES[role]
        out.update({name: (family, faces[role]) for name in names})
    return out


def _fontconfig(work: Path, fonts: Mapping[str, Path] | None) -> Path:
    from .fonts import fontconfig_file

    return fontconfig_file(work / "fontconfig", fonts)


@contextlib.contextmanager
def _interrupts_raised():
    """SIGTERM and SIGHUP raise KeyboardInterrupt while converting (like Ctrl-C), so the code that
    ends LibreOffice and removes its profile runs. Handlers someone else installed are kept."""
    import threading

    replaced = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is signal.SIG_DFL:
                replaced[number] = signal.signal(number, _raise_interrupt)
    try:
        yield
    finally:
        for number, previous in replaced.items():
            signal.signal(number, previous)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> None:
    kwargs: dict = {"env": env, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    if sys.platform == "win32":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        kwargs["start_new_session"] = True      # so a timeout can end soffice and its children
    try:
        proc = subprocess.Popen(cmd, **kwargs)
    except OSError as exc:
        from .load.files import os_reason

        raise EnvironmentProblem(f"无法启动 LibreOffice（{cmd[0]}）：{os_reason(exc)}") from None
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise EnvironmentProblem(f"LibreOffice 转换 PDF 超过 {timeout:.0f} 秒仍未完成，已终止。"
                                 "请关闭其他 LibreOffice 窗口后重试") from None
    except BaseException:           # Ctrl-C, SIGTERM: end LibreOffice before its profile goes
        _kill(proc)
        raise
    if proc.returncode != 0:        # its own output is English ("failed to launch javaldx"): not shown
        how = (f"被信号 {-proc.returncode} 终止" if proc.returncode < 0 else f"以状态码 {proc.returncode} 退出")
        raise EnvironmentProblem(f"LibreOffice 转换 PDF 失败（{how}）。请确认 LibreOffice 能单独打开这份 .docx，"
                                 "关闭其他 LibreOffice 窗口后重试")


def _kill(proc: subprocess.Popen) -> None:
    """End soffice and what it started (soffice.bin): its process group, or its tree on Windows."""
    try:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.communicate()
