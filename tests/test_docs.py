"""The documentation inside the product: every link resolves inside the repository (file and
heading), nothing points at material a user's copy lacks, and the docs name the real field names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "templates").glob("*/README.md")),
         ROOT / "assets" / "fonts" / "README.md"]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    heads = re.findall(r"^#{1,6}\s+(.+?)\s*$", text, flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in heads}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_stay_in_the_repository_and_resolve(page):
    text = page.read_text(encoding="utf-8")
    assert "../shared" not in text and "shared/spec" not in text
    for target in LINK.findall(text):
        assert not re.match(r"[a-z]+:", target), f"{page.name}: {target} leaves the repository"
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        assert dest.is_relative_to(ROOT) and dest.exists(), f"{page.name}: {target}"
        if anchor:
            assert anchor in anchors(dest), f"{page.name}: no heading for #{anchor} in {dest.name}"


def test_readme_links_every_doc():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in ("docs/input.md", "docs/templates.md", "docs/architecture.md"):
        assert f"]({doc})" in readme


def test_input_doc_names_every_field_and_roster_header():
    """docs/input.md against the loader: every allowed key and every roster header synonym."""
    from docgen.load import roster

    doc = (ROOT / "docs" / "input.md").read_text(encoding="utf-8")
    loader = (ROOT / "docgen" / "load" / "document.py").read_text(encoding="utf-8")
    keys = {k for call in re.findall(r"\.allow\(([^)]*)\)", loader) for k in re.findall(r'"(\w+)"', call)}
    assert len(keys) > 40
    missing = sorted(k for k in keys if not re.search(rf"\b{k}\b", doc))
    assert not missing, missing
    for header in roster.HEADERS:
        assert header in doc, header


# --- docs/templates.md followed as written: its snippets, put where it says, work ---------------

def toml_blocks(page: Path) -> list[str]:
    return re.findall(r"```toml\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)


def block_with(page: Path, marker: str) -> str:
    found = [b for b in toml_blocks(page) if marker in b]
    assert len(found) == 1, f"{marker!r}: {len(found)} blocks"
    return found[0]


def test_templates_doc_snippets_work_in_a_user_folder(sample_dir):
    import shutil

    import pdfplumber
    from click.testing import CliRunner

    from docgen.cli import cli
    from docgen.resources import TEMPLATES

    page = ROOT / "docs" / "templates.md"
    mine = sample_dir / "my-templates"
    # 增加活动预设: the preset.toml shown, in a copy of a full built-in preset
    shutil.copytree(TEMPLATES / "plan" / "shuangliang", mine / "plan" / "wenming")
    (mine / "plan" / "wenming" / "preset.toml").write_text(block_with(page, 'name = "文明单位创建"'), encoding="utf-8")
    # 增加牌匾尺寸: the file shown, as it is
    (mine / "print").mkdir()
    (mine / "print" / "plaque-sizes.toml").write_text(block_with(page, "[village]"), encoding="utf-8")
    # 字体角色: the built-in theme.toml copied, its [fonts] table replaced by the one shown
    theme = (TEMPLATES / "print" / "theme.toml").read_text(encoding="utf-8")
    fonts = block_with(page, 'name = "kai"')
    (mine / "print" / "theme.toml").write_text(theme[:theme.index("[fonts]")] + fonts, encoding="utf-8")
    toml = sample_dir / "county.toml"
    text = toml.read_text(encoding="utf-8").replace('campaign = "shuangliang"', 'campaign = "wenming"')
    toml.write_text('templates = "my-templates"\n' + text, encoding="utf-8")

    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(toml), "-q"])
    assert checked.exit_code == 0, checked.output
    assert "实施方案：文明创建" in checked.output
    plaques = runner.invoke(cli, ["plaques", str(toml), "--size", "village", "--only", "天峰", "-q",
                                  "-o", str(sample_dir / "牌匾")])
    assert plaques.exit_code == 0, plaques.output
    assert "300 × 1500 mm" in plaques.output
    badges = runner.invoke(cli, ["badges", str(toml), "--only", "刘建华", "-q", "-o", str(sample_dir / "胸卡.pdf")])
    assert badges.exit_code == 0, badges.output
    with pdfplumber.open(sample_dir / "胸卡.pdf") as pdf:
        name_fonts = {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars if c["text"] in "刘建华"}
    assert name_fonts and all("Kai" in f for f in name_fonts), name_fonts
