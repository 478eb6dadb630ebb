"""Line numbers for TOML key paths. tomllib gives values only, so errors would have no line:
this scans the text for table headers and `key =` lines and maps `plan.stages[3].end` to a line.

It reads the common shapes (tables, arrays of tables, keys, inline tables on one line); anything
it cannot place falls back to the nearest enclosing key or table header.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in re.split(r"\.(?=(?:[^\"']*[\"'][^\"']*[\"'])*[^\"']*$)", dotted)]


class LineIndex:
    def __init__(self, text: str):
        self.lines: dict[str, int] = {}
        self._build(text)

    def _build(self, text: str) -> None:
        counts: dict[str, int] = {}       # array-of-tables path -> how many seen
        arrays: set[str] = set()          # plain paths that are arrays of tables
        prefix = ""
        in_multiline = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if in_multiline in line:
                    in_multiline = None
                continue
            header = _HEADER.match(line)
            if header and not line.lstrip().startswith("#"):
                is_array = header.group(1) == "[["
                names = _parts(header.group(2))
                path = ""
                for i, name in enumerate(names):
                    plain = f"{_plain(path)}.{name}" if path else name
                    last = i == len(names) - 1
                    path = f"{path}.{name}" if path else name
                    if last and is_array:
                        arrays.add(plain)
                        n = counts.get(path, 0) + 1
                        counts[path] = n
                        path = f"{path}[{n}]"
                    elif plain in arrays:
                        path = f"{path}[{counts.get(path, 1)}]"
                prefix = path
                self.lines.setdefault(prefix, number)
                continue
            key = _KEY.match(line)
            if key:
                full = ".".join([prefix, *_parts(key.group(1))]) if prefix else ".".join(_parts(key.group(1)))
                self.lines.setdefault(full, number)
                rest = line[key.end():]
                for quote in ('"""', "'''"):
                    if rest.count(quote) == 1:
                        in_multiline = quote

    def line_of(self, path: str) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = re.sub(r"(\[\d+\]|\.[^.\[]+)$", "", path) if re.search(r"(\[\d+\]|\.[^.\[]+)$", path) else ""
        return None


def _plain(path: str) -> str:
    return re.sub(r"\[\d+\]", "", path)
