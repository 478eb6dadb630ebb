"""Campaign presets: templates/plan/<campaign>/preset.toml, and where the user's sections go.

A preset names its standard sections (title + body template), its title and opening templates,
and the default texts of its standard stages. It is read through the template loader, so a
user's `templates` folder can replace it file by file like any template.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Place
from ..model import Section


@dataclass(frozen=True)
class PresetSection:
    title: str
    body: str                    # template path, relative to the template set
    last: bool = False           # stays after the sections the input adds without `before`


@dataclass(frozen=True)
class Preset:
    campaign: str
    name: str                    # short name used in prose: 双亮
    title: str                   # template paths, relative to the template set
    intro: str | None
    sections: tuple[PresetSection, ...]
    stages: tuple[tuple[str, str], ...]    # (standard stage name, default text template)

    def stage_template(self, name: str) -> str | None:
        key = _normal(name)
        return next((path for stage, path in self.stages if _normal(stage) == key), None)


@dataclass(frozen=True)
class Entry:
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
    folder = f"plan/{campaign}"
    text, filename = source_of(f"{folder}/preset.toml", user_dir)
    try:
        data = tomllib.loads(text)
        return Preset(
            campaign=campaign,
            name=str(data["name"]),
            title=f"{folder}/{data['title']}",
            intro=f"{folder}/{data['intro']}" if data.get("intro") else None,
            sections=tuple(PresetSection(str(s["title"]), f"{folder}/{s['body']}", bool(s.get("last", False)))
                           for s in data.get("sections", [])),
            stages=tuple((str(s["name"]), f"{folder}/{s['text']}") for s in data.get("stages", [])),
        )
    except tomllib.TOMLDecodeError as exc:
        raise InputError.at(Place(filename), f"预设文件格式错误：{exc}") from None
    except (KeyError, TypeError) as exc:
        raise InputError.at(Place(filename), f"预设文件缺少或写错了字段 {exc}") from None


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
    except (OSError, UnicodeDecodeError, ImportError):
        return None
