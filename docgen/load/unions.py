"""Unions and officers from either source (TOML tables or roster rows), validated the same way.

Both sources hand over cells: field -> (raw value, place). TOML unions and roster unions of the
same name are one union: TOML fields win, officers are joined.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import Collector, Place
from ..model import Officer, Union
from . import values
from .images import check_image
from .realities import merge_repeated_officers, role_hint, warn_chairs, warn_future
from .toml_file import resolve_relative

Cell = tuple[Any, Place]
MAX_UNION_NAME = 60
MAX_PERSON_NAME = 20
FIELD_LABELS = {
    "name": "工会名称", "employer": "单位名称", "founded": "成立日期", "office": "办公地点", "members": "会员人数",
}


def build_officer(cells: dict[str, Cell], base: Path, union_name: str, out: Collector) -> Officer | None:
    ok = True

    def parse(field: str, fn, required: bool = False):
        nonlocal ok
        cell = cells.get(field)
        if cell is None or cell[0] is None or cell[0] == "":
            if required:
                place = cell[1] if cell else next(iter(cells.values()))[1]
                out.error(place, f"缺少{ {'name': '姓名', 'role': '职务'}[field] }")
                ok = False
            return None
        try:
            return fn(cell[0])
        except values.ValueProblem as exc:
            out.error(cell[1], str(exc))
            ok = False
            return None

    name = parse("name", lambda v: values.text(v, max_len=MAX_PERSON_NAME), required=True)
    role = parse("role", lambda v: values.text(v, max_len=30), required=True)
    mobile = parse("mobile", values.mobile)
    office = parse("office_phone", values.office_phone)
    photo = parse("photo", lambda v: check_image(resolve_relative(base, values.text(v, printed=False))))
    if not ok or not name or not role:
        return None
    hint = role_hint(role)
    if hint:
        out.warn(cells["role"][1], f"职务“{role}”是否应为“{hint}”？已按“{hint}”归类，印出的仍是所写的“{role}”，请核对")
    office_phone = None
    if office:
        office_phone, note = office
        if note:
            out.warn(cells["office_phone"][1], note)
    if not mobile and not office_phone:
        where = cells["name"][1]
        out.warn(where, f"{union_name} {name} 没有填写任何电话，“亮身份”要求公布办公电话和手机号码")
    return Officer(name=name, role=role, role_class=values.role_class(hint or role), office_phone=office_phone,
                   mobile=mobile, photo=photo, origin=origin(cells["name"][1]))


def build_union(name_cell: Cell, fields: dict[str, list[Cell]], officer_cells: list[dict[str, Cell]],
                base: Path, out: Collector) -> Union | None:
    """`fields` holds every value given for a union field, in order: the first non-empty one wins."""
    try:
        name = values.text(name_cell[0], max_len=MAX_UNION_NAME)
    except values.ValueProblem as exc:
        out.error(name_cell[1], str(exc))
        return None
    if not name:
        out.error(name_cell[1], "工会名称不能为空")
        return None
    parsed: dict[str, Any] = {}
    parsers: dict[str, Callable[[Any], Any]] = {
        "employer": lambda v: values.text(v, max_len=MAX_UNION_NAME),
        "founded": values.a_date,
        "office": lambda v: values.text(v, max_len=60),
        "members": lambda v: values.integer(v, minimum=0),
    }
    for field, parse in parsers.items():
        cells = [c for c in fields.get(field, []) if c[0] not in (None, "")]
        if not cells:
            continue
        results = []
        last: tuple[Any, Any, str | None] | None = None     # (raw, parsed, problem): rows repeat a value
        for raw, place in cells:
            if last is None or type(raw) is not type(last[0]) or raw != last[0]:
                try:
                    last = (raw, parse(raw), None)
                except values.ValueProblem as exc:
                    last = (raw, None, str(exc))
            if last[2] is not None:
                out.error(place, last[2])
            else:
                results.append((last[1], place))
        if results:
            parsed[field] = results[0][0]
            if field == "founded":
                warn_future(results[0][0], results[0][1], out)
            differing = [p for v, p in results[1:] if v != results[0][0]]
            if differing:
                rows = "、".join(str(p.row or p.line) for p in [results[0][1], *differing])
                out.warn(results[0][1], f"工会“{name}”的{FIELD_LABELS[field]}在第{rows}行不一致，"
                                        f"采用第一个值“{results[0][0]}”")
    officers = merge_repeated_officers(
        [(o, cells["name"][1]) for cells in officer_cells if (o := build_officer(cells, base, name, out))], name, out)
    return Union(name=name, officers=officers, origin=origin(name_cell[1]), **parsed)


def origin(place: Place) -> str:
    """The file and line or row a record came from, for messages of later stages."""
    line = place.line or place.row
    return f"{place.file} 第{line}行" if line else place.file


def merge(primary: Union, secondary: Union) -> Union:
    """TOML (primary) fields win; officers are joined, one person in one role only once."""
    fields = {f: getattr(primary, f) or getattr(secondary, f) for f in ("employer", "founded", "office")}
    members = primary.members if primary.members is not None else secondary.members
    known = {(o.name, o.role) for o in primary.officers}
    officers = primary.officers + tuple(o for o in secondary.officers if (o.name, o.role) not in known)
    return Union(name=primary.name, officers=officers, members=members, origin=primary.origin, **fields)


def warn_structure(union: Union, place: Place, out: Collector) -> None:
    warn_chairs(union.name, union.officers, place, out)
    if union.officers and not any(o.role_class == "chair" for o in union.officers):
        out.warn(place, f"工会“{union.name}”没有主席（职务为“主席”或“工会主席”的人员）")
    elif not union.officers:
        out.warn(place, f"工会“{union.name}”还没有填写任何工会干部，只能制作牌匾")
