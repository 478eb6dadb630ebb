"""What the template folders offer, found in files rather than listed in code.

    available_presets(user_dir)   campaign presets: templates/plan/<name>/preset.toml
    preset_file(name, user_dir)   the one a campaign names
    available_layouts(user_dir)   print layouts: templates/print/<name>.toml
    plaque_sizes(user_dir)        plaque size presets: templates/print/plaque-sizes.toml
    font_roles()                  font roles: assets/fonts/roles.toml

The built-in template set comes first, then the user's `templates =` folder, which may add
entries (a folder plan/mine/ with its preset.toml makes `campaign = "mine"` valid; a file
print/badge-mine.toml makes `--layout badge-mine` valid) or replace built-in ones of the same name.
`choices(...)` words the list for messages: 可用的活动：双亮（shuangliang）、…
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from msgspec import Struct

from .errors import InputError, Place
from .resources import FONTS, TEMPLATES

# Files in templates/print/ that are data for layouts, not layouts.
PRINT_DATA_FILES = ("theme", "plaque-sizes")
PLAQUE_SIZES_FILE = "plaque-sizes.toml"
ROLES_FILE = "roles.toml"


def _folders(user_dir: Path | None) -> list[Path]:
    return [TEMPLATES] + ([Path(user_dir)] if user_dir else [])


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _read(path: Path) -> dict:
    """A TOML data file through the one reader (limits, Chinese errors with lines)."""
    from .load.toml_file import read_toml

    return read_toml(path)[0]


# --- campaign presets --------------------------------------------------------------------------

class PresetInfo(Struct, frozen=True):
    """A campaign preset found in a template folder: templates/plan/<name>/preset.toml."""

    name: str           # the folder name, what `campaign =` says
    label: str          # what messages and summaries show: 双亮
    order: int
    file: Path


def available_presets(user_dir: Path | None = None) -> dict[str, PresetInfo]:
    """campaign name -> PresetInfo: built-in ones in their `order`, then the user's additions."""
    found: dict[str, PresetInfo] = {}
    for base in _folders(user_dir):
        plan = base / "plan"
        if not plan.is_dir():
            continue
        added = []
        for folder in plan.iterdir():
            file = folder / "preset.toml"
            if file.is_file():
                added.append(_preset_info(folder.name, file, _stamp(file)))
        for info in sorted(added, key=lambda i: (i.order, i.name)):
            found[info.name] = info     # a user's copy of a built-in preset keeps its place
    return found


def preset_file(name: str, user_dir: Path | None = None) -> Path | None:
    """The preset.toml of campaign `name` (the user's copy first), or None when there is no such
    preset: what available_presets would find, without reading every preset to list them."""
    for base in reversed(_folders(user_dir)):
        plan = base / "plan"
        try:
            names = os.listdir(plan)        # by name as listed: "../x" or a case variant is no preset
        except OSError:
            continue
        file = plan / name / "preset.toml"
        if name in names and file.is_file():
            return file
    return None


@lru_cache(maxsize=64)
def _preset_info(name: str, file: Path, _stamp) -> PresetInfo:
    # A broken preset.toml still counts as a preset (its error is reported when it is used).
    try:
        data = _read(file)
    except InputError:
        data = {}
    label = data.get("label") or data.get("name") or name
    order = data.get("order")
    return PresetInfo(name, str(label), order if isinstance(order, int) and not isinstance(order, bool) else 100, file)


def preset_label(name: str, user_dir: Path | None = None) -> str:
    info = available_presets(user_dir).get(name)
    return info.label if info else name


# --- layouts -----------------------------------------------------------------------------------

def available_layouts(user_dir: Path | None = None) -> dict[str, Path]:
    """layout name -> file, built-in names sorted, then the user's additions (a user's file of a
    built-in name replaces it)."""
    found: dict[str, Path] = {}
    for base in _folders(user_dir):
        folder = base / "print"
        if not folder.is_dir():
            continue
        for file in sorted(folder.glob("*.toml"), key=lambda f: f.stem):
            if file.stem not in PRINT_DATA_FILES:
                found[file.stem] = file
    return found


def badge_layouts(user_dir: Path | None = None) -> dict[str, Path]:
    """The layouts `badges --layout` takes: `badge` and every `badge-<name>` (the other layouts are
    the faces of other products: a badge in the board's 297 × 420 layout is no badge)."""
    return {name: file for name, file in available_layouts(user_dir).items()
            if name == "badge" or name.startswith("badge-")}


# --- plaque sizes ------------------------------------------------------------------------------

class PlaqueSize(Struct, frozen=True):
    """A plaque size preset from the template folders (templates/print/plaque-sizes.toml)."""

    name: str
    width_mm: float
    height_mm: float
    label: str = ""     # 县级工会 …

    @property
    def size(self) -> tuple[float, float]:
        return self.width_mm, self.height_mm


def plaque_sizes(user_dir: Path | None = None) -> dict[str, PlaqueSize]:
    """preset name -> PlaqueSize from templates/print/plaque-sizes.toml, built-in then the user's
    (which may add sizes or change built-in ones). A faulty file is an InputError naming its line."""
    found: dict[str, PlaqueSize] = {}
    for base in _folders(user_dir):
        file = base / "print" / PLAQUE_SIZES_FILE
        if file.is_file():
            found.update(_plaque_file(file, _stamp(file)))
    return found


@lru_cache(maxsize=16)
def _plaque_file(file: Path, _stamp) -> dict[str, PlaqueSize]:
    from .errors import Collector
    from .printing.schema import open_table

    out = Collector()
    root = open_table(file, out)
    sizes: dict[str, PlaqueSize] = {}
    for name in list(root.data):
        table = root.table(name)
        if table is None:
            continue
        width, height = table.numbers("size_mm", 2, low=50)
        if max(width, height) > 6000:
            table.error("size_mm", f"[{width:g}, {height:g}] 过大（最大 6000 mm）")
        label = table.text("label", "")
        table.finish()
        sizes[name.lower()] = PlaqueSize(name.lower(), width, height, label)
    out.raise_if_any()
    return sizes


# --- font roles --------------------------------------------------------------------------------

class FontRole(Struct, frozen=True):
    """A font role of assets/fonts/roles.toml (小标宋, 仿宋 ...) and the bundled face that plays it."""

    role: str
    file: str                       # in assets/fonts
    label: str                      # 小标宋
    family: str                     # the bundled face's family name (fonts.conf binds to it)
    office_names: tuple[str, ...]   # what .docx files written for Chinese offices ask for
    purpose: str


@lru_cache(maxsize=1)
def font_roles() -> dict[str, FontRole]:
    """role -> FontRole, in the order of assets/fonts/roles.toml."""
    from .errors import EnvironmentProblem

    file = FONTS / ROLES_FILE
    try:
        data = _read(file)
    except InputError as exc:      # the installation is broken, not the user's input
        raise EnvironmentProblem(f"字体角色表 {file} 无法读取：{'；'.join(exc.lines())}。请重新安装 docgen") from None
    roles = {}
    for role, entry in data.items():
        try:
            roles[role] = FontRole(role=role, file=str(entry["file"]), label=str(entry["label"]),
                                   family=str(entry["family"]),
                                   office_names=tuple(str(n) for n in entry.get("office_names", ())),
                                   purpose=str(entry.get("purpose", "")))
        except (KeyError, TypeError, AttributeError) as exc:
            raise EnvironmentProblem(f"字体角色表 {file} 中 [{role}] 缺少或写错了 {exc}。请重新安装 docgen") from None
    return roles


# --- messages ----------------------------------------------------------------------------------

def choices(kind: str, labelled: dict[str, str], name_first: bool = False) -> str:
    """可用的活动：双亮（shuangliang）、双争（shuangzheng）  — `labelled` is name -> label;
    name_first: 可用的版式：badge：胸卡（横版）；badge-qr：…  (for labels with brackets of their own)."""
    if name_first:
        items = [f"{name}：{label}" if label else name for name, label in labelled.items()]
        return f"可用的{kind}：{'；'.join(items) if items else '（无）'}"
    items = [f"{label}（{name}）" if label and label != name else name for name, label in labelled.items()]
    return f"可用的{kind}：{'、'.join(items) if items else '（无）'}"


def unknown(kind: str, name: str, labelled: dict[str, str], place: Place | None = None,
            name_first: bool = False) -> InputError:
    message = f"没有名为“{name}”的{kind}。{choices(kind, labelled, name_first)}"
    return InputError.at(place or Place(), message)
