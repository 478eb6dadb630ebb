"""Shared fixtures: the sample set copied into a temporary folder, and a TOML writer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config):
    """Tests write only in temporary folders: the template cache of every test and of every
    docgen process a test starts goes to a folder of this run (unless a test sets its own)."""
    import os
    import tempfile

    os.environ["DOCGEN_CACHE"] = tempfile.mkdtemp(prefix="docgen-test-cache-")


def pytest_unconfigure(config):
    import os

    folder = os.environ.get("DOCGEN_CACHE")
    if folder and Path(folder).name.startswith("docgen-test-cache-"):
        shutil.rmtree(folder, ignore_errors=True)


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
