"""Property tests of loading: random valid inputs load back to what was written; random damage
gives a clean InputError (exit 2), never another exception."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.errors import InputError
from docgen.load import load

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
union_names = st.text(CJK, min_size=2, max_size=56).map(lambda s: s + "工会")
person_names = st.text(CJK, min_size=2, max_size=4)
roles = st.sampled_from(["主席", "工会主席", "副主席", "常务副主席", "专职副主席", "委员", "女职工委员会主任"])
mobiles = st.builds(lambda p, n: f"1{p}{n:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1))
dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))

officer = st.fixed_dictionaries({"name": person_names, "role": roles, "mobile": mobiles})
union = st.fixed_dictionaries({"name": union_names, "founded": dates, "officers": st.lists(officer, max_size=4)})
unions = st.lists(union, min_size=1, max_size=6, unique_by=lambda u: u["name"])

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def to_toml(us) -> str:
    out = []
    for u in us:
        out += ["[[unions]]", f"name = {json.dumps(u['name'], ensure_ascii=False)}", f"founded = {u['founded'].isoformat()}"]
        for o in u["officers"]:
            out += ["[[unions.officers]]"] + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in o.items()]
    return "\n".join(out) + "\n"


@SETTINGS
@given(us=unions)
def test_valid_unions_round_trip(tmp_path, us):
    f = tmp_path / "u.toml"
    f.write_text(to_toml(us), encoding="utf-8")
    doc = load(f)
    assert [u.name for u in doc.unions] == [u["name"] for u in us]
    assert [u.founded for u in doc.unions] == [u["founded"] for u in us]
    assert [[(o.name, o.role, o.mobile.digits) for o in u.officers] for u in doc.unions] == \
           [[(o["name"], o["role"], o["mobile"]) for o in u["officers"]] for u in us]


@SETTINGS
@given(us=unions, cut=st.integers(0, 10_000), junk=st.text(max_size=6))
def test_damaged_toml_fails_cleanly(tmp_path, us, cut, junk):
    text = to_toml(us)
    cut %= len(text)
    f = tmp_path / "u.toml"
    f.write_text(text[:cut] + junk + text[cut:], encoding="utf-8")
    try:
        load(f)
    except InputError as exc:
        assert exc.exit_code == 2 and exc.lines() and all(line for line in exc.lines())


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".toml"]))
def test_random_bytes_fail_cleanly(tmp_path, data, suffix):
    f = tmp_path / f"r{suffix}"
    f.write_bytes(data)
    try:
        load(f)
    except InputError as exc:
        assert exc.exit_code == 2


@SETTINGS
@given(rows=st.lists(st.lists(st.one_of(st.none(), st.text(max_size=12), mobiles, union_names), min_size=5, max_size=5), max_size=6))
def test_random_roster_rows_fail_cleanly(tmp_path, rows):
    import csv

    f = tmp_path / "r.csv"
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["工会名称", "姓名", "职务", "办公电话", "手机"])
        w.writerows([["" if v is None else v for v in r] for r in rows])
    try:
        doc = load(f)
    except InputError as exc:
        assert exc.exit_code == 2
    else:
        assert all(u.name for u in doc.unions)
