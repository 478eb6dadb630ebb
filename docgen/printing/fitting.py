"""Fitting text into a box: pure functions, no fonts, no drawing (spec/print.md, "Text must never
silently fail").

The rule: shrink within the layout's size range on as few lines as the text has; only when even
the minimum size does not fit, break at a sensible point — after punctuation or a space, before an
opening bracket, before or after a name part (有限公司, 工会委员会, ...), or after a place word
(…省, …市, …县, …区, …镇, …街道) — and fit again. Never a segmentation library, never a break in
the middle of a word we cannot see. When nothing fits, the caller reports record and field.

Measures are in em: `advance(text)` is the text's extent along the line at size 1 (for vertical
text one character is one em, so `len` will do). Lines stack across at `leading` ems.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import cn

BREAK_AFTER = frozenset(cn.BREAK_AFTER)
OPENING = frozenset(cn.OPENING)
NO_LINE_START = frozenset(cn.NO_LINE_START)
SPACES = frozenset(" \u3000")
SEPARATORS = frozenset("·・|｜/／")   # "A · B": a break at a spaced separator drops the separator
# longest first, so 股份有限公司 wins over 有限公司 wins over 公司 at the same place
NAME_PARTS = ("联合工会委员会", "股份有限公司", "有限责任公司", "工会委员会", "工会联合会", "有限公司", "委员会", "公司")
PLACE_ENDINGS = ("街道", "省", "市", "县", "区", "镇")
# …市场, …市政, …区域, …县级, …市委: a place ending followed by these is part of another word
NOT_AFTER_PLACE = frozenset("场政民委级域直属辖内外")

SIZE_STEP = 0.25   # pt: fitted sizes are multiples of this, so equal inputs give equal sizes


@dataclass(frozen=True, order=True)
class Break:
    """A place to break: the line before ends at `end`, the next starts at `start` (spaces between
    the two are dropped). A weak break (after a place word) is used only when it does better."""

    end: int
    start: int
    weak: bool = False
    forced: bool = False


@dataclass(frozen=True)
class Fit:
    size: float                  # pt
    lines: tuple[str, ...]

    @property
    def wrapped(self) -> bool:
        return len(self.lines) > 1


def name_part_spans(text: str) -> list[tuple[int, int]]:
    """Where the name parts are, longest match first, scanning left to right."""
    spans, i = [], 0
    while i < len(text):
        part = next((p for p in NAME_PARTS if text.startswith(p, i)), None)
        if part:
            spans.append((i, i + len(part)))
            i += len(part)
        else:
            i += 1
    return spans


def break_points(text: str) -> list[Break]:
    """Every sensible break in `text` (newlines are forced breaks), sorted by position."""
    n = len(text)
    found: dict[tuple[int, int], Break] = {}
    spans = name_part_spans(text)
    inside = {p for s, e in spans for p in range(s + 1, e)}

    def add(end: int, start: int, weak: bool = False, forced: bool = False) -> None:
        if forced:
            found[(end, start)] = Break(end, start, forced=True)
            return
        if end <= 0 or start >= n or end > start or (end == start and end in inside):
            return
        if text[start] in NO_LINE_START or text[end - 1] in OPENING or text[start] == "\n" or text[end - 1] == "\n":
            return
        old = found.get((end, start))
        if old is None or (old.weak and not weak):
            found[(end, start)] = Break(end, start, weak)

    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            add(i, i + 1, forced=True)
        elif ch in SPACES:
            j = i
            while j < n and text[j] in SPACES:
                j += 1
            if j + 1 < n and text[j] in SEPARATORS and text[j + 1] in SPACES:
                j += 1
                while j < n and text[j] in SPACES:
                    j += 1
            add(i, j)
            i = j
            continue
        elif ch in BREAK_AFTER and i + 1 < n and text[i + 1] not in SPACES:
            add(i + 1, i + 1)
        elif ch in OPENING:
            add(i, i)
        i += 1
    for s, e in spans:
        add(s, s)
        add(e, e)
    for ending in PLACE_ENDINGS:
        start = 0
        while (i := text.find(ending, start)) >= 0:
            p = i + len(ending)
            start = i + 1
            if p < n and text[p] not in NOT_AFTER_PLACE and text[p] not in SPACES:
                add(p, p, weak=True)
    return sorted(found.values())


def fit_text(
    text: str,
    *,
    main: float,
    cross: float,
    min_size: float,
    max_size: float,
    max_lines: int = 1,
    leading: float = 1.2,
    advance: Callable[[str], float] = len,
) -> Fit | None:
    """The largest fit of `text` into a box `main` long (along a line) and `cross` deep (across
    lines), in points; None when it does not fit even at `min_size` on `max_lines` lines."""
    if not text.strip():
        return Fit(max_size, ())
    if "\n" not in text:                     # the common case: one line, shrunk; no breaks needed
        size = _size_for((text,), main, cross, max_size, leading, advance)
        if size + 1e-9 >= min_size:
            return Fit(size, (text,))
    breaks = break_points(text)
    forced = [b for b in breaks if b.forced]
    first = len(forced) + 1
    for lines_count in range(first, max_lines + 1):
        if lines_count == first:
            split = _lines(text, forced)
        else:
            split = _best_split(text, breaks, lines_count, advance)
            if split is None:
                break
        size = _size_for(split, main, cross, max_size, leading, advance)
        if size + 1e-9 >= min_size:
            return Fit(size, split)
    return None


def common_size(best_sizes: Sequence[float], share: float = 0.8) -> float:
    """The largest size at which at least `share` of a batch fits (spec/print.md: plaques use 80%)."""
    if not best_sizes:
        raise ValueError("empty batch")
    ordered = sorted(best_sizes, reverse=True)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def snap(size: float) -> float:
    return math.floor(size / SIZE_STEP + 1e-9) * SIZE_STEP


def _size_for(lines: Sequence[str], main: float, cross: float, max_size: float, leading: float,
              advance: Callable[[str], float]) -> float:
    widest = max((advance(line) for line in lines), default=0.0)
    size = max_size
    if widest > 0:
        size = min(size, main / widest)
    size = min(size, cross / (1 + (len(lines) - 1) * leading))
    return snap(size)


def _lines(text: str, cuts: Sequence[Break]) -> tuple[str, ...]:
    out, at = [], 0
    for b in cuts:
        out.append(text[at:b.end])
        at = b.start
    out.append(text[at:])
    return tuple(line.strip(" \u3000") for line in out)


def _best_split(text: str, breaks: list[Break], count: int, advance: Callable[[str], float]) -> tuple[str, ...] | None:
    """`count` lines through every forced break and the fewest weak ones, minimising the widest."""
    strong = [b for b in breaks if not b.weak]
    best = _split(text, strong, count, advance)
    if any(b.weak for b in breaks):
        with_weak = _split(text, breaks, count, advance)
        if with_weak and (best is None or with_weak[0] < best[0] - 1e-9):
            # a weak (place-word) break only when it makes the widest line narrower
            best = with_weak
    return None if best is None else _lines(text, best[1])


def _split(text: str, breaks: list[Break], count: int, advance: Callable[[str], float]):
    """Dynamic programme over break positions: (widest line in em, chosen breaks) or None."""
    nodes = [Break(0, 0)] + breaks + [Break(len(text), len(text))]
    widths: dict[tuple[int, int], float] = {}

    def width(a: int, b: int) -> float:
        key = (a, b)
        if key not in widths:
            widths[key] = advance(text[nodes[a].start:nodes[b].end].strip(" \u3000"))
        return widths[key]

    # best[(node, lines)] = (widest, weak count, chosen nodes)
    best: dict[tuple[int, int], tuple[float, int, tuple[int, ...]]] = {(0, 0): (0.0, 0, ())}
    for b in range(1, len(nodes)):
        for a in range(b - 1, -1, -1):
            for used in range(0, count):
                prev = best.get((a, used))
                if prev is None:
                    continue
                cand = (max(prev[0], width(a, b)), prev[1] + nodes[b].weak, prev[2] + (b,))
                old = best.get((b, used + 1))
                if old is None or cand[:2] < old[:2]:
                    best[(b, used + 1)] = cand
            if nodes[a].forced:
                break   # a line may not run across a forced break
    end = best.get((len(nodes) - 1, count))
    if end is None:
        return None
    return end[0], [nodes[i] for i in end[2][:-1]]


def fit_largest(
    text: str,
    *,
    main: float,
    cross: float,
    min_size: float,
    max_size: float,
    max_lines: int = 1,
    leading: float = 1.2,
    advance: Callable[[str], float] = len,
    gain: float = 1.65,
) -> Fit | None:
    """The fit with the largest characters over 1 .. `max_lines` lines (signs: a landscape plaque
    sets a long name on two balanced lines because its characters are then larger, not only when
    one line would go below the minimum). More lines win only when they make the characters at
    least `gain` times larger, so a short name (岳西县总工会) stays on one line. None when no count
    fits."""
    best = fit_text(text, main=main, cross=cross, min_size=min_size, max_size=max_size, max_lines=1,
                    leading=leading, advance=advance)
    if "\n" in text or max_lines <= 1:
        return best if best is not None else fit_text(
            text, main=main, cross=cross, min_size=min_size, max_size=max_size, max_lines=max_lines,
            leading=leading, advance=advance)
    breaks = break_points(text)
    for count in range(2, max_lines + 1):
        split = _best_split(text, breaks, count, advance)
        if split is None:
            break
        size = _size_for(split, main, cross, max_size, leading, advance)
        if size + 1e-9 >= min_size and (best is None or size >= best.size * gain - 1e-9):
            best = Fit(size, split)
    return best
