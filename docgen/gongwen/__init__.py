"""The GB/T 9704-2012 writer: 实施方案 and 通知 as .docx.

    composition = compose_plan(doc)        # blocks named after the standard's elements
    data = to_docx(composition)            # deterministic .docx bytes

Stages: compose (model + templates -> blocks), render (blocks -> WordprocessingML),
package (parts -> zip). Only this package touches document XML.
"""

from __future__ import annotations

from .blocks import Composition
from .compose import compose_notice, compose_plan


def to_docx(composition: Composition) -> bytes:
    from .package import docx_bytes
    from .render import body, unnumbered_end

    return docx_bytes(body(composition.blocks), composition.title, composition.author, composition.date,
                      numbered_end=not unnumbered_end(composition.blocks))


__all__ = ["Composition", "compose_notice", "compose_plan", "to_docx"]
