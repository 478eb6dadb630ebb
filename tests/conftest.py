"""Shared fixtures: the sample set copied into a temporary folder, and a TOML writer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A private copy of samples/, so tests can edit and write beside it."""
    for f in SAMPLES.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    return tmp_path


@pytest.fixture
def sample_toml(sample_dir: Path) -> Path:
    return sample_dir / "county.toml"


def edited(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path
