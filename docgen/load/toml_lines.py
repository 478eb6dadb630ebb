"""Line numbers for TOML key paths, and the limits checked before tomllib sees a file.

tomllib gives values only, so errors would have no line. One tokenizing pass over the text
(linear in its length: every step moves forward, strings are skipped with str.find and simple
regexes) records where each key, table and array element begins, in a tree that mirrors the
data, so `plan.stages[3].end` or `elements[2].box_mm` maps to its line; a path it cannot place
falls back to its nearest ancestor.

The same pass enforces what tomllib cannot bear: nesting deeper than MAX_DEPTH (tomllib recurses
and dies with RecursionError), keys of more than MAX_KEY_PARTS parts (tomllib is quadratic in
them: an 80 KB dotted key took 38 s and 6 GB) or longer than MAX_KEY_CHARS, and Windows paths in
double-quoted strings ("C:\\Users\\…" is a string of escapes, which tomllib either refuses or
silently turns into control characters). These raise Refused with the line.

The scanner reads any text without failing: on something it does not understand it stops
mapping (tomllib, which runs next, reports the syntax error).
"""

from __future__ import annotations

import bisect
import contextlib
import re

MAX_DEPTH = 24          # arrays, inline tables and key parts, nested
MAX_KEY_PARTS = 12      # a.b.c = … or [a.b.c]
MAX_KEY_CHARS = 100     # one key part

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = re.compile(r"[ \t]*")
_BLANK = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")        # whitespace, newlines, comments
_SCALAR = re.compile(r"[^,\]}\n#]*")
_BASIC_END = re.compile(r'[\\"\n]')
_ML_BASIC_END = re.compile(r'\\.|"""', re.S)
_PATH_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")
_DRIVE = re.compile(r"[A-Za-z]:\\(?!\\)")
_FILE_SUFFIX = re.compile(r"\.(?:jpe?g|png|heic|ttf|ttc|otf|xlsx|xlsm|xls|csv|tsv|txt|toml)$", re.I)
# Keys whose values are paths: any single backslash in them is a Windows path written in double quotes.
PATH_KEYS = frozenset({"photo", "emblem", "roster", "templates", "text_file", "source"})


class Refused(Exception):
    """A file outside the limits, or a Windows path in double quotes: message and line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Lost(Exception):
    """The scanner met something it does not read; mapping stops there."""


class _Node:
    __slots__ = ("items", "keys", "line")

    def __init__(self, line: int):
        self.line = line
        self.keys: dict[str, _Node] | None = None
        self.items: list | None = None          # array elements: _Node, or the line of a scalar

    def key(self, name: str, line: int) -> _Node:
        if self.keys is None:
            self.keys = {}
        node = self.keys.get(name)
        if node is None:
            node = self.keys[name] = _Node(line)
        return node

    def append(self, item) -> None:
        if self.items is None:
            self.items = []
        self.items.append(item)


class LineIndex:
    """Scan `text` once: `line_of(path)` afterwards. Raises Refused for a file past the limits."""

    def __init__(self, text: str):
        self._text = text
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._root = _Node(1)
        with contextlib.suppress(_Lost, IndexError):
            self._document()
        del self._text

    # -- lookup --
    def line_of(self, path: str) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        node, line = self._root, None
        for m in _PATH_PART.finditer(path):
            index, name = m.group(1), m.group(2)
            if index is not None:
                items = node.items or []
                i = int(index) - 1
                if not 0 <= i < len(items):
                    break
                item = items[i]
                if isinstance(item, int):
                    return item
                node = item
            else:
                child = (node.keys or {}).get(name)
                if child is None:
                    break
                node = child
            line = node.line
        return line

    # -- scanning --
    def _line(self, pos: int) -> int:
        return bisect.bisect_right(self._starts, pos)

    def _skip(self, pos: int, pattern: re.Pattern[str] = _BLANK) -> int:
        return pattern.match(self._text, pos).end()   # type: ignore[union-attr]  # matches empty at worst

    def _document(self) -> None:
        text, pos, n = self._text, 0, len(self._text)
        table = self._root
        arrays: dict[int, int] = {}       # id of a node that is an array of tables -> 1
        while True:
            pos = self._skip(pos)
            if pos >= n:
                return
            line = self._line(pos)
            if text.startswith("[[", pos):
                parts, pos = self._key(pos + 2, depth=0)
                table = self._walk_header(parts, line, arrays, array=True)
                pos = self._expect(self._skip(pos, _SPACE), "]]")
            elif text[pos] == "[":
                parts, pos = self._key(pos + 1, depth=0)
                table = self._walk_header(parts, line, arrays, array=False)
                pos = self._expect(self._skip(pos, _SPACE), "]")
            else:
                pos = self._key_value(pos, table, depth=0)
            pos = self._skip(pos, _SPACE)
            if pos < n and text[pos] == "#":
                pos = text.find("\n", pos)
                pos = n if pos < 0 else pos
            if pos < n and text[pos] not in "\r\n":
                raise _Lost

    def _walk_header(self, parts: list[str], line: int, arrays: dict, array: bool) -> _Node:
        node = self._root
        for i, name in enumerate(parts):
            node = node.key(name, line)
            last = i == len(parts) - 1
            if last and array:
                arrays[id(node)] = 1
                element = _Node(line)
                node.append(element)
                node = element
            elif id(node) in arrays and node.items:
                node = node.items[-1]
            elif last and node.line > line:
                node.line = line
        return node

    def _expect(self, pos: int, token: str) -> int:
        if not self._text.startswith(token, pos):
            raise _Lost
        return pos + len(token)

    def _key(self, pos: int, depth: int) -> tuple[list[str], int]:
        """A (dotted) key starting at pos (spaces allowed around parts) -> its parts, the end."""
        text, parts = self._text, []
        while True:
            pos = self._skip(pos, _SPACE)
            if pos >= len(text):
                raise _Lost
            ch = text[pos]
            if ch == '"':
                start = pos
                pos = self._basic(pos)
                name = text[start + 1:pos - 1]
            elif ch == "'":
                end = text.find("'", pos + 1)
                nl = text.find("\n", pos + 1)
                if end < 0 or (0 <= nl < end):
                    raise _Lost
                name, pos = text[pos + 1:end], end + 1
            else:
                m = _BARE.match(text, pos)
                if not m:
                    raise _Lost
                name, pos = m.group(), m.end()
            if len(name) > MAX_KEY_CHARS:
                raise Refused(self._line(pos), f"键名过长（超过 {MAX_KEY_CHARS} 个字符）")
            parts.append(name)
            if len(parts) > MAX_KEY_PARTS:
                raise Refused(self._line(pos), f"键的层级过多（超过 {MAX_KEY_PARTS} 层，如 a.b.c…）")
            self._depth_check(pos, depth + len(parts))
            pos = self._skip(pos, _SPACE)
            if pos < len(text) and text[pos] == ".":
                pos += 1
                continue
            return parts, pos

    def _key_value(self, pos: int, table: _Node, depth: int) -> int:
        line = self._line(pos)
        parts, pos = self._key(pos, depth)
        node = table
        for name in parts:
            node = node.key(name, line)
        pos = self._expect(self._skip(pos, _SPACE), "=")
        return self._value(self._skip(pos, _SPACE), node, depth + len(parts), parts[-1])

    def _value(self, pos: int, node: _Node, depth: int, key: str) -> int:
        text = self._text
        ch = text[pos]
        if ch == "[":
            return self._array(pos + 1, node, depth + 1, key)
        if ch == "{":
            return self._inline(pos + 1, node, depth + 1)
        if ch == '"':
            return self._basic(pos, key=key)
        if ch == "'":
            if text.startswith("'''", pos):
                end = text.find("'''", pos + 3)
                if end < 0:
                    raise _Lost
                end += 3
                while end < len(text) and text[end] == "'" and end - pos < len(text):
                    end += 1
                return end
            end = text.find("'", pos + 1)
            if end < 0:
                raise _Lost
            return end + 1
        end = _SCALAR.match(text, pos).end()   # type: ignore[union-attr]  # matches empty at worst
        if end == pos:
            raise _Lost
        return end

    def _depth_check(self, pos: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise Refused(self._line(pos), f"嵌套过深（数组、表和键合计超过 {MAX_DEPTH} 层）")

    def _array(self, pos: int, node: _Node, depth: int, key: str) -> int:
        self._depth_check(pos, depth)
        text = self._text
        while True:
            pos = self._skip(pos)
            if text[pos] == "]":
                return pos + 1
            line = self._line(pos)
            if text[pos] in "[{":
                child = _Node(line)
                node.append(child)
                pos = self._value(pos, child, depth, key)
            else:
                node.append(line)
                pos = self._value(pos, node, depth, key)
            pos = self._skip(pos)
            if text[pos] == ",":
                pos += 1
            elif text[pos] != "]":
                raise _Lost

    def _inline(self, pos: int, node: _Node, depth: int) -> int:
        self._depth_check(pos, depth)
        text = self._text
        while True:
            pos = self._skip(pos)
            if text[pos] == "}":
                return pos + 1
            pos = self._key_value(pos, node, depth)
            pos = self._skip(pos)
            if text[pos] == ",":
                pos += 1
            elif text[pos] != "}":
                raise _Lost

    def _basic(self, pos: int, key: str | None = None) -> int:
        """Skip a double-quoted string (single- or multi-line) starting at pos; the end. A value
        (`key` given) that looks like a Windows path is refused with the fix."""
        text = self._text
        if text.startswith('"""', pos):
            scan = pos + 3
            while True:
                m = _ML_BASIC_END.search(text, scan)
                if m is None:
                    raise _Lost
                if m.group() == '"""':
                    end = m.end()
                    extra = 0
                    while end < len(text) and text[end] == '"' and extra < 2:
                        end += 1
                        extra += 1
                    return end
                scan = m.end()
        scan = pos + 1
        escaped = False
        while True:
            m = _BASIC_END.search(text, scan)
            if m is None or m.group() == "\n":
                raise _Lost
            if m.group() == "\\":
                escaped = True
                scan = m.end() + 1
                continue
            end = m.end()
            if key is not None and escaped:
                self._windows_path(text[pos + 1:end - 1], key, pos)
            return end

    def _windows_path(self, raw: str, key: str, pos: int) -> None:
        if _looks_like_windows_path(raw, key):
            shown = raw if len(raw) <= 40 else raw[:37] + "…"
            raise Refused(self._line(pos),
                          f"“{shown}”像 Windows 路径：双引号里的反斜杠“\\”是转义符，会改变路径。"
                          f"请改用单引号或正斜杠，如 '{shown}' 或 \"{shown.replace(chr(92), '/')}\"")


def _looks_like_windows_path(raw: str, key: str) -> bool:
    """A drive letter and one backslash ("C:\\Users", "D:\\new") in any value; a single backslash in
    a path key (photo = "photos\\new.jpg") or in a file name with a suffix docgen reads
    (song = "fonts\\new.ttf"). Correctly escaped paths ("C:\\\\Users") are left alone."""
    if _DRIVE.match(raw):
        return True
    if "\\\\" in raw:
        return False
    return key in PATH_KEYS or _FILE_SUFFIX.search(raw) is not None
