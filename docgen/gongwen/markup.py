"""The small markup that plan and notice templates render to, read into blocks.

A template writes prose; this decides only structure, so headings are numbered here and adding
an item renumbers the rest. The rules (also in templates/plan/README.md):

- Blocks are separated by blank lines (a line starting with "#" starts one too); the lines of
  one block are joined without a space, so Chinese prose may be wrapped freely in a template.
- "# ", "## ", "### ", "#### " start a numbered item of level 1-4 (一、 （一） 1. （1）):
  "## 标题。正文……" puts the heading (through the first 。) in the level's face and the rest in
  仿宋 on the same line; "## 标题" without 。 is a heading line of its own, kept with the next
  line; "## 一句话。" alone is a numbered paragraph in 仿宋.
- "##* 文字" is an unnumbered heading line of that level (stage lines: 第一阶段：……); ending in
  。 it is one run-in paragraph instead, its label through the first ： in the level's face.
- Anything else is a body paragraph.
"""

from __future__ import annotations

import re

from .. import cn
from .blocks import Block, Heading, Paragraph, Span

FACES = {1: "hei", 2: "kai", 3: "fangsong", 4: "fangsong"}
_ITEM = re.compile(r"^(#{1,4})(\*?) +(.*)$", re.S)
SENTENCE_END = "。"


class Numbering:
    """Counters for the four heading levels; a higher level resets the ones below it."""

    def __init__(self):
        self.counts = [0] * 5

    def next(self, level: int) -> str:
        self.counts[level] += 1
        for deeper in range(level + 1, 5):
            self.counts[deeper] = 0
        return cn.heading_marker(level, self.counts[level])


def blocks_of(text: str) -> list[str]:
    """The blocks of rendered template text, each with its lines joined. A line that starts an
    item ("#") also starts a block, so a template need not get its blank lines exactly right."""
    out = []
    for chunk in re.split(r"\n[ \t\u3000]*\n", text.replace("\r\n", "\n")):
        current: list[str] = []
        for line in chunk.split("\n"):
            line = line.strip()
            if line.startswith("#") and current:
                out.append("".join(current))
                current = []
            if line:
                current.append(line)
        if current:
            out.append("".join(current))
    return out


def parse(text: str, numbering: Numbering | None = None) -> list[Block]:
    """Blocks for rendered template text; `numbering` continues an outer count (a plan section)."""
    numbering = numbering or Numbering()
    out: list[Block] = []
    for chunk in blocks_of(text):
        m = _ITEM.match(chunk)
        if not m:
            out.append(Paragraph((Span(chunk),)))
            continue
        level, unnumbered, body = len(m.group(1)), m.group(2) == "*", m.group(3).strip()
        if unnumbered:
            out.append(run_in(level, body) if body.endswith(SENTENCE_END) else Heading(level, body))
            continue
        out.append(item(level, numbering.next(level), body))
    return out


def run_in(level: int, body: str) -> Paragraph:
    """An unnumbered line that is a whole sentence ("第四阶段：巩固提高（2014年7月）。"): one
    paragraph, its label through the first ： in the level's face, the rest in 仿宋."""
    head, sep, rest = body.partition("：")
    if not sep or not rest:
        return Paragraph((Span(body),))
    return Paragraph((Span(head + sep, FACES[level]), Span(rest)))


def item(level: int, marker: str, body: str) -> Block:
    """A numbered item: heading line, inline heading + text, or numbered paragraph."""
    head, sep, rest = body.partition(SENTENCE_END)
    if not sep:
        return Heading(level, marker + body)
    if not rest.strip():
        return Paragraph((Span(marker + body),))
    return Paragraph((Span(marker + head + sep, FACES[level]), Span(rest.strip())))


# ---- forwarded text (转发): plain paragraphs whose own markers are kept as written ----------

_LEVEL1 = re.compile(r"^[一二三四五六七八九十百]+、")
_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")


def plain_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text file: blank lines separate them; a file without blank lines
    has one paragraph per line."""
    text = text.replace("\r\n", "\n").replace("\ufeff", "")
    if re.search(r"\n[ \t\u3000]*\n", text):
        return blocks_of(text)
    return [line.strip() for line in text.split("\n") if line.strip()]


def forwarded(paragraphs: list[str]) -> list[Block]:
    """Blocks for a forwarded document's text: its 一、 and （一） headings keep their faces."""
    out: list[Block] = []
    for para in paragraphs:
        level = 1 if _LEVEL1.match(para) else 2 if _LEVEL2.match(para) else 0
        if not level:
            out.append(Paragraph((Span(para),)))
            continue
        head, sep, rest = para.partition(SENTENCE_END)
        if not sep or not rest.strip():
            out.append(Heading(level, para) if not sep else Paragraph((Span(para),)))
        else:
            out.append(Paragraph((Span(head + sep, FACES[level]), Span(rest.strip()))))
    return out
