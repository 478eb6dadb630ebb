"""Field expressions in layouts: Jinja2 in the project's sandbox, compiled once per layout load.

`text = "{{ officer.name }}"` is a template; `when = "officer.photo"` is an expression whose
truth decides whether an element is drawn. Compile errors are layout errors (file and key);
errors while rendering one record are that record's problem (record and field).

Speed: a badge batch evaluates a handful of these per record (`{{ officer.name }}`, `when =
"officer.photo"`), and a Jinja call costs ~15 µs of context set-up for a one-attribute lookup:
at 10,000 badges that was a quarter of the run. So the shapes layouts actually use (literal text,
names, attributes of the record's objects, not/and/or, `a if b else c`, ==/!=, constants) are
also turned into plain Python functions at load time. They look values up exactly as the sandbox
does for model record fields and plain values; anything else (a filter, a missing name, a method, a
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
    where: str = ""             # "badge-mine.toml elements[3].text", for messages
    # the record values it reads, when that is known (the fast path's shapes read nothing else):
    # two records giving these the same objects render alike; None: unknown
    names: frozenset[str] | None = None

    def render(self, values: dict) -> str:
        if self._compiled is None:
            return self.source
        if self._fast is not None:
            try:
                return self._fast(values)
            except _GiveUp:
                pass
        from ..template_limits import TemplateTimeout, bounded_output, watchdog

        try:
            with watchdog.limit():
                return bounded_output(self._compiled.generate(values))
        except (Exception, TemplateTimeout) as exc:   # every fault, the sandbox's and the limits' included
            _stop_batch(exc, self.where, self.source)
            raise FieldProblem(f"{_at(self.where, exc)}表达式 {self.source!r} 出错：{_describe(exc)}") from None


@dataclass(frozen=True, eq=False)
class Condition:
    source: str
    _compiled: Any
    _fast: Any = None           # values -> value, or None; raises _GiveUp when Jinja must decide
    where: str = ""
    names: frozenset[str] | None = None     # as Template.names

    def holds(self, values: dict) -> bool:
        if self._fast is not None:
            try:
                return bool(self._fast(values))
            except _GiveUp:
                pass
        from ..template_limits import TemplateTimeout, watchdog

        try:
            with watchdog.limit():
                return bool(self._compiled(**values))
        except (Exception, TemplateTimeout) as exc:
            _stop_batch(exc, self.where, self.source)
            raise FieldProblem(f"{_at(self.where, exc)}条件 when = {self.source!r} 出错：{_describe(exc)}") from None


def _stop_batch(exc: BaseException, where: str, source: str) -> None:
    """A runaway expression would run away for every record: the batch stops at the first."""
    from ..errors import InputError, Place
    from ..template_limits import TemplateTimeout

    if isinstance(exc, TemplateTimeout):
        file, _, key = where.partition(" ")
        raise InputError.at(Place(file, key=key), f"表达式 {source!r} 出错：{_describe(exc)}") from None


def _at(where: str, exc: BaseException) -> str:
    """"版式 badge-mine.toml elements[3].text 第2行：" for a fault of a multi-line expression."""
    if not where:
        return ""
    line = templating.template_place(exc, "").line
    return f"版式 {where}{f' 第{line}行' if line and line > 1 else ''}："


def template(table: Table, key: str, user_dir: Path | None, default: str | None = None) -> Template:
    source = table.text(key, default) if default is not None else table.text(key)
    if "{" not in source:
        return Template(source, None, names=frozenset())       # plain text: nothing to compile
    env = templating.environment(user_dir)
    try:
        compiled = env.from_string(source)
    except Exception as exc:
        table.error(key, f"表达式语法错误：{_describe(exc)}")
        return Template(source, None)
    fast = _fast_template(env, source)
    return Template(source, compiled, fast, _where(table, key), _template_names(env, source))


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
    fast = _fast_expression(env, source)
    names = None
    if fast is not None:
        from jinja2.parser import Parser

        names = _names(Parser(env, source, state="variable").parse_expression())
    return Condition(source, compiled, fast, _where(table, key), names)


# a template reading another (which may read anything) or drawing lots: what it reads is unknown
_OPEN_NODES = ("Include", "Import", "FromImport", "Extends")
_CHANCE = frozenset({"random", "lipsum", "shuffle"})


def _template_names(env, source: str) -> frozenset[str] | None:
    """The record values a template reads (filters and globals are pure functions), or None."""
    from jinja2 import meta, nodes

    try:
        ast = env.parse(source)
    except Exception:
        return None
    if any(type(n).__name__ in _OPEN_NODES for n in ast.find_all(nodes.Node)):
        return None
    if any(n.name in _CHANCE for n in ast.find_all((nodes.Filter, nodes.Test))):
        return None
    names = frozenset(meta.find_undeclared_variables(ast))
    return None if names & _CHANCE else names


def _names(node) -> frozenset[str]:
    """The names a template or expression of the fast path's shapes reads (it binds none)."""
    from jinja2 import nodes

    found = [node, *node.find_all(nodes.Name)]        # find_all leaves the node itself out
    return frozenset(n.name for n in found if type(n) is nodes.Name and n.ctx == "load")


def _where(table: Table, key: str) -> str:
    place = table.where(key)
    return f"{place.file} {place.key}"


def _describe(exc: BaseException) -> str:
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.message or "语法错误"
    return templating.describe(exc)


# --- the fast path ---------------------------------------------------------------------------

class _GiveUp(Exception):
    """This call is not one the fast function can answer exactly; Jinja answers it."""


def _fast_template(env, source: str):
    """A function equal to the template for literal text, {{ expression }} outputs and
    {% if %} blocks of them (a card's contact lines), or None."""
    try:
        return _fast_body(env.parse(source).body)
    except Exception:
        return None


def _fast_body(body):
    """A function giving the text of a list of template nodes, or None."""
    from jinja2 import nodes

    parts = []
    for node in body:
        if type(node) is nodes.Output:
            for inner in node.nodes:
                if type(inner) is nodes.TemplateData:
                    data = inner.data
                    parts.append(lambda values, data=data: data)
                    continue
                value = _fast_node(inner)
                if value is None:
                    return None
                parts.append(lambda values, value=value: _text(value(values)))
        elif type(node) is nodes.If:
            branches = [(_fast_node(node.test), _fast_body(node.body))]
            branches += [(_fast_node(e.test), _fast_body(e.body)) for e in node.elif_]
            otherwise = _fast_body(node.else_)
            if otherwise is None or any(test is None or text is None for test, text in branches):
                return None
            parts.append(_choice(branches, otherwise))
        else:
            return None
    if len(parts) == 1:
        return parts[0]
    return lambda values: "".join([part(values) for part in parts])


def _choice(branches, otherwise):
    def chosen(values):
        for test, text in branches:
            if test(values):
                return text(values)
        return otherwise(values)
    return chosen


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
    if value is None or type(value) in (int, float, bool) or hasattr(type(value), "__struct_fields__"):
        return str(value)
    raise _GiveUp


def _lookup(values: dict, name: str):
    try:
        return values[name]
    except KeyError:
        raise _GiveUp from None         # a global, or undefined: Jinja resolves it


def _attribute(obj, name: str):
    """The sandbox's getattr for what layouts read: a field of a model record (docgen.model)."""
    fields = getattr(type(obj), "__struct_fields__", None)
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
    if (kind is nodes.Filter and node.name in _PLAIN_FILTERS and node.node is not None and not node.args
            and not node.kwargs and node.dyn_args is None and node.dyn_kwargs is None):
        inner, apply = _fast_node(node.node), _PLAIN_FILTERS[node.name]
        return None if inner is None else (lambda values: _filtered(apply, inner(values)))
    if (kind is nodes.Test and node.name in ("defined", "undefined") and not node.args and not node.kwargs
            and node.dyn_args is None and node.dyn_kwargs is None):
        found = _fast_defined(node.node)
        if found is None:
            return None
        return found if node.name == "defined" else (lambda values: not found(values))
    if kind is nodes.Compare and len(node.ops) == 1 and node.ops[0].op in ("eq", "ne"):
        left, right = _fast_node(node.expr), _fast_node(node.ops[0].expr)
        if left is None or right is None:
            return None
        if node.ops[0].op == "eq":
            return lambda values: _plain(left(values)) == _plain(right(values))
        return lambda values: _plain(left(values)) != _plain(right(values))
    return None


def _plain_filters() -> dict:
    from .. import cn

    # the project's filters of one value, pure and short (a board's 成立时间 on every board)
    return {"date_cn": cn.date_cn, "month_cn": cn.month_cn}


_PLAIN_FILTERS = _plain_filters()


def _filtered(apply, value):
    try:
        return apply(value)
    except Exception:
        raise _GiveUp from None         # Jinja gives the error, with its message


def _fast_defined(node):
    """`x is defined` for a record value or a model object's attribute (`print.supervision_phone
    is defined`, asked on every board): a model field is defined, a name no field, method or
    item of a model object answers is not; anything else (a global) goes to Jinja."""
    from jinja2 import nodes

    if type(node) is nodes.Name and node.ctx == "load":
        name = node.name
        return lambda values: name in values or _give_up()
    if type(node) is nodes.Getattr and node.ctx == "load" and not node.attr.startswith("_"):
        inner, attr = _fast_node(node.node), node.attr
        if inner is None:
            return None

        def defined(values) -> bool:
            obj = inner(values)
            fields = getattr(type(obj), "__struct_fields__", None)
            if fields is None:
                raise _GiveUp
            if attr in fields:
                return True
            if hasattr(obj, attr) or hasattr(obj, "__getitem__"):
                raise _GiveUp
            return False
        return defined
    return None


def _give_up():
    raise _GiveUp


def _plain(value):
    # comparisons only between plain values; anything else (a model object with its own __eq__)
    # is compared by Jinja
    if value is None or type(value) in (str, int, float, bool):
        return value
    raise _GiveUp
