"""Breaking a long title into balanced lines (GB/T 9704-2012, 7.3.1).

"标题回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形":
lines of about equal length, shaped like a trapezoid or a diamond (never an hourglass), no word
split, and no break inside a “quotation” or 《book title》 unless that part is itself longer than
a line. Chinese has no spaces, so "word" is approximated by a small lexicon of the words union
titles are made of (title_words.py) plus preferred break points (after 、，的 and closing
marks, before opening marks and 关于). A pure function, tested without drawing.
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

from .. import cn
from .text import width_em

OPENING = cn.OPENING
CLOSING = cn.CLOSING + ","
NO_LINE_START = cn.NO_LINE_START
PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "「": "」", "『": "』", "〔": "〕"}

FORBIDDEN = None
GOOD, FAIR, PLAIN, POOR, IN_WORD = 0, 2, 8, 12, 40
AFTER_GOOD = "、，；：的和与及"
WORDS_BEFORE = ("关于",)
WORDS_AFTER_FAIR = ("关于", "开展", "实施", "推进", "印发", "转发", "加强", "做好", "深化", "在")
WORDS_BEFORE_FAIR = ("活动", "工作", "实施方案", "工作方案", "方案", "通知", "意见", "办法", "规定", "决定")
INSIDE_LONG_QUOTE = 3      # extra cost per level of quotation a break sits in
EXTRA_LINE = 12            # cost of one more line than the width needs
BAD_SHAPE = 40             # an hourglass or zigzag instead of a trapezoid or diamond


@lru_cache(maxsize=1)
def _lexicon() -> tuple[str, ...]:
    from .title_words import WORDS

    return tuple(sorted({w for w in WORDS if len(w) >= 2}, key=len, reverse=True))


def break_title(title: str, max_em: float) -> list[str]:
    """The lines of `title` for a line `max_em` ems wide (one line if it fits)."""
    total = width_em(title)
    if total <= max_em or len(title) < 2:
        return [title]
    costs = break_costs(title, max_em)
    fewest = max(2, math.ceil(total / max_em))
    best: tuple[float, list[int]] | None = None
    for count in range(fewest, fewest + 3):
        found = _best_split(title, costs, count, max_em)
        if found is not None:
            score = found[0] + EXTRA_LINE * (count - fewest)
            if best is None or score < best[0]:
                best = (score, found[1])
    if best is None:  # nothing fits without breaking a rule: fall back to plain width breaks
        return _greedy(title, max_em)
    cuts = [0, *best[1], len(title)]
    return [title[a:b].strip() for a, b in itertools.pairwise(cuts)]


def break_costs(title: str, max_em: float) -> list[float | None]:
    """Cost of a line break before each index (index 0 unused); None where a break is forbidden."""
    n = len(title)
    costs: list[float | None] = [FORBIDDEN] * (n + 1)
    spans = _quoted_spans(title)
    in_word = _inside_words(title)
    for i in range(1, n):
        prev, nxt = title[i - 1], title[i]
        if not cn.can_break(title, i):      # the shared rule; the costs below are the title's own
            continue
        enclosing = [(s, e) for s, e in spans if s < i <= e]
        if any(width_em(title[s:e + 1]) <= max_em for s, e in enclosing):
            continue
        cost = PLAIN
        if (prev in CLOSING or nxt in OPENING or prev in AFTER_GOOD or prev == " "
                or any(title.startswith(w, i) for w in WORDS_BEFORE)):
            cost = GOOD
        elif (any(title.endswith(w, 0, i) for w in WORDS_AFTER_FAIR)
              or any(title.startswith(w, i) for w in WORDS_BEFORE_FAIR)):
            cost = FAIR
        elif nxt == "的":
            cost = POOR
        if in_word[i]:
            cost = max(cost, IN_WORD)
        costs[i] = cost + INSIDE_LONG_QUOTE * len(enclosing)
    return costs


def _quoted_spans(title: str) -> list[tuple[int, int]]:
    """(open index, close index) of every matched quotation, book-title and bracket pair."""
    spans, stack = [], []
    for i, ch in enumerate(title):
        if ch in PAIRS:
            stack.append((ch, i))
        elif stack and ch == PAIRS[stack[-1][0]]:
            spans.append((stack.pop()[1], i))
    return spans


def _inside_words(title: str) -> list[bool]:
    """inside[i]: a break before index i would split a lexicon word (longest match first)."""
    inside = [False] * (len(title) + 1)
    i = 0
    while i < len(title):
        word = next((w for w in _lexicon() if title.startswith(w, i)), None)
        if word:
            for k in range(i + 1, i + len(word)):
                inside[k] = True
            i += len(word)
        else:
            i += 1
    return inside


def _best_split(title: str, costs: list[float | None], count: int, max_em: float) -> tuple[float, list[int]] | None:
    """Cheapest set of count-1 breaks whose lines all fit; balance and shape included.

    Branch and bound: every term is non-negative, so a partial split already dearer than the
    best whole one is dropped; candidates nearest the balanced width are tried first.
    """
    prefix = [0.0, *itertools.accumulate(width_em(ch) for ch in title)]
    total = prefix[-1]
    allowed = [(i, c) for i, c in enumerate(costs) if c is not None]
    target = total / count
    best: list = [math.inf, None]

    def walk(start: int, chosen: list[int], widths: list[float], score: float) -> None:
        left = count - len(chosen)          # lines still to place, this one included
        if left == 1:
            last = total - prefix[start]
            if last > max_em:
                return
            all_widths = [*widths, last]
            score += (last - target) ** 2 + _shape_penalty(all_widths)
            if score < best[0]:
                best[0], best[1] = score, list(chosen)
            return
        options = []
        for i, cost in allowed:
            if i <= start:
                continue
            line = prefix[i] - prefix[start]
            if line > max_em:
                break
            if total - prefix[i] <= (left - 1) * max_em:   # the rest can still fit
                options.append((2 * cost + (line - target) ** 2, i, line))
        for step, i, line in sorted(options):
            if score + step >= best[0]:
                break
            walk(i, [*chosen, i], [*widths, line], score + step)

    walk(0, [], [], 0.0)
    return None if best[1] is None else (best[0], best[1])


def _shape_penalty(widths: list[float], tolerance: float = 1.0) -> float:
    """0 for a trapezoid (monotone) or diamond (rises then falls); BAD_SHAPE otherwise."""
    falling = False
    for a, b in itertools.pairwise(widths):
        if b > a + tolerance and falling:
            return BAD_SHAPE
        if b < a - tolerance:
            falling = True
    return 0.0


def _greedy(title: str, max_em: float) -> list[str]:
    lines, current = [], ""
    for ch in title:
        if current and width_em(current + ch) > max_em:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current]
