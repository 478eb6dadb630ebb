"""Batch rule for headers repeated over a sheet batch: a shorter text is never set smaller than
a longer one (before it, a 20-character union name shrunk on one line came out smaller than a
30-character name on two full-size lines, on badges of one batch).

Before any chunk is composed, the parent measures each distinct text of every `text` element
marked `shorter_not_smaller` (fitting only, no drawing), and gives every text the cap

    cap(t) = min(size(t), min{size(u) : u shorter than t})

where "shorter" counts characters (spaces and line breaks aside). Each record carries its caps
per layout side in its values; the text box then fits under its cap, which it always reaches
(it reached its own size, at least the cap, before). Equal output whatever the chunking, since
the caps are computed once for the whole batch.
"""

from __future__ import annotations

from dataclasses import replace

from .expr import FieldProblem

SIZE_CAPS = "size_caps"       # record values: one {element id: cap in pt} per layout side


def size_cap(values: dict, element_id: str) -> float | None:
    """The cap a composed side's values carry for an element (None: no cap)."""
    caps = values.get(SIZE_CAPS)
    return caps.get(element_id) if isinstance(caps, dict) else None


def side_values(values: dict, side: int) -> dict:
    """A record's values as one layout side sees them: its own caps only."""
    caps = values.get(SIZE_CAPS)
    if not isinstance(caps, tuple):
        return values
    return {**values, SIZE_CAPS: caps[side] if side < len(caps) else {}}


def with_size_caps(records: tuple, layouts: list, faces) -> tuple:
    """`records` with their caps added (the same tuple when no element asks for the rule or no
    text needs a cap). A record whose text does not fit at all gets no cap: composing it
    reports the problem as usual."""
    marked = [(k, e) for k, layout in enumerate(layouts) for e in layout.elements
              if getattr(e, "shorter_not_smaller", False)]
    if not marked:
        return records
    caps: list[list[dict]] = [[{} for _ in layouts] for _ in records]
    for side, element in marked:
        layout = layouts[side]
        texts: list[str | None] = []
        sizes: dict[str, float] = {}
        measured: dict[str, str | None] = {}     # rendered text -> text as set (one fit each)
        for record in records:
            text = None
            if element.shown(record.values):
                try:
                    rendered = element.text.render(record.values)
                    if rendered not in measured:
                        text, fit = element.measured(layout.context(record.values, faces))
                        measured[rendered] = None if fit is None else text
                        if fit is not None:
                            sizes[text] = fit.size
                    text = measured[rendered]
                except FieldProblem:
                    text = None
            texts.append(text)
        limit = _caps(sizes)
        for i, text in enumerate(texts):
            if text is not None and limit[text] < sizes[text]:
                caps[i][side][element.id] = limit[text]
    if not any(any(side) for side in caps):
        return records
    return tuple(replace(record, values={**record.values, SIZE_CAPS: tuple(c)}) if any(c) else record
                 for record, c in zip(records, caps, strict=False))


def _length(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _caps(sizes: dict[str, float]) -> dict[str, float]:
    """Each text's size, lowered to the smallest size of any strictly shorter text."""
    out: dict[str, float] = {}
    smallest_shorter = float("inf")
    by_length: dict[int, list[str]] = {}
    for text in sizes:
        by_length.setdefault(_length(text), []).append(text)
    for length in sorted(by_length):
        group = by_length[length]
        for text in group:
            out[text] = min(sizes[text], smallest_shorter)
        smallest_shorter = min(smallest_shorter, min(sizes[t] for t in group))
    return out
