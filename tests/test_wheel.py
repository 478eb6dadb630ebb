"""The package as a user gets it: build the wheel, install it in a fresh virtual environment, and
run `docgen init x && docgen all x/county.toml --pdf` from a folder that is not the checkout.

One slow test (about a minute: the build, which needs no index; the dependencies, from the
configured package index or pip's cache; seven products with two LibreOffice conversions). It runs in CI like every other test;
`-m "not slow"` leaves it out locally.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "out",
                              "tests", "benchmarks", ".pytest_cache", ".hypothesis", "docgen-samples")


def run(cmd, cwd: Path, env=None, timeout=600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (--pdf)")
def test_wheel_installs_and_runs_init_and_all_from_another_folder(tmp_path):
    import pypdfium2 as pdfium

    source = tmp_path / "source"              # a copy, so the build writes nothing in the checkout
    shutil.copytree(REPO, source, ignore=SKIP)
    # --no-build-isolation: the build needs no index (setuptools and wheel are in the test extra)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp_path / "dist",
         source], tmp_path)
    wheel = next((tmp_path / "dist").glob("docgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for resource in ("docgen/_resources/templates/plan/shuangliang/preset.toml",
                     "docgen/_resources/templates/print/badge.toml",
                     "docgen/_resources/fonts/fangsong.ttf", "docgen/_resources/samples/county.toml"):
        assert resource in names

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    home = tmp_path / "venv"
    venv.create(home, with_pip=True)
    bindir = home / ("Scripts" if sys.platform == "win32" else "bin")
    run([bindir / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel], tmp_path, env)

    work = tmp_path / "elsewhere"
    work.mkdir()
    docgen = bindir / "docgen"
    located = run([bindir / "python", "-c", "import docgen.resources as r; print(r.TEMPLATES, r.FONTS)"], work, env)
    assert all(Path(p).is_relative_to(home) for p in located.stdout.split())
    run([docgen, "init", "x"], work, env)
    assert (work / "x" / "county.toml").is_file() and (work / "x" / "roster.xlsx").is_file()
    done = run([docgen, "all", "x/county.toml", "--pdf"], work, env)
    assert "全部完成" in done.stdout

    out = work / "out"
    docx = list(out.glob("*.docx"))
    assert len(docx) == 2                                   # 实施方案 and 通知
    for path in docx:
        assert "岳西县" in zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    pdfs = [p.with_suffix(".pdf") for p in docx] + [out / "胸卡.pdf", out / "联系卡.pdf", out / "桌牌.pdf",
                                                    out / "牌匾" / "proof.pdf"]
    pdfs += sorted((out / "公示牌").glob("*.pdf"))[:1]
    for path in pdfs:
        assert len(pdfium.PdfDocument(str(path))) >= 1, path
    plan_pdf = pdfium.PdfDocument(str(docx[0].with_suffix(".pdf")))
    assert "工会" in plan_pdf[0].get_textpage().get_text_range()

    # Imported straight from the wheel (a zip): the folders are copied out once and removed at exit.
    zipped = run([sys.executable, "-c", "import os, docgen.resources as r; "
                  "print(r.__file__); print(r.FONTS); print(sorted(os.listdir(r.TEMPLATES)), (r.FONTS / 'hei.ttf').stat().st_size)"],
                 work, {**env, "PYTHONPATH": str(wheel)})
    module, folder, listing = zipped.stdout.splitlines()
    assert Path(module).is_relative_to(wheel)
    assert listing.startswith("['notice', 'plan', 'print']") and int(listing.split()[-1]) > 1_000_000
    assert not Path(folder).exists()
