"""From the input to records: which officers a print product shows, and what its layouts see.

`--roles` takes role classes (主席, 副主席, 其他; chair, vice-chair, other) or role texts as
written (委员, 女职工委员会主任); the default is chairs and vice-chairs by class, so 常务副主席
and 专职副主席 are in. `--only TEXT` keeps unions whose name contains TEXT and officers named
TEXT. Within a union the chair comes first, then the vice-chairs, then the others, each in input
order.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, Place, Problem
from ..model import Document, Officer, Union
from . import qr
from .batch import Record

CLASS_WORDS = {
    "主席": "chair", "chair": "chair",
    "副主席": "vice-chair", "vice-chair": "vice-chair",
    "其他": "other", "其它": "other", "other": "other",
}
CLASS_ORDER = {"chair": 0, "vice-chair": 1, "other": 2}
DEFAULT_CLASSES = frozenset({"chair", "vice-chair"})


def parse_roles(text: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """(role classes, role texts) from `--roles 主席,副主席,委员`."""
    if not text:
        return DEFAULT_CLASSES, frozenset()
    words = [w.strip() for w in re.split(r"[,，、;；\s]+", text) if w.strip()]
    if not words:
        return DEFAULT_CLASSES, frozenset()
    classes = frozenset(CLASS_WORDS[w] for w in words if w in CLASS_WORDS)
    texts = frozenset(w for w in words if w not in CLASS_WORDS)
    return classes, texts


def select_officers(doc: Document, roles: str | None = None, only: str | None = None) -> list[tuple[Union, Officer]]:
    classes, texts = parse_roles(roles)
    only = (only or "").strip()
    chosen = []
    for union in doc.unions:
        union_match = bool(only) and only in union.name
        officers = [o for o in union.officers
                    if (o.role_class in classes or o.role in texts)
                    and (not only or union_match or o.name == only)]
        officers.sort(key=lambda o: CLASS_ORDER.get(o.role_class, 3))
        chosen += [(union, o) for o in officers]
    return chosen


def officer_records(doc: Document, roles: str | None, only: str | None, product: str,
                    codes: bool = True) -> tuple[Record, ...]:
    """The records of the officers chosen; `codes=False` leaves `qr_data` empty, for layouts that
    never read it (making a vCard for each of 50,000 badges that print none was a tenth of a check)."""
    pairs = chosen_officers(doc, roles, only, product)
    hotline = qr.hotline_link(doc.print)
    return tuple(officer_record(doc, u, o, codes, hotline) for u, o in pairs)


def chosen_officers(doc: Document, roles: str | None, only: str | None, product: str) -> list[tuple[Union, Officer]]:
    """select_officers, or an input error saying that nobody is chosen."""
    pairs = select_officers(doc, roles, only)
    if not pairs:
        what = f"职务为“{roles}”" if roles else "主席、副主席"
        where = f"、且工会名称含“{only}”或姓名为“{only}”" if only else ""
        raise InputError.at(Place(doc.source.name),
                            f"没有可印{product}的人员：输入中没有{what}{where}的人员（可用 --roles 选择职务）")
    return pairs


def officer_record(doc: Document, union: Union, officer: Officer, codes: bool = True,
                   hotline: str | None = None) -> Record:
    return Record(label=f"{union.name} {officer.name}（{officer.role}）",
                  values=_values(doc, union, officer, codes, hotline), origin=officer.origin)


def _values(doc: Document, union: Union, officer: Officer, codes: bool, hotline: str | None) -> dict:
    return {
        "union": union,
        "officer": officer,
        "print": doc.print,
        "qr_data": qr.payload(officer, union, doc.print) if codes else "",
        # tel: link for the card back's second code (the same for every record of a document)
        "hotline_qr": qr.hotline_link(doc.print) if hotline is None else hotline,
    }


def officer_problems(doc: Document, pairs, layouts, faces, codes: bool = True) -> list[Problem]:
    """What sheets.check_records finds in these officers' records, each record made only while it
    is checked (`docgen check` on 50,000 officers: no 50,000 records and vCards held at once)."""
    from .sheets import check_records

    hotline = qr.hotline_link(doc.print)
    records = (officer_record(doc, union, officer, codes, hotline) for union, officer in pairs)
    return check_records(records, layouts, faces, doc.source.name)


def run_fonts(doc: Document, font_options) -> dict[str, Path]:
    """The faces this run sets by role: the input's [print.fonts], with --font over them."""
    return {**doc.print.fonts, **parse_font_options(font_options)}


def parse_font_options(values: tuple[str, ...] | list[str]) -> dict[str, Path]:
    """`--font ROLE=PATH` (repeatable) -> {role: path}; a malformed one is an input error."""
    from .. import fonts

    out: dict[str, Path] = {}
    for value in values or ():
        role, sep, path = value.partition("=")
        role = role.strip()
        if not sep or not path.strip():
            raise InputError(f"--font {value}：应写成 角色=字体文件，如 --font song=C:/Windows/Fonts/simsun.ttc")
        if role not in fonts.ROLES:
            raise InputError(f"--font {value}：未知字体角色“{role}”，应为 {'、'.join(fonts.ROLES)} 之一")
        p = Path(path.strip()).expanduser()
        if not p.is_file():
            raise InputError(f"--font {value}：找不到字体文件 {p}")
        fonts.check_usable(p, role)
        out[role] = p
    return out
