"""Outputs through the real commands: a read-only earlier output is kept (exit 1), a name that
would run as a formula is neutralised in manifest.csv, a very long title gets a short name."""

from __future__ import annotations

import csv
import io
import os
import re

import pytest
import click
from click.testing import CliRunner

from docgen.cli import main


def run(*args):
    command = click.Command("docgen", callback=lambda: main(list(args)))
    return CliRunner().invoke(command, [], catch_exceptions=False)


def roster(tmp_path, rows: str):
    path = tmp_path / "roster.csv"
    path.write_text("工会名称,姓名,职务,手机\n" + rows, encoding="utf-8")
    return path


def test_manifest_neutralises_formula_names(tmp_path):
    src = roster(tmp_path, "=HYPERLINK(\"http://x\")工会,张三,主席,13905561234\n"
                           "+甲公司工会,李四,主席,13905561235\n@乙工会,王五,主席,13905561236\n"
                           "-丙工会,赵六,主席,13905561237\n丁公司工会,钱七,主席,13905561238\n")
    out = tmp_path / "out"
    result = run("plaques", str(src), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO((out / "manifest.csv").read_text(encoding="utf-8-sig"))))
    names = [r[1] for r in rows[1:]]
    assert names == ["'=HYPERLINK(\"http://x\")工会", "'+甲公司工会", "'@乙工会", "'-丙工会", "丁公司工会"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_read_only_earlier_output_is_kept(tmp_path):
    src = roster(tmp_path, "甲公司工会,张三,主席,13905561234\n")
    target = tmp_path / "胸卡.pdf"
    target.write_bytes(b"%PDF- earlier")
    target.chmod(0o444)
    result = run("badges", str(src), "-o", str(target))
    assert result.exit_code == 1, result.output
    assert "只读" in result.output and str(target.name) in result.output
    assert "Traceback" not in result.output
    assert target.read_bytes() == b"%PDF- earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv", "胸卡.pdf"]


def test_long_title_beyond_the_bmp_makes_a_short_file_name(tmp_path, monkeypatch):
    from pathlib import Path

    base = (Path(__file__).parent / "badinput" / "make_cases.py").read_text(encoding="utf-8")
    toml = base.split("BASE = '''", 1)[1].split("'''", 1)[0]
    title = "关于" + "𠀀" * 86 + "的实施方案"            # 90 characters, over 300 bytes in UTF-8
    (tmp_path / "county.toml").write_text(toml.replace('scope = "全县"', f'scope = "全县"\ntitle = "{title}"'),
                                          encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    result = run("plan", "county.toml")
    assert result.exit_code == 0, result.output
    made = [p.name for p in out.iterdir()]
    assert len(made) == 1 and made[0].endswith(".docx") and len(made[0].encode("utf-8")) <= 200
    assert re.search(r"-[0-9a-f]{8}\.docx$", made[0])


def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_run_removes_what_killed_runs_left_in_its_folder_and_keeps_a_live_runs(sample_toml, tmp_path):
    """kill -9 during a run leaves its staging folder, backups and temporary files (named with
    its pid) in the output folder; the next run into that folder removes them, quietly, but never
    those of a run still alive (it may be writing beside this one)."""
    import subprocess
    import sys

    out = tmp_path / "out"
    dead = _dead_pid()
    (out / f".~docgen-{dead}-abc" / "sub").mkdir(parents=True)            # a staging folder
    (out / f".~docgen-{dead}-abc" / "sub" / "甲.pdf").write_bytes(b"copy")
    (out / f".~docgen-{dead}-x1y2.docx").write_bytes(b"half")             # a temporary file
    backups = out / f".~docgen-{dead}-backup-q9"                         # a backup: new file in place
    backups.mkdir()
    (backups / "1-1").write_bytes(b"earlier")
    (backups / "journal").write_text('["1-1", "old.docx"]\n', encoding="ascii")
    (out / "old.docx").write_bytes(b"newer")
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = [out / f".~docgen-{os.getpid()}-mine", out / f".~docgen-{alive.pid}-theirs"]
        for folder in live:
            folder.mkdir()
        result = run("plan", str(sample_toml), "-o", str(out / "方案.docx"))
    finally:
        alive.kill()
        alive.wait()
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob(".~docgen-*")) == sorted(p.name for p in live)
    assert (out / "old.docx").read_bytes() == b"newer" and (out / "方案.docx").exists()


def test_a_file_a_killed_run_had_moved_aside_is_put_back(sample_toml, tmp_path):
    out = tmp_path / "out"
    backups = out / f".~docgen-{_dead_pid()}-backup-q9"
    backups.mkdir(parents=True)
    (backups / "1-1").write_bytes(b"the only copy")
    (backups / "journal").write_text('["1-1", "\\u65e7.pdf"]\n["1-2", "gone.pdf"]\n', encoding="ascii")
    result = run("plan", str(sample_toml), "-o", str(out / "方案.docx"))
    assert result.exit_code == 0, result.output
    assert (out / "旧.pdf").read_bytes() == b"the only copy"
    assert not list(out.glob(".~docgen-*")) and "已恢复" in result.output and "旧.pdf" in result.output


def disk_full_for(suffix: str, monkeypatch):
    """The disk is full for docgen's temporary files ending in `suffix`; returns the real
    Path.write_bytes (to undo it within the test)."""
    import errno
    from pathlib import Path

    write = Path.write_bytes

    def full_disk(self, data):
        if self.name.startswith(".~docgen-") and self.suffix == suffix:
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    return write


@pytest.mark.parametrize("earlier", [True, False])
def test_plan_with_pdf_writes_both_files_or_neither(sample_toml, tmp_path, monkeypatch, earlier):
    """The .docx is written, then the PDF finds the disk full: the .docx is taken back, so the
    folder never holds a new .docx beside an old PDF, and the message says nothing changed."""
    from pathlib import Path

    from docgen import convert, documents

    monkeypatch.setattr(convert, "find_soffice", lambda *a, **k: Path("soffice"))
    monkeypatch.setattr(documents, "pdf_bytes", lambda data, fonts: b"%PDF-1.7 new")
    out = tmp_path / "out"
    docx, pdf = out / "x.docx", out / "x.pdf"
    if earlier:
        out.mkdir()
        docx.write_bytes(b"earlier docx")
        pdf.write_bytes(b"earlier pdf")
    write = disk_full_for(".pdf", monkeypatch)
    result = run("plan", str(sample_toml), "--pdf", "-o", str(docx))
    assert result.exit_code == 1, result.output
    assert "磁盘空间不足" in result.output and "均未写入，原有文件未改动" in result.output
    assert "Traceback" not in result.output
    if earlier:
        assert docx.read_bytes() == b"earlier docx" and pdf.read_bytes() == b"earlier pdf"
        assert sorted(p.name for p in out.iterdir()) == ["x.docx", "x.pdf"]
    else:
        assert not out.exists() or list(out.iterdir()) == []
    monkeypatch.setattr(Path, "write_bytes", write)
    result = run("plan", str(sample_toml), "--pdf", "-o", str(docx))
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes() == b"%PDF-1.7 new" and docx.read_bytes().startswith(b"PK")


def test_badges_with_previews_that_cannot_be_written_leave_the_earlier_pdf(tmp_path, monkeypatch):
    """The PDF is written, then its previews find the disk full: the PDF is taken back too."""

    src = roster(tmp_path, "甲公司工会,张三,主席,13905561234\n乙公司工会,李四,主席,13905561235\n")
    target, previews = tmp_path / "胸卡.pdf", tmp_path / "预览"
    target.write_bytes(b"%PDF- earlier")
    previews.mkdir()
    (previews / "胸卡-01.png").write_bytes(b"earlier png")
    disk_full_for(".png", monkeypatch)
    result = run("badges", str(src), "-o", str(target), "--preview", str(previews), "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "磁盘空间不足" in result.output and "已撤回本次写出的文件" in result.output
    assert target.read_bytes() == b"%PDF- earlier"
    assert [p.name for p in previews.iterdir()] == ["胸卡-01.png"]
    assert (previews / "胸卡-01.png").read_bytes() == b"earlier png"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv", "胸卡.pdf", "预览"]
