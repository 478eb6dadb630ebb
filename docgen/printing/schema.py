"""Reading a layout or theme TOML table into typed values, once, with every problem named.

The file is read by the same reader as the input and checked through the same Located base
(docgen.load.toml_file: size and nesting limits, Chinese syntax errors, line numbers, one
message shape), so a layout's problems read like the input's: `badge.toml 第12行:
elements[3].size_mm …`. A `Table` hands out values by key and type; keys nobody asked for are
errors ("未知字段 elements[3].colour，是否指 elements[3].color？"), so a typo in a layout never
silently drops a setting.
Problems are collected, not raised one by one: a layout is checked whole.
"""

from __future__ import annotations

import math
from collections.abc import Sequence, Set as AbstractSet
from pathlib import Path
from typing import Any

from ..errors import Collector, Place
from ..load.toml_file import Located
from ..load.values import bad_character

REQUIRED = object()


class _Missing:
    """A required key that is absent: carries the typed stand-in value."""

    def __init__(self, value: Any):
        self.value = value


class Table(Located):
    def __init__(self, data: dict, file: Path, key: str, out: Collector, lines=None):
        super().__init__(file, key, lines, out)
        self.data = data if isinstance(data, dict) else {}
        self.key = key                  # e.g. "elements[3]"
        self.used: set[str] = set()
        if not isinstance(data, dict):
            self.error("", "应为一个表（[...] 或 { ... }）")

    # --- places and problems -------------------------------------------------

    def where(self, key: str = "") -> Place:
        return self.place(key)

    def has(self, key: str) -> bool:
        return key in self.data

    def finish(self) -> None:
        """Every key not read is unknown: an error with the nearest known key as a hint."""
        for key in self.data:
            if key not in self.used:
                self.unknown_key(key, sorted(self.used | self.known))

    known: AbstractSet[str] = frozenset()     # a Table's own set once allow() or a read adds to it

    def allow(self, *keys: str) -> Table:
        """Declare keys read later (or conditionally), so finish() can suggest them."""
        self.known = set(self.known) | set(keys)
        return self

    # --- typed getters ---------------------------------------------------------

    def _get(self, key: str, default: Any, fallback: Any = None) -> Any:
        """The raw value; when missing, `default` — or, for a required key, an error and the
        typed `fallback`, so reading goes on and every problem of the file gets listed."""
        self.used.add(key)
        self.known = set(self.known) | {key}
        if key in self.data:
            return self.data[key]
        if default is REQUIRED:
            self.error(key, "缺少必填字段")
            return _Missing(fallback)
        return default

    def number(self, key: str, default: Any = REQUIRED, low: float | None = None, high: float | None = None) -> float:
        v = self._get(key, default, 0.0)
        if isinstance(v, _Missing):
            return v.value
        if v is default:
            return v
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            self.error(key, f"{_shown(v)} 应为数字" + ("（不能是 nan 或 inf）" if isinstance(v, float) else ""))
            return default if default is not REQUIRED else 0.0
        if (low is not None and v < low) or (high is not None and v > high):
            self.error(key, f"{v} 超出范围，应在 {low} 至 {high} 之间")
        return float(v)

    def integer(self, key: str, default: Any = REQUIRED, low: int = 1, high: int = 1000) -> int:
        v = self._get(key, default, low)
        if isinstance(v, _Missing):
            return v.value
        if v is default:
            return v
        if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
            self.error(key, f"{_shown(v)} 应为 {low} 至 {high} 的整数")
            return default if default is not REQUIRED else low
        return v

    def text(self, key: str, default: Any = REQUIRED) -> str:
        v = self._get(key, default, "")
        if isinstance(v, _Missing):
            return v.value
        if v is default:
            return v
        if not isinstance(v, str):
            self.error(key, f"{_shown(v)} 应为文字（加引号）")
            return "" if default is REQUIRED else default
        if why := bad_character(v, multiline=True):      # what the input may not hold, a layout may not print
            self.error(key, why)
        return v

    def boolean(self, key: str, default: Any = REQUIRED) -> bool:
        v = self._get(key, default, False)
        if isinstance(v, _Missing):
            return v.value
        if v is default:
            return v
        if not isinstance(v, bool):
            self.error(key, f"{_shown(v)} 应为 true 或 false")
            return bool(default) if default is not REQUIRED else False
        return v

    def choice(self, key: str, options: Sequence[str], default: Any = REQUIRED) -> str:
        v = self.text(key, default)
        if v is not default and v not in options:
            self.error(key, f"“{v}”不是可选值，应为 {' | '.join(options)} 之一")
            return options[0] if default is REQUIRED else default
        return v

    def numbers(self, key: str, count: int, default: Any = REQUIRED, low: float | None = None) -> tuple[float, ...]:
        v = self._get(key, default, (1.0,) * count)
        if isinstance(v, _Missing):
            return v.value
        if v is default:
            return v
        if (not isinstance(v, list) or len(v) != count
                or any(isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) for x in v)):
            self.error(key, f"{_shown(v)} 应为 {count} 个数字组成的数组（不能有 nan 或 inf），"
                            f"如 [{', '.join(['0'] * count)}]")
            return default if default is not REQUIRED else (0.0,) * count
        if low is not None and any(x < low for x in v):
            self.error(key, f"{_shown(v)} 中的数不能小于 {low}")
        return tuple(float(x) for x in v)

    def tables(self, key: str) -> list[Table]:
        v = self._get(key, [])
        if not isinstance(v, list):
            self.error(key, "应为表数组（[[...]]）")
            return []
        prefix = ".".join(p for p in (self.key, key) if p)
        return [Table(item, self.file, f"{prefix}[{i + 1}]", self.out, self.lines) for i, item in enumerate(v)]

    def table(self, key: str) -> Table | None:
        v = self._get(key, None)
        if v is None:
            return None
        return Table(v, self.file, ".".join(p for p in (self.key, key) if p), self.out, self.lines)


def open_table(path: Path, out: Collector) -> Table:
    """The root table of a layout or theme file (read by the input's TOML reader)."""
    from ..load.toml_file import read_toml

    data, lines, _ = read_toml(path)
    return Table(data, path, "", out, lines)


def _shown(value: Any) -> str:
    """A value as TOML would write it, for messages."""
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)               # nan, inf, -inf: as TOML writes them
    if isinstance(value, list):
        return "[" + ", ".join(_shown(x) if not isinstance(x, str) else f'"{x}"' for x in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)
