"""The sign text: a text box for plaques and other signs, where the characters are the point.

Everything `text` has (fitting, vertical forms, glyph checks, messages), plus three keys:

    prefer        fewer-lines (the text rule: a second line or column only when one would go
                  below the minimum size; spec/print.md for vertical plaques) | larger (whichever
                  of 1 .. `lines` lines gives the larger characters: landscape plaques set a long
                  name on two balanced lines)
    max_tracking  vertical text: a short column's characters are spaced out, up to this many em
                  between them, so the column fills its box evenly instead of huddling in the
                  middle of a tall board (default: the `tracking` value, i.e. no spreading)
    batch_share   a batch prints one character size for all its items: the largest that this
                  share of them reach (spec/print.md: 0.8 for plaques); longer texts shrink on
                  their own item. Read by the batch (printing/signage.py), not by compose.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..fitting import fit_largest, fit_text
from ..schema import Table
from . import Common, ComposeContext, LoadContext, register
from .text import TextBox


@register("sign")
@dataclass(frozen=True, eq=False)
class SignText(TextBox):
    prefer: str = "fewer-lines"
    max_tracking: float = 0.0
    batch_share: float | None = None

    @classmethod
    def read(cls, table: Table, common: Common, cx: LoadContext) -> "SignText":
        base = super().read(table, common, cx)
        prefer = table.choice("prefer", ("fewer-lines", "larger"), "fewer-lines")
        max_tracking = table.number("max_tracking", base.tracking, low=base.tracking, high=5.0)
        share = table.number("batch_share", 0.0, low=0.0, high=1.0) if table.has("batch_share") else None
        table.allow("batch_share")
        return replace(base, prefer=prefer, max_tracking=max_tracking, batch_share=share or None)

    def fitter(self, text: str, **kw):
        return (fit_largest if self.prefer == "larger" else fit_text)(text, **kw)

    def _ops(self, fit, runs_of) -> list:
        if self.vertical:
            return self._spread_ops(fit, runs_of)
        return self._horizontal_ops(fit.lines, fit.size, runs_of)

    def _spread_ops(self, fit, runs_of) -> list:
        """Columns with the characters spaced out evenly up to `max_tracking` em."""
        longest = max(len(c) for c in fit.lines)
        tracking = self.tracking
        if self.max_tracking > self.tracking and longest > 1:
            room = self.box.h / fit.size - longest          # em left over in the longest column
            tracking = min(self.max_tracking, max(self.tracking, room / (longest - 1)))
        box = replace(self, tracking=tracking) if tracking != self.tracking else self
        ops = box._vertical_ops(fit.lines, fit.size, runs_of)
        if len(fit.lines) > 1:
            ops = box._align_column_tops(ops, fit, longest, tracking)
        return ops

    def _align_column_tops(self, ops: list, fit, longest: int, tracking: float) -> list:
        """Columns of a sign start on one line (the text rule centres each column by itself,
        which leaves a shorter column hanging lower): every column's first character is moved
        to where the longest column's first character is."""
        from ..ops import TextRun

        size = fit.size
        length = size * longest + tracking * size * (longest - 1)
        want = {"top": self.box.top, "bottom": self.box.y + length}.get(self.valign, self.box.y + (self.box.h + length) / 2)
        out, k = [], 0
        for column in fit.lines:
            count = len(column)
            own = size * count + tracking * size * (count - 1)
            have = {"top": self.box.top, "bottom": self.box.y + own}.get(self.valign, self.box.y + (self.box.h + own) / 2)
            shift = want - have
            for op in ops[k:k + count]:
                out.append(replace(op, y=op.y + shift) if isinstance(op, TextRun) else op)
            k += count
        return out + ops[k:]
