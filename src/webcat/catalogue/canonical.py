"""The canonical layout of a catalogue file, which ``webcat fmt`` writes and checks.

The layout (also in docs/editing.md):

- The text before the first table (top-level keys and the file's opening comments) is kept
  as written, with trailing spaces removed and runs of blank lines made one.
- Tables that are not entries (``[check]``) come next, as written.
- Entries follow, grouped by kind in the format's order - series, webinars, resources, people,
  organisations, projects, tags - keeping their order within a kind. Each entry is one
  ``[table.id]`` table; its fields come in the format's order (unknown fields last), one
  ``key = value`` line each, values in basic strings, language tables as inline tables.
- Exactly one blank line before each entry (and before its comment lines). Comments are kept:
  those above an entry stay above it, those above a key stay above that key, end-of-line
  comments stay on their line. No blank lines inside an entry. One newline at the end.

Values are rendered from the data (as parsed by rtoml), so the layout is the same however
the file was written; ``fmt`` then checks that the new text means exactly the same data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from webcat.catalogue.blocks import Block, Layout, gap_start
from webcat.catalogue.fields import KINDS
from webcat.catalogue.lex import WS, inside, line_column, multiline_string_spans, span_at
from webcat.catalogue.tomlwrite import render_key, render_value
from webcat.errors import CatalogueError

_STRIP = WS + "\r\n"


def _lines(text: str) -> Iterator[tuple[str, int]]:
    """Each line (cut at LF), and how many of its first characters are data: part of a
    multi-line string (0 for most lines; -1: all of it, and its line break too)."""
    spans = multiline_string_spans(text) if ('"""' in text or "'''" in text) else []
    pos = 0
    for line in text.split("\n"):
        data = 0
        if spans:
            if inside(spans, pos + len(line)):
                data = -1
            elif (span := span_at(spans, pos)) is not None:
                data = span[1] - pos
        yield line, data
        pos += len(line) + 1


def _tidy(text: str) -> str:
    """Trailing spaces removed, blank-line runs made one, no blank lines at either end.

    What lies inside multi-line strings is data and stays exactly as it is.
    """
    out: list[str] = []
    blank = True  # drops blank lines at the start
    for line, data in _lines(text):
        if data >= 0:
            line = line[:data] + line[data:].rstrip(WS + "\r")
        if not line and data >= 0:
            blank_before, blank = blank, True
            if not blank_before:
                out.append("")
            continue
        out.append(line)
        blank = False
    if out and out[-1] == "" and blank:
        out.pop()
    return "\n".join(out)


def _comments(
    block_text: str, table: str, id: str
) -> tuple[str, dict[str, list[str]], dict[str, str], list[str]]:
    """Header comment, comments above each key, end-of-line comments, trailing comments."""
    import tomlkit
    from tomlkit.items import Comment, Table, Whitespace

    doc = tomlkit.parse(block_text)
    entry = doc[table][id]
    assert isinstance(entry, Table)
    before: dict[str, list[str]] = {}
    eol: dict[str, str] = {}
    pending: list[str] = []

    def collect(tbl: Table, into: list[str]) -> None:
        for key, item in tbl.value.body:
            if isinstance(item, Comment):
                into.append(item.as_string().strip(_STRIP))
            elif isinstance(item, Table):
                collect(item, into)
            elif key is not None and item.trivia.comment:
                into.append(item.trivia.comment.strip(_STRIP))

    for key, item in entry.value.body:
        if isinstance(item, Comment):
            pending.append(item.as_string().strip(_STRIP))
        elif isinstance(item, Whitespace) or key is None:
            continue
        elif isinstance(item, Table):
            inner: list[str] = []
            if item.trivia.comment:
                inner.append(item.trivia.comment.strip(_STRIP))
            collect(item, inner)
            before[key.key] = pending + inner
            pending = []
        else:
            before[key.key] = pending
            pending = []
            if item.trivia.comment:
                eol[key.key] = item.trivia.comment.strip(_STRIP)
    return entry.trivia.comment.strip(_STRIP), before, eol, pending


def _render_block(text: str, block: Block, values: dict[str, Any]) -> str:
    body = text[block.start : block.end]
    header_comment = ""
    before: dict[str, list[str]] = {}
    eol: dict[str, str] = {}
    trailing: list[str] = []
    if "#" in body:
        header_comment, before, eol, trailing = _comments(body, block.table, block.id)
    lines = [f"[{render_key(block.table)}.{render_key(block.id)}]"]
    if header_comment:
        lines[0] += "  " + header_comment
    order = [f.name for f in KINDS[block.table].fields]
    keys = [k for k in order if k in values] + [k for k in values if k not in order]
    for key in keys:
        lines += before.get(key, [])
        line = f"{render_key(key)} = {render_value(values[key])}"
        if key in eol:
            line += "  " + eol[key]
        lines.append(line)
    lines += trailing
    return "\n".join(lines)


def canonical_text(text: str, data: dict[str, Any], path: str) -> str:
    """``text`` (LF line endings) in the canonical layout; ``data`` is what it parses to."""
    layout = Layout.scan(text, frozenset(KINDS))
    for (table, id), why in layout.problems.items():
        raise CatalogueError(f"{path}: cannot format {table}.{id}: {why}")
    for table in KINDS:
        raw = data.get(table)
        if not isinstance(raw, dict):
            continue
        for id in raw:
            if (table, id) not in layout.blocks:
                raise CatalogueError(
                    f"{path}: cannot format {table}.{id}: it is not written as a "
                    f"[{table}.{id}] table",
                    hint=f"rewrite it by hand as [{table}.{id}] with one key = value per line",
                )
    headers = layout.headers
    if not headers:
        return _tidy(text) + "\n"
    # Segments: entry blocks, and other tables from their gap to the next gap.
    starts: list[tuple[int, int]] = []  # (gap_start, header_start)
    block_at = {b.start: b for b in layout.blocks.values()}
    i = 0
    while i < len(headers):
        h = headers[i]
        block = block_at.get(h.start)
        if block is not None:
            starts.append((block.gap_start, h.start))
            # skip this entry's own sub-table headers
            i += 1
            while i < len(headers) and headers[i].start < block.end:
                i += 1
            continue
        if h.path and h.path[0] in KINDS:
            raise CatalogueError(
                f"{path}: cannot format the [{'.'.join(h.path)}] table "
                f"(line {line_column(text, h.start)[0]})",
                hint="write each entry as its own [table.id] table",
            )
        floor = 0 if not starts else starts[-1][1]
        starts.append((gap_start(text, h.start, floor, layout.spans), h.start))
        i += 1
    preamble = _tidy(text[: starts[0][0]])
    others: list[str] = []
    tail = ""
    entries: dict[str, list[str]] = {t: [] for t in KINDS}
    for n, (gap_at, head_at) in enumerate(starts):
        gap = _tidy(text[gap_at:head_at])
        gap_text = gap + ("\n\n" if text[gap_at:head_at].rstrip(" \t").endswith("\n\n") else "\n")
        if not gap:
            gap_text = ""
        block = block_at.get(head_at)
        if block is None:
            end = starts[n + 1][0] if n + 1 < len(starts) else len(text)
            others.append(gap_text + _tidy(text[head_at:end]))
        else:
            values = data[block.table][block.id]
            rendered = gap_text + _render_block(text, block, values)
            # Comments after the entry that no next entry claims (at the end of the file).
            end = starts[n + 1][0] if n + 1 < len(starts) else len(text)
            left = _tidy(text[block.end : end])
            if left and n + 1 == len(starts):
                tail = left
            elif left:
                rendered += "\n" + left
            entries[block.table].append(rendered)
    parts = ([preamble] if preamble else []) + others
    for table in KINDS:
        parts += entries[table]
    if tail:
        parts.append(tail)
    return "\n\n".join(parts) + "\n"


def full_line_comments(text: str) -> list[str]:
    """Every line that is only a comment, stripped; ``fmt`` checks none goes missing."""
    return sorted(
        line.strip(_STRIP)
        for line, data in _lines(text)
        if not data and line.lstrip(WS).startswith("#")
    )
