"""Shared by tests/test_gongwen_*.py and tests/test_convert.py: fixture documents and XML access."""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

from docgen.gongwen import compose_notice, compose_plan, to_docx
from docgen.load import load

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = {
    "county": ROOT / "samples" / "county.toml",
    "zhuanfa": HERE / "zhuanfa.toml",
    "zhuanfa-notext": HERE / "zhuanfa-notext.toml",
    "liuyou": HERE / "liuyou.toml",
    "shuangzheng": HERE / "shuangzheng.toml",
    "custom": HERE / "custom.toml",
    "grid": HERE / "grid.toml",
    "short": HERE / "short.toml",
}
# (fixture, command) pairs covering every kind of generated file
DOCUMENTS = [("county", "plan"), ("county", "notice"), ("zhuanfa", "notice"), ("zhuanfa-notext", "notice"),
             ("liuyou", "plan"), ("liuyou", "notice"), ("shuangzheng", "plan"), ("custom", "plan"), ("grid", "plan"),
             ("short", "plan"), ("short", "notice")]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
MM = 72 / 25.4          # PDF points per millimetre


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@lru_cache(maxsize=None)
def document(name: str):
    return load(FIXTURES[name])


@lru_cache(maxsize=None)
def composition(name: str, kind: str):
    doc = document(name)
    return compose_plan(doc) if kind == "plan" else compose_notice(doc)


@lru_cache(maxsize=None)
def docx(name: str, kind: str) -> bytes:
    return to_docx(composition(name, kind))


def part(data: bytes, path: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(path))


def body_paragraphs(data: bytes) -> list[etree._Element]:
    return part(data, "word/document.xml").findall(".//w:body//w:p", NS)


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def style_of(p: etree._Element) -> str:
    node = p.find("w:pPr/w:pStyle", NS)
    return node.get(w("val")) if node is not None else "Normal"


def prop(p: etree._Element, path: str, attr: str) -> str | None:
    node = p.find(f"w:pPr/{path}", NS)
    return None if node is None else node.get(w(attr))


def find(data: bytes, text: str, style: str | None = None) -> etree._Element:
    """The first body paragraph whose text starts with `text` (and has `style`, if given)."""
    for p in body_paragraphs(data):
        if text_of(p).startswith(text) and (style is None or style_of(p) == style):
            return p
    raise AssertionError(f"no paragraph starts with {text!r}")


def styles(data: bytes) -> dict[str, etree._Element]:
    root = part(data, "word/styles.xml")
    return {s.get(w("styleId")): s for s in root.findall("w:style", NS)}


def style_chain_value(data: bytes, style_id: str, path: str, attr: str) -> str | None:
    """A property looked up through a style's basedOn chain, then the document defaults."""
    table = styles(data)
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = table[style_id]
        node = style.find(path, NS)
        if node is not None and node.get(w(attr)) is not None:
            return node.get(w(attr))
        based = style.find("w:basedOn", NS)
        style_id = based.get(w("val")) if based is not None else None
    node = part(data, "word/styles.xml").find(f"w:docDefaults/w:rPrDefault/{path}", NS)
    return None if node is None else node.get(w(attr))


def plain(text: str) -> str:
    """Text with the half-width punctuation of web copies made full-width, spaces dropped."""
    table = str.maketrans({":": "：", "(": "（", ")": "）", ",": "，", ";": "；"})
    return re.sub(r"\s+", "", text.translate(table))
