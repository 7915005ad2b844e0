"""Text edits of a catalogue: add, set, unset and remove entries, touching only their block.

An :class:`Editor` holds the file's text and the data it was parsed into (by rtoml). Each
operation changes the text of one entry block - found by :class:`~webcat.catalogue.layout.
Layout`, never by parsing the whole file with tomlkit - and records what the data should
become. The store then parses the new text strictly and compares: if the file would mean
anything other than what was asked, nothing is written.

Inside a block, tomlkit parses the few lines of that entry; webcat uses its items only to
learn where each key's text starts and ends, and splices its own one-line ``key = value``
there. That keeps every other byte of the block (comments, blank lines, quoting) and avoids
tomlkit's re-rendering traps (a blank line lost on insert, keys moved under sub-tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from webcat.catalogue.fields import KINDS, FieldType
from webcat.catalogue.layout import (
    Block,
    Locator,
    line_matches,
    render_entry,
    render_key,
    render_value,
)
from webcat.errors import CatalogueError, UsageError

UNSET: Any = object()


@dataclass(slots=True)
class Change:
    """One change, for messages and ``--dry-run``: ``add``, ``set``, ``unset``, ``remove``."""

    action: str
    table: str
    id: str
    field: str | None = None

    def __str__(self) -> str:
        if not self.table:
            return f"{self.action} top-level {self.field}"
        where = f"{self.table}.{self.id}" + (f".{self.field}" if self.field else "")
        return f"{self.action} {where}"


@dataclass(slots=True)
class _Span:
    key: str | None
    start: int
    end: int
    simple: bool  # a plain `key = value` line we can splice
    comment: bool = False  # a comment line


def _entry_spans(block: str, table: str, id: str) -> tuple[int, list[_Span]] | None:
    """Where each top-level item of an entry block starts and ends, or None if unsure.

    The positions are rebuilt from tomlkit's items and checked against the text piece by
    piece; any mismatch (sub-tables, dotted keys, a tomlkit change) returns None and the
    caller refuses the edit rather than guess.
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
    spans: list[_Span] = []
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
        spans.append(_Span(name, pos, pos + len(piece), simple, comment))
        pos += len(piece)
    return pos, spans


# Run through layout.line_matches: the leading \n is the end of the previous line.
_ENTRY_HEADER = re.compile(
    r"\n[ \t]*\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\.[ \t]*([A-Za-z0-9_-]+)[ \t]*\]"
    r"[ \t]*(?:#[^\n]*)?(?=\n|\Z)"
)


@dataclass(slots=True)
class Editor:
    """The text being edited, and what its data should be once the edits are done.

    The old file's full data is parsed only when an operation needs all of it (references,
    imports); a plain ``add`` or ``set`` reads just the entry's block. ``touched`` holds the
    expected final value of every entry changed (None: removed), which the store checks
    against the new text.
    """

    text: str
    newline: str = "\n"
    path: str = "catalogue"
    changes: list[Change] = field(default_factory=list)
    original: str = ""
    touched: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    top: dict[str, Any] = field(default_factory=dict)
    _full: dict[str, Any] | None = None
    _layout: Locator | None = None
    _pending: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.original = self.text

    @property
    def layout(self) -> Locator:
        if self._layout is None:
            self._layout = Locator(self.text)
        return self._layout

    def _splice(self, start: int, end: int, new: str) -> None:
        self.text = self.text[:start] + new + self.text[end:]
        self._layout = None

    @property
    def loaded(self) -> bool:
        """Whether the old file's full data has been parsed."""
        return self._full is not None

    @property
    def data(self) -> dict[str, Any]:
        """The old file's data with the edits so far applied (parsed on first use)."""
        if self._full is None:
            from pathlib import Path

            from webcat.catalogue.load import parse_toml

            # parse_toml turns a syntax error into a located CatalogueError (exit 3).
            self._full = parse_toml(self.original, Path(self.path))
            self._replay(self._full)
        return self._full

    def _replay(self, data: dict[str, Any]) -> None:
        for (table, id), value in self.touched.items():
            tbl = data.setdefault(table, {})
            if value is None:
                tbl.pop(id, None)
            else:
                tbl[id] = value
        data.update(self.top)

    def expected(self, original_data: dict[str, Any]) -> dict[str, Any]:
        """``original_data`` (the old file's) with every edit applied."""
        self._replay(original_data)
        return original_data

    def _touch(self, table: str, id: str, value: dict[str, Any] | None) -> None:
        self.touched[(table, id)] = value
        if self._full is not None:
            tbl = self._full.setdefault(table, {})
            if value is None:
                tbl.pop(id, None)
            else:
                tbl[id] = value

    # -- queries ---------------------------------------------------------------------

    def table(self, table: str) -> dict[str, Any]:
        raw = self.data.get(table)
        return raw if isinstance(raw, dict) else {}

    def entry(self, table: str, id: str) -> dict[str, Any] | None:
        """The entry's current data: from its block alone when the whole file is not loaded."""
        if (table, id) in self.touched:
            value = self.touched[(table, id)]
            return None if value is None else dict(value)
        if self._full is None:
            block = self.layout.block(table, id)
            if block is not None:
                import rtoml

                try:
                    raw = rtoml.loads(self.text[block.start : block.end])
                    found = raw[table][id]
                    if isinstance(found, dict) and list(raw) == [table] and len(raw[table]) == 1:
                        return found
                except (rtoml.TomlParsingError, KeyError, TypeError):
                    pass
        raw_entry = self.table(table).get(id)
        return dict(raw_entry) if isinstance(raw_entry, dict) else None

    def has(self, table: str, id: str) -> bool:
        if any(i == id for i, _ in self._pending.get(table, [])):
            return True
        if (table, id) in self.touched:
            return self.touched[(table, id)] is not None
        if self._full is None:
            if self.layout.block(table, id) is not None:
                return True
            if not re.search(rf"(?<![A-Za-z0-9_-]){re.escape(id)}(?![A-Za-z0-9_-])", self.text):
                return False  # the id is nowhere in the file, so no entry has it
        return id in self.table(table)

    def all_ids(self) -> set[str]:
        """Every id in use, in any table (for ids made from titles)."""
        if self._full is None:
            spans = self.layout.spans if self.text == self.original else []
            ids = {
                m.group(2)
                for m in line_matches(_ENTRY_HEADER, self.original)
                if not any(a <= m.start() < b for a, b in spans)
            }
        else:
            ids = {i for t in KINDS for i in self.table(t)}
        ids.update(id for (_, id), v in self.touched.items() if v is not None)
        for entries in self._pending.values():
            ids.update(i for i, _ in entries)
        return ids

    def probably_means(self, new_data: dict[str, Any]) -> bool:
        """A quick check that the new text means the old data plus the edits, without
        parsing the old file: every touched entry has its expected value, and the
        ``[table.id]`` headers of the old and new text differ by exactly the entries added
        and removed and match the new data's entries. Text outside the edited blocks is
        the old text byte for byte, so its meaning can only change through these. False
        means "not sure": the store then compares against the fully parsed old file.
        """
        for (table, id), value in self.touched.items():
            tbl = new_data.get(table)
            got = tbl.get(id) if isinstance(tbl, dict) else None
            if got != value:
                return False
        for key, value in self.top.items():
            if new_data.get(key) != value:
                return False
        old_ids = set(_ENTRY_HEADER.findall("\n" + self.original))
        new_ids = set(_ENTRY_HEADER.findall("\n" + self.text))
        for entry_key, entry_value in self.touched.items():
            if entry_value is None:
                old_ids.discard(entry_key)
            else:
                old_ids.add(entry_key)
        if old_ids != new_ids:
            return False
        for table in KINDS:
            tbl = new_data.get(table, {})
            if not isinstance(tbl, dict):
                return False
            if len(tbl) != sum(1 for t, _ in new_ids if t == table):
                return False
        return True

    def find(self, ref: str) -> list[tuple[str, str]]:
        """(table, id) of every entry named ``ref`` (``table.id`` or ``table/id`` picks one)."""
        for sep in ("/", "."):
            head, _, tail = ref.partition(sep)
            if tail and head in KINDS and self.has(head, tail):
                return [(head, tail)]
        if self._full is None:
            found = [(t, ref) for t in KINDS if self.layout.block(t, ref) is not None]
            if found:
                return found
        return [(t, ref) for t in KINDS if ref in self.table(t)]

    def referrers(self, table: str, id: str) -> list[tuple[str, str, str]]:
        """(table, id, field) of every entry whose fields refer to ``table.id``."""
        out: list[tuple[str, str, str]] = []
        for other_table, kind in KINDS.items():
            fields = [
                f
                for f in kind.fields
                if f.ref == table or (table == "tags" and f.type is FieldType.TAGS)
            ]
            if not fields:
                continue
            for other_id, raw in self.table(other_table).items():
                if not isinstance(raw, dict):
                    continue
                for f in fields:
                    value = raw.get(f.name)
                    if value == id or (isinstance(value, list) and id in value):
                        out.append((other_table, other_id, f.name))
        return out

    # -- edits -----------------------------------------------------------------------

    def add(self, table: str, id: str, values: dict[str, Any]) -> None:
        """Queue a new entry; entries are written after the last entry of their table."""
        if self.has(table, id):
            raise UsageError(f"{KINDS[table].singular} '{id}' already exists")
        ordered = {f.name: values[f.name] for f in KINDS[table].fields if f.name in values}
        ordered.update({k: v for k, v in values.items() if k not in ordered})
        self._pending.setdefault(table, []).append((id, ordered))
        self.changes.append(Change("add", table, id))

    def set(self, table: str, id: str, name: str, value: Any) -> None:
        """Set field ``name`` of an existing entry, or remove it when ``value`` is UNSET."""
        raw = self.entry(table, id)
        if raw is None:
            raise UsageError(f"no {KINDS[table].singular} '{id}'")
        if value is UNSET and name not in raw:
            return
        if value is not UNSET and raw.get(name, UNSET) == value:
            return
        block = self._block(table, id)
        text = self.text[block.start : block.end]
        found = _entry_spans(text, table, id)
        if found is None:
            raise self._cannot(table, id, "it holds sub-tables or dotted keys")
        body_end, spans = found
        by_key = {s.key: s for s in spans if s.key is not None}
        line = None if value is UNSET else f"{render_key(name)} = {render_value(value)}"
        if name in by_key:
            span = by_key[name]
            if not span.simple:
                raise self._cannot(table, id, f"'{name}' is not a plain key = value line")
            if line is None:
                new_text = text[: span.start] + text[span.end :]
            else:
                piece = text[span.start : span.end]
                # Keep the line's indent and its end-of-line comment; replace only the value.
                new_text = text[: span.start] + _replace_value(piece, line) + text[span.end :]
        elif name in raw:
            raise self._cannot(
                table, id, f"'{name}' is a sub-table, a dotted key, or comes after one"
            )
        else:
            assert line is not None
            at = self._insert_point(table, name, spans, body_end)
            before = text[:at]
            prefix = "" if before.endswith("\n") else self.newline
            # Indent like the entry's other keys.
            keyed = next((s for s in spans if s.simple), None)
            if keyed is not None:
                piece = text[keyed.start : keyed.end]
                prefix += piece[: len(piece) - len(piece.lstrip(" \t"))]
            new_text = before + prefix + line + self.newline + text[at:]
        self._splice(block.start, block.end, new_text)
        if value is UNSET:
            del raw[name]
            self.changes.append(Change("unset", table, id, name))
        else:
            raw[name] = value
            self.changes.append(Change("set", table, id, name))
        self._touch(table, id, raw)

    def remove(self, table: str, id: str) -> None:
        """Remove an entry's block; the comments above it stay for the entry below."""
        if not self.has(table, id):
            raise UsageError(f"no {KINDS[table].singular} '{id}'")
        block = self._block(table, id)
        start, end = block.start, block.end
        text = self.text
        # Also drop the blank lines after it, so the separation between neighbours stays one.
        while end < len(text) and text[end] in "\r\n":
            end += 1
        if end >= len(text):
            # Last in the file: drop the blank lines before it instead; keep one final newline.
            while start > 1 and text[start - 1] == "\n" and text[start - 2] in "\r\n":
                start -= 1
        self._splice(start, end, "")
        self._touch(table, id, None)
        self.changes.append(Change("remove", table, id))

    def finish(self) -> str:
        """Write the queued new entries and return the new text."""
        for table in KINDS:
            entries = self._pending.pop(table, [])
            if entries:
                self._insert_entries(table, entries)
        return self.text

    # -- helpers ---------------------------------------------------------------------

    def _cannot(self, table: str, id: str, why: str) -> CatalogueError:
        line = self.text.count("\n", 0, self._block(table, id).start) + 1
        return CatalogueError(
            f"line {line}: cannot edit {table}.{id} safely: {why}",
            hint="write the entry as one [table.id] table of key = value lines "
            "(`webcat fmt` does that), or edit it by hand",
        )

    def _block(self, table: str, id: str) -> Block:
        block = self.layout.block(table, id)
        if block is None:
            why = f"it is not written as a [{table}.{id}] table"
            raise CatalogueError(
                f"cannot edit {table}.{id} safely: {why}",
                hint="write the entry as one [table.id] table (`webcat fmt` does that)",
            )
        return block

    def _insert_point(self, table: str, name: str, spans: list[_Span], body_end: int) -> int:
        """After the nearest field that comes before ``name`` in the format's order."""
        order = [f.name for f in KINDS[table].fields]
        rank = order.index(name) if name in order else len(order)
        best: _Span | None = None
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

    def _insert_entries(self, table: str, entries: list[tuple[str, dict[str, Any]]]) -> None:
        nl = self.newline
        layout = self.layout
        blank = layout.blank_lines_between(table)
        sep = nl * blank
        chunk = sep.join(render_entry(table, id, values, nl) for id, values in entries)
        found = layout.last_blocks(table)
        anchor = found[0] if found else None
        if anchor is None:
            order = list(KINDS)
            for earlier in reversed(order[: order.index(table)]):
                found = layout.last_blocks(earlier)
                if found:
                    anchor = found[0]
                    break
        text = self.text
        if anchor is not None:
            at = anchor.end
            before = text[:at]
            lead = ("" if before.endswith("\n") else nl) + nl * max(blank, 1)
            self._splice(at, at, lead + chunk.rstrip("\r\n") + (nl if at < len(text) else ""))
            if at >= len(text):
                self.text += nl
        else:
            first = layout.first_block_among(frozenset(KINDS))
            if first is not None:
                at = first.gap_start
                # Skip the blank lines at the top of the gap: insert where its comments begin.
                while at < first.start and text[at] in "\r\n":
                    at += 1
                self._splice(at, at, chunk + nl * max(blank, 1))
            else:
                body = text.rstrip("\r\n")
                lead = nl * 2 if body else ""
                self._splice(len(body), len(text), lead + chunk)
        for id, values in entries:
            self._touch(table, id, dict(values))


def _replace_value(piece: str, line: str) -> str:
    """``piece`` (one key's text) with its key and value replaced by ``line``.

    The indent before the key and any end-of-line comment after the value are kept.
    """
    import tomlkit

    indent = piece[: len(piece) - len(piece.lstrip(" \t"))]
    trail = "\n" if piece.endswith("\n") else ""
    if piece.endswith("\r\n"):
        trail = "\r\n"
    comment = ""
    try:
        doc = tomlkit.parse(piece)
        item = next(iter(doc.body))[1]
        if item.trivia.comment:
            comment = item.trivia.comment_ws + item.trivia.comment
    except Exception:  # a piece tomlkit cannot re-read keeps no comment
        comment = ""
    return f"{indent}{line}{comment}{trail}"


_TOP_KEY = re.compile(r"^[ \t]*([A-Za-z0-9_-]+|\"[^\"\n]*\")[ \t]*=", re.MULTILINE)


def set_top_level(editor: Editor, key: str, value: Any) -> None:
    """Set a top-level key (``title``, ``language``) in the text before the first table.

    Only single-line ``key = value`` lines are replaced; the store's meaning check refuses
    anything else. A new key goes after the last top-level key.
    """
    if editor.data.get(key, UNSET) == value:
        return
    loc = editor.layout
    first = next((loc.header(i) for i in range(len(loc.starts)) if loc.header(i)), None)
    end = first.start if first is not None else len(editor.text)
    text = editor.text
    line = f"{render_key(key)} = {render_value(value)}"
    last_end: int | None = None
    for m in _TOP_KEY.finditer(text, 0, end):
        name = m.group(1).strip('"')
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end == -1 else line_end
        if name == key:
            editor._splice(m.start(), line_end, line)
            break
        last_end = line_end
    else:
        if last_end is not None:
            editor._splice(last_end, last_end, editor.newline + line)
        else:
            editor._splice(0, 0, line + editor.newline)
    editor.top[key] = value
    if editor._full is not None:
        editor._full[key] = value
    editor.changes.append(Change("set", "", "", key))
