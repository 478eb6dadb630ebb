"""Layouts: templates/print/<name>.toml read once into typed elements, and composed per record.

A layout file:

    title = "胸卡（横版）"
    size_mm = [85.6, 54]        # the trim (成品尺寸)
    bleed_mm = 2                # 出血
    [[elements]]
    type = "text"               # a registered element type: text, image, qr, rect, rule
    box_mm = [5, 3, 75.6, 11]   # x, y, w, h from the trim's top-left corner
    ...

Lengths are millimetres, font sizes points, colours theme names or CMYK percentages. Unknown
keys are errors naming file and key. A user's templates folder (`templates = "..."` in the
input) overrides any file here, theme.toml included.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from ..errors import Collector, InputError, Place
from ..load.values import ValueProblem
from ..resources import TEMPLATES
from .elements import TYPES, ComposeContext, Element, FieldProblem, LoadContext, read_common
from .elements.image import ImageBox
from .expr import Condition, Template
from .schema import open_table
from .theme import Theme, load_theme
from .units import Box, mm


@dataclass(frozen=True, eq=False)
class Layout:
    name: str
    file: Path
    title: str
    width_mm: float
    height_mm: float
    bleed_mm: float
    elements: tuple[Element, ...]
    theme: Theme

    @cached_property
    def trim(self) -> Box:
        """The trim in item coordinates (points)."""
        return Box(0.0, 0.0, mm(self.width_mm), mm(self.height_mm))

    @cached_property
    def bleed(self) -> float:
        return mm(self.bleed_mm)

    def element(self, ident: str) -> Element:
        return next(e for e in self.elements if e.id == ident)

    def with_element(self, ident: str, **changes) -> Layout:
        """A copy with one element's settings changed, e.g. a batch-wide size cap:
        `layout.with_element("name", max_size=common_size(sizes))`."""
        elements = tuple(replace(e, **changes) if e.id == ident else e for e in self.elements)
        return replace(self, elements=elements)

    def context(self, values: dict, faces) -> ComposeContext:
        return ComposeContext(values=values, faces=faces, theme=self.theme, item_box=self.trim, bleed=self.bleed)

    def compose(self, values: dict, faces, notes: list[str] | None = None) -> tuple[list, list[tuple[Element, str]]]:
        """Ops for one record, and the (element, message) problems found; nothing is drawn here.
        Warnings the elements leave (a photo column left out) go to `notes`."""
        cx = self.context(values, faces)
        ops: list = []
        problems: list[tuple[Element, str]] = []
        for element in self.elements:
            try:
                if element.shown(values):
                    ops.extend(element.compose(cx))
            except FieldProblem as exc:
                problems.append((element, str(exc)))
        if notes is not None:
            notes += cx.notes
        return ops, problems

    def reads(self, name: str) -> bool:
        """Whether an expression of the layout may read the record value `name` (a template that
        includes or imports another may read anything)."""
        return any(name in source or ("{%" in source and any(w in source for w in _INCLUDING))
                   for source in self._sources)

    @cached_property
    def _sources(self) -> tuple[str, ...]:
        found: list = []
        _collect_expressions(self.elements, found)
        return tuple(item.source for item in found)

    def problems(self, values: dict, faces, notes: list[str] | None = None) -> list[tuple[Element, str]]:
        """The (element, message) problems `compose` would find for one record, without its ops,
        and its warnings in `notes` as compose leaves them.

        An element Jinja renders (a filter: the card back's services joined) whose values are the
        same objects an earlier record gave (the document's [print] for everyone) has the answer
        it had then: it is remembered per element and those objects, for as long as that pays
        (see _Remembered). Other expressions are plain lookups, and texts already fitted are
        answered from TextBox.check's cache, so remembering them would cost more than it saves."""
        cx = self.context(values, faces)
        problems: list[tuple[Element, str]] = []
        remembered = faces.remembered
        for element, names in self._checked:
            memo = None
            if names is not None:
                memo = remembered.get(element)
                if memo is None:
                    memo = remembered[element] = _Remembered()
                if memo.results is None:
                    memo = None
                else:
                    objects = tuple([values.get(name) for name in names])
                    key = tuple(map(id, objects))
                    known = memo.results.get(key)
                    if known is not None:
                        memo.found += 1
                        if known[1] is not None:
                            problems.append((element, known[1]))
                        continue
                    memo.missed()
            message = None
            try:
                if element.shown(values):
                    element.check(cx)
            except FieldProblem as exc:
                message = str(exc)
                problems.append((element, message))
            if memo is not None and memo.results is not None:
                memo.results[key] = (objects, message)     # the objects kept, so no id is reused
        if notes is not None:
            notes += cx.notes
        return problems

    @cached_property
    def _checked(self) -> tuple[tuple[Element, frozenset[str] | None], ...]:
        """The elements a record can make fail (all but shapes drawn whatever the record), each
        with the record values it reads when its answer is to be remembered (see problems)."""
        return tuple((e, _remembered_by(e)) for e in self.elements if e.checks_records or e.common.when is not None)


_INCLUDING = ("include", "import", "extends")


class _Remembered:
    """One element's answers by the objects it reads. When few records share them (a name, a
    phone: one answer per record), remembering costs more than it saves and is given up."""

    TRIAL, SHARE, LIMIT = 512, 0.25, 8192

    def __init__(self):
        self.results: dict | None = {}
        self.found = self.asked = 0

    def missed(self) -> None:
        self.asked += 1
        assert self.results is not None
        if self.asked == self.TRIAL and self.found < self.SHARE * (self.asked + self.found):
            self.results = None
        elif len(self.results) >= self.LIMIT:
            self.results.clear()


def _remembered_by(element: Element) -> frozenset[str] | None:
    """The record values an element's check reads through its expressions, when one of them is
    rendered by Jinja (no fast path); None when there is none, when what they read is unknown,
    or when its type reads the record in code (a table reads a union's officers)."""
    from .elements.qrbox import QRBox
    from .elements.shapes import Rect, Rule
    from .elements.text import TextBox

    if type(element) not in (TextBox, QRBox, ImageBox, Rect, Rule):
        return None
    found: list = []
    _collect_expressions(element, found)
    found = [item.inner if isinstance(item, _LayoutRelative) else item for item in found]
    if not any(item._compiled is not None and item._fast is None for item in found):
        return None
    names: set[str] = set()
    for item in found:
        if item.names is None:
            return None
        names |= item.names
    return frozenset(sorted(names))


def _collect_expressions(item, found: list) -> None:
    """Every expression inside an element (a table's columns included)."""
    if isinstance(item, (Template, Condition, _LayoutRelative)):
        found.append(item)
    elif isinstance(item, (tuple, list)):
        for inner in item:
            _collect_expressions(inner, found)
    elif hasattr(type(item), "__dataclass_fields__"):
        for name in type(item).__dataclass_fields__:
            _collect_expressions(getattr(item, name), found)


def find(name: str, user_dir: Path | None) -> Path:
    """templates/print/<name>.toml, the user's copy first; an unknown name lists what exists.
    A name is a file name in print/, never a path."""
    if name and not any(c in name for c in "/\\:") and not name.startswith("."):
        for base in ([user_dir] if user_dir else []) + [TEMPLATES]:
            path = base / "print" / f"{name}.toml"
            if path.is_file():
                return path
    raise _unknown(name, user_dir)


def _unknown(name: str, user_dir: Path | None, badges: bool = False) -> InputError:
    from .. import catalog

    found = catalog.badge_layouts(user_dir) if badges else catalog.available_layouts(user_dir)
    titles = {n: _title(p) for n, p in found.items()}
    place = Place("--layout") if badges else Place(f"print/{name}.toml")
    return catalog.unknown("胸卡版式" if badges else "版式", name, titles, place, name_first=True)


def check_badge_layout(name: str, user_dir: Path | None = None) -> None:
    """`badges --layout NAME`: NAME must be a badge layout (badge, badge-*), found in a template folder."""
    from .. import catalog

    if name not in catalog.badge_layouts(user_dir):
        raise _unknown(name, user_dir, badges=True)


def _title(path: Path) -> str:
    """A layout's title for a list in a message; nothing when the file cannot be read."""
    from ..load.toml_file import read_toml

    try:
        title = read_toml(path)[0].get("title", "")
    except InputError:
        return ""
    return title if isinstance(title, str) else ""


def load_layout(name: str, user_dir: Path | None = None) -> Layout:
    from ..catalog import PRINT_DATA_FILES

    if name in PRINT_DATA_FILES:        # theme.toml and plaque-sizes.toml are data, not layouts
        raise _unknown(name, user_dir)
    path = find(name, user_dir)
    theme_path = find("theme", user_dir)
    return _load(path, _stamp(path), theme_path, _stamp(theme_path), user_dir)


def print_theme(user_dir: Path | None = None) -> Theme:
    """The print theme every layout of this template set reads (the user's theme.toml, if any)."""
    path = find("theme", user_dir)
    return _theme(path, _stamp(path))


@lru_cache(maxsize=8)
def _theme(path: Path, _stamp) -> Theme:
    out = Collector()
    theme = load_theme(path, out)
    out.raise_if_any()
    return theme


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=32)
def _load(path: Path, _stamp1, theme_path: Path, _stamp2, user_dir: Path | None) -> Layout:
    theme = _theme(theme_path, _stamp2)
    out = Collector()
    root = open_table(path, out)
    title = root.text("title", path.stem)
    width, height = root.numbers("size_mm", 2, low=5)
    if max(width, height) > 6000:
        root.error("size_mm", f"[{width:g}, {height:g}] 过大（最大 6000 mm）")
    if not (width and height):
        out.raise_if_any()          # without a size every element's box would be "outside" too
    bleed = root.number("bleed_mm", 2.0, low=0, high=20)
    cx = LoadContext(theme=theme, width_mm=width, height_mm=height, bleed_mm=bleed, user_dir=user_dir)
    elements = []
    for i, table in enumerate(root.tables("elements")):
        kind = table.text("type", "")
        cls = TYPES.get(kind)
        if cls is None:
            table.error("type", f"未知元素类型“{kind}”，应为 {' | '.join(sorted(TYPES))} 之一")
            continue
        element = cls.read(table, read_common(table, i + 1, cx), cx)
        element = _anchor_images(element, table, path, user_dir)
        table.finish()
        elements.append(element)
    root.finish()
    ids = [e.id for e in elements]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        out.error(Place(path.name, key="elements"), f"元素 id “{dup}” 重复")
    out.raise_if_any()
    return Layout(path.stem, path, title, width, height, bleed, tuple(elements), theme)


# --- images named by the layout ----------------------------------------------------------------
# A layout's own picture (a logo: `source = "logo.png"`, or a template giving a relative path) is
# found next to the layout, never in the working folder, and must stay inside the template folder
# the layout came from; it is checked like a photo and decoded whole when the layout is read (or,
# for a template's result, the first time a record names it), so a broken file is a layout error
# and never a crash while drawing. Record photos (absolute paths) were checked by the loader.


def _anchor_images(element: Element, table, layout_path: Path, user_dir: Path | None) -> Element:
    """The element with its images anchored: an image box, or a table's image columns."""
    if isinstance(element, ImageBox):
        return _anchored(element, lambda message: table.error("source", message), layout_path, user_dir)
    columns = getattr(element, "columns", None)
    if not columns or not any(isinstance(c.element, ImageBox) for c in columns):
        return element
    anchored = []
    for i, column in enumerate(columns, start=1):
        if isinstance(column.element, ImageBox):
            def error(message, key=f"columns[{i}].source"):
                table.error(key, message)
            column = replace(column, element=_anchored(column.element, error, layout_path, user_dir))
        anchored.append(column)
    return replace(element, columns=tuple(anchored))  # type: ignore[call-arg]  # a TableBox


def _anchored(element: ImageBox, error, layout_path: Path, user_dir: Path | None) -> ImageBox:
    base = _template_folder(layout_path, user_dir)
    source = element.source
    if source._compiled is None:
        raw = source.source.strip()
        if not raw:
            return element
        try:
            found = layout_image(raw, layout_path, base)
        except ValueProblem as exc:
            error(str(exc))
            return element
        return replace(element, source=Template(str(found), None))
    return replace(element, source=_LayoutRelative(source, layout_path, base))  # type: ignore[arg-type]


def _template_folder(layout_path: Path, user_dir: Path | None) -> Path:
    layout_path = layout_path.resolve()
    for base in ([user_dir.resolve()] if user_dir else []) + [TEMPLATES.resolve()]:
        if base in layout_path.parents:
            return base
    return layout_path.parent


def layout_image(raw: str, layout_path: Path, base: Path) -> Path:
    """The image a layout names: relative to the layout's folder, inside `base`, a whole JPEG/PNG."""
    from ..load.values import quoted

    found = (layout_path.parent / raw.replace("\\", "/")).resolve()
    if found != base and base not in found.parents:
        raise ValueProblem(f"{quoted(raw)} 在模板文件夹 {base} 之外；"
                           "版式用到的图片请放在模板文件夹里，按相对于版式文件的路径写")
    return _whole_image(found)


@lru_cache(maxsize=64)
def _whole_image(path: Path) -> Path:
    """The photo check (a regular file, JPEG/PNG, pixel limit, every pixel decoded); once per
    path, as a templated source may name the same picture for every record."""
    from ..load.images import check_image

    return check_image(path)


@dataclass(frozen=True, eq=False)
class _LayoutRelative:
    """A templated image source whose relative results are layout images (see above)."""

    inner: Template
    layout_path: Path
    base: Path

    @property
    def source(self) -> str:
        return self.inner.source

    def render(self, values: dict) -> str:
        raw = self.inner.render(values)
        text = raw.strip()
        if not text or text == "None" or Path(text).is_absolute():
            return raw
        try:
            return str(layout_image(text, self.layout_path, self.base))
        except ValueProblem as exc:
            raise FieldProblem(str(exc)) from None
