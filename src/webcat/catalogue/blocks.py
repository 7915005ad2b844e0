"""Where the entries are in the raw text: one *block* per ``[table.id]`` entry.

Editing a 20,000-webinar catalogue must not parse the whole file with tomlkit (about 30 s).
Instead the lines that start with ``[`` are found with one regular-expression pass, those
inside multi-line strings are dropped, and a line is read as a header only when a lookup
needs it. The text is cut into blocks (one per entry, with its sub-tables); an edit changes
or inserts only the block concerned and copies everything else byte for byte.

A block's *gap* is the run of blank and comment lines just before its header. A comment
separated from the previous entry by a blank line is read as belonging to the entry below it
(a section heading such as ``# --- People ---`` or a note about that entry); comment lines
that directly follow an entry's last key, with no blank line between, stay with that entry.
tomlkit sees every such comment as part of the entry above; webcat does not, so removing an
entry never takes its neighbour's comment with it.

A line inside a multi-line array that looks like a header would be misread here; every edit
is therefore checked by parsing the whole new text strictly and comparing its data with what
the edit was meant to produce (see :mod:`webcat.catalogue.store`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from webcat.catalogue.lex import WS, Header, header_at, inside, is_blank_or_comment
from webcat.catalogue.lex import multiline_string_spans as _spans

__all__ = [
    "Block",
    "Header",
    "Layout",
    "Locator",
    "gap_start",
    "line_findall",
    "line_matches",
]


@dataclass(frozen=True, slots=True)
class Block:
    """The text of one entry ``[table.id]`` (with any ``[table.id.sub]`` tables).

    ``gap_start``..``start`` are the blank and comment lines above the header; ``start`` is
    the header; ``end`` is just after the entry's last key line (and the comments glued to
    it). What lies between ``end`` and the next header belongs to the next entry.
    """

    table: str
    id: str
    gap_start: int
    start: int
    end: int


def gap_start(
    text: str, header_start: int, floor: int, spans: list[tuple[int, int]] | None = None
) -> int:
    """Start of the blank/comment lines above ``header_start`` (not below ``floor``).

    Comment lines glued to the content above (no blank line between) are not part of it.
    Called with the start of the next header, it gives the end of the entry above. Lines
    inside the multi-line strings ``spans`` are content, however they look.
    """
    pos = header_start
    lines: list[tuple[int, str]] = []
    while pos > floor:
        prev = text.rfind("\n", floor, pos - 1)
        line_start = prev + 1 if prev >= floor else floor
        line = text[line_start:pos]
        if not is_blank_or_comment(line) or (spans and inside(spans, line_start)):
            break
        lines.append((line_start, line))
        pos = line_start
    if pos > floor or floor > 0:
        # Content above (at a floor > 0 there is a header): comment lines directly under it
        # belong to it, up to the first blank line.
        for line_start, line in reversed(lines):
            if line.strip(WS + "\r\n"):
                pos = line_start + len(line)
            else:
                break
        else:
            return header_start
    return pos


# Patterns that start with a literal newline are searched for much faster by `re` than
# `^` with MULTILINE (0.016 s instead of 0.068 s on 18.5 MiB). They run on the text, with
# the first line (which no newline precedes) matched on its own, so that the text - 85 MB in
# memory for a 23 MiB catalogue with emoji - is never copied to put a newline before it.
_LINE_BRACKET = re.compile(r"\n[ \t]*\[")
#: A line that starts with ``[``; groups 1 and 2 are table and id if it is a plain entry
#: header (:data:`PLAIN_ENTRY_HEADER`).
_BRACKET_LINE = re.compile(
    r"\n[ \t]*\[(?:[ \t]*([A-Za-z0-9_-]+)[ \t]*\.[ \t]*([A-Za-z0-9_-]+)[ \t]*\]"
    r"[ \t]*(?:#[^\n]*)?\r?(?=\n|\Z))?"
)
#: ``[table.id]`` written with bare keys, alone on its line (a comment may follow).
PLAIN_ENTRY_HEADER = re.compile(
    r"\n[ \t]*\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\.[ \t]*([A-Za-z0-9_-]+)[ \t]*\]"
    r"[ \t]*(?:#[^\n]*)?\r?(?=\n|\Z)"
)
_QUOTED_HEADER = re.compile(r"\n[ \t]*\[[^\n\]]*[\"']")


def _first_line(text: str) -> str:
    """The first line of ``text`` with a newline before it (and its own after it)."""
    nl = text.find("\n")
    return "\n" + (text if nl == -1 else text[: nl + 1])


def line_matches(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """(start of its line, match) for each match of a pattern that starts with ``\\n`` and
    stays on one line, on every line including the first."""
    first = pattern.match(_first_line(text))
    if first is not None:
        yield 0, first
    for m in pattern.finditer(text):
        yield m.start() + 1, m


def line_findall(pattern: re.Pattern[str], text: str) -> list[Any]:
    """``findall`` of a pattern as :func:`line_matches` takes it."""
    return pattern.findall(_first_line(text)) + pattern.findall(text)


class Locator:
    """Finds entry blocks, reading only the header lines a lookup needs.

    An edit needs one or two blocks; keeping only the offsets of lines that start with ``[``
    (one C-speed pass) and parsing a header line on demand is the difference between 0.05 s
    and 1 s per edit on the 20,000-webinar catalogue. :class:`Layout` reads them all.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = _spans(text) if ('"""' in text or "'''" in text) else []
        # One pass finds every "[" line and reads the plain entry headers among them; each
        # match starts at the newline before its line, the first line's is matched alone.
        self._first = _BRACKET_LINE.match(_first_line(text))
        self._matches: list[re.Match[str]] | None = list(_BRACKET_LINE.finditer(text))
        starts = [m.start() + 1 for m in self._matches]
        if self._first is not None:
            starts.insert(0, 0)
        if self.spans:
            kept: list[int] = []
            si = 0
            for pos in starts:  # both sorted: one merge pass
                while si < len(self.spans) and self.spans[si][1] <= pos:
                    si += 1
                if not (si < len(self.spans) and self.spans[si][0] < pos):
                    kept.append(pos)
            starts = kept
        self.starts = starts
        self._headers: dict[int, Header | None] = {}
        self._plain: dict[tuple[str, str], int] | None = None
        self._plain_again: dict[tuple[str, str], list[int]] = {}  # keys with several headers
        self._plain_done = False
        self._by_table: dict[str, list[int]] = {}  # sorted header positions of each table

    def spliced(self, new_text: str, start: int, end: int, new: str) -> Locator | None:
        """This locator for ``new_text`` - this text with ``start:end`` replaced by ``new`` -
        read from ``new`` alone, as an edit that inserts 45,000 entries needs (each full
        reading of the grown text is a pass over it). None when a full reading is needed:
        no header index yet, a piece that does not begin and end at line starts, that
        cuts a multi-line string or holds an unclosed one, or that quotes a header key.
        """
        plain = self._plain if self._plain_done else None
        old = self.text
        if (
            plain is None
            or (start > 0 and old[start - 1] != "\n")
            or not (end == len(old) or (end > 0 and old[end - 1] == "\n"))
            or not (new.endswith("\n") or end == len(old) or (not new and start == end))
            or any(a < start < b or a < end < b for a, b in self.spans)
        ):
            return None
        piece = Locator(new)
        piece_plain = piece._plain_headers()
        if piece_plain is None or piece._plain_again or any(b >= len(new) for _, b in piece.spans):
            return None
        delta = len(new) - (end - start)
        moved = {
            k: (p if p < start else p + delta) for k, p in plain.items() if not start <= p < end
        }
        again: dict[tuple[str, str], list[int]] = {}
        for key, positions in self._plain_again.items():  # lookalikes in multi-line strings
            kept = [p if p < start else p + delta for p in positions if not start <= p < end]
            if kept:
                moved[key] = kept[-1]  # as dict() of the full reading keeps the last
            else:
                moved.pop(key, None)
            if len(kept) > 1:
                again[key] = kept
        for key, pos in piece_plain.items():
            if key in moved:
                again[key] = sorted([*again.get(key, [moved[key]]), pos + start])
                moved[key] = again[key][-1]
            else:
                moved[key] = pos + start
        loc = Locator.__new__(Locator)
        loc.text = new_text
        loc.spans = (
            [sp for sp in self.spans if sp[1] <= start]  # those inside start:end are gone
            + [(a + start, b + start) for a, b in piece.spans]
            + [(a + delta, b + delta) for a, b in self.spans if a >= end]
        )
        i, j = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        loc.starts = (
            self.starts[:i]
            + [p + start for p in piece.starts]
            + [p + delta for p in self.starts[j:]]
        )
        loc._first = None
        loc._matches = None
        loc._headers = {}
        loc._plain = moved
        loc._plain_again = again
        loc._plain_done = True
        loc._by_table = {}
        return loc

    def header(self, i: int) -> Header | None:
        """The header on the i-th ``[`` line, or None if that line is not a header."""
        pos = self.starts[i]
        if pos not in self._headers:
            self._headers[pos] = header_at(self.text, pos)
        return self._headers[pos]

    def headers(self) -> list[Header]:
        """Every header line, in file order."""
        found = (self.header(i) for i in range(len(self.starts)))
        return [h for h in found if h is not None]

    def _next_header(self, i: int) -> tuple[int, Header | None]:
        j = i + 1
        while j < len(self.starts):
            h = self.header(j)
            if h is not None:
                return j, h
            j += 1
        return j, None

    def _prev_header_end(self, i: int) -> int:
        j = i - 1
        while j >= 0:
            h = self.header(j)
            if h is not None:
                return h.end
            j -= 1
        return 0

    def block_at(self, i: int) -> Block | None:
        """The entry block whose header is the i-th ``[`` line, if it is an entry header."""
        h = self.header(i)
        if h is None or h.array or len(h.path) != 2:
            return None
        key = h.path
        j, nxt = self._next_header(i)
        while nxt is not None and len(nxt.path) > 2 and nxt.path[:2] == key:
            j, nxt = self._next_header(j)
        region_end = nxt.start if nxt is not None else len(self.text)
        return Block(
            key[0],
            key[1],
            gap_start(self.text, h.start, self._prev_header_end(i), self.spans),
            h.start,
            gap_start(self.text, region_end, h.end, self.spans),
        )

    def _plain_headers(self) -> dict[tuple[str, str], int] | None:
        """(table, id) -> start of its ``[table.id]`` line, for every entry header written
        with bare keys, from one regex pass made on the first lookup; None when some header
        quotes a key, which only a search per lookup finds. An edit looks up an entry several
        times (``set ID`` tries every table), and each search is a pass over the whole text.

        A line inside a multi-line string is left in here and dropped by :meth:`_index_of`,
        for the few entries looked up, rather than checked for all of them.
        """
        if not self._plain_done:
            self._plain_done = True
            text = self.text
            matches = self._matches or []
            self._matches = None
            first = self._first
            if (
                first is not None
                and first.lastindex is None
                and _QUOTED_HEADER.match(_first_line(text))
            ) or any(
                m.lastindex is None and _QUOTED_HEADER.match(text, m.start()) for m in matches
            ):
                return None
            found = cast(
                list[tuple[tuple[str, str], int]],
                [(m.group(1, 2), m.start() + 1) for m in matches if m.lastindex],
            )
            if first is not None and first.lastindex:
                found.insert(0, ((first.group(1), first.group(2)), 0))
            plain = dict(found)
            if len(plain) < len(found):  # some entry has more than one [table.id] line
                every: dict[tuple[str, str], list[int]] = {}
                for key, pos in found:
                    every.setdefault(key, []).append(pos)
                self._plain_again = {k: v for k, v in every.items() if len(v) > 1}
            self._plain = plain
        return self._plain

    def _index_of(self, pos: int) -> int | None:
        """The index in :attr:`starts` of the ``[`` line at ``pos`` (None: in a string)."""
        i = bisect.bisect_left(self.starts, pos)
        return i if i < len(self.starts) and self.starts[i] == pos else None

    def plain_keys(self) -> set[tuple[str, str]] | None:
        """(table, id) of every plain ``[table.id]`` line - as ``findall`` of
        :data:`PLAIN_ENTRY_HEADER` gives them, lines in multi-line strings included - or
        None when a header quotes a key."""
        plain = self._plain_headers()
        return None if plain is None else set(plain)

    def entry_ids(self) -> set[str] | None:
        """The id of every ``[table.id]`` header, if all are written with bare keys."""
        plain = self._plain_headers()
        if plain is None:
            return None
        if not self.spans:
            return {id for _, id in plain}
        return {
            key[1]
            for key, pos in plain.items()
            for p in self._plain_again.get(key, [pos])
            if self._index_of(p) is not None
        }

    def _candidates(self, table: str, id: str | None) -> list[int]:
        """Indexes of ``[`` lines that may be headers of ``table`` (and ``id``).

        Only the common spellings (bare, or simply quoted) are searched for; a header that
        spells its key with escapes is not found, and the edit is refused, never guessed.
        """
        plain = self._plain_headers()
        if plain is not None and id is not None:
            key = (table, id)
            positions = self._plain_again.get(key) or ([plain[key]] if key in plain else [])
            found = (self._index_of(p) for p in positions)
            return [i for i in found if i is not None]
        if plain is not None:
            return list(reversed(list(self._reversed_candidates(table))))
        t = rf"(?:{re.escape(table)}|\"{re.escape(table)}\"|'{re.escape(table)}')"
        rest = (
            rf"[ \t]*\.[ \t]*(?:{re.escape(id)}|\"{re.escape(id)}\"|'{re.escape(id)}')[ \t]*\]"
            if id is not None
            else r"[ \t]*\."
        )
        pattern = re.compile(rf"\n[ \t]*\[[ \t]*{t}{rest}")
        out: list[int] = []
        for pos, _ in line_matches(pattern, self.text):
            i = self._index_of(pos)
            if i is not None:
                out.append(i)
        return out

    def _reversed_candidates(self, table: str) -> Iterator[int]:
        """:meth:`_candidates` of a whole table, last first, each found as it is read: the
        last two of 45,000 are what :meth:`last_blocks` needs."""
        plain = self._plain_headers()
        if plain is None:
            yield from reversed(self._candidates(table, None))
            return
        positions = self._by_table.get(table)
        if positions is None:
            positions = self._by_table[table] = sorted(
                p
                for (t, i), pos in plain.items()
                if t == table
                for p in self._plain_again.get((t, i), [pos])
            )
        for pos in reversed(positions):
            i = self._index_of(pos)
            if i is not None:
                yield i

    def block(self, table: str, id: str) -> Block | None:
        for i in self._candidates(table, id):
            h = self.header(i)
            if h is not None and h.path == (table, id) and not h.array:
                return self.block_at(i)
        return None

    def last_blocks(self, table: str, n: int = 1) -> list[Block]:
        """The last ``n`` entry blocks of ``table``, in file order."""
        out: list[Block] = []
        for i in self._reversed_candidates(table):
            h = self.header(i)
            if h is not None and len(h.path) == 2 and h.path[0] == table and not h.array:
                block = self.block_at(i)
                if block is not None:
                    out.append(block)
                    if len(out) == n:
                        break
        return list(reversed(out))

    def first_block_among(self, tables: set[str] | frozenset[str]) -> Block | None:
        for i in range(len(self.starts)):
            h = self.header(i)
            if h is not None and len(h.path) == 2 and h.path[0] in tables and not h.array:
                return self.block_at(i)
        return None

    def first_header(self) -> Header | None:
        return next((h for i in range(len(self.starts)) if (h := self.header(i))), None)

    def blank_lines_between(self, table: str) -> int:
        """How many blank lines separate entries of ``table`` (the file's style), default 1."""
        last = self.last_blocks(table, 2)
        if len(last) == 2:
            between = self.text[last[0].end : last[1].start]
            if not between.strip(WS + "\r\n"):
                return max(0, between.count("\n"))
        return 1


@dataclass(slots=True)
class Layout:
    """Every header of a text and its entry blocks, keyed by (table, id): what ``fmt`` needs.

    Built from the same :class:`Locator` the edits use, so both find the same blocks.
    """

    text: str
    headers: list[Header]
    blocks: dict[tuple[str, str], Block]
    problems: dict[tuple[str, str], str]
    spans: list[tuple[int, int]]  # the multi-line strings

    @classmethod
    def scan(cls, text: str, tables: set[str] | frozenset[str]) -> Layout:
        locator = Locator(text)
        headers = locator.headers()
        spans = locator.spans
        blocks: dict[tuple[str, str], Block] = {}
        problems: dict[tuple[str, str], str] = {}
        i = 0
        n = len(headers)
        while i < n:
            h = headers[i]
            if len(h.path) < 2 or h.path[0] not in tables or h.array:
                i += 1
                continue
            key = (h.path[0], h.path[1])
            j = i + 1
            while j < n and headers[j].path[:2] == key and len(headers[j].path) > 2:
                j += 1
            region_end = headers[j].start if j < n else len(text)
            if key in blocks or key in problems:
                problems[key] = "its tables are not together in one place"
                blocks.pop(key, None)
            else:
                floor = headers[i - 1].end if i > 0 else 0
                blocks[key] = Block(
                    key[0],
                    key[1],
                    gap_start(text, h.start, floor, spans),
                    h.start,
                    gap_start(text, region_end, h.end, spans),
                )
            i = j
        return cls(text, headers, blocks, problems, spans)
