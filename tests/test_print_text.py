"""Text boxes and faces without a PDF: one face per name, glyph checks, vertical setting."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen import fonts  # noqa: E402
from docgen.printing.faces import FaceSet, MissingGlyphs  # noqa: E402
from docgen.printing.layout import load_layout  # noqa: E402
from docgen.printing.ops import TextRun  # noqa: E402
from docgen.printing.spaced import SpacedRun  # noqa: E402


@pytest.fixture(scope="module")
def faces():
    return FaceSet()


def test_a_name_the_role_face_covers_is_one_run(faces):
    runs = faces.runs("王堃", "biaosong")
    assert [(r.face.role, r.text) for r in runs] == [("biaosong", "王堃")]


def test_whole_string_goes_to_the_fallback_when_the_role_face_lacks_a_character(tmp_path):
    gb = F.subset_font(fonts.bundled_path("hei"), tmp_path / "gb.ttf", "王张三")
    faces = FaceSet({"hei": gb})
    assert [(r.face.role, r.text) for r in faces.runs("王堃", "hei")] == [("fallback", "王堃")]
    assert [(r.face.role, r.text) for r in faces.runs("张三", "hei")] == [("hei", "张三")]


def test_runs_mix_faces_only_when_neither_covers_the_whole(tmp_path):
    own = F.subset_font(fonts.bundled_path("hei"), tmp_path / "own.ttf", "甲乙")
    spare = F.subset_font(fonts.bundled_path("fallback"), tmp_path / "spare.ttf", "丙")
    faces = FaceSet({"hei": own, "fallback": spare})
    assert [(r.face.role, r.text) for r in faces.runs("甲乙丙甲", "hei")] == [
        ("hei", "甲乙"), ("fallback", "丙"), ("hei", "甲")]
    with pytest.raises(MissingGlyphs) as exc:
        faces.runs("甲丁戊丁", "hei")
    assert exc.value.chars == ["丁", "戊"]


def test_extension_b_characters_come_from_the_fallback(faces):
    # 𠮷 (U+20BB7) is a real surname character outside GBK; the fallback face carries it
    if not faces.face("fallback").has("\U00020BB7"):
        pytest.skip("fallback face without U+20BB7")
    assert {r.face.role for r in faces.runs("\U00020BB7大宝", "biaosong")} == {"fallback"}


def vertical_layout(tmp_path, extra=""):
    folder = tmp_path / "tpl" / "print"
    folder.mkdir(parents=True)
    (folder / "plaque.toml").write_text(
        'size_mm = [400, 2400]\nbleed_mm = 3\n[[elements]]\ntype = "text"\nid = "name"\nlabel = "工会名称"\n'
        'box_mm = [50, 100, 300, 2200]\ntext = "{{ union.name }}"\nfont = "biaosong"\n'
        f'size_pt = [300, 800]\nlines = 2\ndirection = "vertical"\nleading = 1.1\n{extra}', encoding="utf-8")
    return load_layout("plaque", tmp_path / "tpl")


def test_vertical_text_runs_top_to_bottom_with_vertical_brackets(tmp_path, faces):
    layout = vertical_layout(tmp_path)
    from docgen.model import Union

    ops, problems = layout.compose({"union": Union("安徽某某（集团）有限公司工会")}, faces)
    assert problems == []
    chars = [op for op in ops if isinstance(op, TextRun)]
    assert "".join(op.text for op in chars) == "安徽某某\ufe35集团\ufe36有限公司工会"
    assert all(a.y > b.y for a, b in zip(chars, chars[1:]))                    # top to bottom
    centres = {round(op.x + faces.face("biaosong").advance(op.text) * op.size / 2, 1) for op in chars}
    assert len(centres) == 1                                                  # one column, centred
    assert len({op.size for op in chars}) == 1


def test_vertical_text_takes_two_columns_right_to_left_only_below_the_minimum(tmp_path, faces):
    from docgen.model import Union

    layout = vertical_layout(tmp_path)
    name = "安徽省安庆市岳西县某某新材料科技股份有限公司工会委员会"
    ops, problems = layout.compose({"union": Union(name)}, faces)
    assert problems == []
    chars = [op for op in ops if isinstance(op, TextRun)]
    xs = sorted({round(op.x) for op in chars if op.text not in "·"})
    first_column = [op for op in chars if op.x > (min(o.x for o in chars) + max(o.x for o in chars)) / 2]
    assert "".join(op.text for op in chars).replace("\ufe35", "").startswith("".join(op.text for op in first_column))
    assert len(first_column) < len(chars) and len(xs) >= 2                    # the first column is the right one


def test_text_box_problem_messages(tmp_path, faces):
    layout = vertical_layout(tmp_path)
    from docgen.model import Union

    _, problems = layout.compose({"union": Union("王\U0002A6D6工会")}, faces)
    assert len(problems) == 1 and "U+2A6D6" in problems[0][1] and problems[0][0].label == "工会名称"
    _, problems = layout.compose({"union": Union("某" * 60)}, faces)
    assert "放不下" in problems[0][1]
    _, problems = layout.compose({}, faces)                                     # no union in the context
    assert "出错" in problems[0][1]


def test_spread_sets_a_two_character_name_to_three_characters_wide(faces):
    layout = load_layout("badge")
    doc = F.small_document()
    values = {"union": doc.unions[0], "officer": doc.unions[0].officers[0], "print": doc.print, "qr_data": ""}
    ops, _ = layout.compose(values, faces)
    name = next(op for op in ops if getattr(op, "text", "") == "张三")
    assert name.char_space == pytest.approx(name.size, rel=0.02)              # one em between 张 and 三
    # drawn as outlines under one invisible run that spans the same width (copies out as 张三)
    assert isinstance(name, SpacedRun) and name.span == pytest.approx(3 * name.size, rel=0.02)


def test_a_batch_can_measure_and_cap_a_text_size(tmp_path, faces):
    from docgen.model import Union
    from docgen.printing.fitting import common_size

    layout = vertical_layout(tmp_path)
    names = ["岳西县总工会", "安徽某某机械有限公司工会委员会", "岳西县天峰茶业有限公司工会委员会", "某工会", "安徽某某工会"]
    element = layout.element("name")
    sizes = [element.fit(layout.context({"union": Union(n)}, faces)).size for n in names]
    assert sizes[3] == 800 and sizes[2] < sizes[1] < sizes[0]
    cap = common_size(sizes)
    capped = layout.with_element("name", max_size=cap)
    ops, _ = capped.compose({"union": Union("某工会")}, faces)
    assert {op.size for op in ops} == {cap}
    assert layout.element("name").max_size == 800                 # the original is unchanged


def test_image_placeholder_when_the_record_has_no_photo(tmp_path, faces):
    folder = tmp_path / "tpl" / "print"
    folder.mkdir(parents=True)
    (folder / "board.toml").write_text('size_mm = [297, 420]\n[[elements]]\ntype = "image"\nid = "photo"\n'
                                       'box_mm = [10, 10, 35, 49]\nsource = "{{ officer.photo or \'\' }}"\n',
                                       encoding="utf-8")
    layout = load_layout("board", tmp_path / "tpl")
    ops, problems = layout.compose({"officer": F.officer("张三", "主席")}, faces)
    assert problems == [] and [type(op).__name__ for op in ops] == ["FillRect", "StrokeRect", "TextRun"]
    assert ops[2].text == "照片"
    photo = F.make_photos(tmp_path / "p")[0]
    ops, _ = layout.compose({"officer": F.officer("张三", "主席", photo=photo)}, faces)
    assert [type(op).__name__ for op in ops] == ["Picture"]
