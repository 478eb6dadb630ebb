import os
import re

import pytest

from docgen.errors import EnvironmentProblem, InputError
from docgen.output import atomic_path, inside, safe_filename, write_bytes


@pytest.mark.parametrize("name, expected", [
    ("岳西县天峰茶业有限公司工会委员会", "岳西县天峰茶业有限公司工会委员会"),
    ("a/b\\c", "a／b＼c"),
    ("../../etc/passwd", "．．／．．／etc／passwd".replace("．", ".").lstrip(".") or "x"),
    ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("  名称. ", "名称"), ("", "未命名"), ("..", "未命名"),
    ("有\x00控制\x1f字符\u200b", "有控制字符"),
])
def test_safe_filename(name, expected):
    got = safe_filename(name)
    assert "/" not in got and "\\" not in got and "\x00" not in got
    if name.startswith("../"):
        assert not got.startswith(".")
    else:
        assert got == expected


def test_safe_filename_bounded():
    name = safe_filename("工" * 500, ".pdf")
    assert name.endswith(".pdf") and len(name.encode("utf-8")) <= 200 and len(name) <= 84


@pytest.mark.parametrize("title", ["𠀀" * 90, "工" * 90, "a" * 300, "𠀀" * 30 + "工" * 60])
def test_long_names_fit_in_200_bytes_with_a_stable_hash(title):
    name = safe_filename(title, ".docx")
    assert len(name.encode("utf-8")) <= 200 and name.endswith(".docx")
    assert re.search(r"-[0-9a-f]{8}\.docx$", name)
    assert name == safe_filename(title, ".docx")                    # deterministic
    assert name != safe_filename(title[:-1] + "乙", ".docx")         # a different ending stays apart


def test_short_names_are_not_hashed():
    assert safe_filename("岳西县天峰茶业有限公司工会委员会", ".pdf") == "岳西县天峰茶业有限公司工会委员会.pdf"


@pytest.mark.parametrize("name", ["CON", "con", "Prn.txt", "AUX.tar.gz", "nul", "COM1", "com9.pdf", "LPT1",
                                  "lpt9", "COM0", "COM¹", "com².pdf", "LPT³", "CONIN$", "conout$.txt", "CON .pdf"])
def test_windows_reserved_names_are_made_safe(name):
    from docgen.output import is_reserved_name

    got = safe_filename(name, ".pdf")
    assert not is_reserved_name(got) and got.startswith("_")


@pytest.mark.parametrize("name", ["CONSOLE", "COM10", "LPT", "工会CON", "ＣＯＮ"])
def test_ordinary_names_are_kept(name):
    assert safe_filename(name) == name


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("工会", "工会"), ("2024-03-18", "2024-03-18"), (12, 12), ("", ""),
])
def test_csv_cell_neutralises_formulas(value, expected):
    from docgen.output import csv_cell

    assert csv_cell(value) == expected


def test_read_only_output_is_not_replaced(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"kept")
    target.chmod(0o444)
    with pytest.raises(EnvironmentProblem) as info:
        write_bytes(target, b"new")
    assert "只读" in info.value.message and info.value.exit_code == 1
    assert target.read_bytes() == b"kept"
    assert os.listdir(tmp_path) == ["out.pdf"]


def test_inside_refuses_escape(tmp_path):
    assert inside(tmp_path, tmp_path / "a" / "b.pdf") == (tmp_path / "a" / "b.pdf").resolve()
    with pytest.raises(InputError):
        inside(tmp_path, tmp_path / ".." / "x.pdf")


def test_atomic_failure_keeps_old_file_and_no_temp(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("disk gone")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.pdf"]
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["out.pdf"]


def test_permission_error_is_environment_problem(tmp_path, monkeypatch):
    import errno
    import tempfile

    def refuse(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(EnvironmentProblem) as info:
        write_bytes(tmp_path / "x.pdf", b"x")
    assert "没有写权限" in info.value.message
    assert not (tmp_path / "x.pdf").exists()


def test_outputs_get_the_usual_file_mode(tmp_path):
    old = os.umask(0o022)
    try:
        write_bytes(tmp_path / "a.pdf", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644


def test_a_file_only_in_the_backup_of_a_killed_run_is_put_back(tmp_path):
    """A run killed outright (kill -9) between moving an earlier file aside and putting the new
    one in its place leaves that file only in its backup folder: the next run puts it back, and
    removes the backup of a file whose new version is in place. A live run's backups stay."""
    from docgen import output

    first, second = tmp_path / "甲.pdf", tmp_path / "乙.pdf"
    first.write_bytes(b"earlier 1")
    second.write_bytes(b"earlier 2")
    (tmp_path / "new").write_bytes(b"new 1")
    tx = output._Transaction()
    output._TRANSACTIONS.append(tx)
    try:
        output.replace(tmp_path / "new", first)             # replaced: its backup is an old copy
        os.replace(second, tx.backup_for(second))           # moved aside; "killed" before the new one
    finally:
        output._TRANSACTIONS.pop()
        tx.close_journals()
    assert not second.exists()

    untouched = output.clean_abandoned(tmp_path, alive=lambda pid: True)
    assert untouched.removed == 0 and not untouched.restored and not second.exists()

    found = output.clean_abandoned(tmp_path, alive=lambda pid: False)
    assert found.restored == [second] and not found.kept and found.removed == 1
    assert second.read_bytes() == b"earlier 2" and first.read_bytes() == b"new 1"
    assert sorted(os.listdir(tmp_path)) == ["乙.pdf", "甲.pdf"]


def test_a_backup_folder_whose_files_cannot_be_told_is_kept(tmp_path):
    from docgen import output

    backups = tmp_path / ".~docgen-999999999-backup-abc"
    backups.mkdir()
    (backups / "1-1").write_bytes(b"some earlier file")       # no journal names it
    found = output.clean_abandoned(tmp_path, alive=lambda pid: False)
    assert found.kept == [backups] and (backups / "1-1").read_bytes() == b"some earlier file"
