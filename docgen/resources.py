"""Where the bundled template set, fonts and samples live, as real folders.

An installed package (wheel, sdist, `pip install .`, pipx) carries them inside itself as
docgen/_resources/{templates,fonts,samples} (setup.py maps the top-level folders there); a source
checkout or an editable install reads the top-level folders templates/, assets/fonts/, samples/.
Fonts are opened by path (reportlab, fontTools, LibreOffice), so callers get `Path`s: when docgen
is imported from a zip file, the folders are copied once into a temporary folder removed at exit.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_CHECKOUT = {"templates": "templates", "fonts": "assets/fonts", "samples": "samples"}


def _folder(name: str) -> Path:
    packaged = files(__package__) / "_resources" / name
    if isinstance(packaged, Path):
        if packaged.is_dir():
            return packaged
        return Path(__file__).resolve().parent.parent / _CHECKOUT[name]
    return _extracted(packaged, name)


def _extracted(tree, name: str) -> Path:
    """A zip import: copy the folder out, since fonts and Jinja need real files."""
    import atexit
    import shutil
    import tempfile

    global _ZIP_COPY
    if _ZIP_COPY is None:
        _ZIP_COPY = Path(tempfile.mkdtemp(prefix="docgen-resources-"))
        atexit.register(shutil.rmtree, _ZIP_COPY, True)

    def copy(node, target: Path) -> None:
        if node.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            for child in node.iterdir():
                copy(child, target / child.name)
        else:
            target.write_bytes(node.read_bytes())

    target = _ZIP_COPY / name
    if not target.is_dir():
        copy(tree, target)
    return target


_ZIP_COPY: Path | None = None
TEMPLATES = _folder("templates")
FONTS = _folder("fonts")
SAMPLES = _folder("samples")
