"""Where things are in the file: table headers and keys mapped to line and column.

tomllib gives values, not positions. Positions are needed only to report problems and to
point CI annotations at a URL, so this index is built lazily, by one pass over the lines,
and only when asked. It understands the layout webcat writes and people usually write
(``[table.id]`` headers with ``key = value`` lines); anything cleverer falls back to the
header's line, which is still the right place to look.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})"
_HEADER = re.compile(rf"^\s*\[\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*\]")
_KEYLINE = re.compile(rf"^(\s*)({_KEY})\s*(?:\.\s*{_KEY}\s*)*=\s*")
_PART = re.compile(rf"\s*({_KEY})\s*\.?")


def _unquote(key: str) -> str:
    if key[:1] == '"':
        try:
            return str(json.loads(key))
        except ValueError:
            return key[1:-1]
    if key[:1] == "'":
        return key[1:-1]
    return key


def _split(dotted: str) -> tuple[str, ...]:
    return tuple(_unquote(m.group(1)) for m in _PART.finditer(dotted) if m.group(1))


@dataclass(slots=True)
class LineIndex:
    """Line (1-based) and column (1-based) of headers and of keys inside them."""

    headers: dict[tuple[str, ...], int] = field(default_factory=dict)
    keys: dict[tuple[str, ...], tuple[int, int]] = field(default_factory=dict)
    value_columns: dict[tuple[str, ...], int] = field(default_factory=dict)

    @classmethod
    def build(cls, text: str) -> LineIndex:
        index = cls()
        current: tuple[str, ...] = ()
        multiline: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if multiline is not None:
                # Inside a multi-line string: skip until its closing delimiter.
                if line.count(multiline) % 2 == 1:
                    multiline = None
                continue
            stripped = line.lstrip()
            if not stripped or stripped[0] == "#":
                continue
            if stripped[0] == "[":
                m = _HEADER.match(line)
                if m and not stripped.startswith("[["):
                    current = _split(m.group(1))
                    index.headers.setdefault(current, lineno)
                continue
            m = _KEYLINE.match(line)
            if m:
                key = (*current, _unquote(m.group(2)))
                index.keys.setdefault(key, (lineno, len(m.group(1)) + 1))
                index.value_columns.setdefault(key, m.end() + 1)
                rest = line[m.end() :]
                for delim in ('"""', "'''"):
                    if rest.startswith(delim) and rest.count(delim) == 1:
                        multiline = delim
        return index

    def line_of(self, *path: str) -> int | None:
        """The line of ``path``'s key, else of the closest enclosing header."""
        if path in self.keys:
            return self.keys[path][0]
        for n in range(len(path), 0, -1):
            if path[:n] in self.headers:
                return self.headers[path[:n]]
            if path[:n] in self.keys:
                return self.keys[path[:n]][0]
        return None

    def position_of(self, *path: str) -> tuple[int, int] | None:
        """(line, column) of ``path``'s key; column points at its value where known."""
        if path in self.keys:
            return self.keys[path][0], self.value_columns.get(path, self.keys[path][1])
        line = self.line_of(*path)
        return (line, 1) if line is not None else None
