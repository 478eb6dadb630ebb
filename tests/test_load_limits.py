"""Inputs that would hang, exhaust memory or crash a reader, made at test time (bombs and special
files are never committed): each ends in a located Chinese error, exit 2, within a time bound
that only guards against a hang (timing goals live in benchmarks/)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "badinput"))
from make_cases import XLSX_HEAD, XLSX_ROW2, _NS, xlsx  # noqa: E402

from docgen.errors import InputError, Place  # noqa: E402
from docgen.load.files import check_regular_file, file_problem, read_limited  # noqa: E402

HEADER = "工会名称,姓名,职务,手机\n"


def docgen(*args, cwd: Path, timeout: float = 60):
    """The real command in a child process, so a hang is a failed test instead of a stuck run."""
    return subprocess.run([sys.executable, "-m", "docgen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def assert_refused(result, *fragments):
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    for f in fragments:
        assert f in out, out
    assert "Traceback" not in out and "Error" not in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_roster_is_refused_without_reading(tmp_path):
    os.mkfifo(tmp_path / "roster.csv")
    assert_refused(docgen("check", "roster.csv", cwd=tmp_path, timeout=30), "roster.csv", "不能作为花名册文件读取")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_as_roster_and_photo(tmp_path):
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    assert_refused(docgen("check", "zero.csv", cwd=tmp_path, timeout=30), "zero.csv", "不是普通文件")
    (tmp_path / "zhang.jpg").symlink_to("/dev/zero")
    (tmp_path / "roster.csv").write_text("工会名称,姓名,职务,照片\n甲公司工会,张三,主席,zhang.jpg\n", encoding="utf-8")
    assert_refused(docgen("badges", "roster.csv", cwd=tmp_path, timeout=30), "第2行 照片", "不是普通文件")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv", "zero.csv", "zhang.jpg"]


def test_toml_naming_a_device_as_roster(tmp_path):
    base = (Path(__file__).parent / "badinput" / "make_cases.py").read_text(encoding="utf-8")
    toml = base.split("BASE = '''", 1)[1].split("'''", 1)[0]
    (tmp_path / "county.toml").write_text(toml.replace("version = 1", 'version = 1\nroster = "/dev/zero"'), encoding="utf-8")
    assert_refused(docgen("check", "county.toml", cwd=tmp_path, timeout=30), "county.toml 第2行: roster", "不是普通文件")


def test_oversized_roster_is_refused_before_reading(tmp_path):
    from docgen.load import roster

    with open(tmp_path / "big.csv", "wb") as fh:          # sparse: no disk is used
        fh.truncate(roster.MAX_BYTES + 1)
    assert_refused(docgen("check", "big.csv", cwd=tmp_path, timeout=30), "big.csv", "过大", "上限为 64 MB")


def test_shared_strings_bomb_fails_fast(tmp_path):
    """A 2 MB .xlsx whose sharedStrings.xml unpacks to 60 MB of strings."""
    si = "<si><t>工会</t></si>"
    count = 60 * 1024 * 1024 // len(si.encode())
    shared = f'<?xml version="1.0"?><sst xmlns="{_NS}" count="{count}">' + si * count + "</sst>"
    data = xlsx(XLSX_HEAD + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>', shared=shared)
    assert len(data) < 2 * 1024 * 1024
    (tmp_path / "roster.xlsx").write_bytes(data)
    assert_refused(docgen("check", "roster.xlsx", cwd=tmp_path, timeout=60), "roster.xlsx", "共享字符串表", "压缩炸弹")


def test_zip_entry_that_lies_about_its_size(tmp_path):
    """The central directory says 100 bytes, the deflated data holds 200 MB: zipfile stops at the
    stated size, so the XML ends early and is reported as damaged."""
    data = bytearray(xlsx(XLSX_HEAD + XLSX_ROW2 + "<row r=\"3\">" + "<c r=\"A3\" t=\"inlineStr\"><is><t>" + "x" * 50 + "</t></is></c></row>"))
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x01\x02")                      # central directory entries
    while at != -1 and data[at + 46:at + 46 + len(name)] != name:
        at = data.find(b"PK\x01\x02", at + 4)
    assert at != -1
    data[at + 24:at + 28] = (100).to_bytes(4, "little")
    (tmp_path / "roster.xlsx").write_bytes(bytes(data))
    assert_refused(docgen("check", "roster.xlsx", cwd=tmp_path, timeout=60), "roster.xlsx", "损坏")


def test_file_checks_are_one_function(tmp_path):
    (tmp_path / "a.toml").write_bytes(b"x" * 10)
    assert file_problem(tmp_path / "a.toml", 10) is None
    assert "过大" in file_problem(tmp_path / "a.toml", 9, "TOML 文件")
    assert "找不到" in file_problem(tmp_path / "none.toml", 10, "TOML 文件")
    assert "文件夹" in file_problem(tmp_path, 10)
    assert read_limited(tmp_path / "a.toml", 10) == b"x" * 10
    with pytest.raises(InputError) as info:
        check_regular_file(tmp_path / "a.toml", 5, "TOML 文件", Place("county.toml", line=3, key="x"))
    assert info.value.exit_code == 2 and "county.toml 第3行: x" in info.value.lines()[0]


def test_the_cycle_collector_is_paused_while_a_roster_loads_and_restored_after():
    import gc

    from docgen.load.document import cycle_collector_paused

    was = gc.isenabled()
    try:
        gc.enable()
        with cycle_collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()                                    # a caller that paused it keeps it paused
        with cycle_collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        gc.enable()
        with pytest.raises(ValueError), cycle_collector_paused():
            raise ValueError                            # restored when the load fails too
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
