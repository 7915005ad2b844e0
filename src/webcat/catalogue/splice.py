"""Splicing one entry's text: set or unset a key in a block, cut a block, place new blocks.

Pure functions from text to text; the :class:`~webcat.catalogue.edit.Editor` keeps the books.
Inside a block, tomlkit parses the few lines of that entry; webcat uses its items only to
learn where each key's text starts and ends, and splices its own one-line ``key = value``
there. That keeps every other byte of the block (comments, blank lines, quoting) and avoids
tomlkit's re-rendering traps (a blank line lost on insert, keys moved under sub-tables).
Anything it is unsure about raises :class:`Unsafe`, and the edit is refused, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from webcat.catalogue.blocks import Block, Locator
from webcat.catalogue.lex import WS


class Unsafe(Exception):
    """The block is not written in a way webcat can splice safely; the text says why."""


@dataclass(slots=True)
class Span:
    """Where one top-level item of an entry block starts and ends."""

    key: str | None
    start: int
    end: int
    simple: bool  # a plain `key = value` line we can splice
    comment: bool = False  # a comment line


def entry_spans(block: str, table: str, id: str) -> tuple[int, list[Span]] | None:
    """Where each top-level item of an entry block starts and ends, or None if unsure.

    The positions are rebuilt from tomlkit's items and checked against the text piece by
    piece; any mismatch (sub-tables, dotted keys, a tomlkit change) returns None and the
    caller refuses the edit rather than guess. The first value is where the body ends
    (before any sub-table).
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import Comment, Table, Whitespace

    try:
        doc = tomlkit.parse(block)
        entry = doc[table][id]
    except (TOMLKitError, KeyError, TypeError):
        return None
    if not isinstance(entry, Table):
        return None
    body_start = block.find("\n") + 1
    if body_start == 0:
        return body_start, []
    pos = body_start
    spans: list[Span] = []
    for key, item in entry.value.body:
        if isinstance(item, Table):
            return pos, spans  # sub-tables follow; nothing after them is spliced
        comment = isinstance(item, Comment)
        if key is None or comment or isinstance(item, Whitespace):
            piece = item.as_string()
            simple = False
            name = None
        else:
            if key.is_dotted():
                return None
            trivia = item.trivia
            piece = (
                f"{trivia.indent}{key.as_string()}{key.sep}{item.as_string()}"
                f"{trivia.comment_ws}{trivia.comment}{trivia.trail}"
            )
            simple = True
            name = key.key
        if block[pos : pos + len(piece)] != piece:
            return None
        spans.append(Span(name, pos, pos + len(piece), simple, comment))
        pos += len(piece)
    return pos, spans


def replace_value(piece: str, line: str) -> str:
    """``piece`` (one key's text) with its key and value replaced by ``line``.

    The indent before the key and any end-of-line comment after the value are kept.
    """
    import tomlkit

    indent = piece[: len(piece) - len(piece.lstrip(WS))]
    trail = "\r\n" if piece.endswith("\r\n") else "\n" if piece.endswith("\n") else ""
    comment = ""
    try:
        doc = tomlkit.parse(piece)
        item = next(iter(doc.body))[1]
        if item.trivia.comment:
            comment = item.trivia.comment_ws + item.trivia.comment
    except Exception:  # a piece tomlkit cannot re-read keeps no comment
        comment = ""
    return f"{indent}{line}{comment}{trail}"


def insert_point(order: list[str], name: str, spans: list[Span], body_end: int) -> int:
    """After the nearest key that comes before ``name`` in ``order`` (the format's order)."""
    rank = order.index(name) if name in order else len(order)
    best: Span | None = None
    for s in spans:
        if s.key is not None and s.simple:
            r = order.index(s.key) if s.key in order else len(order)
            if r < rank:
                best = s
    if best is not None:
        return best.end
    first_key = next((s for s in spans if s.key is not None), None)
    if first_key is None:
        return body_end
    # Before the first key, and before the comment lines glued to it.
    at = first_key.start
    for s in reversed(spans[: spans.index(first_key)]):
        if s.comment and s.end == at:
            at = s.start
        else:
            break
    return at


def set_key(
    block: str,
    table: str,
    id: str,
    name: str,
    line: str | None,
    *,
    order: list[str],
    present: bool,
    newline: str = "\n",
) -> str:
    """The block's text with key ``name`` set to ``line`` (``key = value``), or removed (None).

    ``present`` says whether the entry's data has the key: a key the data has but the block
    has no plain line for (a sub-table, a dotted key, a key after one) is refused.
    """
    found = entry_spans(block, table, id)
    if found is None:
        raise Unsafe("it holds sub-tables or dotted keys")
    body_end, spans = found
    by_key = {s.key: s for s in spans if s.key is not None}
    if name in by_key:
        span = by_key[name]
        if not span.simple:
            raise Unsafe(f"'{name}' is not a plain key = value line")
        if line is None:
            return block[: span.start] + block[span.end :]
        piece = block[span.start : span.end]
        # Keep the line's indent and its end-of-line comment; replace only the value.
        return block[: span.start] + replace_value(piece, line) + block[span.end :]
    if present:
        raise Unsafe(f"'{name}' is a sub-table, a dotted key, or comes after one")
    if line is None:
        return block
    at = insert_point(order, name, spans, body_end)
    before = block[:at]
    prefix = "" if before.endswith("\n") else newline
    # Indent like the entry's other keys.
    keyed = next((s for s in spans if s.simple), None)
    if keyed is not None:
        piece = block[keyed.start : keyed.end]
        prefix += piece[: len(piece) - len(piece.lstrip(WS))]
    return before + prefix + line + newline + block[at:]


def removal(text: str, block: Block) -> tuple[int, int]:
    """The range to cut to remove ``block``: it and the blank lines after it (or, for the
    last block of the file, the blank lines before it), so neighbours stay as far apart."""
    start, end = block.start, block.end
    while end < len(text) and text[end] in "\r\n":
        end += 1
    if end >= len(text):
        # Last in the file: drop the blank lines before it instead; keep one final newline.
        while start > 1 and text[start - 1] == "\n" and text[start - 2] in "\r\n":
            start -= 1
    return start, end


def insertion(
    loc: Locator, table: str, chunk: str, earlier_tables: list[str], kinds: frozenset[str], nl: str
) -> tuple[int, int, str]:
    """Where new entries of ``table`` (rendered as ``chunk``) go: (start, end, new text).

    After the last entry of the table; else after the last entry of the nearest earlier
    table in ``earlier_tables`` (nearest last); else before the first entry's comments; else
    at the end of the file.
    """
    text = loc.text
    blank = loc.blank_lines_between(table)
    found = loc.last_blocks(table)
    anchor = found[0] if found else None
    if anchor is None:
        for earlier in reversed(earlier_tables):
            found = loc.last_blocks(earlier)
            if found:
                anchor = found[0]
                break
    if anchor is not None:
        at = anchor.end
        lead = ("" if text[:at].endswith("\n") else nl) + nl * max(blank, 1)
        return at, at, lead + chunk.rstrip("\r\n") + nl
    first = loc.first_block_among(kinds)
    if first is not None:
        at = first.gap_start
        # Skip the blank lines at the top of the gap: insert where its comments begin.
        while at < first.start and text[at] in "\r\n":
            at += 1
        return at, at, chunk + nl * max(blank, 1)
    body = text.rstrip("\r\n")
    lead = nl * 2 if body else ""
    return len(body), len(text), lead + chunk


_TOP_KEY = re.compile(r"^[ \t]*([A-Za-z0-9_-]+|\"[^\"\n]*\")[ \t]*=", re.MULTILINE)


def top_level_key(loc: Locator, key: str, line: str, nl: str) -> tuple[int, int, str]:
    """Where to write the top-level ``line`` (``key = value``): (start, end, new text).

    Replaces the single-line ``key = ...`` before the first table, or goes after the last
    top-level key (else at the top). A multi-line value is not handled here; the store's
    meaning check refuses what would come out wrong.
    """
    text = loc.text
    first = loc.first_header()
    end = first.start if first is not None else len(text)
    last_end: int | None = None
    for m in _TOP_KEY.finditer(text, 0, end):
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end == -1 else line_end
        if line_end > m.start() and text[line_end - 1] == "\r":
            line_end -= 1
        if m.group(1).strip('"') == key:
            return m.start(), line_end, line
        last_end = line_end
    if last_end is not None:
        return last_end, last_end, nl + line
    return 0, 0, line + nl
