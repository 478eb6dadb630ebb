"""The text box: a field expression fitted into a box, horizontal or vertical.

Keys (lengths in mm, sizes in pt):
    text      Jinja2 template, e.g. "{{ officer.name }}"
    font      a theme alias (name, union, text, ...) or a font role (hei, biaosong, ...)
    size_pt   [min, max] (shrinks from max down to min) or one number
    lines     most lines (horizontal) or columns (vertical); 1 = never wrap
    align     left | center | right | distribute (分散对齐: letters spread over the width)
    valign    top | middle | bottom
    leading   line pitch in em (default 1.25)
    direction horizontal | vertical (one character a line, columns read right to left)
    spread    short text (a two-character name) is spaced to the width of this many characters
    tracking  extra space between characters, in em
    color     theme colour name or [c, m, y, k]
    shorter_not_smaller
              true for a header repeated over a batch (the union's name on badges and cards):
              the text takes whichever of 1 .. `lines` lines gives it the largest characters
              (more lines only when they are at least 10% larger), and within one batch a
              shorter text is never set smaller than a longer one (printing/ordering.py caps
              the longer ones)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import cached_property, partial
from typing import Self

from ... import fonts
from ..expr import FieldProblem, Template, template
from ..faces import MissingGlyphs, Run, advance
from ..fitting import Fit, fit_largest, fit_text, snap
from ..ops import TextRun
from ..ordering import size_cap
from ..schema import Table
from ..spaced import WIDE_GAP_EM, SpacedRun
from ..theme import CMYK, parse_color
from ..units import MM
from . import Common, ComposeContext, Element, LoadContext, register

# spec/print.md: vertical plaques use the vertical presentation forms of brackets
VERTICAL_FORMS = str.maketrans({
    "（": "\ufe35", "）": "\ufe36", "(": "\ufe35", ")": "\ufe36",
    "《": "\ufe3d", "》": "\ufe3e", "〈": "\ufe3f", "〉": "\ufe40",
    "【": "\ufe3b", "】": "\ufe3c", "〔": "\ufe39", "〕": "\ufe3a",
    "「": "\ufe41", "」": "\ufe42", "『": "\ufe43", "』": "\ufe44",
    "｛": "\ufe37", "｝": "\ufe38", "—": "\ufe31", "…": "\ufe19",
    "，": "\ufe10", "、": "\ufe11", "。": "\ufe12", "：": "\ufe13", "；": "\ufe14",
    "！": "\ufe15", "？": "\ufe16",
})
CENTRED_IN_CELL = frozenset("·・\ufe31\ufe19")
# shorter_not_smaller: a header takes more lines only when its characters get this much larger
LARGER_GAIN = 1.1


def font_role(table: Table, key: str, cx: LoadContext) -> str:
    """The font role a layout's `key` names (a theme alias or a role); an unknown name is an
    error listing both, and reading goes on with hei."""
    font = table.text(key, "text")
    role = cx.theme.font_role(font)
    if role is None:
        table.error(key, f"未知字体“{font}”；可用主题别名 {'、'.join(cx.theme.fonts) or '（无）'}，"
                         f"或字体角色 {'、'.join(fonts.ROLES)}")
        return "hei"
    return role


@register("text")
@dataclass(frozen=True, eq=False)
class TextBox(Element):
    text: Template
    role: str
    min_size: float
    max_size: float
    lines: int
    align: str
    valign: str
    leading: float
    vertical: bool
    spread: int
    tracking: float
    color: CMYK
    shorter_not_smaller: bool = False
    capped: bool = False            # a batch cap applies (set by compose, not read from a layout)

    # the fitting rule (a class attribute, not a field): subclasses may choose another, e.g. signs
    fitter = staticmethod(fit_text)

    @classmethod
    def read(cls, table: Table, common: Common, cx: LoadContext) -> Self:
        text = template(table, "text", cx.user_dir)
        role = font_role(table, "font", cx)
        sizes = table.data.get("size_pt")
        if isinstance(sizes, (int, float)) and not isinstance(sizes, bool):
            low = high = table.number("size_pt", low=2, high=2000)
        else:
            low, high = table.numbers("size_pt", 2, default=(6.0, 12.0), low=2)
            if low > high:
                table.error("size_pt", f"[{low:g}, {high:g}] 应为 [最小, 最大]")
        vertical = table.choice("direction", ("horizontal", "vertical"), "horizontal") == "vertical"
        return cls(
            common, text, role, low, high,
            lines=table.integer("lines", 1, low=1, high=50),
            align=table.choice("align", ("center", "left", "right", "distribute"), "center"),
            valign=table.choice("valign", ("middle", "top", "bottom"), "middle"),
            leading=table.number("leading", 1.25, low=1.0, high=5.0),
            vertical=vertical,
            spread=table.integer("spread", 0, low=0, high=20),
            tracking=table.number("tracking", 0.0, low=-0.2, high=5.0),
            color=parse_color(table, "color", cx.theme, default="black") or (0.0, 0.0, 0.0, 1.0),
            shorter_not_smaller=table.boolean("shorter_not_smaller", False),
        )

    # --- compose -------------------------------------------------------------------

    def compose(self, cx: ComposeContext) -> list:
        rendered = self.text.render(cx.values)
        if self.shorter_not_smaller:
            cap = size_cap(cx.values, self.id)
            if cap is not None and cap < self.max_size:
                # the batch's cap for this text (shorter texts are not smaller): fitted anew
                # under it; the capped copy is cached by its value, like any other box
                return replace(self, max_size=max(cap, self.min_size), capped=True)._compose_cached(cx, rendered)
        return self._compose_cached(cx, rendered)

    def check(self, cx: ComposeContext) -> None:
        # a batch's size cap only lowers a size the text reached, so it never makes a text fail:
        # the uncapped fit answers for every record
        rendered = self.text.render(cx.values)
        key = (self._fit_identity, rendered)
        cache = cx.faces.checked
        message = cache.get(key, _UNCHECKED)
        if message is _UNCHECKED:
            message = self._check_uncached(cx, rendered)
            if len(cache) >= 65536:
                cache.clear()
            cache[key] = message
        if message is not None:
            raise FieldProblem(message)

    def _check_uncached(self, cx: ComposeContext, rendered: str) -> str | None:
        """The problem of a text in this box, or None. A text in the element's own face whose lines
        as given fit at no less than the smallest size fits, whatever the fitter would choose after
        (a badge's name, a phone number, a card's contact lines): that is answered from the
        advances alone, as fit_text's first try would."""
        if type(self) is TextBox and not self.vertical:
            # the lines as _fit_uncached sets them (a phone number: one line, as rendered)
            if rendered.isprintable() and rendered == rendered.strip():
                # one line, the common case (a name, a phone on every board)
                size = self._one_line_size(cx, rendered)
                if size is not None and size + 1e-9 >= self.min_size:
                    return None
                lines = []          # measured just now: the rest is the fitter's
            else:
                lines = [line.strip() for line in rendered.splitlines() if line.strip()]
            face = cx.faces.face(self.role)
            if lines and len(lines) <= self.lines and face.cmap.keys() >= set(map(ord, "".join(lines))):
                widest = max(map(_OneFaceWidth(face, self.tracking, self.spread), lines))
                size = self.max_size
                if widest > 0:
                    size = min(size, self.box.w / widest)
                size = min(size, self.box.h / (1 + (len(lines) - 1) * self.leading))
                if snap(size) + 1e-9 >= self.min_size:
                    return None
        try:
            self._fit(cx, rendered)
        except FieldProblem as exc:
            return str(exc)
        return None

    def _one_line_size(self, cx: ComposeContext, rendered: str) -> float | None:
        """The size a text already one plain line (printable, no outer spaces) reaches on that line
        in the element's own face, from its width at size 1 (a width scales with the size): the
        largest that keeps it inside the box, snapped as the fitter snaps; None when the face lacks
        a character. Shared by check and a table's column sizes (table._fitted_size)."""
        face = cx.faces.face(self.role)
        if not face.covers(rendered):
            return None
        width = face.advance(rendered) + self.tracking * max(0, len(rendered) - 1)
        if self.spread and 1 < len(rendered) < self.spread:
            width = max(width, float(self.spread))
        size = min(self.max_size, self.box.w / width) if width > 0 else self.max_size
        return snap(min(size, self.box.h))

    def _compose_cached(self, cx: ComposeContext, rendered: str) -> list:
        cache = cx.faces.composed          # lives as long as the face set: one run
        key = (self, rendered)
        ops = cache.get(key)
        if ops is None:
            # the same text in the same box always gives the same ops (a union's name on each of
            # its officers' badges, a role, a fixed label): compose it once
            _, fit, runs_of = self._fit(cx, rendered)
            ops = [] if fit is None else self._ops(fit, runs_of)
            if len(cache) >= 4096:
                cache.clear()
            cache[key] = ops
        return ops

    def _ops(self, fit: Fit, runs_of) -> list:
        """The drawing ops of a fitted text; subclasses (signs) may set vertical text otherwise."""
        if self.vertical:
            return self._vertical_ops(fit.lines, fit.size, runs_of)
        return self._horizontal_ops(fit.lines, fit.size, runs_of)

    def fit(self, cx: ComposeContext) -> Fit | None:
        """How this record's text fits (size and lines), without drawing: what a batch needs to
        choose one character size for all its items (plaques: the size 80% of the names reach)."""
        return self._fit(cx)[1]

    def measured(self, cx: ComposeContext) -> tuple[str, Fit | None]:
        """The record's text as set (lines joined) and its fit: what a batch rule compares."""
        text, fit, _ = self._fit(cx)
        return text, fit

    def _fit(self, cx: ComposeContext, rendered: str | None = None):
        if rendered is None:
            rendered = self.text.render(cx.values)
        # the same text in a box of the same size and rules fits the same way, whichever copy of
        # the element asks (a table makes a copy per cell, a board's blocks one per size tried)
        key = (self._fit_identity, rendered)
        cache = cx.faces.fitted
        found = cache.get(key)
        if found is None:
            found = self._fit_uncached(cx, rendered)
            if len(cache) >= 65536:
                cache.clear()
            cache[key] = found
        return found

    @cached_property
    def _fit_identity(self) -> tuple:
        """What a fit depends on besides the text: the box's size and the fitting rules."""
        return (type(self), self.box.w, self.box.h, *map(self.__getattribute__, _fit_fields(type(self))))

    def _fit_uncached(self, cx: ComposeContext, rendered: str):
        text = "\n".join(line.strip() for line in rendered.splitlines() if line.strip())
        if not text:
            return text, None, None
        if self.vertical:
            text = self._vertical_forms(text, cx)
        try:
            whole = cx.faces.runs(text, self.role)
        except MissingGlyphs as exc:
            raise FieldProblem(_missing_message(exc, text)) from None
        runs_of: Callable[[str], tuple[Run, ...]]
        if len(whole) == 1:
            one = whole[0].face
            runs_of = lambda line: (Run(one, line),) if line else ()  # noqa: E731
        else:
            runs_of = lambda line: cx.faces.mixed(line, self.role)  # noqa: E731
        if self.vertical:
            measure = lambda line: len(line) + self.tracking * max(0, len(line) - 1)  # noqa: E731
            main, cross = self.box.h, self.box.w
        elif len(whole) == 1 and type(self)._width_em is TextBox._width_em:
            measure = _OneFaceWidth(whole[0].face, self.tracking, self.spread)  # the common case, direct
            main, cross = self.box.w, self.box.h
        else:
            measure = lambda line: self._width_em(runs_of(line), line)  # noqa: E731
            main, cross = self.box.w, self.box.h
        fit = self._fitter()(text, main=main, cross=cross, min_size=self.min_size, max_size=self.max_size,
                          max_lines=self.lines, leading=self.leading, advance=measure)
        if fit is None:
            raise FieldProblem(self._overflow_message(text))
        return text, fit, runs_of

    def _fitter(self):
        if self.capped:
            # under a batch cap: the arrangement that reaches the cap (the text reached at least
            # the cap before), fewer lines on a tie; never one that stays below it
            return partial(_fit_larger, gain=1.0001)
        if self.shorter_not_smaller:
            return partial(_fit_larger, gain=LARGER_GAIN)
        return self.fitter

    def _width_em(self, runs: tuple[Run, ...], line: str) -> float:
        natural = advance(runs) + self.tracking * max(0, len(line) - 1)
        if self.spread and 1 < len(line) < self.spread:
            return max(natural, float(self.spread))
        return natural

    def _horizontal_ops(self, lines, size: float, runs_of) -> list:
        box, pitch = self.box, size * self.leading
        block = size + (len(lines) - 1) * pitch
        top = {"top": box.top, "bottom": box.y + block}.get(self.valign, box.y + (box.h + block) / 2)
        ops: list[TextRun] = []
        for i, line in enumerate(lines):
            runs = runs_of(line)
            centre_y = top - size / 2 - i * pitch
            baseline = centre_y - runs[0].face.centre * size
            natural = advance(runs) * size
            gaps = len(line) - 1
            space = self.tracking * size
            if self.spread and 0 < gaps < self.spread - 1:
                space = max(space, (self.spread * size - natural) / gaps)
            if self.align == "distribute" and gaps > 0:
                space = max(space, (box.w - natural) / gaps)
            width = natural + space * gaps
            x = {"left": box.x, "right": box.right - width}.get(self.align, box.x + (box.w - width) / 2)
            if self.align == "distribute":
                x = box.x + max(0.0, (box.w - width) / 2)
            wide = space > WIDE_GAP_EM * size and gaps > 0
            for k, run in enumerate(runs):
                step = run.face.advance(run.text) * size + space * len(run.text)
                if wide:
                    # outlines under an invisible unspaced layer, so 顾 旻 copies out as 顾旻
                    last = k == len(runs) - 1
                    ops.append(SpacedRun(run.face.name, size, x, baseline, run.text, self.color, space,
                                         path=str(run.face.path),
                                         advances=tuple(run.face.advance(c) for c in run.text),
                                         span=step - space if last else step))
                else:
                    ops.append(TextRun(run.face.name, size, x, baseline, run.text, self.color, space))
                x += step
        return ops

    def _vertical_ops(self, columns, size: float, runs_of) -> list:
        box, pitch = self.box, size * self.leading
        block = size + (len(columns) - 1) * pitch
        left = {"left": box.x, "right": box.right - block}.get(self.align, box.x + (box.w - block) / 2)
        step = size * (1 + self.tracking)
        ops = []
        for i, column in enumerate(columns):            # right to left
            centre_x = left + block - size / 2 - i * pitch
            length = size * len(column) + self.tracking * size * (len(column) - 1)
            top = {"top": box.top, "bottom": box.y + length}.get(self.valign, box.y + (box.h + length) / 2)
            k = 0
            for run in runs_of(column):
                face = run.face
                for ch in run.text:
                    cell_centre = top - size / 2 - k * step
                    width = face.advance(ch) * size
                    x = centre_x - width / 2
                    baseline = cell_centre - face.centre * size
                    if ch in CENTRED_IN_CELL and (ink := face.ink(ch)):
                        x = centre_x - (ink[0] + ink[2]) / 2 * size
                        baseline = cell_centre - (ink[1] + ink[3]) / 2 * size
                    ops.append(TextRun(face.name, size, x, baseline, ch, self.color))
                    k += 1
        return ops

    def _vertical_forms(self, text: str, cx: ComposeContext) -> str:
        face = cx.faces.face(self.role)
        out = []
        for ch in text:
            v = ch.translate(VERTICAL_FORMS)
            out.append(v if v != ch and face.has(v) else ch)
        return "".join(out)

    def _overflow_message(self, text: str) -> str:
        w, h = self.box.w / MM, self.box.h / MM
        lines = "一行" if self.lines == 1 else f"最多 {self.lines} {'列' if self.vertical else '行'}"
        return (f"“{text}”在{self.label}框内放不下（{w:.1f} × {h:.1f} mm，最小 {self.min_size:g} 磅，{lines}）；"
                "请缩短文字，或在版式文件中加大该框、减小最小字号或增加行数")


class _OneFaceWidth:
    """TextBox._width_em for a text in one face, without building runs: fitting measures every
    candidate line, tens of thousands of times on a large board batch. Without `spread` the
    width adds up per character, which `per_char` tells the paragraph fitter
    (fitting._span_measure)."""

    def __init__(self, face, tracking: float, spread: int):
        self.width_of, self.tracking, self.spread = face.advance, tracking, spread
        self.per_char = None if spread else (face.widths, face.default_width, tracking)

    def __call__(self, line: str) -> float:
        natural = self.width_of(line) + self.tracking * max(0, len(line) - 1)
        if self.spread and 1 < len(line) < self.spread:
            return max(natural, float(self.spread))
        return natural


_UNCHECKED = object()
_FIT_FIELDS: dict[type, tuple[str, ...]] = {}


def _fit_fields(kind: type) -> tuple[str, ...]:
    """The fields a fit depends on: all but where the box stands, the template (the rendered
    text is in the key) and how it is drawn."""
    found = _FIT_FIELDS.get(kind)
    if found is None:
        skip = ("common", "text", "color", "align", "valign")
        found = _FIT_FIELDS[kind] = tuple(f.name for f in fields(kind) if f.name not in skip)
    return found


def _fit_larger(text: str, *, gain: float, **kw) -> Fit | None:
    """The arrangement over 1 .. max_lines lines with the largest characters (fit_largest), but
    one line unless more lines make them at least `gain` times larger. One line that already
    reaches the largest size is taken without trying more (most headers; the batch pre-pass
    and compose fit every distinct one)."""
    one = None
    if "\n" not in text:
        one = fit_text(text, **{**kw, "max_lines": 1})
        if one is not None and one.size >= kw["max_size"] - 1e-9:
            return one
    best = fit_largest(text, **kw)
    if one is not None and best is not None and best.size < one.size * gain - 1e-9:
        return one
    return best


def _missing_message(exc: MissingGlyphs, text: str) -> str:
    label = fonts.LABELS.get(exc.role, exc.role)
    chars = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in exc.chars)
    return (f"字符{chars}在{label}字体（{exc.role}）和后备字体中都没有，无法打印（“{text}”）。"
            f"请在 [print.fonts] 中或用 --font {exc.role}=字体文件 指定一个包含该字的 TrueType 字体")
