"""Campaign presets: templates/plan/<campaign>/preset.toml, and where the user's sections go.

A preset names its standard sections (title + body template), its title and opening templates,
and the default texts of its standard stages. The user's `templates` folder can replace it like
any template (its copy is read first), or add a campaign: a folder plan/<name>/ with a
preset.toml is a preset (docgen.catalog.available_presets). It is read and checked by the
input's TOML reader (size limit, line numbers, Chinese messages).
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from ..errors import InputError, Place
from ..model import Section


class PresetSection(Struct, frozen=True):
    """A section a campaign preset always writes: its title and body template."""

    title: str
    body: str                    # template path, relative to the template set
    last: bool = False           # stays after the sections the input adds without `before`


class Preset(Struct, frozen=True):
    """A campaign preset (preset.toml): the templates of the plan's title, intro, sections and stages."""

    campaign: str
    name: str                    # short name used in prose: 双亮
    title: str                   # template paths, relative to the template set
    intro: str | None
    sections: tuple[PresetSection, ...]
    stages: tuple[tuple[str, str], ...]    # (standard stage name, default text template)

    def stage_template(self, name: str) -> str | None:
        key = _normal(name)
        return next((path for stage, path in self.stages if _normal(stage) == key), None)


class Entry(Struct, frozen=True):
    """One top-level section of the plan, in order: a preset section or a user section."""
    title: str
    body: str | None = None      # preset body template
    section: Section | None = None


def _normal(name: str) -> str:
    return "".join(ch for ch in name if ch not in " 　、，,").strip()


def source_of(name: str, user_dir: Path | None) -> tuple[str, str]:
    """(text, file name) of a file in the template set, the user's copy first."""
    import jinja2

    from ..templating import environment

    env = environment(user_dir)
    try:
        text, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        raise InputError.at(Place(name), f"找不到模板文件 {name}") from None
    return text, filename or name


def load_preset(campaign: str, user_dir: Path | None) -> Preset:
    """plan/<campaign>/preset.toml (the user's copy first), read by the input's TOML reader and
    checked key by key: a fault names the file, line and key in Chinese."""
    from .. import catalog
    from ..errors import Collector
    from ..load import values
    from ..load.toml_file import Context, Node, read_toml

    file = catalog.preset_file(campaign, user_dir)      # the user's copy when there is one
    if file is None:
        presets = catalog.available_presets(user_dir)
        raise catalog.unknown("活动", campaign, {n: p.label for n, p in presets.items()})
    folder = f"plan/{campaign}"
    data, lines, _ = read_toml(file)
    out = Collector()
    root = Node(data, "", Context(file, lines, out))
    root.allow("name", "label", "order", "title", "intro", "sections", "stages")
    name = root.text("name", required=True, max_len=20)
    root.text("label", max_len=20)
    root.get("order", values.integer)
    title = root.text("title", required=True)
    intro = root.text("intro")
    sections = []
    for node in root.tables("sections"):
        node.allow("title", "body", "last")
        s_title, body = node.text("title", required=True, max_len=40), node.text("body", required=True)
        last = node.get("last", _boolean, default=False)
        if s_title and body:
            sections.append(PresetSection(s_title, f"{folder}/{body}", bool(last)))
    stages = []
    for node in root.tables("stages"):
        node.allow("name", "text")
        s_name, s_text = node.text("name", required=True, max_len=40), node.text("text", required=True)
        if s_name and s_text:
            stages.append((s_name, f"{folder}/{s_text}"))
    out.raise_if_any()
    return Preset(campaign=campaign, name=name or "", title=f"{folder}/{title}",
                  intro=f"{folder}/{intro}" if intro else None, sections=tuple(sections), stages=tuple(stages))


def _boolean(v):
    from ..load import values

    if not isinstance(v, bool):
        raise values.ValueProblem(f"{values.quoted(v)} 应为 true 或 false（不加引号）")
    return v


def arrange(preset: Preset, extra: tuple[Section, ...], source: Path) -> list[Entry]:
    """The preset's sections with the user's inserted where `before` says (else at the end, but
    ahead of preset sections marked `last`).

    An unknown `before` is an input error that lists the titles it could name.
    """
    entries = [Entry(s.title, body=s.body) for s in preset.sections]
    trailing = sum(1 for s in preset.sections if s.last)
    for i, section in enumerate(extra, 1):
        entry = Entry(section.title, section=section)
        if not section.before:
            entries.insert(len(entries) - trailing, entry)
            continue
        titles = [e.title for e in entries]
        if section.before not in titles:
            key = f"plan.sections[{i}].before"
            choices = "、".join(titles) if titles else "（本预设没有章节，请去掉 before）"
            raise InputError.at(Place(source.name, _line(source, key), key),
                                f"“{section.before}”不是本方案的章节标题，可选：{choices}")
        entries.insert(titles.index(section.before), entry)
    return entries


def _line(source: Path, key: str) -> int | None:
    try:
        from ..load.toml_lines import LineIndex

        return LineIndex(source.read_text(encoding="utf-8")).line_of(key)
    except Exception:       # only a line number for a message: never worth failing over
        return None
