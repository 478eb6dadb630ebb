"""Unions and officers from either source (TOML tables or roster rows), validated the same way.

Both sources hand over cells: field -> (raw value, place). TOML unions and roster unions of the
same name are one union: TOML fields win, officers are joined.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
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


class TomlPlaces:
    """Where TOML values were read: a union field's key is its Place, an officer's key is the
    dict field -> Place of its table (the table's own place for a missing name)."""

    @staticmethod
    def union_place(key: Place, field: str) -> Place:
        return key

    @staticmethod
    def officer_place(key: dict[str, Place], field: str) -> Place:
        return key[field]

    @staticmethod
    def origin(key: dict[str, Place]) -> str:
        return origin(key["name"])


@lru_cache(maxsize=1024, typed=True)       # a roster repeats a handful of role texts on every row
def _role_text(v) -> str:
    return values.text(v, max_len=30)


_REQUIRED = {"name": "姓名", "role": "职务"}
_OFFICER_PARSERS: tuple[tuple[str, Callable[[Any, Path], Any]], ...] = (
    ("name", lambda v, base: values.text(v, max_len=MAX_PERSON_NAME)),
    ("role", lambda v, base: _role_text(v) if type(v) is str else values.text(v, max_len=30)),
    ("mobile", lambda v, base: values.mobile(v)),
    ("office_phone", lambda v, base: values.office_phone(v)),
    ("photo", lambda v, base: check_image(resolve_relative(base, values.text(v, printed=False)))),
)


class _Missing(Exception):
    pass


def build_officer(cells: dict[str, Any], key, places, base: Path, union_name: str, out: Collector) -> Officer | None:
    """`cells`: the officer's non-empty values by field ("name" always there, maybe None), in the
    order the source gives them; `places.officer_place(key, field)` says where one was read."""
    try:            # the common row, every value good; any problem: read it again below
        for field in _REQUIRED:
            if (raw := cells.get(field)) is None or raw == "":
                raise _Missing
        parsed = {field: parse(raw, base) for field, parse in _OFFICER_PARSERS
                  if (raw := cells.get(field)) is not None and raw != ""}
    except (values.ValueProblem, _Missing):
        _report_problems(cells, key, places, base, out)
        return None
    name, role = parsed["name"], parsed["role"]
    mobile, office, photo = parsed.get("mobile"), parsed.get("office_phone"), parsed.get("photo")
    if not name or not role:
        return None
    hint = role_hint(role)
    if hint:
        out.warn(places.officer_place(key, "role"),
                 f"职务“{role}”是否应为“{hint}”？已按“{hint}”归类，印出的仍是所写的“{role}”，请核对")
    office_phone = None
    if office:
        office_phone, note = office
        if note:
            out.warn(places.officer_place(key, "office_phone"), note)
    if not mobile and not office_phone:
        out.warn(places.officer_place(key, "name"),
                 f"{union_name} {name} 没有填写任何电话，“亮身份”要求公布办公电话和手机号码")
    return Officer(name=name, role=role, role_class=values.role_class(hint or role), office_phone=office_phone,
                   mobile=mobile, photo=photo, origin=places.origin(key))


def _report_problems(cells: dict[str, Any], key, places, base: Path, out: Collector) -> None:
    """Every problem of an officer's cells, in field order (whatever the columns), at its place."""
    for field, parse in _OFFICER_PARSERS:
        raw = cells.get(field)
        if raw is None or raw == "":
            if field in _REQUIRED:
                out.error(places.officer_place(key, field if field in cells else next(iter(cells))),
                          f"缺少{_REQUIRED[field]}")
            continue
        try:
            parse(raw, base)
        except values.ValueProblem as exc:
            out.error(places.officer_place(key, field), str(exc))


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "employer": lambda v: values.text(v, max_len=MAX_UNION_NAME),
    "founded": values.a_date,
    "office": lambda v: values.text(v, max_len=60),
    "members": lambda v: values.integer(v, minimum=0),
}


def build_union(name_cell: Cell, runs: dict[str, list[tuple[Any, list]]], officers: Iterable[tuple[dict, Any]],
                places, base: Path, out: Collector) -> Union | None:
    """`runs`: union field -> (value, keys of the cells that hold it), in order: the first valid
    value wins. `officers`: (cells, key) per officer. `places` turns keys into places
    (TomlPlaces, docgen.load.roster.RosterPlaces)."""
    try:
        name = values.text(name_cell[0], max_len=MAX_UNION_NAME)
    except values.ValueProblem as exc:
        out.error(name_cell[1], str(exc))
        return None
    if not name:
        out.error(name_cell[1], "工会名称不能为空")
        return None
    parsed: dict[str, Any] = {}
    for field, parse in _PARSERS.items():
        first = None                # (value, key) of the first valid cell
        differing: list = []        # keys of later valid cells with another value
        for raw, keys in runs.get(field, ()):
            if raw is None or raw == "":
                continue
            try:
                value = parse(raw)
            except values.ValueProblem as exc:
                for k in keys:
                    out.error(places.union_place(k, field), str(exc))
                continue
            if first is None:
                first = (value, keys[0])
                keys = keys[1:]
            if value != first[0]:
                differing.extend(keys)
        if first is None:
            continue
        parsed[field] = first[0]
        if field == "founded":
            warn_future(first[0], places.union_place(first[1], field), out)
        if differing:
            first_place = places.union_place(first[1], field)
            later = [places.union_place(k, field) for k in differing]
            rows = "、".join(str(p.row or p.line) for p in [first_place, *later])
            out.warn(first_place, f"工会“{name}”的{FIELD_LABELS[field]}在第{rows}行不一致，采用第一个值“{first[0]}”")
    built = [(o, key) for cells, key in officers if (o := build_officer(cells, key, places, base, name, out))]
    officers_kept = merge_repeated_officers(built, name, out, lambda key: places.officer_place(key, "name"))
    return Union(name=name, officers=officers_kept, origin=origin(name_cell[1]), **parsed)


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
