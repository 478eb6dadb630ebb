"""The one Jinja2 environment: sandboxed, strict, bounded, with the Chinese conventions as filters.

Used for plan prose (templates/plan, templates/notice) and for print field expressions.
A user's `templates` folder overrides any built-in file of the same relative path; since such a
folder may come from anyone, every render is bounded (docgen.template_limits) and every fault
ends in an InputError naming the template file and line.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, ClassVar

from .errors import DocgenError, InputError, Place

if TYPE_CHECKING:
    import jinja2
from .resources import TEMPLATES


def _bounded_class():
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from . import template_limits as limits

    class BoundedCodeGenerator(CodeGenerator):
        def visit_Concat(self, node, frame):
            # `a ~ b` through the size check (Jinja would call "".join directly)
            self.write("environment.bounded_concat((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

    class BoundedEnvironment(ImmutableSandboxedEnvironment):
        code_generator_class = BoundedCodeGenerator
        intercepted_binops = frozenset({"*", "**", "%", "+"})
        _binops: ClassVar[dict[str, Callable]] = {
            "*": limits.multiply, "**": limits.power, "%": limits.modulo, "+": limits.add}

        def bounded_concat(self, parts):
            return limits.concat(parts)

        def call_binop(self, context, operator, left, right):
            return self._binops.get(operator, self.binop_table[operator])(left, right)

        def call(__self, __context, __obj, *args, **kwargs):
            owner = getattr(__obj, "__self__", None)
            if isinstance(owner, str):
                limits.check_str_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value):
            wrapped = super().wrap_str_format(value)
            if wrapped is not None:
                limits.check_brace_format(value.__self__)
            return wrapped

    return BoundedEnvironment


@lru_cache(maxsize=8)
def environment(user_dir: Path | None = None):
    import jinja2

    from . import cn, template_limits as limits

    # utf-8-sig: Notepad's "UTF-8 with BOM" is UTF-8 too, and its BOM is no character of the text
    loaders = [jinja2.FileSystemLoader(str(user_dir), encoding="utf-8-sig")] if user_dir else []
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES), encoding="utf-8-sig"))
    env = _bounded_class()(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(limits.bounded_filters(env.filters))
    env.filters.update(
        numeral=cn.numeral,
        count=cn.count,
        date_cn=cn.date_cn,
        month_cn=cn.month_cn,
        coverage=cn.coverage_cn,
        stage_name=cn.stage_name,
    )
    env.globals.update(month_range=cn.month_range, heading_marker=cn.heading_marker, stage_name=cn.stage_name,
                       range=limits.bounded_range)
    return env


def cache_folder() -> Path | None:
    """Where docgen may keep caches for this user: $DOCGEN_CACHE, else the platform's cache folder
    (%LOCALAPPDATA%, $XDG_CACHE_HOME, ~/.cache) + /docgen. DOCGEN_CACHE="" turns caching off."""
    import os

    if "DOCGEN_CACHE" in os.environ:
        return Path(os.environ["DOCGEN_CACHE"]) if os.environ["DOCGEN_CACHE"] else None
    base: str | Path | None = os.environ.get("LOCALAPPDATA") if os.name == "nt" else os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except (RuntimeError, KeyError):        # no home folder (a service account)
            return None
    return Path(base) / "docgen"


def _bytecode_cache():
    """Compiled plan and notice templates, kept between runs: compiling the dozen templates of a
    plan took ~20 ms of every `docgen plan`, more than composing it. Jinja checks each entry
    against the template's source (and the Python version), so an edited template is compiled
    afresh; without a writable folder, templates are simply compiled each time."""
    folder = cache_folder()
    if folder is None:
        return None
    folder = folder / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    # "bounded": code compiled with the limits' concatenation, never an older cache's entries
    return _forgiving_cache(str(folder), "__docgen_bounded_%s.cache")


def _forgiving_cache(folder: str, pattern: str) -> jinja2.FileSystemBytecodeCache:
    """The cache is only a shortcut: an entry it cannot read (corrupt, truncated, unreadable) is
    compiled afresh and removed, and one it cannot write (a full disk, a read-only folder) is
    skipped; neither ever fails a run or prints a word."""
    from jinja2 import FileSystemBytecodeCache

    class ForgivingCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
                if bucket.code is not None and not isinstance(bucket.code, CodeType):
                    raise TypeError("not code")
            except Exception:
                bucket.reset()
                with contextlib.suppress(OSError):
                    os.remove(self._get_cache_filename(bucket))

        def dump_bytecode(self, bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    return ForgivingCache(folder, pattern=pattern)


def render(name: str, user_dir: Path | None = None, **context) -> str:
    """Render template `name` (relative to the template set); template faults become InputErrors."""
    from .template_limits import bounded_output, watchdog

    def work(env):
        template = env.get_template(name)
        with watchdog.limit():
            return bounded_output(template.generate(**context))

    text = _guard(name, user_dir, work)
    _check_characters(text, name, user_dir)
    return text


def _check_characters(text: str, name: str, user_dir: Path | None) -> None:
    """A user's template may hold what the input may not (a control or zero-width character, from
    a copy and paste): refuse it as the loader refuses it in the input, at the file and line that
    hold it, before a document is written that Word would call corrupt. A tab is whitespace."""
    from .load.values import bad_character

    text = text.replace("\t", " ")
    problem = bad_character(text, multiline=True)
    if problem is None:
        return
    culprit = next(ch for ch in text if bad_character(ch, multiline=True))
    raise InputError.at(_holding(culprit, name, user_dir), f"模板输出{problem}")


def _holding(character: str, name: str, user_dir: Path | None) -> Place:
    """Where `character` is written: the template rendered, or else a file of the user's folder
    (one it includes or imports); the input's own text is checked by the loader."""
    sources = [TEMPLATES / name]
    if user_dir is not None:
        sources = [Path(user_dir) / name, *sorted(Path(user_dir).rglob("*.j2"))]
    for file in sources:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            for line, row in enumerate(file.read_text(encoding="utf-8-sig").split("\n"), 1):   # not U+0085
                if character in row:
                    return Place(_short(str(file)), line)
    return Place(name)


def render_string(source: str, user_dir: Path | None = None, origin: str = "<表达式>", **context) -> str:
    """Render an expression from a layout file (e.g. "{{ officer.name }}")."""
    from .template_limits import bounded_output, watchdog

    def work(env):
        template = _compiled(env, source)
        with watchdog.limit():
            return bounded_output(template.generate(**context))

    return _guard(origin, user_dir, work)


@lru_cache(maxsize=1024)
def _compiled(env, source: str):
    # a layout's expressions are rendered once per record: compile each one once
    return env.from_string(source)


def describe(exc: BaseException) -> str:
    """A template fault in Chinese (never Python's or Jinja's English)."""
    import jinja2
    from jinja2.sandbox import SecurityError

    from .template_limits import TIME_LIMIT_S, TemplateLimit, TemplateTimeout

    if isinstance(exc, TemplateLimit):
        return exc.message
    if isinstance(exc, TemplateTimeout):
        return f"模板运行超过 {TIME_LIMIT_S:g} 秒仍未结束（循环过多？），已停止"
    if isinstance(exc, RecursionError):
        return "模板递归过深：模板包含了它自己，或宏调用了它自己"
    if isinstance(exc, SecurityError):
        return "模板试图访问不允许的内部对象，已被沙箱拒绝"
    if isinstance(exc, jinja2.UndefinedError):
        return _undefined(exc.message or "")
    if isinstance(exc, ZeroDivisionError):
        return "除数为零"
    if isinstance(exc, OverflowError):
        return "数值过大"
    if isinstance(exc, MemoryError):
        return "模板要生成的内容过大，内存不足"
    if isinstance(exc, UnicodeDecodeError):
        return "模板文件不是 UTF-8 编码：请在记事本中“另存为”，编码选 UTF-8"
    if isinstance(exc, TypeError):
        return "运算对象的类型不符（例如数字与文字相加，或调用了不能调用的值）"
    if isinstance(exc, (ValueError, LookupError, AttributeError)):
        return f"模板中的值不合要求（{type(exc).__name__}）"
    return f"模板运行出错（{type(exc).__name__}）"


_PAIRED = "{{ }}、{% %}、{# #} 要成对，文字要放在引号里"
_SYNTAX = (      # Jinja's parser messages, by what they contain, in the words a template's author needs
    ("end of template", "模板在标签闭合之前就结束了：{% if %}、{% for %}、{% macro %} "
                        "要有对应的 {% endif %}、{% endfor %}、{% endmacro %}"),
    ("unknown tag", "不认识的标签（{% … %} 里的第一个词），或缺少对应的开始标签"),
    ("end of comment", "注释 {# 没有对应的 #}"),
    ("unexpected char", "表达式里有不允许的字符（中文和中文标点要放在引号里）"),
    ("defined twice", "同名的 {% block %} 定义了两次"),
)


def _syntax(message: str) -> str:
    """Jinja's syntax message in Chinese (its English never reaches the user)."""
    low = message.lower()
    for part, words in _SYNTAX:
        if part in low:
            return words
    return f"写法有误：{_PAIRED}"


def _undefined(message: str) -> str:
    import re

    attribute = re.search(r"has no attribute '([^']*)'", message)
    if attribute:
        return f"模板引用了不存在的属性“{attribute.group(1)}”"
    name = re.match(r"'([^']*)' is undefined", message)
    if name:
        return f"模板引用了不存在的名称“{name.group(1)}”"
    return "模板引用了不存在的名称"


def template_place(exc: BaseException, fallback: str) -> Place:
    """The template file and line where `exc` was raised (the innermost template frame)."""
    file, line = fallback, None
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:                                 # compiled template code
            file = template.filename or template.name or fallback
            line = template.get_corresponding_lineno(tb.tb_lineno)
        elif frame.f_code.co_name in ("template", "top-level template code") or \
                frame.f_code.co_name.startswith(("block ", "macro", "template")):
            file, line = frame.f_code.co_filename, tb.tb_lineno     # a frame Jinja rewrote
        tb = tb.tb_next
    return Place(_short(file), line)


def _short(file: str) -> str:
    """Template paths as the user wrote them: relative to the built-in folder when built-in."""
    try:
        return str(Path(file).relative_to(TEMPLATES))
    except ValueError:
        return file


def _guard(name: str, user_dir: Path | None, work):
    import jinja2

    from .template_limits import TemplateTimeout

    try:
        return work(environment(user_dir))
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or name
        message = f"模板语法错误：{_syntax(exc.message or '')}"
        raise InputError.at(Place(_short(str(where)), exc.lineno), message) from None
    except jinja2.TemplateNotFound as exc:
        raise InputError.at(Place(name), f"找不到模板文件 {exc.name}") from None
    except DocgenError:
        raise
    except (Exception, TemplateTimeout) as exc:          # every fault of a user's template
        raise InputError.at(template_place(exc, name), describe(exc)) from None
