"""`docgen check` answers the sheet products (badges, cards, desk plates) and the boards without
composing their drawing ops: the problems it finds must be exactly those of the full compose that draws them,
hostile records included (a character no face has, a name or union name too long for its box)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from msgspec.structs import replace

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F

from docgen.errors import InputError
from docgen.model import Phone, Union
from docgen.printing.faces import FaceSet
from docgen.printing.layout import load_layout
from docgen.printing.products import officer_problems, officer_records, select_officers
from docgen.printing.sheets import check_records, compose_records
from docgen.printing.signage import compose_pages

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


# --- boards (公示牌): the table and its blocks answer check() without drawing data ---------------

def hostile_board_unions(photo: Path) -> list[Union]:
    """Boards that fail and boards that pass, near every decision a board makes: rows that flow
    into blocks side by side, a photo column kept or left out, blocks that fit or do not."""
    def officers(count: int, role=lambda i: "委员", photos: bool = False, phones=lambda i: True):
        return tuple(F.officer(F.SURNAMES[i % len(F.SURNAMES)] + F.GIVEN[i % len(F.GIVEN)], role(i), i,
                               photo=photo if photos and i % 2 == 0 else None, phones=phones(i))
                     for i in range(count))

    def extension(i: int):          # an office phone with an extension
        return replace(F.officer("x", "委员", i), office_phone=Phone("landline", f"05562172583{i:03d}",
                                                                    f"0556-2172583 转 {i:03d}"))
    return [
        Union("二百人工会", officers(200)),                                            # cannot fit
        Union("王" + UNPRINTABLE + "工会", officers(3)),                              # the union's name
        Union("某工会", (F.officer("王" + UNPRINTABLE, "主席", 1), *officers(4)[1:])),  # a name in the table
        Union("长职务工会", officers(6, role=lambda i: LONG_ROLE[: 4 + 5 * i])),       # roles too long, some
        Union("长职务多人工会", officers(100, role=lambda i: LONG_ROLE if i == 37 else "委员")),    # one too long
        Union("分机工会", tuple(replace(extension(i), name=o.name, role=o.role, role_class=o.role_class)
                              for i, o in enumerate(officers(5)))),
        Union("照片工会", officers(3, photos=True), employer="某某公司", members=120),
        Union("照片多人工会", officers(26, photos=True)),                               # photos left out, noted
        Union("单位" + UNPRINTABLE + "工会", officers(2), employer="某" + UNPRINTABLE + "公司"),  # a block's text
        Union(F.FORTY_UNION, officers(90, phones=lambda i: i % 3 != 0), office="综合楼" * 20),
    ]


@pytest.mark.parametrize("size", ["a3", "600x800", "a3-office"])
def test_board_check_finds_exactly_what_compose_finds(tmp_path, size):
    from docgen.printing.boards import _page_layout, board_records, parse_size

    doc = F.document(hostile_board_unions(F.make_photos(tmp_path / "photos")[0]))
    records, _ = board_records(doc, None)
    layout, _ = _page_layout(None, *parse_size(size))
    for record in records * 2:                  # the second time from every cache
        composed_notes: list[str] = []
        checked_notes: list[str] = []
        _, composed = layout.compose(record.values, FaceSet(), composed_notes)
        checked = layout.problems(record.values, FaceSet(), checked_notes)
        assert [(e.id, m) for e, m in checked] == [(e.id, m) for e, m in composed], record.label
        assert checked_notes == composed_notes, record.label
    # and the batch as `docgen check` and `docgen board` see it
    with pytest.raises(InputError) as checked_error:
        compose_pages(layout, records, FaceSet(), source="county.toml", title="公示牌", keep=False)
    with pytest.raises(InputError) as composed_error:
        compose_pages(layout, records, FaceSet(), source="county.toml", title="公示牌")
    checked_problems = [(str(p.place), p.message) for p in checked_error.value.problems]
    assert checked_problems == [(str(p.place), p.message) for p in composed_error.value.problems]
    found = "\n".join(message for _, message in checked_problems)
    assert "U+2A6D6" in found and "200 行" in found and "职务" in found
    assert {place for place, _ in checked_problems} >= {"county.toml: 二百人工会", "county.toml: 某工会",
                                                         "county.toml: 长职务多人工会"}


def test_board_check_notes_the_photos_left_out(tmp_path):
    from docgen.printing.boards import _page_layout, board_records, parse_size

    doc = F.document(hostile_board_unions(F.make_photos(tmp_path / "photos")[0])[6:8])
    records, _ = board_records(doc, None)
    layout, _ = _page_layout(None, *parse_size("a3"))
    checked, composed = [], []
    compose_pages(layout, records, FaceSet(), source="county.toml", title="公示牌", notes=checked, keep=False)
    compose_pages(layout, records, FaceSet(), source="county.toml", title="公示牌", notes=composed)
    assert checked == composed and len(checked) == 1 and "照片多人工会" in checked[0] and "已不印照片" in checked[0]


def test_a_board_file_linked_out_of_the_folder_is_refused(tmp_path):
    """The batch's files are checked against the folder once resolved: a plain name is inside,
    unless the folder holds a link of that name pointing elsewhere."""
    from docgen.output import inside_all as _inside_all

    folder = tmp_path / "公示牌"
    folder.mkdir()
    _inside_all(folder, ["某工会.pdf", "某工会-2.pdf"])
    (folder / "某工会.pdf").symlink_to(tmp_path / "elsewhere.pdf")
    with pytest.raises(InputError, match="不在输出文件夹"):
        _inside_all(folder, ["某工会.pdf"])
    with pytest.raises(InputError, match="不在输出文件夹"):
        _inside_all(folder, ["../某工会.pdf"])


def test_check_measures_faces_without_registering_them(sample_toml):
    """A check draws nothing: its faces are read for their metrics, none registered with reportlab
    (each would hold its whole font file), and its answers are those of registered faces."""
    import subprocess

    script = ("import sys\nfrom docgen import cli\nfrom reportlab.pdfbase import pdfmetrics\n"
              "try:\n    cli.main(['check', sys.argv[1], '-q'])\nexcept SystemExit as exc:\n    code = exc.code\n"
              "print('REGISTERED', sorted(n for n in pdfmetrics.getRegisteredFontNames() if n.startswith('docgen-')))\n"
              "print('EXIT', code)\n")
    done = subprocess.run([sys.executable, "-c", script, str(sample_toml)], capture_output=True, text=True,
                          cwd=sample_toml.parent, timeout=120)
    assert "EXIT 0" in done.stdout, done.stdout + done.stderr
    assert "REGISTERED []" in done.stdout, done.stdout

    from docgen.printing import faces

    drawn, measured = FaceSet().face("biaosong"), None
    with faces.measuring_only():
        measured = FaceSet().face("biaosong")
    assert measured is not drawn and measured.name == drawn.name
    assert measured.widths == drawn.widths and measured.cmap == drawn.cmap
    assert (measured.ascent, measured.descent, measured.centre) == (drawn.ascent, drawn.descent, drawn.centre)


def test_a_name_the_theme_face_lacks_is_reported_once_by_check_and_by_each_print_command(sample_dir, tmp_path,
                                                                                         capsys):
    """刘䶮 and a union named with 䶮 print in the fallback face (小标宋 has no CJK Ext A): check says
    so once per name, naming its row; badges too; plan (no print) does not; a [print.fonts] face that
    has the character silences it; the sample's names give none."""
    from conftest import edited

    toml = sample_dir / "county.toml"
    code, out, _ = F.run(["check", toml], capsys)
    assert code == 0 and "后备字体" not in out
    edited(toml, 'roster = "roster.xlsx"', 'roster = "roster.csv"')
    roster = sample_dir / "roster.csv"
    edited(roster, "刘建华", "刘䶮")
    edited(roster, "岳西县天峰茶业有限公司工会委员会", "岳西县䶮峰茶业有限公司工会委员会")
    code, out, _ = F.run(["check", toml], capsys)
    assert code == 0
    assert out.count("后备字体") == 2
    assert "roster.csv 第2行 姓名: “刘䶮”中的“䶮”小标宋字体里没有" in out
    assert "roster.csv 第2行 工会名称: “岳西县䶮峰茶业有限公司工会委员会”中的“䶮”小标宋字体里没有" in out
    code, _, err = F.run(["badges", toml, "-o", tmp_path / "b.pdf", "--jobs", "1"], capsys)
    assert code == 0 and err.count("后备字体") == 2
    code, _, err = F.run(["plaques", roster, "-o", tmp_path / "p", "--jobs", "1"], capsys)
    assert code == 0 and err.count("后备字体") == 1 and "工会名称" in err    # plaques set no officer names
    code, _, err = F.run(["plan", toml, "-o", tmp_path / "plan.docx"], capsys)
    assert code == 0 and "后备字体" not in err
    from docgen import fonts

    edited(toml, "[print]", f"[print.fonts]\nbiaosong = '{fonts.bundled_path('fallback')}'\n\n[print]")
    code, out, _ = F.run(["check", toml], capsys)
    assert code == 0 and "后备字体" not in out
