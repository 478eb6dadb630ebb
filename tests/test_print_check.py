"""`docgen check` answers the sheet products (badges, cards, desk plates) without composing their
drawing ops: the problems it finds must be exactly those of the full compose that draws them,
hostile records included (a character no face has, a name or union name too long for its box)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen.model import Union  # noqa: E402
from docgen.printing.faces import FaceSet  # noqa: E402
from docgen.printing.layout import load_layout  # noqa: E402
from docgen.printing.products import officer_problems, officer_records, select_officers  # noqa: E402
from docgen.printing.sheets import check_records, compose_records  # noqa: E402

UNPRINTABLE = "\U0002A6D6"          # in no bundled face
# as long as the loader lets them be (20, 60 and 30 characters), too long for a badge's box
LONG_NAME = "欧阳" + "建国" * 9
LONG_UNION = (F.FORTY_UNION * 2)[:60]
LONG_ROLE = "常务副主席" * 6


def hostile_unions(repeat: int = 1) -> list[Union]:
    """Good and bad records mixed; `repeat` copies of each officer, so answers are reused."""
    def many(*officers):
        return tuple(o for o in officers for _ in range(repeat))

    return [
        Union("安徽某某机械有限公司工会委员会",
              many(F.officer("张三", "主席", 1), F.officer("王" + UNPRINTABLE, "副主席", 2)), office="综合楼三楼302室"),
        Union(LONG_UNION, many(F.officer("李四", "主席", 3))),
        Union("某工会", many(F.officer(LONG_NAME, "主席", 4), F.officer("赵六", "副主席", 5, phones=False))),
        Union("王" + UNPRINTABLE + "工会", many(F.officer("钱七", "主席", 6)), office="楼" + UNPRINTABLE),
        Union("某某工会", many(F.officer("孙八", LONG_ROLE, 7))),
        Union(F.LONG_UNION, many(F.officer("周九", "副主席", 8))),
    ]


LAYOUT_SETS = [("badge",), ("badge-qr",), ("badge-portrait",), ("badge-90x60",), ("card-front", "card-back"),
               ("deskplate",)]


@pytest.mark.parametrize("repeat", [1, 300])
@pytest.mark.parametrize("names", LAYOUT_SETS)
def test_check_finds_exactly_what_compose_finds(names, repeat):
    doc = F.document(hostile_unions(repeat))
    records = officer_records(doc, None, None, "胸卡")
    layouts = [load_layout(name) for name in names]
    _, composed = compose_records(records, layouts, FaceSet(), "county.toml")
    faces = FaceSet()
    checked = check_records(records, layouts, faces, "county.toml")
    assert checked == composed
    assert check_records(records, layouts, faces, "county.toml") == composed     # answers reused alike
    # `docgen check` keeps no records: the officers' values are made, checked and let go
    assert officer_problems(doc, select_officers(doc), layouts, FaceSet()) == composed
    found = "\n".join(p.message for p in composed)
    assert "U+2A6D6" in found and "放不下" in found
    assert len({p.place.key for p in composed}) >= 3     # several records, each named


def test_records_without_codes_only_where_no_layout_reads_them():
    doc = F.document(hostile_unions())
    assert not load_layout("badge").reads("qr_data") and not load_layout("deskplate").reads("qr_data")
    assert load_layout("card-front").reads("qr_data") and load_layout("badge-qr").reads("qr_data")
    with_codes = officer_records(doc, None, None, "联系卡")
    assert any(r.values["qr_data"].startswith("BEGIN:VCARD") for r in with_codes)
    assert all(r.values["qr_data"] == "" for r in officer_records(doc, None, None, "胸卡", codes=False))


def _problem_lines(text: str) -> set[str]:
    """The problem lines of a message, without the [胸卡] marks `check` puts on them."""
    return {re.sub(r" \[[^\]]*(胸卡|联系卡|桌牌)[^\]]*\] ", " ", line.strip()) for line in text.splitlines()
            if line.startswith("county.toml")}


@pytest.mark.parametrize("command, label", [("badges", "胸卡"), ("cards", "联系卡")])
def test_check_reports_the_problems_drawing_finds(tmp_path, capsys, command, label):
    """`docgen badges` and `cards` find problems while drawing (compose with ops, in chunks);
    `docgen check` finds the same ones without drawing."""
    unions = [(u.name, [(o.name, o.role, str(o.mobile.digits) if o.mobile else None) for o in u.officers],
               *([u.office] if u.office else [])) for u in hostile_unions()]
    source = F.write_input(tmp_path, unions)
    code, _, drawn = F.run([command, source, "-o", tmp_path / "out.pdf", "-q"], capsys)
    assert code == 2 and not (tmp_path / "out.pdf").exists()
    code, _, checked = F.run(["check", source], capsys)
    assert code == 2
    ours = {line for line in checked.splitlines() if f"[{label}" in line or "、" + label in line}
    assert ours and _problem_lines("\n".join(ours)) == _problem_lines(drawn)
    assert "U+2A6D6" in drawn and "放不下" in drawn
