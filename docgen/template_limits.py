"""Limits for templates from a user's folder: a colleague's `templates =` folder is code that
docgen runs, so every render is bounded in time, output and size of what it can build.

- Time: a render that runs longer than TIME_LIMIT_S is stopped (a watchdog thread raises
  TemplateTimeout in it; nested loops, a slow filter chain).
- Size: one value at most MAX_TEXT characters or MAX_ITEMS items, checked *before* the operation
  that would build it (`'a' * 10**10`, `x ~ x` doubling, `'%999999999d'|format(1)`, `9**(9**10)`,
  `range(10**9)`, replace/center/join/indent), and a render's output at most MAX_OUTPUT characters.
- Depth: a self-including template or a recursive macro ends in Python's RecursionError.
Every breach raises TemplateLimit (an Exception with a Chinese message); templating.py names the
template file and line.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time

TIME_LIMIT_S = 5.0          # a plan template renders in milliseconds; a layout field in microseconds
MAX_TEXT = 1_000_000        # characters of one value (a whole plan is ~20,000)
MAX_OUTPUT = 2_000_000      # characters of one render's output
MAX_ITEMS = 100_000         # items of one list or range (a roster has at most a few thousand rows)
MAX_INT_BITS = 10_000       # ~3,000 decimal digits
MAX_WIDTH = 1_000           # a field width in a format


class TemplateLimit(Exception):
    """A template went past a limit; the message is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TemplateTimeout(BaseException):
    """Raised inside a render that ran too long (BaseException: no `except Exception` swallows it)."""


# --- sizes -------------------------------------------------------------------------------------

def _size(value) -> int | None:
    if isinstance(value, (str, list, tuple, bytes)):
        return len(value)
    return None


def check_text(length: int, what: str) -> None:
    if length > MAX_TEXT:
        raise TemplateLimit(f"{what} 会生成 {length:,} 个字符，超过上限 {MAX_TEXT:,}")


def multiply(left, right):
    for seq, n in ((left, right), (right, left)):
        size = _size(seq)
        if (size is not None and isinstance(n, int) and not isinstance(n, bool)
                and size * n > (MAX_TEXT if isinstance(seq, (str, bytes)) else MAX_ITEMS)):
            raise TemplateLimit(f"乘法会生成 {size * n:,} 个{'字符' if isinstance(seq, str) else '元素'}，超过上限")
    return left * right


def power(left, right):
    if (isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
            and abs(left).bit_length() * right > MAX_INT_BITS):
        raise TemplateLimit(f"乘方 {left} ** {right} 的结果过大（上限约 {MAX_INT_BITS * 3 // 10} 位数字）")
    return left ** right


def add(left, right):
    a, b = _size(left), _size(right)
    if a is not None and b is not None:
        if isinstance(left, str):
            check_text(a + b, "连接")
        elif a + b > MAX_ITEMS:
            raise TemplateLimit(f"连接会生成 {a + b:,} 个元素，超过上限 {MAX_ITEMS:,}")
    return left + right


_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


def check_percent_format(fmt: str) -> None:
    for m in _PERCENT_FIELD.finditer(fmt):
        for part in m.groups():
            if part == "*" or (part and int(part) > MAX_WIDTH):
                raise TemplateLimit(f"格式 {m.group(0)!r} 的宽度或精度过大（上限 {MAX_WIDTH}）")


def check_brace_format(fmt: str) -> None:
    for m in _BRACE_SPEC.finditer(fmt):
        spec = m.group(1)
        if "{" in spec or any(int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec)):
            raise TemplateLimit(f"格式 {m.group(0)!r} 的宽度或精度过大（上限 {MAX_WIDTH}）")


def modulo(left, right):
    if isinstance(left, str):
        check_percent_format(left)
    return left % right


def concat(parts) -> str:
    """Jinja's `~` (and string building in the compiled code), bounded."""
    texts = [p if type(p) is str else str(p) for p in parts]
    check_text(sum(map(len, texts)), "字符串连接")
    return "".join(texts)


def bounded_range(*args):
    r = range(*args)
    if len(r) > MAX_ITEMS:
        raise TemplateLimit(f"range({', '.join(map(str, args))}) 有 {len(r):,} 项，超过上限 {MAX_ITEMS:,}")
    return r


# --- str methods and filters that grow text ----------------------------------------------------

def check_str_method(obj: str, name: str, args: tuple, kwargs: dict) -> None:
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = obj.count(args[0]) if args[0] else len(obj) + 1
        check_text(len(obj) + count * len(args[1]), "replace")
    elif name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        check_text(args[0], name)
    elif name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            check_text(len(obj) * max(size, 1), "expandtabs")
    elif name == "join" and args:
        items = list(args[0]) if not isinstance(args[0], (list, tuple, str)) else args[0]
        check_text(sum(len(str(x)) for x in items) + len(obj) * len(items), "join")


def bounded_filters(filters: dict) -> dict:
    """Replacements for the built-in filters that can build huge text in one step."""
    plain_format, plain_indent, plain_center = filters["format"], filters["indent"], filters["center"]
    plain_join, plain_replace, plain_batch = filters["join"], filters["replace"], filters["batch"]

    def format(value, *args, **kwargs):
        check_percent_format(str(value))
        return plain_format(value, *args, **kwargs)

    def indent(s, width=4, first=False, blank=False):
        pad = len(width) if isinstance(width, str) else width
        if isinstance(pad, int):
            check_text(len(str(s)) + (str(s).count("\n") + 1) * pad, "indent")
        return plain_indent(s, width, first, blank)

    def center(value, width=80):
        if isinstance(width, int):
            check_text(width, "center")
        return plain_center(value, width)

    def join(eval_ctx, value, d="", attribute=None):
        items = list(value)
        if attribute is None:
            check_text(sum(len(str(x)) for x in items) + len(str(d)) * len(items), "join")
        return plain_join(eval_ctx, items, d, attribute)

    def replace(eval_ctx, s, old, new, count=None):
        check_str_method(str(s), "replace", (str(old), str(new)), {})
        return plain_replace(eval_ctx, s, old, new, count)

    def batch(value, linecount, fill_with=None):
        if isinstance(linecount, int) and linecount > MAX_ITEMS:
            raise TemplateLimit(f"batch({linecount}) 超过上限 {MAX_ITEMS:,}")
        return plain_batch(value, linecount, fill_with)

    join.jinja_pass_arg = plain_join.jinja_pass_arg            # type: ignore[attr-defined]
    replace.jinja_pass_arg = plain_replace.jinja_pass_arg      # type: ignore[attr-defined]
    return dict(format=format, indent=indent, center=center, join=join, replace=replace, batch=batch)


def bounded_output(pieces, limit: int = MAX_OUTPUT) -> str:
    """A render's output pieces joined, at most `limit` characters. Past the limit the error is
    thrown into the render itself, so its traceback names the template line that was writing."""
    out, size = [], 0
    for piece in pieces:
        size += len(piece)
        if size > limit:
            pieces.throw(TemplateLimit(f"模板输出超过 {limit:,} 个字符的上限"))
        out.append(piece)
    return "".join(out)


# --- time -------------------------------------------------------------------------------------

class _Watchdog:
    """One daemon thread per process; a render registers (thread, deadline) and clears it after.
    Registering is an attribute write and a lock, so per-record layout fields can afford it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.active: tuple[int, float] | None = None
        self.thread: threading.Thread | None = None

    def _watch(self) -> None:
        while True:
            time.sleep(0.1)
            active = self.active
            if active is None or time.monotonic() < active[1]:
                continue
            import ctypes  # only when a render overruns (most runs never need it)

            with self.lock:
                if self.active is active:          # still the same render: stop it
                    self.active = None
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(active[0]),
                                                               ctypes.py_object(TemplateTimeout))

    @contextlib.contextmanager
    def limit(self, seconds: float = TIME_LIMIT_S):
        if self.active is not None and self.active[0] == threading.get_ident():
            yield                                   # nested (a template rendering another): the outer limit holds
            return
        if self.thread is None:
            self.thread = threading.Thread(target=self._watch, name="docgen-template-watchdog", daemon=True)
            self.thread.start()
        mine = (threading.get_ident(), time.monotonic() + seconds)
        self.active = mine
        try:
            yield
        finally:
            with self.lock:
                if self.active is mine:
                    self.active = None


watchdog = _Watchdog()
