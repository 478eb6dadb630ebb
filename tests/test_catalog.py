"""Lists as data: campaign presets, layouts, plaque sizes and font roles come from files in the
template folders, and a user's template folder adds to them — proved through the real command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from conftest import edited
from docgen import catalog, fonts
from docgen.errors import InputError
from docgen.resources import FONTS, TEMPLATES

ROOT = Path(__file__).resolve().parent.parent


def docgen(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT), DOCGEN_CACHE="")
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


# --- the built-in lists ----------------------------------------------------------------------------

def test_built_in_presets_in_their_order_with_labels():
    presets = catalog.available_presets()
    assert [(n, p.label) for n, p in presets.items()] == [
        ("shuangliang", "双亮"), ("shuangzheng", "双争"), ("liuyou", "六有六规范"), ("custom", "自定义")]
    assert all((TEMPLATES / "plan" / n / "preset.toml") == p.file for n, p in presets.items())


def test_a_campaign_finds_the_file_the_list_has_and_nothing_else(tmp_path):
    """preset_file reads no preset, but answers as the list does: the user's copy first, and no
    path (../, a case variant, a folder without preset.toml) is a preset."""
    user = tmp_path / "mine"
    shutil.copytree(TEMPLATES / "plan" / "custom", user / "plan" / "liuyou")
    (user / "plan" / "empty").mkdir()
    for folder in (None, user):
        listed = catalog.available_presets(folder)
        for name, info in listed.items():
            assert catalog.preset_file(name, folder) == info.file
    assert catalog.preset_file("liuyou", user) == user / "plan" / "liuyou" / "preset.toml"
    assert catalog.preset_file("liuyou") == TEMPLATES / "plan" / "liuyou" / "preset.toml"
    for name in ("empty", "../plan/liuyou", "plan/liuyou", "LiuYou", "", ".", "..", "liuyou/"):
        assert catalog.preset_file(name, user) is None, name


def test_built_in_layouts_are_the_print_files_less_the_data_files():
    layouts = catalog.available_layouts()
    files = {p.stem for p in (TEMPLATES / "print").glob("*.toml")}
    assert set(layouts) == files - {"theme", "plaque-sizes"}
    assert {"badge", "badge-qr", "card-front", "plaque-vertical"} <= set(layouts)


def test_built_in_plaque_sizes():
    sizes = {n: s.size for n, s in catalog.plaque_sizes().items()}
    assert sizes == {"county": (400.0, 2400.0), "enterprise": (300.0, 1800.0), "narrow": (360.0, 2200.0),
                     "landscape": (600.0, 400.0), "landscape-large": (800.0, 600.0)}


def test_font_roles_name_the_bundled_files():
    roles = catalog.font_roles()
    assert tuple(roles) == fonts.ROLES == ("biaosong", "song", "hei", "kai", "fangsong", "fallback")
    for role in roles.values():
        assert (FONTS / role.file).is_file() and role.label and role.family and role.purpose
    assert "仿宋_GB2312" in roles["fangsong"].office_names and not roles["fallback"].office_names


def test_unknown_names_list_what_exists(sample_toml):
    edited(sample_toml, 'campaign = "shuangliang"', 'campaign = "shuangliangg"')
    done = docgen("check", sample_toml, cwd=sample_toml.parent)
    assert done.returncode == 2
    assert "plan.campaign" in done.stderr
    assert "可用的活动：双亮（shuangliang）、双争（shuangzheng）、六有六规范（liuyou）、自定义（custom）" in done.stderr


def test_unknown_layout_lists_what_exists(sample_toml):
    done = docgen("badges", sample_toml, "--layout", "badge-mini", cwd=sample_toml.parent)
    assert done.returncode == 2
    assert "没有名为“badge-mini”的胸卡版式" in done.stderr
    for name in catalog.available_layouts():
        assert (name in done.stderr) == name.startswith("badge")     # only the badge layouts
    assert not (sample_toml.parent / "out").exists()


@pytest.mark.parametrize("layout", ["board", "card-front", "plaque-vertical"])
def test_badges_refuse_the_layout_of_another_product(sample_toml, layout):
    done = docgen("badges", sample_toml, "--layout", layout, cwd=sample_toml.parent)
    assert done.returncode == 2, done.stdout
    assert f"没有名为“{layout}”的胸卡版式" in done.stderr and "badge-qr" in done.stderr
    assert not (sample_toml.parent / "out").exists()


def test_unknown_plaque_size_lists_what_exists(sample_toml):
    done = docgen("plaques", sample_toml, "--size", "huge", cwd=sample_toml.parent)
    assert done.returncode == 2
    assert "可用的牌匾尺寸：" in done.stderr and "400×2400（county）" in done.stderr


def test_a_broken_roles_file_is_an_installation_fault(monkeypatch, tmp_path):
    (tmp_path / "roles.toml").write_text("[song\n", encoding="utf-8")
    monkeypatch.setattr(catalog, "FONTS", tmp_path)
    catalog.font_roles.cache_clear()
    try:
        with pytest.raises(Exception) as exc:
            catalog.font_roles()
        assert not isinstance(exc.value, InputError) and exc.value.exit_code == 1
        assert "roles.toml" in exc.value.message and "第1行" in exc.value.message
    finally:
        monkeypatch.undo()
        catalog.font_roles.cache_clear()


# --- a user's template folder adds a campaign, a layout and a plaque size --------------------------

@pytest.fixture
def user_templates(sample_toml: Path) -> Path:
    tpl = sample_toml.parent / "我的模板"
    mine = tpl / "plan" / "mine"
    shutil.copytree(TEMPLATES / "plan" / "custom", mine)
    (mine / "preset.toml").write_text(
        'name = "职工书屋"\nlabel = "职工书屋建设"\ntitle = "title.j2"\n\n'
        '[[sections]]\ntitle = "书屋建设的主要内容"\nbody = "contents.j2"\n\n'
        '[[sections]]\ntitle = "实施步骤"\nbody = "steps.j2"\nlast = true\n', encoding="utf-8")
    (mine / "contents.j2").write_text("各基层工会都要建好{{ campaign }}，做到有场地、有图书、有制度。\n", encoding="utf-8")
    (mine / "title.j2").write_text("关于在{{ scope }}开展职工书屋建设的实施方案\n", encoding="utf-8")
    layout = (TEMPLATES / "print" / "badge.toml").read_text(encoding="utf-8")
    (tpl / "print").mkdir(parents=True)
    (tpl / "print" / "badge-mine.toml").write_text(
        layout.replace('title = "胸卡（横版）"', 'title = "我的胸卡"')
        + '\n[[elements]]\ntype = "text"\nid = "mark"\nbox_mm = [60, 50, 25, 3.5]\ntext = "自制版式"\n'
          'size_pt = [5, 6]\n', encoding="utf-8")
    (tpl / "print" / "plaque-sizes.toml").write_text(
        '[office-door]\nlabel = "办公室门牌"\nsize_mm = [300, 500]\n', encoding="utf-8")
    text = sample_toml.read_text(encoding="utf-8")
    text = text.replace("version = 1", 'version = 1\ntemplates = "我的模板"', 1)
    sample_toml.write_text(text.replace('campaign = "shuangliang"', 'campaign = "mine"'), encoding="utf-8")
    return tpl


def test_user_campaign_through_plan(user_templates, sample_toml):
    folder = sample_toml.parent
    check = docgen("check", sample_toml, cwd=folder)
    assert check.returncode == 0, check.stderr
    assert "实施方案：职工书屋建设，" in check.stdout
    done = docgen("plan", sample_toml, "-o", folder / "方案.docx", cwd=folder)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(folder / "方案.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    body = "".join(__import__("re").findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    assert "开展职工书屋建设的实施方案" in body
    assert "书屋建设的主要内容" in body and "各基层工会都要建好职工书屋" in body
    assert body.index("书屋建设的主要内容") < body.index("实施步骤")


def test_user_campaign_is_listed_when_misspelt(user_templates, sample_toml):
    edited(sample_toml, 'campaign = "mine"', 'campaign = "mien"')
    done = docgen("check", sample_toml, cwd=sample_toml.parent)
    assert done.returncode == 2
    assert "自定义（custom）、职工书屋建设（mine）" in done.stderr


def test_user_layout_through_badges(user_templates, sample_toml):
    folder = sample_toml.parent
    out = folder / "胸卡.pdf"
    done = docgen("badges", sample_toml, "--layout", "badge-mine", "--sheet", "single", "-o", out, "-q", cwd=folder)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        assert "自制版式" in page.extract_text()
        assert page.width == pytest.approx((85.6 + 4) / 25.4 * 72, abs=0.5)     # trim + 2 mm bleed each side


def test_user_layout_is_listed_when_misspelt(user_templates, sample_toml):
    done = docgen("badges", sample_toml, "--layout", "badge-mien", cwd=sample_toml.parent)
    assert done.returncode == 2 and "badge-mine：我的胸卡" in done.stderr


def test_user_plaque_size_through_plaques(user_templates, sample_toml):
    folder = sample_toml.parent
    done = docgen("plaques", sample_toml, "--size", "office-door", "--only", "天峰茶业", "-o", folder / "牌匾",
                  "-q", cwd=folder)
    assert done.returncode == 0, done.stderr
    plaque = next((folder / "牌匾").glob("01-*.pdf"))
    with pdfplumber.open(plaque) as pdf:
        page = pdf.pages[0]
        bleed = 2 * 3 / 25.4 * 72
        assert (page.width - bleed, page.height - bleed) == pytest.approx((300 / 25.4 * 72, 500 / 25.4 * 72), abs=1)
