"""Reading the TOML file: decoding, syntax errors in Chinese, and a walker that reports every
problem with its line and key path (1-based indices: plan.stages[3] is the third stage)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, overload

from ..errors import Collector, InputError, Place
from . import values
from .files import read_limited
from .toml_lines import LineIndex, Refused

T = TypeVar("T")

# tomllib's messages -> Chinese. Matched by prefix; the position is appended separately.
_SYNTAX = [
    ("Expected '=' after a key", "键后面缺少“=”"),
    ("Invalid statement", "无法识别的语句（缺少“=”或引号？）"),
    ("Unclosed array", "数组缺少右方括号“]”"),
    ("Unclosed inline table", "内联表缺少右花括号“}”"),
    ("Unterminated string", "字符串缺少结束引号"),
    ("Illegal character '\\n'", "字符串缺少结束引号（普通字符串不能跨行，多行文字请用三个引号 \"\"\"）"),
    ("Illegal character", "字符串中有不允许的字符（如换行或控制字符）"),
    ("Invalid value", "无效的值（文字需要用引号括起来）"),
    ("Invalid initial character for a key part", "键名的开头字符无效"),
    ("Cannot overwrite a value", "同一个键重复出现"),
    ("Cannot declare", "同一个表重复声明"),
    ("Cannot mutate", "同一个表重复声明"),
    ("Expected newline or end of document", "一行只能写一个键值对（前面的值后面多了内容）"),
    ("Expected ']' at the end of a table declaration", "表名缺少右方括号“]”"),
    ("Expected ']]' at the end of an array declaration", "表数组名缺少“]]”"),
    ("Unescaped '\\' in a string", "字符串中的反斜杠“\\”需写成“\\\\”，或改用单引号"),
    ("Unescaped", "字符串中的反斜杠“\\”需写成“\\\\”，或改用单引号"),
    ("Invalid date or datetime", "无效的日期"),
    ("Invalid hex value", "无效的转义序列"),
]


MAX_TOML_BYTES = 2 * 1024 * 1024    # an input with thousands of unions is ~1 MB; larger lists go in a roster


def read_toml(path: Path, limit: int = MAX_TOML_BYTES) -> tuple[dict, LineIndex, str]:
    """Read and parse a TOML file docgen reads (input, preset, layout, theme): (data, lines, text).
    Every fault is an InputError with the file's name, the line and a Chinese reason."""
    raw = read_limited(path, limit, "TOML 文件")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.at(Place(path.name, line),
                            "文件不是 UTF-8 编码（可能是 GBK/ANSI）。请在记事本中“另存为”并选择 UTF-8 编码") from None
    data, lines = parse_toml(text, path.name)
    return data, lines, text


def parse_toml(text: str, name: str) -> tuple[dict, LineIndex]:
    """Parse TOML text, its limits checked first (nesting, key size, Windows paths in double
    quotes); `name` is the file name messages give."""
    try:
        lines = LineIndex(text)
    except Refused as exc:
        raise InputError.at(Place(name, exc.line), exc.message) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError.at(_syntax_place(name, str(exc), text), _syntax_message(str(exc))) from None
    except RecursionError:      # nesting the scanner could not follow (the file is broken too)
        raise InputError.at(Place(name), "嵌套过深（数组或表层数过多）") from None
    return data, lines


def _syntax_place(name: str, message: str, text: str = "") -> Place:
    m = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if m:
        return Place(name, int(m.group(1)))
    if "end of document" in message:        # the last line that has something on it
        return Place(name, len(text.rstrip().splitlines()) or None)
    return Place(name)


def _syntax_message(message: str) -> str:
    m = re.search(r"\(at line (\d+), column (\d+)\)", message)
    col = f"（第{m.group(2)}列）" if m else ""
    base = re.sub(r"\s*\(at .*?\)", "", message)
    zh = next((z for en, z in _SYNTAX if base.startswith(en)), None)
    if "end of document" in message:
        col = "（在文件末尾）"
        zh = zh or "文件意外结束"
    # tomllib's English never reaches the user: an unknown message is named only by where it is
    return f"TOML 语法错误{col}：{zh or '无法解析这一行，请对照 docs/input.md 检查引号、括号和“=”'}"


class Located:
    """A table of a TOML file being checked: its file, key path and line index, and where its
    problems go. Every TOML docgen reads is checked through one of these (the input and presets
    through Node below, layouts, the theme and plaque sizes through docgen.printing.schema.Table),
    so every message has the same shape: `badge.toml 第12行: elements[3].size_mm …`."""

    def __init__(self, file: Path, path: str, lines: LineIndex | None, out: Collector):
        self.file = file
        self.path = path                # e.g. "plan.stages[3]"; "" for the file's root
        self.lines = lines
        self.out = out

    def key_path(self, key: str | None) -> str:
        if not key:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def place(self, key: str | None = None) -> Place:
        path = self.key_path(key)
        return Place(self.file.name, self.lines.line_of(path) if self.lines is not None else None, path)

    def error(self, key: str | None, message: str) -> None:
        self.out.error(self.place(key), message)

    def warn(self, key: str | None, message: str) -> None:
        self.out.warn(self.place(key), message)

    def unknown_key(self, key: str, known: Sequence[str]) -> None:
        """An unknown key is an error with the nearest known key as a hint, so a typo never
        drops a setting silently."""
        import difflib

        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"，是否指 {self.key_path(close[0])}？" if close else f"（可用字段：{'、'.join(known)}）"
        self.error(key, f"未知字段 {self.key_path(key)}{hint}")


class Node(Located):
    """A TOML table being read: each accessor validates one key and records problems with their place."""

    def __init__(self, data: dict, path: str, ctx: Context):
        super().__init__(ctx.file, path, ctx.lines, ctx.collector)
        self.data = data
        self.ctx = ctx

    # -- structure --
    def allow(self, *keys: str) -> None:
        """Unknown keys are errors, with a suggestion, so a typo never drops data silently."""
        for key in self.data:
            if key not in keys:
                self.unknown_key(key, keys)

    def table(self, key: str, required: bool = False) -> Node | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(None, f"缺少 [{self.key_path(key)}] 表")
            return None
        if not isinstance(value, dict):
            self.error(key, f"应为表，实际是{values.type_name(value)}")
            return None
        return Node(value, self.key_path(key), self.ctx)

    def tables(self, key: str, required: bool = False) -> list[Node]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(key, f"缺少 [[{self.key_path(key)}]]，至少需要一项")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.error(key, f"应为表数组 [[{self.key_path(key)}]]")
            return []
        if required and not value:
            self.error(key, "至少需要一项")
        return [Node(v, f"{self.key_path(key)}[{i}]", self.ctx) for i, v in enumerate(value, start=1)]

    # -- values --
    @overload
    def get(self, key: str, parse: Callable[[Any], T], required: bool = False, *, default: T) -> T: ...
    @overload
    def get(self, key: str, parse: Callable[[Any], T], required: bool = False, default: None = None) -> T | None: ...

    def get(self, key: str, parse: Callable[[Any], T], required: bool = False, default: T | None = None) -> T | None:
        if key not in self.data:
            if required:
                self.error(key, f"缺少必填字段 {self.key_path(key)}")
            return default
        try:
            return parse(self.data[key])
        except values.ValueProblem as exc:
            self.error(key, str(exc))
            return default

    def text(self, key: str, required: bool = False, max_len: int | None = None, multiline: bool = False) -> str | None:
        value = self.get(key, lambda v: values.text(v, max_len=max_len, multiline=multiline), required)
        if required and value == "":
            self.error(key, f"{self.key_path(key)} 不能为空")
            return None
        return value

    def texts(self, key: str, required: bool = False, multiline: bool = False) -> tuple[str, ...]:
        if key not in self.data:
            if required:
                self.error(key, f"缺少必填字段 {self.key_path(key)}")
            return ()
        value = self.data[key]
        if not isinstance(value, list):
            self.error(key, f"应为文字列表，如 [\"…\", \"…\"]，实际是{values.type_name(value)}")
            return ()
        out = []
        for i, item in enumerate(value, start=1):
            try:
                s = values.text(item, multiline=multiline)
            except values.ValueProblem as exc:
                self.error(f"{key}[{i}]", str(exc))
                continue
            if s:
                out.append(s)
        if required and not out:
            self.error(key, "至少需要一项")
        return tuple(out)

    def path_value(self, key: str, required: bool = False) -> Path | None:
        raw = self.text(key, required)
        if not raw:
            return None
        try:
            return self.ctx.resolve(raw)
        except values.ValueProblem as exc:
            self.error(key, str(exc))
            return None


class Context:
    def __init__(self, file: Path, lines: LineIndex, collector: Collector):
        self.file = file
        self.lines = lines
        self.collector = collector

    def resolve(self, raw: str) -> Path:
        return resolve_relative(self.file, raw)


def resolve_relative(named_in: Path, raw: str) -> Path:
    """Relative to the file that names it, never climbing out of that file's folder (spec: Paths)."""
    p = Path(raw.replace("\\", "/")) if not re.match(r"^[A-Za-z]:[\\/]", raw) else Path(raw)
    if p.is_absolute() or re.match(r"^[A-Za-z]:[\\/]", raw):
        return p
    base = named_in.parent.resolve()
    target = (base / p).resolve()
    if ".." in p.parts and base != target and base not in target.parents:
        raise values.ValueProblem(f"{values.quoted(raw)} 用 .. 跳出了所在文件夹；请把文件放进该文件夹，或写绝对路径")
    return target
