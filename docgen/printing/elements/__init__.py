"""Element types of a layout, drawn through a registry (no if/elif over type strings).

Each type reads its keys from a layout table once (`read`) into a frozen element, and composes
one record into drawing ops (`compose`), raising FieldProblem when the record cannot be shown as
the layout asks. Ops are plain values in item coordinates (points, origin at the trim's
bottom-left) that know how to draw themselves on a canvas.

    @register("text")
    class TextBox(Element): ...

A later product adds a type (a table for boards, say) by registering it; nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..expr import Condition, FieldProblem, condition
from ..faces import FaceSet
from ..schema import Table
from ..theme import Theme
from ..units import Box

TYPES: dict[str, type[Element]] = {}


def register(name: str):
    def wrap(cls):
        cls.type_name = name
        TYPES[name] = cls
        return cls
    return wrap


@dataclass(frozen=True)
class LoadContext:
    """What reading an element needs: the theme, the item's size and where templates live."""

    theme: Theme
    width_mm: float
    height_mm: float
    bleed_mm: float
    user_dir: Path | None


@dataclass(frozen=True)
class Common:
    id: str
    label: str
    box: Box
    when: Condition | None


@dataclass(frozen=True, eq=False)
class Element:
    common: Common
    type_name: ClassVar[str] = ""

    @property
    def id(self) -> str:
        return self.common.id

    @property
    def label(self) -> str:
        return self.common.label

    @property
    def box(self) -> Box:
        return self.common.box

    @classmethod
    def read(cls, table: Table, common: Common, cx: LoadContext) -> Element:
        raise NotImplementedError

    def compose(self, cx: ComposeContext) -> list:
        """Ops for one record (empty when there is nothing to draw)."""
        raise NotImplementedError

    # whether `check` can ever fail: False lets a layout skip the element when only checking
    # (a shape without a `when`), as nothing of a record reaches it
    checks_records: ClassVar[bool] = True

    def check(self, cx: ComposeContext) -> None:
        """Raise the FieldProblem `compose` would raise for this record, or nothing; a type may
        answer without building ops (`docgen check` composes every record of a batch)."""
        self.compose(cx)

    def shown(self, values: dict) -> bool:
        return self.common.when is None or self.common.when.holds(values)


@dataclass
class ComposeContext:
    values: dict            # the Jinja context: union, officer, print, qr_data, ...
    faces: FaceSet
    theme: Theme | None     # read() uses the theme, composing does not (the proof passes None)
    item_box: Box           # the trim, in item coordinates
    bleed: float            # pt
    notes: list[str] = field(default_factory=list)     # warnings for the user (a left-out photo column)


def read_common(table: Table, index: int, cx: LoadContext) -> Common:
    x, y, w, h = table.numbers("box_mm", 4, low=0) if table.has("box_mm") else (0.0, 0.0, cx.width_mm, cx.height_mm)
    table.allow("box_mm")
    if x + w > cx.width_mm + 1e-6 or y + h > cx.height_mm + 1e-6:
        table.error("box_mm", f"[{x:g}, {y:g}, {w:g}, {h:g}] 超出成品尺寸 {cx.width_mm:g} × {cx.height_mm:g} mm")
    ident = table.text("id", f"{index}")
    label = table.text("label", ident)
    return Common(id=ident, label=label, box=Box.from_top_left_mm(x, y, w, h, cx.height_mm),
                  when=condition(table, "when", cx.user_dir))


def extend_to_bleed(box: Box, trim: Box, bleed: float) -> Box:
    """A box touching a trim edge runs on into the bleed on that edge (spec: 2 mm bleed on
    anything that runs to the edge), so a cutter's tolerance never shows a white hairline."""
    eps = 0.01
    return box.grow(
        left=bleed if box.x <= trim.x + eps else 0.0,
        bottom=bleed if box.y <= trim.y + eps else 0.0,
        right=bleed if box.right >= trim.right - eps else 0.0,
        top=bleed if box.top >= trim.top - eps else 0.0,
    )


__all__ = ["TYPES", "Common", "ComposeContext", "Element", "FieldProblem", "LoadContext", "extend_to_bleed",
           "read_common", "register"]

# the built-in types register themselves on import (sign and table: signage for plaques and boards;
# bound under other names, for `table` is a parameter name above)
from . import image, qrbox, shapes, sign as _sign, table as _table, text  # noqa: E402,F401
