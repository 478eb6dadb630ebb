"""Names the theme's face cannot set. faces.FaceSet.runs then sets the whole name in the fallback
face (a name prints in one face), which looks unlike the names beside it: a warning, not an error,
given once per run by `docgen check`, `docgen all` and each print command."""

from __future__ import annotations

from ..fonts import LABELS
from ..model import Document

FIELDS = {"union": "工会名称", "name": "姓名"}      # theme font alias -> the field it sets


def fallback_warnings(doc: Document, faces, theme, aliases=("union", "name")) -> list[str]:
    """One warning per name of the fields `aliases` name (the theme's font aliases: "union" for the
    unions' names, "name" for the officers') that its theme role's face lacks a character of,
    where the fallback face has them."""
    found: list[str] = []
    for alias in aliases:
        field, role = FIELDS[alias], theme.font_role(alias)
        if role is None or role == "fallback":
            continue
        texts = [(u.origin, u.name) for u in doc.unions] if alias == "union" else \
            [(o.origin, o.name) for u in doc.unions for o in u.officers]
        own = faces.face(role)
        lacking = set(map(ord, "".join(text for _, text in texts))) - own.cmap.keys()
        if not lacking:             # the common case: one pass over every name's characters
            continue
        spare = faces.face("fallback")
        for origin, text in dict.fromkeys(texts):
            missing = "".join(c for c in dict.fromkeys(text) if ord(c) in lacking and spare.has(c))
            if missing:
                found.append(f"{origin or doc.source.name} {field}: “{text}”中的“{missing}”{LABELS[role]}字体里没有，"
                             f"印刷品上改用后备字体，字形与其他{field}不同；如需一致，可在 [print.fonts] 中为 "
                             f"{role} 指定含这些字的字体")
    return found
