"""TOML's lexical rules as the text surgery needs them: lines, keys, header lines, strings.

Every module that looks at catalogue text by position (finding blocks, splicing, formatting,
reporting line numbers) takes these rules from here, so they cannot disagree. In TOML a
newline is LF or CRLF and nothing else: U+2028, U+2029, U+0085, \\v, \\f and \\x1c-\\x1e are
ordinary characters inside strings and comments. Python's ``str.splitlines`` and
``str.strip`` treat them as line breaks and white space, so neither is used on catalogue
text; lines are cut at ``\\n`` only, and only spaces and tabs count as white space.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# TOML white space: space and tab, nothing else.
WS = " \t"

BARE_KEY = r"[A-Za-z0-9_-]+"
_BASIC_KEY = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL_KEY = r"'[^'\n]*'"
KEY = rf"(?:{BARE_KEY}|{_BASIC_KEY}|{_LITERAL_KEY})"
KEY_PATH = rf"{KEY}(?:[ \t]*\.[ \t]*{KEY})*"

# A header line: [a.b] or [[a.b]], an optional comment, nothing else. Group 1 is the second
# "[" of an array-of-tables header, group 2 the dotted key path.
HEADER = re.compile(rf"[ \t]*\[(\[)?[ \t]*({KEY_PATH})[ \t]*\](?(1)\])[ \t]*(?:#[^\n]*)?\r?$", re.M)
# The start of a key = value line: indent (group 1), first key (group 2), then the dots.
KEY_LINE = re.compile(rf"([ \t]*)({KEY})[ \t]*(?:\.[ \t]*{KEY}[ \t]*)*=[ \t]*")
BARE_KEY_RE = re.compile(rf"{BARE_KEY}\Z")
_PART = re.compile(rf"[ \t]*({KEY})[ \t]*\.?")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    hex4, hex8, char = match.groups()
    if hex4 or hex8:
        return chr(int(hex4 or hex8, 16))
    return _SIMPLE_ESCAPES.get(char, match.group(0))


def unquote_key(key: str) -> str:
    """The name a lexed key stands for (``"a\\u00e5"`` -> ``aå``, ``'x'`` -> ``x``)."""
    if key[:1] == '"':
        return _ESCAPE.sub(_unescape, key[1:-1])
    if key[:1] == "'":
        return key[1:-1]
    return key


def split_key_path(dotted: str) -> tuple[str, ...]:
    """``a."b.c".'d'`` -> ``("a", "b.c", "d")``."""
    return tuple(unquote_key(m.group(1)) for m in _PART.finditer(dotted) if m.group(1))


@dataclass(frozen=True, slots=True)
class Header:
    """A table header line: its key path and where the line starts and ends (after \\n)."""

    path: tuple[str, ...]
    start: int
    end: int
    array: bool


def header_at(text: str, pos: int) -> Header | None:
    """The header on the line that starts at ``pos``, or None if that line is not one."""
    m = HEADER.match(text, pos)
    if m is None:
        return None
    end = m.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    return Header(split_key_path(m.group(2)), pos, end, m.group(1) is not None)


# -- lines ------------------------------------------------------------------------------


def is_blank_or_comment(line: str) -> bool:
    """A line (with or without its newline) holding only white space or a comment."""
    s = line.lstrip(WS)
    return not s or s[0] in "#\r\n"


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for every line, cut at LF only; the line has no LF, nor the CR of CRLF."""
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        line = text[pos:end]
        yield pos, line[:-1] if line.endswith("\r") and nl != -1 else line
        pos = end + 1


def split_lines_keepends(text: str) -> list[str]:
    """``text`` cut after each LF (a drop-in for ``splitlines(keepends=True)``)."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, as editors count them for TOML files."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


# -- strings that span lines --------------------------------------------------------------

_LINE_TOKEN = re.compile("[\"'#\n]")
_BASIC_REST = re.compile(r'(?:[^"\\\n]|\\.)*"')
_ML_BASIC_END = re.compile(r'\\.|"""', re.S)


def _close_triple(text: str, after: int, quote: str) -> int:
    """End of the multi-line string whose content starts at ``after``, or len(text)."""
    n = len(text)
    if quote == "'":
        close = text.find("'''", after)
        if close == -1:
            return n
    else:
        pos = after
        while True:
            m = _ML_BASIC_END.search(text, pos)
            if m is None:
                return n
            if m.group(0) == '"""':
                close = m.start()
                break
            pos = m.end()
    end = close + 3
    # Up to two quotes right before the closing delimiter belong to the content.
    for _ in range(2):
        if end < n and text[end] == quote:
            end += 1
    return end


def multiline_string_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every multi-line string, from its opening to past its closing quotes.

    Only lines that hold ``\"\"\"`` or ``'''`` are lexed (from their start: a line can begin
    inside a string only when that string is a multi-line one, and those are found here), so
    this costs one C-speed search on files without such strings. Basic and literal strings
    and comments on those lines are skipped properly: ``"it's '''"`` opens nothing.
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    pos = 0
    # The next of each kind of triple quote, found with str.find: many times faster than a
    # regex alternation over a long text (which tries both at every character).
    next_double, next_single = text.find('"""'), text.find("'''")
    while True:
        if next_double != -1 and next_double < pos:
            next_double = text.find('"""', pos)
        if next_single != -1 and next_single < pos:
            next_single = text.find("'''", pos)
        found = [at for at in (next_double, next_single) if at != -1]
        if not found:
            return spans
        p = text.rfind("\n", 0, min(found)) + 1  # >= pos: pos is always a line start
        while True:
            t = _LINE_TOKEN.search(text, p)
            if t is None:
                return spans
            c = t.group(0)
            if c == "\n":
                pos = t.end()
                break
            if c == "#":
                nl = text.find("\n", t.end())
                if nl == -1:
                    return spans
                pos = nl + 1
                break
            start = t.start()
            if text.startswith(c * 3, start):
                end = _close_triple(text, start + 3, c)
                spans.append((start, end))
                if end >= n:
                    return spans
                p = end
                continue
            if c == '"':
                rest = _BASIC_REST.match(text, start + 1)
                close = rest.end() if rest is not None else -1
            else:
                close = text.find("'", start + 1)
                nl = text.find("\n", start + 1)
                if nl != -1 and close > nl:
                    close = -1
                close = close + 1 if close != -1 else -1
            if close == -1:  # an unterminated string: not TOML; skip the line
                nl = text.find("\n", start)
                if nl == -1:
                    return spans
                pos = nl + 1
                break
            p = close


def span_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The span of the sorted ``spans`` that ``pos`` lies strictly inside (after its start)."""
    import bisect

    i = bisect.bisect_right(spans, pos, key=lambda span: span[0]) - 1
    return spans[i] if i >= 0 and spans[i][0] < pos < spans[i][1] else None


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies strictly inside one of the sorted ``spans`` (after its start)."""
    return span_at(spans, pos) is not None


# -- what a position lies in ----------------------------------------------------------------

CODE, COMMENT, BASIC, LITERAL, ML_BASIC, ML_LITERAL = (
    "code",
    "comment",
    "basic",
    "literal",
    "multi-line basic",
    "multi-line literal",
)


def context_at(text: str, pos: int, spans: list[tuple[int, int]]) -> tuple[str, int]:
    """What ``pos`` lies in (:data:`CODE`, :data:`COMMENT` or a kind of string) and where
    that string or comment starts (-1 for code). ``spans`` are the document's
    :func:`multiline_string_spans`.

    Only the line holding ``pos`` is lexed (from its start, or from the end of a multi-line
    string that ends on it), so a question costs one line, however long the file.
    """
    span = span_at(spans, pos)
    if span is not None:
        return (ML_BASIC if text[span[0]] == '"' else ML_LITERAL), span[0]
    p = text.rfind("\n", 0, pos) + 1
    span = span_at(spans, p)
    if span is not None:  # the line begins inside a multi-line string that ends before pos
        p = span[1]
    while True:
        t = _LINE_TOKEN.search(text, p, pos)
        if t is None:
            return CODE, -1
        c = t.group(0)
        start = t.start()
        if c == "\n":
            p = t.end()
            continue
        if c == "#":
            return COMMENT, start
        if text.startswith(c * 3, start):
            end = _close_triple(text, start + 3, c)
            if end > pos:
                return (ML_BASIC if c == '"' else ML_LITERAL), start
        elif c == '"':
            rest = _BASIC_REST.match(text, start + 1)
            end = rest.end() if rest is not None else len(text)
            if end > pos:
                return BASIC, start
        else:
            close = text.find("'", start + 1)
            end = close + 1 if close != -1 else len(text)
            if end > pos:
                return LITERAL, start
        p = end


def escape_starts_at(text: str, pos: int) -> bool:
    """Whether the backslash at ``pos`` (inside a basic string) begins an escape: it does
    unless it is the second half of ``\\\\``, i.e. unless an odd run of backslashes precedes it."""
    run = 0
    while pos - run - 1 >= 0 and text[pos - run - 1] == "\\":
        run += 1
    return run % 2 == 0


_INLINE_TOKEN = re.compile(r"""[{}\[\]"'#\n,]|[^ \t\r{}\[\]"'#\n,]+""")


def inline_table_fault(text: str, pos: int) -> tuple[int, str] | None:
    """For the inline table that opens with the ``{`` (in code) at ``pos``: the offset and
    kind (``"newline"`` or ``"comma"``) of the first thing in it that only TOML 1.1 allows -
    a line break or comment directly inside its braces, or a comma right before its ``}`` -
    or None. Arrays inside it may span lines and hold comments, as TOML 1.0 allows."""
    stack: list[str] = []
    p = pos
    comma = -1  # offset of a comma followed so far only by white space, in this table
    n = len(text)
    while p < n:
        t = _INLINE_TOKEN.search(text, p)
        if t is None:
            return None
        c = t.group(0)
        start = t.start()
        p = t.end()
        if c in "\n#":
            if stack and stack[-1] == "{":
                return start, "newline"
            if c == "#":
                nl = text.find("\n", p)
                p = n if nl == -1 else nl + 1
            continue
        if c == ",":
            comma = start
            continue
        if c == "}" and comma != -1 and stack and stack[-1] == "{":
            return comma, "comma"
        comma = -1
        if c in "{[":
            stack.append(c)
        elif c in "}]":
            if stack:
                stack.pop()
            if not stack:
                return None
        elif c in "\"'":
            if text.startswith(c * 3, start):
                p = _close_triple(text, start + 3, c)
            elif c == '"':
                rest = _BASIC_REST.match(text, p)
                p = rest.end() if rest is not None else n
            else:
                close = text.find("'", p)
                p = close + 1 if close != -1 else n
    return None
