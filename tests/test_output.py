import os

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
    assert len(safe_filename("工" * 500, ".pdf")) == 84


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
