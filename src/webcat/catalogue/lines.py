"""Where things are in the file: table headers and keys mapped to line and column.

tomllib gives values, not positions. Positions are needed only to report problems and to
point CI annotations at a URL, so this index is built lazily, by one pass over the lines,
and only when asked. It understands the layout webcat writes and people usually write
(``[table.id]`` headers with ``key = value`` lines); anything cleverer falls back to the
header's line, which is still the right place to look.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from webcat.catalogue.lex import (
    HEADER,
    KEY_LINE,
    WS,
    inside,
    iter_lines,
    multiline_string_spans,
    split_key_path,
    unquote_key,
)


@dataclass(slots=True)
class LineIndex:
    """Line (1-based) and column (1-based) of headers and of keys inside them."""

    headers: dict[tuple[str, ...], int] = field(default_factory=dict)
    keys: dict[tuple[str, ...], tuple[int, int]] = field(default_factory=dict)
    value_columns: dict[tuple[str, ...], int] = field(default_factory=dict)

    @classmethod
    def build(cls, text: str) -> LineIndex:
        """One pass over the lines (cut at LF only, as TOML does); columns count characters."""
        index = cls()
        current: tuple[str, ...] = ()
        spans = multiline_string_spans(text) if ('"""' in text or "'''" in text) else []
        for lineno, (pos, line) in enumerate(iter_lines(text), start=1):
            if spans and inside(spans, pos):
                continue  # a line of a multi-line string
            stripped = line.lstrip(WS)
            if not stripped or stripped[0] == "#":
                continue
            if stripped[0] == "[":
                m = HEADER.match(line)
                if m and m.group(1) is None:
                    current = split_key_path(m.group(2))
                    index.headers.setdefault(current, lineno)
                continue
            m = KEY_LINE.match(line)
            if m:
                key = (*current, unquote_key(m.group(2)))
                index.keys.setdefault(key, (lineno, len(m.group(1)) + 1))
                index.value_columns.setdefault(key, m.end() + 1)
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
