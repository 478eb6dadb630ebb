"""Field expressions in layouts: Jinja2 in the project's sandbox, compiled once per layout load.

`text = "{{ officer.name }}"` is a template; `when = "officer.photo"` is an expression whose
truth decides whether an element is drawn. Compile errors are layout errors (file and key);
errors while rendering one record are that record's problem (record and field).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import templating
from .schema import Table


class FieldProblem(Exception):
    """One record's field cannot be composed; the message is already in Chinese."""


@dataclass(frozen=True, eq=False)
class Template:
    source: str
    _compiled: Any

    def render(self, values: dict) -> str:
        if self._compiled is None:
            return self.source
        try:
            return self._compiled.render(values)
        except Exception as exc:   # jinja2 errors of every kind; the sandbox's included
            raise FieldProblem(f"表达式 {self.source!r} 出错：{_describe(exc)}") from None


@dataclass(frozen=True, eq=False)
class Condition:
    source: str
    _compiled: Any

    def holds(self, values: dict) -> bool:
        try:
            return bool(self._compiled(**values))
        except Exception as exc:
            raise FieldProblem(f"条件 when = {self.source!r} 出错：{_describe(exc)}") from None


def template(table: Table, key: str, user_dir: Path | None, default: str | None = None) -> Template | None:
    source = table.text(key, default) if default is not None else table.text(key)
    if source is None:
        return None
    if "{" not in source:
        return Template(source, None)       # plain text: nothing to compile
    try:
        compiled = templating.environment(user_dir).from_string(source)
    except Exception as exc:
        table.error(key, f"表达式语法错误：{_describe(exc)}")
        return Template(source, None)
    return Template(source, compiled)


def condition(table: Table, key: str, user_dir: Path | None) -> Condition | None:
    if not table.has(key):
        table.allow(key)
        return None
    source = table.text(key)
    try:
        compiled = templating.environment(user_dir).compile_expression(source)
    except Exception as exc:
        table.error(key, f"条件表达式语法错误：{_describe(exc)}")
        return None
    return Condition(source, compiled)


def _describe(exc: Exception) -> str:
    return getattr(exc, "message", None) or str(exc) or type(exc).__name__
