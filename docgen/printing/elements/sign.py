"""The sign text: a text box for plaques and other signs, where the characters are the point.

Everything `text` has (fitting, vertical forms, glyph checks, messages), plus these keys:

    prefer        fewer-lines (the text rule: a second line or column only when one would go
                  below the minimum size; spec/print.md for vertical plaques) | larger (whichever
                  of 1 .. `lines` lines gives the largest characters: horizontal plaques)
    max_tracking  vertical text: a column's characters are spaced out, up to this many em
                  between them, so the column fills its box evenly (default: `tracking`)
    min_span      vertical text: a name whose column would cover less than this share of the
                  box's length grows (up to the largest size and the box's width) and then
                  spreads its characters evenly over the whole length (spec/print.md: a short
                  name spans most of a vertical plaque). 0: off
    wrap          name (default: breaks only at sensible points of a name, cn.name_breaks) |
                  text (running text such as a board's 工会职责: breaks wherever Chinese text
                  may break, greedy lines, the largest size that fits)
    batch_share   a batch prints one character size for all its items: the largest that this
                  share of them reach (spec/print.md: 0.8 for plaques); longer texts shrink on
                  their own item. Read by the batch (printing/signage.py), which sets `cap`.

Vertical text in two or more columns reads right to left; the first (right) column is never the
shorter, the others stand on the same foot line (spec/print.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..fitting import ORPHAN_GAIN, Fit, fit_largest, fit_paragraph, fit_text, snap
from ..schema import Table
from . import Common, LoadContext, register
from .text import TextBox


@register("sign")
@dataclass(frozen=True, eq=False)
class SignText(TextBox):
    prefer: str = "fewer-lines"
    max_tracking: float = 0.0
    batch_share: float | None = None
    min_span: float = 0.0
    wrap: str = "name"
    cap: float | None = None            # pt: the batch's common size, set by the batch

    @classmethod
    def read(cls, table: Table, common: Common, cx: LoadContext) -> SignText:
        base = super().read(table, common, cx)
        prefer = table.choice("prefer", ("fewer-lines", "larger"), "fewer-lines")
        max_tracking = table.number("max_tracking", base.tracking, low=base.tracking, high=5.0)
        share = table.number("batch_share", 0.0, low=0.0, high=1.0) if table.has("batch_share") else None
        table.allow("batch_share")
        min_span = table.number("min_span", 0.0, low=0.0, high=1.0)
        wrap = table.choice("wrap", ("name", "text"), "name")
        return replace(base, prefer=prefer, max_tracking=max_tracking, batch_share=share or None,
                       min_span=min_span, wrap=wrap)

    def fitter(self, text: str, **kw):
        if self.cap is not None:
            kw["max_size"] = max(kw["min_size"], min(kw["max_size"], self.cap))
        if self.wrap == "text":
            return fit_paragraph(text, **kw)
        if self.vertical:
            kw["first_longest"] = True
        if self.prefer == "larger" and self.cap is not None and not self.vertical:
            kw["orphan_gain"] = ORPHAN_GAIN        # composing under the batch's size
        fit = (fit_largest if self.prefer == "larger" else fit_text)(text, **kw)
        if fit is not None and fit.lines and self.vertical and self.min_span:
            fit = self._grown(fit, kw["main"], kw["cross"], kw["leading"], kw["advance"])
        return fit

    def _grown(self, fit: Fit, main: float, cross: float, leading: float, advance) -> Fit:
        """A short column at the batch size grows toward the box's width (never past max_size)."""
        longest = max(advance(column) for column in fit.lines)
        if fit.size * longest >= self.min_span * main:
            return fit
        size = min(self.max_size, main / longest, cross / (1 + (len(fit.lines) - 1) * leading))
        return Fit(max(fit.size, snap(size)), fit.lines)

    def _ops(self, fit, runs_of) -> list:
        if self.vertical:
            return self._spread_ops(fit, runs_of)
        return self._horizontal_ops(fit.lines, fit.size, runs_of)

    def _spread_ops(self, fit, runs_of) -> list:
        """Columns with the characters spaced out evenly: up to `max_tracking` em, or over the
        whole box when even that leaves the name short of `min_span`."""
        longest = max(len(c) for c in fit.lines)
        tracking = self.tracking
        if longest > 1:
            room = (self.box.h / fit.size - longest) / (longest - 1)   # em between characters to fill the box
            limit = self.max_tracking
            if self.min_span and fit.size * (longest + limit * (longest - 1)) < self.min_span * self.box.h:
                limit = room
            tracking = min(limit, max(self.tracking, room))
        box = replace(self, tracking=tracking) if tracking != self.tracking else self
        ops = box._vertical_ops(fit.lines, fit.size, runs_of)
        if len(fit.lines) > 1:
            ops = box._align_column_feet(ops, fit, longest, tracking)
        return ops

    def _align_column_feet(self, ops: list, fit, longest: int, tracking: float) -> list:
        """Columns of a sign stand on one foot line (the text rule centres each column by itself,
        which leaves a shorter column floating): every column's last character is moved to where
        the longest column's last character is (spec/print.md: 工会委员会 on the left, aligned to
        the foot)."""
        from ..ops import TextRun

        size = fit.size

        def foot(count: int) -> float:
            length = size * count + tracking * size * (count - 1)
            middle = self.box.y + (self.box.h + length) / 2
            top = {"top": self.box.top, "bottom": self.box.y + length}.get(self.valign, middle)
            return top - length

        want = foot(longest)
        out, k = [], 0
        for column in fit.lines:
            count = len(column)
            shift = want - foot(count)
            for op in ops[k:k + count]:
                out.append(replace(op, y=op.y + shift) if isinstance(op, TextRun) else op)
            k += count
        return out + ops[k:]
