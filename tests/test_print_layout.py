"""Layouts as data: validated once into typed elements, unknown keys refused, user overrides."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen.errors import InputError  # noqa: E402
from docgen.printing import elements  # noqa: E402
from docgen.printing.elements.text import TextBox  # noqa: E402
from docgen.printing.faces import FaceSet  # noqa: E402
from docgen.printing.layout import load_layout  # noqa: E402
from docgen.printing.ops import FillRect, TextRun  # noqa: E402
from docgen.printing.units import MM, Box  # noqa: E402

BUILT_IN = ["badge", "badge-portrait", "badge-90x60", "badge-qr", "card-front", "card-back"]


def user_layout(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "tpl" / "print"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return tmp_path / "tpl"


def messages(exc: pytest.ExceptionInfo) -> str:
    return "\n".join(exc.value.lines())


@pytest.mark.parametrize("name", BUILT_IN)
def test_built_in_layouts_load(name):
    layout = load_layout(name)
    assert layout.elements and all(type(e).type_name in elements.TYPES for e in layout.elements)
    assert (layout.width_mm, layout.height_mm) in {(85.6, 54), (54, 85.6), (90, 60), (90, 54)}
    assert layout.bleed_mm == 2


def test_sizes_are_converted_once_from_top_left_millimetres():
    layout = load_layout("badge")
    union = layout.element("union")
    assert isinstance(union, TextBox) and union.role == "biaosong" and (union.min_size, union.max_size) == (8, 11.5)
    # box_mm = [4, 1.6, 77.6, 11.8] on a 54 mm tall card: bottom edge 54 - 1.6 - 11.8 mm above the trim's bottom
    assert union.box == Box(4 * MM, (54 - 1.6 - 11.8) * MM, 77.6 * MM, 11.8 * MM)


def test_unknown_key_names_file_and_key(tmp_path):
    tpl = user_layout(tmp_path, "badge", """
size_mm = [85.6, 54]
[[elements]]
type = "text"
text = "{{ officer.name }}"
colour = "red"
""")
    with pytest.raises(InputError) as exc:
        load_layout("badge", tpl)
    text = messages(exc)
    assert "badge.toml" in text and "elements[1].colour" in text and "是否指 elements[1].color" in text


@pytest.mark.parametrize("body, expected", [
    ('size_mm = [85.6, 54]\nwidth = 3\n', "未知字段 width"),
    ('[[elements]]\ntype = "text"\ntext = "x"\n', "size_mm"),                       # no size
    ('size_mm = [85.6, 54]\n[[elements]]\ntype = "circle"\n', "未知元素类型“circle”"),
    ('size_mm = [85.6, 54]\n[[elements]]\ntype = "rect"\nfill = "purple"\n', "未知颜色“purple”"),
    ('size_mm = [85.6, 54]\n[[elements]]\ntype = "text"\ntext = "x"\nfont = "comic"\n', "未知字体“comic”"),
    ('size_mm = [85.6, 54]\n[[elements]]\ntype = "text"\ntext = "x"\nsize_pt = [12, 8]\n', "[最小, 最大]"),
    ('size_mm = [85.6, 54]\n[[elements]]\ntype = "text"\ntext = "x"\nbox_mm = [80, 0, 10, 5]\n', "超出成品尺寸"),
    ('size_mm = [85.6, 54]\n[[elements]]\ntype = "text"\ntext = "{{ officer.name "\n', "表达式语法错误"),
    ('size_mm = [85.6, 54]\n[[elements]]\ntype = "text"\ntext = "x"\nwhen = "officer."\n', "条件表达式语法错误"),
    ('size_mm = [85.6, 54\n', "TOML 语法错误"),
])
def test_layout_problems_are_input_errors(tmp_path, body, expected):
    tpl = user_layout(tmp_path, "badge", body)
    with pytest.raises(InputError) as exc:
        load_layout("badge", tpl)
    assert expected in messages(exc)


def test_every_problem_of_a_layout_is_listed(tmp_path):
    tpl = user_layout(tmp_path, "badge", 'size_mm = [85.6, 54]\nfoo = 1\n[[elements]]\ntype = "rect"\nfill = "x"\nbar = 2\n')
    with pytest.raises(InputError) as exc:
        load_layout("badge", tpl)
    assert len(exc.value.problems) == 3


def test_theme_black_must_be_pure_k(tmp_path):
    tpl = user_layout(tmp_path, "theme", '[colors]\nblack = [60, 40, 40, 100]\n')
    user_layout(tmp_path, "badge", 'size_mm = [85.6, 54]\n')
    with pytest.raises(InputError) as exc:
        load_layout("badge", tpl)
    assert "单色黑" in messages(exc)


def test_a_user_layout_overrides_the_built_in(tmp_path):
    tpl = user_layout(tmp_path, "badge", 'title = "我的胸卡"\nsize_mm = [90, 60]\n[[elements]]\ntype = "rect"\nfill = "red"\n')
    assert load_layout("badge", tpl).title == "我的胸卡"
    assert load_layout("card-front", tpl).title == "联系卡（正面）"    # others still built in


def test_unknown_layout_name():
    with pytest.raises(InputError) as exc:
        load_layout("poster")
    assert "print/poster.toml" in messages(exc) and "badge" in messages(exc)


def test_compose_applies_when_and_bleed(tmp_path):
    layout = load_layout("badge")
    doc = F.small_document()
    union, officer = doc.unions[0], doc.unions[0].officers[0]
    ops, problems = layout.compose({"union": union, "officer": officer, "print": doc.print, "qr_data": ""}, FaceSet())
    assert problems == []
    texts = "".join(op.text for op in ops if isinstance(op, TextRun))
    assert officer.name in texts and union.name in texts and "主席" in texts
    # no photo: the photo variant's elements are not drawn
    assert not any(type(op).__name__ == "Picture" for op in ops)
    band = next(op for op in ops if isinstance(op, FillRect))
    assert band.box.x == -2 * MM and band.box.top == pytest.approx((54 + 2) * MM)   # runs into the bleed


def test_an_element_type_can_be_registered(tmp_path):
    @elements.register("dot")
    @dataclass(frozen=True, eq=False)
    class Dot(elements.Element):
        @classmethod
        def read(cls, table, common, cx):
            return cls(common)

        def compose(self, cx):
            return [FillRect(self.box, (0, 0, 0, 1))]

    try:
        tpl = user_layout(tmp_path, "badge", 'size_mm = [85.6, 54]\n[[elements]]\ntype = "dot"\nbox_mm = [1, 1, 2, 2]\n')
        layout = load_layout("badge", tpl)
        ops, _ = layout.compose({}, FaceSet())
        assert len(ops) == 1 and ops[0].box.w == pytest.approx(2 * MM)
    finally:
        del elements.TYPES["dot"]


# --- line numbers, nan/inf, the layout's own images ----------------------------------------------

def test_layout_problems_carry_line_numbers(tmp_path):
    tpl = user_layout(tmp_path, "mine", 'title = "x"\nsize_mm = [85.6, 54]\n\n[[elements]]\ntype = "rect"\n'
                                       'box_mm = [0, 0, 10, 10]\nfill = "red"\nradius_mm = "2"\n')
    with pytest.raises(InputError) as exc:
        load_layout("mine", tpl)
    assert 'mine.toml 第8行: elements[1].radius_mm “2” 应为数字' in messages(exc)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
def test_nan_and_infinity_are_refused(tmp_path, value):
    tpl = user_layout(tmp_path, "mine", f'size_mm = [85.6, 54]\nbleed_mm = {value}\n')
    with pytest.raises(InputError) as exc:
        load_layout("mine", tpl)
    assert "mine.toml 第2行: bleed_mm" in messages(exc) and "nan 或 inf" in messages(exc)


@pytest.mark.parametrize("character, said", [("\\u200b", "零宽字符 U+200B"), ("\\uffff", "控制字符 U+FFFF"),
                                             ("\\t", "控制字符 U+0009"), ("\\u202e", "文字方向控制字符 U+202E")])
def test_a_layout_text_may_not_hold_what_the_input_may_not(tmp_path, character, said):
    """A character pasted into a layout would go to the printer (U+FFFF as a replacement glyph on a
    2.4 m plaque): it is refused at its line, as in the input and in the plan's templates."""
    tpl = user_layout(tmp_path, "mine", 'size_mm = [85.6, 54]\n\n[[elements]]\ntype = "text"\nid = "x"\n'
                                       f'box_mm = [5, 5, 70, 10]\ntext = "职工之家{character}"\n')
    with pytest.raises(InputError) as exc:
        load_layout("mine", tpl)
    assert f"mine.toml 第7行: elements[1].text 含{said}" in messages(exc), messages(exc)


def test_layout_syntax_error_is_chinese_with_line(tmp_path):
    tpl = user_layout(tmp_path, "mine", 'size_mm = [85.6, 54]\n[[elements]\n')
    with pytest.raises(InputError) as exc:
        load_layout("mine", tpl)
    assert "mine.toml 第2行" in messages(exc) and "TOML 语法错误" in messages(exc) and "at line" not in messages(exc)


def _logo(path: Path) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), (200, 0, 0)).save(path)
    return path


LOGO = 'size_mm = [85.6, 54]\n\n[[elements]]\ntype = "image"\nbox_mm = [0, 0, 20, 10]\nsource = "{}"\n'


def test_a_layout_image_is_found_next_to_the_layout_not_in_the_working_folder(tmp_path, monkeypatch):
    tpl = user_layout(tmp_path, "mine", LOGO.format("img/logo.png"))
    logo = _logo(tpl / "print" / "img" / "logo.png")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    layout = load_layout("mine", tpl)
    ops, problems = layout.compose({}, FaceSet())
    assert not problems
    assert [op.path for op in ops if type(op).__name__ == "Picture"] == [logo.resolve()]


def test_a_templated_layout_image_is_found_next_to_the_layout(tmp_path, monkeypatch):
    tpl = user_layout(tmp_path, "mine", LOGO.format("{{ 'logo' }}.png"))
    logo = _logo(tpl / "print" / "logo.png")
    monkeypatch.chdir(tmp_path)
    ops, problems = load_layout("mine", tpl).compose({}, FaceSet())
    assert not problems and [op.path for op in ops if type(op).__name__ == "Picture"] == [logo.resolve()]


@pytest.mark.parametrize("source, expected", [
    ("../../logo.png", "在模板文件夹"),           # climbs out of the template folder
    ("missing.png", "找不到图片文件"),
    ("text.png", "不是 JPEG 或 PNG"),
    ("cut.png", "已损坏"),
])
def test_layout_images_are_checked_when_the_layout_is_read(tmp_path, source, expected):
    tpl = user_layout(tmp_path, "mine", LOGO.format(source))
    _logo(tmp_path / "logo.png")
    (tpl / "print" / "text.png").write_bytes(b"not an image")
    whole = _logo(tmp_path / "whole.png").read_bytes()
    (tpl / "print" / "cut.png").write_bytes(whole[: len(whole) - 30])
    with pytest.raises(InputError) as exc:
        load_layout("mine", tpl)
    assert "mine.toml 第6行: elements[1].source" in messages(exc) and expected in messages(exc)


def test_table_image_columns_are_checked_too(tmp_path):
    tpl = user_layout(tmp_path, "mine", 'size_mm = [297, 420]\n\n[[elements]]\ntype = "table"\nrows = "officers"\n'
                                       'box_mm = [10, 10, 200, 300]\n[[elements.columns]]\ntype = "image"\n'
                                       'source = "/etc/hostname"\n')
    with pytest.raises(InputError) as exc:
        load_layout("mine", tpl)
    assert "elements[1].columns[1].source" in messages(exc) and "在模板文件夹" in messages(exc)


@pytest.mark.parametrize("name", ["theme", "plaque-sizes", "../print/badge", "/etc/passwd", ".hidden", ""])
def test_a_layout_name_is_a_layout_file_name(name):
    with pytest.raises(InputError) as exc:
        load_layout(name)
    assert "的版式。可用的版式：badge：" in messages(exc)
