"""Folder batches: all-or-nothing on failure, finished files kept on Ctrl-C, no temporary files."""

from __future__ import annotations

import pytest

from docgen import batch
from docgen.batch import Job


def render_ok(n: int) -> bytes:
    return f"file {n}".encode()


def test_writes_in_order_and_leaves_no_temporary_files(tmp_path):
    paths = batch.run(tmp_path, [Job(f"{i:02d}.txt", i) for i in range(10)], render_ok, quiet=True)
    assert [p.name for p in paths] == [f"{i:02d}.txt" for i in range(10)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i:02d}.txt" for i in range(10)]


def test_same_bytes_with_workers(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    batch.run(a, [Job(f"{i}.txt", i) for i in range(20)], render_ok, workers=1, quiet=True)
    batch.run(b, [Job(f"{i}.txt", i) for i in range(20)], render_ok, workers=2, quiet=True)
    assert {p.name: p.read_bytes() for p in a.iterdir()} == {p.name: p.read_bytes() for p in b.iterdir()}


def test_failure_leaves_earlier_batch_untouched(tmp_path):
    (tmp_path / "1.txt").write_bytes(b"old")

    def render(n):
        if n == 3:
            raise ValueError("boom")
        return b"new"

    with pytest.raises(ValueError):
        batch.run(tmp_path, [Job(f"{i}.txt", i) for i in range(5)], render, quiet=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.txt"]
    assert (tmp_path / "1.txt").read_bytes() == b"old"


def test_interrupt_keeps_finished_files_whole(tmp_path):
    def render(n):
        if n == 3:
            raise KeyboardInterrupt
        return b"x" * 1000

    with pytest.raises(batch.Interrupted) as info:
        batch.run(tmp_path, [Job(f"{i}.txt", i) for i in range(6)], render, quiet=True)
    assert "完成 3/6" in info.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.txt", "1.txt", "2.txt"]
    assert all(p.read_bytes() == b"x" * 1000 for p in tmp_path.iterdir())
