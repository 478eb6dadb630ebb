"""The bad-input corpus (tests/badinput/cases): each case runs as a user would run it and must
end with its expected exit status, a Chinese message naming the place, no traceback, and the
folder exactly as it was (nothing written, nothing changed)."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from docgen.cli import main

CASES = sorted((Path(__file__).parent / "badinput" / "cases").iterdir())


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def run_cli(args: list[str], cwd: Path):
    runner = CliRunner()
    command = click.Command("docgen", callback=lambda: main(args))
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(command, [], catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path):
    expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
    work = tmp_path / case.name
    shutil.copytree(case, work)
    (work / "expect.toml").unlink()
    before = snapshot(work)
    result = run_cli(expect["args"], work)
    output = result.output
    assert result.exit_code == expect["exit"], output
    for fragment in expect["contains"]:
        assert fragment in output, output
    assert "Traceback" not in output and "Error:" not in output
    assert re.search(r"[\u4e00-\u9fff]", output)
    assert snapshot(work) == before, "the case's folder changed"
