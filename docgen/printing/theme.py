"""The theme shared by every print product: named CMYK colours and which font role each kind of
text uses (templates/print/theme.toml; a user's templates folder may replace it).

Print shops expect CMYK, and black text in pure K (0/0/0/100), never RGB black: colours are
CMYK only, and `black` must be pure K.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Collector
from . import faces
from .schema import Table, open_table

CMYK = tuple[float, float, float, float]    # 0..1 each, as reportlab takes them
REGISTRATION: CMYK = (1.0, 1.0, 1.0, 1.0)   # crop marks: on every separation


@dataclass(frozen=True)
class Theme:
    file: Path
    colors: dict[str, CMYK]
    fonts: dict[str, str]           # alias ("name", "union", ...) -> font role

    def color(self, value) -> CMYK | None:
        """A colour name from the theme, or an inline [c, m, y, k] in percent."""
        if isinstance(value, str):
            return self.colors.get(value)
        return None

    def font_role(self, name: str) -> str | None:
        if name in faces.ROLES:
            return name
        return self.fonts.get(name)


def load_theme(path: Path, out: Collector) -> Theme:
    root = open_table(path, out)
    colors: dict[str, CMYK] = {}
    ctab = root.table("colors")
    if ctab is None:
        root.error("colors", "缺少 [colors] 表")
    else:
        for name in list(ctab.data):
            c = ctab.numbers(name, 4, low=0)
            if any(x > 100 for x in c):
                ctab.error(name, f"{list(c)} 的每个分量应在 0 至 100 之间（CMYK 百分比）")
            colors[name] = tuple(x / 100.0 for x in c)  # type: ignore[assignment]
        ctab.finish()
        if "black" not in colors:
            ctab.error("black", "缺少 black（文字用黑色，应为 [0, 0, 0, 100]）")
        elif colors["black"] != (0.0, 0.0, 0.0, 1.0):
            ctab.error("black", "文字黑色应为单色黑 [0, 0, 0, 100]（印刷厂要求，不用四色黑或 RGB 黑）")
    fonts: dict[str, str] = {}
    ftab = root.table("fonts")
    if ftab is not None:
        for alias in list(ftab.data):
            role = ftab.choice(alias, faces.ROLES)
            fonts[alias] = role
        ftab.finish()
    root.finish()
    return Theme(path, colors, fonts)


def parse_color(table: Table, key: str, theme: Theme, default=None) -> CMYK | None:
    """A colour key of a layout element: a theme name or [c, m, y, k] percentages."""
    if not table.has(key):
        table._get(key, None)
        return theme.color(default) if isinstance(default, str) else default
    raw = table.data[key]
    c: tuple[float, ...] | None     # percentages, or a theme colour by name
    if isinstance(raw, list):
        c = table.numbers(key, 4, low=0)
        if any(x > 100 for x in c):
            table.error(key, f"[{', '.join(f'{x:g}' for x in c)}] 的每个分量应在 0 至 100 之间（CMYK 百分比）")
        return tuple(x / 100.0 for x in c)  # type: ignore[return-value]
    name = table.text(key)
    if name in ("none", ""):
        return None
    c = theme.color(name)
    if c is None:
        table.error(key, f"未知颜色“{name}”；主题 {theme.file.name} 中有：{'、'.join(theme.colors)}，"
                         "也可写 [C, M, Y, K] 百分比")
    return c
