"""What hand-typed rosters really hold, turned into warnings with a hint (never silent, never
an error): a person typed twice, a founding date in the future, two chairs, 付主席 for 副主席.
Totals rows (合计) are recognised in docgen.load.roster, lost leading zeros in docgen.cn."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from msgspec.structs import replace

from ..errors import Collector, Place
from ..model import Officer

# roles as they are written in union rosters; any of these is taken as meant
KNOWN_ROLES = (
    "主席", "工会主席", "副主席", "工会副主席", "常务副主席", "专职副主席", "兼职副主席", "挂职副主席",
    "委员", "工会委员", "经费审查委员会主任", "经费审查委员会委员", "女职工委员会主任", "女职工委员会委员",
    "女职工委员", "组织委员", "宣传委员", "文体委员", "生活委员", "劳动保护委员", "经审委员", "经审主任",
    "主任", "副主任", "书记", "秘书长", "会计", "出纳", "干事", "联络员",
)
_KNOWN = set(KNOWN_ROLES)
# characters typed for one another by pinyin input (同音) or by eye (形近)
_LOOKALIKES = {"付": "副", "傅": "副", "住": "主", "注": "主", "度": "席", "习": "席", "委": "委", "圆": "员",
               "园": "员", "原": "员", "任": "任", "仕": "任"}


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1024)        # a roster repeats a handful of role texts on every row
def role_hint(role: str) -> str | None:
    """The known role an unknown spelling is probably meant to be (付主席 -> 副主席), or None."""
    r = _SPACES.sub("", role)
    if r in _KNOWN or not r:
        return None
    swapped = "".join(_LOOKALIKES.get(ch, ch) for ch in r)
    if swapped != r and swapped in _KNOWN:
        return swapped
    for known in KNOWN_ROLES:
        if len(known) >= 3 and _one_edit(r, known) and not _deputy_of(r, known):
            return known
    return None


def _deputy_of(role: str, known: str) -> bool:
    """True if role is known with 副 added (女职工委员会副主任, 副秘书长): a real deputy post, not
    a typo of the post itself."""
    return len(role) == len(known) + 1 and any(
        ch == "副" and role[:i] + role[i + 1:] == known for i, ch in enumerate(role))


def _one_edit(a: str, b: str) -> bool:
    """True if a becomes b by changing, adding or dropping exactly one character."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=False)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


_CONTACT = ("office_phone", "mobile", "photo")


@lru_cache(maxsize=1024)
def _unspaced(role: str) -> str:
    return _SPACES.sub("", role)


def merge_repeated_officers(officers: list[tuple[Officer, Any]], union_name: str, out: Collector,
                            place_of: Callable[[Any], Place] = lambda place: place) -> tuple[Officer, ...]:
    """Rows for the same person in the same role are one officer, printed once: the first row
    wins, a phone or photo only a later row gives is kept, and a warning names the rows. Two
    rows whose phones or photos differ may be two people of one name (张伟 is common): both are
    kept, with a warning. `officers` pairs each officer with where it was read: a Place, or a
    key that `place_of` turns into the place of its name (made only for a message)."""
    if len({(o.name, _unspaced(o.role)) for o, _ in officers}) == len(officers):
        return tuple(o for o, _ in officers)        # the common union: nobody typed twice
    entries: list[list] = []        # [officer, first key, repeat keys]
    by_key: dict[tuple[str, str], _SamePerson] = {}
    for officer, where in officers:
        key = (officer.name, _unspaced(officer.role))
        same = by_key.get(key)
        if same is None:            # the common case: a person seen once
            same = by_key[key] = _SamePerson()
            entries.append(same.add([officer, where, []]))
            continue
        entry = same.first_compatible(officer)
        if entry is None:
            rows = "、".join(str(p.row or p.line) for p in [place_of(same.entries[0][1]), place_of(where)])
            out.warn(place_of(where), f"工会“{union_name}”第{rows}行都是 {officer.name}（{officer.role}），"
                                      "但电话或照片不同，按两人印出；若是同一人，请删去一行")
            entries.append(same.add([officer, where, []]))
            continue
        filled = {f: getattr(officer, f) for f in _CONTACT
                  if getattr(entry[0], f) is None and getattr(officer, f) is not None}
        if filled:
            entry[0] = replace(entry[0], **filled)
            same.filled(entry, filled)
        entry[2].append(where)
    for officer, where, repeats in entries:
        if repeats:
            places = [place_of(w) for w in [where, *repeats]]
            rows = "、".join(str(p.row or p.line) for p in places)
            out.warn(places[0], f"工会“{union_name}”的 {officer.name}（{officer.role}）在第{rows}行重复出现，"
                                "已合并为一人，只印一次")
    return tuple(e[0] for e in entries)


class _SamePerson:
    """The entries of one name in one role, indexed by each contact field, so that finding the
    first entry a row may repeat looks only at entries without a field the row gives, or with
    the row's value in it: a union with thousands of 张伟 of different phones stays linear."""

    def __init__(self):
        self.entries: list[list] = []
        self.numbers: dict[int, int] = {}       # id(entry) -> its place in entries
        self.by_value: dict[str, dict[Any, list[int]]] = {f: {} for f in _CONTACT}   # value -> entry numbers
        self.without: dict[str, list[int]] = {f: [] for f in _CONTACT}

    def add(self, entry: list) -> list:
        number = self.numbers[id(entry)] = len(self.entries)
        self.entries.append(entry)
        for f in _CONTACT:
            value = getattr(entry[0], f)
            if value is None:
                self.without[f].append(number)
            else:
                self.by_value[f].setdefault(value, []).append(number)
        return entry

    def filled(self, entry: list, fields: dict[str, Any]) -> None:
        # the entry stays listed as without the field too: candidates are checked in full anyway
        number = self.numbers[id(entry)]
        for f, value in fields.items():
            self.by_value[f].setdefault(value, []).append(number)

    def first_compatible(self, officer: Officer) -> list | None:
        """The first entry (in row order) with no contact field where both give different values."""
        given = [(f, v) for f in _CONTACT if (v := getattr(officer, f)) is not None]
        if not given:
            return self.entries[0]          # a row without any contact repeats the first one
        # a compatible entry lacks each given field or has its value: look where that is fewest
        candidates = min(([*self.without[f], *self.by_value[f].get(v, ())] for f, v in given), key=len)
        numbers = sorted(n for n in set(candidates) if _compatible(self.entries[n][0], officer))
        return self.entries[numbers[0]] if numbers else None


def _compatible(a: Officer, b: Officer) -> bool:
    """No contact field where both rows give different values."""
    return all(getattr(a, f) is None or getattr(b, f) is None or getattr(a, f) == getattr(b, f) for f in _CONTACT)


def warn_future(founded: date, place: Place, out: Collector, today: date | None = None) -> None:
    today = today or date.today()
    if founded > today:
        out.warn(place, f"{founded.isoformat()} 在今天（{today.isoformat()}）之后，请核对年份")


def warn_chairs(union_name: str, officers: tuple[Officer, ...], place: Place, out: Collector) -> None:
    chairs = [o for o in officers if o.role_class == "chair"]
    if len(chairs) > 1:
        names = "、".join(f"{o.name}（{o.role}，{o.origin}）" if o.origin else f"{o.name}（{o.role}）" for o in chairs)
        out.warn(place, f"工会“{union_name}”有 {len(chairs)} 位主席：{names}。一个工会只有一位主席，"
                        "请核对职务（副主席应写作“副主席”）")
