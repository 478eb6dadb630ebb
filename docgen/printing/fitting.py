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

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from .. import cn

# the break rules live in docgen.cn (one module for titles, print fitting and the page predictor)
Break = cn.Break
break_points = cn.name_breaks
name_part_spans = cn.name_part_spans
NAME_PARTS = cn.NAME_PARTS
PLACE_ENDINGS = cn.PLACE_ENDINGS

SIZE_STEP = 0.25   # pt: fitted sizes are multiples of this, so equal inputs give equal sizes
MAX_COMBINATIONS = 20000   # enumerate break sets up to this many; beyond, the dynamic programme


@dataclass(frozen=True)
class Fit:
    size: float                  # pt
    lines: tuple[str, ...]

    @property
    def wrapped(self) -> bool:
        return len(self.lines) > 1


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
    first_longest: bool = False,
) -> Fit | None:
    """The largest fit of `text` into a box `main` long (along a line) and `cross` deep (across
    lines), in points; None when it does not fit even at `min_size` on `max_lines` lines."""
    if not text.strip():
        return Fit(max_size, ())
    # the common cases need no break points: one line, shrunk; or the lines the text gives
    # (its forced breaks, where name_breaks would put them), when they are few enough
    given = (text,) if "\n" not in text else tuple(line.strip(" \u3000") for line in text.split("\n"))
    if len(given) <= max(1, max_lines):
        size = _size_for(given, main, cross, max_size, leading, advance)
        if size + 1e-9 >= min_size:
            return Fit(size, given)
    breaks = break_points(text)
    forced = [b for b in breaks if b.forced]
    first = len(forced) + 1
    for lines_count in range(first, max_lines + 1):
        split: tuple[str, ...] | None
        if lines_count == first:
            split = _lines(text, forced)
        else:
            split = _best_split(text, breaks, lines_count, advance, first_longest)
            if split is None:
                continue
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


def _best_split(text: str, breaks: list[Break], count: int, advance: Callable[[str], float],
                first_longest: bool = False) -> tuple[str, ...] | None:
    """`count` lines through every forced break and the fewest weak ones, minimising the widest.
    `first_longest`: the first line is never shorter than a later one (vertical signs, whose
    first-read right column must not be the short one)."""
    strong = [b for b in breaks if not b.weak]
    split = _split_longest_first if first_longest else _split
    best = split(text, strong, count, advance)
    if any(b.weak for b in breaks):
        with_weak = split(text, breaks, count, advance)
        if with_weak and (best is None or with_weak[0] < best[0] - 1e-9):
            # a weak (place-word) break only when it makes the widest line narrower
            best = with_weak
    if best is None and first_longest:
        # no break lets the first line be the longest: print the name anyway, balanced
        return _best_split(text, breaks, count, advance)
    return None if best is None else _lines(text, best[1])


def _split_longest_first(text: str, breaks: list[Break], count: int, advance: Callable[[str], float]):
    """Every choice of `count - 1` breaks (names have few): (widest, chosen) with the first line
    at least as long as every other, the widest line as narrow as possible; None if none."""
    forced = [b for b in breaks if b.forced]
    free = [b for b in breaks if not b.forced]
    need = count - 1 - len(forced)
    if need < 0 or need > len(free) or math.comb(len(free), need) > MAX_COMBINATIONS:
        return None
    best = None
    for chosen in itertools.combinations(free, need):
        cuts = sorted([*forced, *chosen])
        widths = [advance(line) for line in _lines(text, cuts)]
        if any(w > widths[0] + 1e-9 for w in widths[1:]) or not all(widths):
            continue
        key = (max(widths), sum(b.weak for b in cuts))
        if best is None or key < best[0]:
            best = (key, cuts)
    return None if best is None else (best[0][0], best[1])


def _split(text: str, breaks: list[Break], count: int, advance: Callable[[str], float]):
    """Dynamic programme over break positions: (widest line in em, chosen breaks) or None."""
    nodes = [Break(0, 0), *breaks, Break(len(text), len(text))]
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
    first_longest: bool = False,
    orphan_gain: float = 1.0,
) -> Fit | None:
    """The fit with the largest characters over 1 .. `max_lines` lines, each count broken at the
    name's sensible points as evenly as they allow (spec/print.md: a horizontal plaque tries one
    to four lines and keeps the arrangement with the largest characters). Fewer lines win a tie,
    so under a batch's size cap a short name stays on one line; an arrangement with an orphan
    line must win by `orphan_gain`. None when no count fits."""
    if "\n" in text or max_lines <= 1:
        return fit_text(text, main=main, cross=cross, min_size=min_size, max_size=max_size,
                        max_lines=max_lines, leading=leading, advance=advance, first_longest=first_longest)
    best = None
    if text.strip():
        size = _size_for((text,), main, cross, max_size, leading, advance)
        if size + 1e-9 >= min_size:
            best = Fit(size, (text,))
    else:
        return Fit(max_size, ())
    breaks = sign_breaks(text)
    for count in range(2, max_lines + 1):
        split = _best_split(text, breaks, count, advance, first_longest)
        if split is None:
            continue
        size = _size_for(split, main, cross, max_size, leading, advance)
        gain = orphan_gain if _has_orphan(split, advance) else 1.0
        if size + 1e-9 >= min_size and (best is None or size > best.size * gain + 1e-9):
            best = Fit(size, split)
    return best


# under a batch's cap, an arrangement that leaves an orphan (a line under a third of the
# longest) must make the characters this much larger than one with fewer lines: 7% are not
# worth 九江（共青城）/经济技术开发区/企业/联合工会委员会 on a landscape plaque. (Not when the
# batch measures its size: one name's smaller best would lower every plaque's.)
ORPHAN_GAIN = 1.15
ORPHAN_SHARE = 1 / 3


def _has_orphan(lines: Sequence[str], advance: Callable[[str], float]) -> bool:
    widths = [advance(line) for line in lines]
    return min(widths) < max(widths) * ORPHAN_SHARE
UNION_SUFFIX = "工会"
BRANCH = "分公司"


def sign_breaks(text: str) -> list[Break]:
    """The name's breaks for a sign: none before 分公司, and a weak one before a bare closing
    工会 (江西九江长江大桥管理处|工会: a name with no name part would otherwise stay on one thin
    line); inside a name part (总工会, 联合工会委员会) it is no break."""
    # a branch is named by the place before it: …有限公司|九江分公司, never …有限公司九江|分公司
    branches = {s for s, e in name_part_spans(text) if text[s:e] == BRANCH}
    breaks = [b for b in break_points(text) if not (b.end == b.start and b.end in branches)]
    at = len(text) - len(UNION_SUFFIX)
    if (at > 0 and text.endswith(UNION_SUFFIX) and not any(s < at < e for s, e in name_part_spans(text))
            and all(b.end != at for b in breaks)):
        breaks = sorted([*breaks, Break(at, at, weak=True)])
    return breaks


def fit_paragraph(
    text: str,
    *,
    main: float,
    cross: float,
    min_size: float,
    max_size: float,
    max_lines: int = 50,
    leading: float = 1.4,
    advance: Callable[[str], float] = len,
    **_ignored,
) -> Fit | None:
    """Running text (a board's 工会职责): the largest size at which the text, wrapped greedily at
    every break running text allows (cn.can_break), fits the box; None below `min_size`."""
    if not text.strip():
        return Fit(max_size, ())
    breaks = cn.text_breaks(text)
    span = _span_measure(text, advance)

    def fits(size: float) -> tuple[str, ...] | None:
        lines = _wrap(text, breaks, main / size, span)
        if lines is None or len(lines) > max_lines or size * (1 + (len(lines) - 1) * leading) > cross + 1e-6:
            return None
        return lines

    # smaller characters never need more lines, so the sizes that fit are all below some size
    low, high = math.ceil(min_size / SIZE_STEP - 1e-9), math.floor(max_size / SIZE_STEP + 1e-9)
    if low > high or fits(low * SIZE_STEP) is None:
        return None
    while low < high:
        mid = (low + high + 1) // 2
        if fits(mid * SIZE_STEP) is not None:
            low = mid
        else:
            high = mid - 1
    return Fit(low * SIZE_STEP, cast(tuple[str, ...], fits(low * SIZE_STEP)))     # low always fits


def _span_measure(text: str, advance: Callable[[str], float]) -> Callable[[int, int], float]:
    """The width of text[a:b] without its outer spaces. A measure that says it adds up per
    character (`per_char`: widths in 1/1000 em, default, tracking in em) is answered from prefix
    sums: the greedy wrap measures every candidate line, each from its start."""
    per_char = getattr(advance, "per_char", None)
    if per_char is None:
        return lambda a, b: advance(text[a:b].strip(" \u3000"))
    widths, default, tracking = per_char
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + widths.get(ord(ch), default))
    blank = " \u3000"

    def span(a: int, b: int) -> float:
        while a < b and text[a] in blank:
            a += 1
        while b > a and text[b - 1] in blank:
            b -= 1
        return (prefix[b] - prefix[a]) / 1000.0 + tracking * max(0, b - a - 1)
    return span


def _wrap(text: str, breaks: list[Break], width: float, span: Callable[[int, int], float]) -> tuple[str, ...] | None:
    """Greedy lines no wider than `width` em; None when a piece between breaks is wider."""
    lines, at, last = [], 0, None
    for b in [*breaks, Break(len(text), len(text), forced=True)]:
        if span(at, b.end) > width + 1e-9:
            if last is None:
                return None
            lines.append(text[at:last.end])
            at, last = last.start, None
            if span(at, b.end) > width + 1e-9:
                return None
        if b.forced:
            lines.append(text[at:b.end])
            at, last = b.start, None
        else:
            last = b
    return tuple(line.strip(" \u3000") for line in lines)
