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
