"""Where the bundled template set and fonts live (the project root, next to the package)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
FONTS = ROOT / "assets" / "fonts"
SAMPLES = ROOT / "samples"
