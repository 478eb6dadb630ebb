"""Field expressions in layouts: Jinja2 in the project's sandbox, compiled once per layout load.

`text = "{{ officer.name }}"` is a template; `when = "officer.photo"` is an expression whose
truth decides whether an element is drawn. Compile errors are layout errors (file and key);
errors while rendering one record are that record's problem (record and field).

Speed: a badge batch evaluates a handful of these per record (`{{ officer.name }}`, `when =
"officer.photo"`), and a Jinja call costs ~15 µs of context set-up for a one-attribute lookup:
at 10,000 badges that was a quarter of the run. So the shapes layouts actually use (literal text,
names, attributes of the record's objects, not/and/or, `a if b else c`, ==/!=, constants) are
also turned into plain Python functions at load time. They look values up exactly as the sandbox
does for dataclass fields and plain values; anything else (a filter, a missing name, a method, a
dict) makes the fast function give up for that call and the Jinja template runs instead, so
results and error messages are always Jinja's.
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
    _fast: Any = None           # values -> str, or None; raises _GiveUp when Jinja must decide

    def render(self, values: dict) -> str:
        if self._compiled is None:
            return self.source
        if self._fast is not None:
            try:
                return self._fast(values)
            except _GiveUp:
                pass
        try:
            return self._compiled.render(values)
        except Exception as exc:   # jinja2 errors of every kind; the sandbox's included
            raise FieldProblem(f"表达式 {self.source!r} 出错：{_describe(exc)}") from None


@dataclass(frozen=True, eq=False)
class Condition:
    source: str
    _compiled: Any
    _fast: Any = None           # values -> value, or None; raises _GiveUp when Jinja must decide

    def holds(self, values: dict) -> bool:
        if self._fast is not None:
            try:
                return bool(self._fast(values))
            except _GiveUp:
                pass
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
    env = templating.environment(user_dir)
    try:
        compiled = env.from_string(source)
    except Exception as exc:
        table.error(key, f"表达式语法错误：{_describe(exc)}")
        return Template(source, None)
    return Template(source, compiled, _fast_template(env, source))


def condition(table: Table, key: str, user_dir: Path | None) -> Condition | None:
    if not table.has(key):
        table.allow(key)
        return None
    source = table.text(key)
    env = templating.environment(user_dir)
    try:
        compiled = env.compile_expression(source)
    except Exception as exc:
        table.error(key, f"条件表达式语法错误：{_describe(exc)}")
        return None
    return Condition(source, compiled, _fast_expression(env, source))


def _describe(exc: Exception) -> str:
    return getattr(exc, "message", None) or str(exc) or type(exc).__name__


# --- the fast path ---------------------------------------------------------------------------

class _GiveUp(Exception):
    """This call is not one the fast function can answer exactly; Jinja answers it."""


def _fast_template(env, source: str):
    """A function equal to the template for literal text and {{ expression }} outputs, or None."""
    try:
        body = env.parse(source).body
        if len(body) != 1 or type(body[0]).__name__ != "Output":
            return None
        parts = [_fast_node(node) for node in body[0].nodes]
    except Exception:
        return None
    if any(p is None for p in parts):
        return None
    if len(parts) == 1:
        only = parts[0]
        return lambda values: _text(only(values))
    return lambda values: "".join([_text(part(values)) for part in parts])


def _fast_expression(env, source: str):
    """A function equal to the condition expression, or None."""
    try:
        from jinja2.parser import Parser

        parser = Parser(env, source, state="variable")
        node = parser.parse_expression()
        if not parser.stream.eos:
            return None
        return _fast_node(node)
    except Exception:
        return None


def _text(value) -> str:
    # what Jinja writes for {{ value }} without autoescape; markup and undefined go to Jinja
    if type(value) is str:
        return value
    if value is None or type(value) in (int, float, bool) or hasattr(type(value), "__dataclass_fields__"):
        return str(value)
    raise _GiveUp


def _lookup(values: dict, name: str):
    try:
        return values[name]
    except KeyError:
        raise _GiveUp from None         # a global, or undefined: Jinja resolves it


def _attribute(obj, name: str):
    """The sandbox's getattr for what layouts read: a field of a dataclass (a model object)."""
    fields = getattr(type(obj), "__dataclass_fields__", None)
    if fields is None or name not in fields:
        raise _GiveUp
    return getattr(obj, name)


def _fast_node(node):
    """A function of the values for a Jinja expression node, or None if the node is not one of
    the simple kinds."""
    from jinja2 import nodes

    kind = type(node)
    if kind is nodes.TemplateData or kind is nodes.Const:
        value = node.data if kind is nodes.TemplateData else node.value
        if kind is nodes.Const and not isinstance(value, (str, int, float, bool, type(None))):
            return None
        return lambda values: value
    if kind is nodes.Name and node.ctx == "load":
        name = node.name
        return lambda values: _lookup(values, name)
    if kind is nodes.Getattr and node.ctx == "load" and not node.attr.startswith("_"):
        inner, attr = _fast_node(node.node), node.attr
        return None if inner is None else (lambda values: _attribute(inner(values), attr))
    if kind is nodes.Not:
        inner = _fast_node(node.node)
        return None if inner is None else (lambda values: not inner(values))
    if kind is nodes.And or kind is nodes.Or:
        left, right = _fast_node(node.left), _fast_node(node.right)
        if left is None or right is None:
            return None
        if kind is nodes.And:
            return lambda values: left(values) and right(values)
        return lambda values: left(values) or right(values)
    if kind is nodes.CondExpr and node.expr2 is not None:
        test, yes, no = _fast_node(node.test), _fast_node(node.expr1), _fast_node(node.expr2)
        if test is None or yes is None or no is None:
            return None
        return lambda values: yes(values) if test(values) else no(values)
    if kind is nodes.Compare and len(node.ops) == 1 and node.ops[0].op in ("eq", "ne"):
        left, right = _fast_node(node.expr), _fast_node(node.ops[0].expr)
        if left is None or right is None:
            return None
        if node.ops[0].op == "eq":
            return lambda values: _plain(left(values)) == _plain(right(values))
        return lambda values: _plain(left(values)) != _plain(right(values))
    return None


def _plain(value):
    # comparisons only between plain values; anything else (a model object with its own __eq__)
    # is compared by Jinja
    if value is None or type(value) in (str, int, float, bool):
        return value
    raise _GiveUp
