"""The one Jinja2 environment: sandboxed, strict, with the Chinese conventions as filters.

Used for plan prose (templates/plan, templates/notice) and for print field expressions.
A user's `templates` folder overrides any built-in file of the same relative path.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import InputError, Place
from .resources import TEMPLATES


@lru_cache(maxsize=8)
def environment(user_dir: Path | None = None):
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from . import cn

    loaders = [jinja2.FileSystemLoader(str(user_dir))] if user_dir else []
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        numeral=cn.numeral,
        count=cn.count,
        date_cn=cn.date_cn,
        month_cn=cn.month_cn,
        coverage=cn.coverage_cn,
        stage_name=cn.stage_name,
    )
    env.globals.update(month_range=cn.month_range, heading_marker=cn.heading_marker, stage_name=cn.stage_name)
    return env


def cache_folder() -> Path | None:
    """Where docgen may keep caches for this user: $DOCGEN_CACHE, else the platform's cache folder
    (%LOCALAPPDATA%, $XDG_CACHE_HOME, ~/.cache) + /docgen. DOCGEN_CACHE="" turns caching off."""
    import os

    if "DOCGEN_CACHE" in os.environ:
        return Path(os.environ["DOCGEN_CACHE"]) if os.environ["DOCGEN_CACHE"] else None
    base = os.environ.get("LOCALAPPDATA") if os.name == "nt" else os.environ.get("XDG_CACHE_HOME")
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
    from jinja2 import FileSystemBytecodeCache

    folder = cache_folder()
    if folder is None:
        return None
    folder = folder / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def render(name: str, user_dir: Path | None = None, **context) -> str:
    """Render template `name` (relative to the template set); template faults become InputErrors."""
    return _guard(name, user_dir, lambda env: env.get_template(name).render(**context))


def render_string(source: str, user_dir: Path | None = None, origin: str = "<表达式>", **context) -> str:
    """Render an expression from a layout file (e.g. "{{ officer.name }}")."""
    return _guard(origin, user_dir, lambda env: _compiled(env, source).render(**context))


@lru_cache(maxsize=1024)
def _compiled(env, source: str):
    # a layout's expressions are rendered once per record: compile each one once
    return env.from_string(source)


def _guard(name: str, user_dir: Path | None, work):
    import jinja2
    from jinja2.sandbox import SecurityError

    try:
        return work(environment(user_dir))
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or name
        raise InputError.at(Place(str(where), exc.lineno), f"模板语法错误：{exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise InputError.at(Place(name), f"模板引用了不存在的名称：{exc.message}") from None
    except SecurityError as exc:
        raise InputError.at(Place(name), f"模板试图访问不允许的内部对象，已被沙箱拒绝：{exc}") from None
    except jinja2.TemplateNotFound as exc:
        raise InputError.at(Place(name), f"找不到模板文件 {exc.name}") from None
