"""The books of an edit: what the text becomes, and what its data must then be.

An :class:`Editor` holds the file's text and, once needed, the data it was parsed into (by
rtoml). Each operation changes the text of one entry block - found by
:class:`~webcat.catalogue.blocks.Locator` and changed by :mod:`webcat.catalogue.splice`,
never by parsing the whole file with tomlkit - and records what the data should become.
The store then parses the new text strictly and compares: if the file would mean anything
other than what was asked, nothing is written.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from webcat.catalogue import splice
from webcat.catalogue.blocks import (
    PLAIN_ENTRY_HEADER,
    Block,
    Locator,
    line_findall,
    line_matches,
)
from webcat.catalogue.fields import KINDS
from webcat.catalogue.lex import inside, line_column
from webcat.catalogue.model import holds_id, referring_fields
from webcat.catalogue.rules import entries_named
from webcat.catalogue.tomlwrite import NotTomlValue, render_entry, render_key, render_value
from webcat.errors import CatalogueError, UsageError

UNSET: Any = object()

_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
#: A \\u or \\U escape of a printable ASCII character, which could spell an id.
_ASCII_ESCAPE = re.compile(r"\\(?:u00[2-7][0-9A-Fa-f]|U0000[2-7][0-9A-Fa-f])")


def _has_word(text: str, id: str, outside: tuple[int, int] = (0, 0)) -> bool:
    """Whether ``id`` is in ``text`` as a whole word of id characters (not between
    ``outside``'s offsets); str.find, many times faster here than a regex with lookbehind."""
    n = len(text)
    at = text.find(id)
    while at != -1:
        end = at + len(id)
        if not (
            outside[0] <= at < outside[1]
            or (at > 0 and text[at - 1] in _ID_CHARS)
            or (end < n and text[end] in _ID_CHARS)
        ):
            return True
        at = text.find(id, at + 1)
    return False


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
class Editor:
    """The text being edited, and what its data should be once the edits are done.

    The old file's full data is parsed only when an operation needs all of it (references,
    imports); a plain ``add`` or ``set`` reads just the entry's block. ``touched`` holds the
    expected final value of every entry changed (None: removed), which the store checks
    against the new text, and ``before`` its value in the old file.
    """

    text: str
    newline: str = "\n"
    path: str = "catalogue"
    changes: list[Change] = field(default_factory=list)
    original: str = ""
    touched: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    #: The old file's value of every touched entry (None: it had none), for judging which
    #: problems the edit brings by looking at those entries only.
    before: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    top: dict[str, Any] = field(default_factory=dict)
    _full: dict[str, Any] | None = None
    _layout: Locator | None = None
    _original_layout: Locator | None = None  # the old text's, kept for its header index
    _pending: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    _pending_ids: set[tuple[str, str]] = field(default_factory=set)  # for has(), in O(1)
    _rendered: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.original = self.text

    @property
    def layout(self) -> Locator:
        if self._layout is None:
            self._layout = Locator(self.text)
            if self.text is self.original:
                self._original_layout = self._layout
        return self._layout

    def current_layout(self) -> Locator | None:
        """The locator of the text as it now is, if one is at hand (none is made here)."""
        return self._layout

    def _splice(self, start: int, end: int, new: str) -> None:
        text = self.text
        self.text = "".join((text[:start], new, text[end:]))  # one copy fewer than a + b + c
        if self._layout is not None:
            self._layout = self._layout.spliced(self.text, start, end, new)

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
        for key, value in self.top.items():
            if value is UNSET:
                data.pop(key, None)
            else:
                data[key] = value

    def expected(self, original_data: dict[str, Any]) -> dict[str, Any]:
        """``original_data`` (the old file's) with every edit applied."""
        self._replay(original_data)
        return original_data

    def _remember(self, table: str, id: str, old: dict[str, Any] | None) -> None:
        """Keep the old file's value of an entry about to change (the first time only)."""
        if (table, id) not in self.before:
            self.before[(table, id)] = None if old is None else dict(old)

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
        if (table, id) in self._pending_ids:
            return True
        if (table, id) in self.touched:
            return self.touched[(table, id)] is not None
        if self._full is None:
            if self.layout.block(table, id) is not None:
                return True
            if not _has_word(self.text, id):
                return False  # the id is nowhere in the file, so no entry has it
        return id in self.table(table)

    def all_ids(self) -> set[str]:
        """Every id in use, in any table (for ids made from titles)."""
        if self._full is None:
            same = self.text == self.original
            known = self.layout.entry_ids() if same else None
            if known is None:
                spans = self.layout.spans if same else []
                known = {
                    m.group(2)
                    for pos, m in line_matches(PLAIN_ENTRY_HEADER, self.original)
                    if not inside(spans, pos)
                }
            ids = known
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
            if new_data.get(key, UNSET) != value:
                return False
        indexed = self._original_layout.plain_keys() if self._original_layout else None
        old_ids = indexed or set(line_findall(PLAIN_ENTRY_HEADER, self.original))
        new_ids = set(line_findall(PLAIN_ENTRY_HEADER, self.text))
        for entry_key, entry_value in self.touched.items():
            if entry_value is None:
                old_ids.discard(entry_key)
            else:
                old_ids.add(entry_key)
        if old_ids != new_ids:
            return False
        per_table = Counter(t for t, _ in new_ids)
        for table in KINDS:
            tbl = new_data.get(table, {})
            if not isinstance(tbl, dict) or len(tbl) != per_table[table]:
                return False
        return True

    def find(self, ref: str) -> list[tuple[str, str]]:
        """(table, id) of every entry named ``ref`` (``table.id`` or ``table/id`` picks one).

        Before the whole file is parsed, entries written as ``[table.id]`` blocks are looked
        up alone; only a name found nowhere that way parses the file.
        """
        if self._full is None:
            found = entries_named(ref, self._has_block)
            if found:
                return found
        return entries_named(ref, self.has)

    def _has_block(self, table: str, id: str) -> bool:
        if (table, id) in self.touched:
            return self.touched[(table, id)] is not None
        return self.layout.block(table, id) is not None

    def referrers(self, table: str, id: str) -> list[tuple[str, str, str]]:
        """(table, id, field) of every entry whose fields refer to ``table.id``.

        Before the whole file is parsed, a text that holds the id only inside the entry's
        own block (and no ``\\u`` escape that could spell it) has none: a reference is a
        string equal to the id, so the id is written out wherever one refers to it.
        """
        if self._full is None and not self._named_elsewhere(table, id):
            return []
        out: list[tuple[str, str, str]] = []
        for other_table, names in referring_fields(table).items():
            for other_id, raw in self.table(other_table).items():
                if isinstance(raw, dict):
                    out += [(other_table, other_id, f) for f in names if holds_id(raw.get(f), id)]
        return out

    def _named_elsewhere(self, table: str, id: str) -> bool:
        """Whether the text may name ``id`` outside the block of ``table.id`` (True when
        not sure)."""
        block = self.layout.block(table, id)
        if block is None or _ASCII_ESCAPE.search(self.text):
            return True
        return _has_word(self.text, id, outside=(block.start, block.end))

    def has_entries(self) -> bool:
        """Whether any entry is left (for "removing the last entry")."""
        if self._full is None and self._original_layout is not None:
            keys = self._original_layout.plain_keys()
            if keys is not None and not self._original_layout.spans:
                left = {k for k in keys if k[0] in KINDS}
                left.difference_update(k for k, v in self.touched.items() if v is None)
                left.update(k for k, v in self.touched.items() if v is not None)
                left.update((t, i) for t, entries in self._pending.items() for i, _ in entries)
                return bool(left)
        return any(self.table(t) for t in KINDS)

    # -- edits -----------------------------------------------------------------------

    def add(self, table: str, id: str, values: dict[str, Any]) -> None:
        """Queue a new entry; entries are written after the last entry of their table."""
        if self.has(table, id):
            raise UsageError(f"{KINDS[table].singular} '{id}' already exists")
        ordered = {f.name: values[f.name] for f in KINDS[table].fields if f.name in values}
        ordered.update({k: v for k, v in values.items() if k not in ordered})
        try:
            self._rendered[(table, id)] = render_entry(table, id, ordered, self.newline)
        except NotTomlValue:
            for name, value in ordered.items():
                self._render(value, f"{table}.{id}.{name}")  # raises, naming the field
            raise
        self._pending.setdefault(table, []).append((id, ordered))
        self._pending_ids.add((table, id))
        self._remember(table, id, None)  # has() said it is not there
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
        self._remember(table, id, raw)
        line = None
        if value is not UNSET:
            line = f"{render_key(name)} = {self._render(value, f'{table}.{id}.{name}')}"
        block = self._block(table, id)
        try:
            new_text = splice.set_key(
                self.text[block.start : block.end],
                table,
                id,
                name,
                line,
                order=[f.name for f in KINDS[table].fields],
                present=name in raw,
                newline=self.newline,
            )
        except splice.Unsafe as why:
            raise self._cannot(table, id, str(why)) from None
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
        if (table, id) not in self.before:
            self._remember(table, id, self.entry(table, id))
        start, end = splice.removal(self.text, self._block(table, id))
        self._splice(start, end, "")
        self._touch(table, id, None)
        self.changes.append(Change("remove", table, id))

    def finish(self) -> str:
        """Write the queued new entries and return the new text."""
        for table in KINDS:
            entries = self._pending.pop(table, [])
            if entries:
                self._insert_entries(table, entries)
                self._pending_ids.difference_update((table, id) for id, _ in entries)
        return self.text

    # -- helpers ---------------------------------------------------------------------

    def _cannot(self, table: str, id: str, why: str) -> CatalogueError:
        line, _ = line_column(self.text, self._block(table, id).start)
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

    def _render(self, value: Any, where: str) -> str:
        try:
            return render_value(value)
        except NotTomlValue as err:
            raise UsageError(f"{where}: {err}") from None

    def _insert_entries(self, table: str, entries: list[tuple[str, dict[str, Any]]]) -> None:
        nl = self.newline
        sep = nl * self.layout.blank_lines_between(table)
        chunk = sep.join(self._rendered.pop((table, id)) for id, _ in entries)
        order = list(KINDS)
        start, end, new = splice.insertion(
            self.layout, table, chunk, order[: order.index(table)], frozenset(KINDS), nl
        )
        self._splice(start, end, new)
        for id, values in entries:
            self._touch(table, id, dict(values))


def set_top_level(editor: Editor, key: str, value: Any) -> None:
    """Set a top-level key (``title``, ``language``) in the text before the first table, or
    remove it when ``value`` is UNSET.

    Only single-line ``key = value`` lines are replaced; the store's meaning check refuses
    anything else. A new key goes after the last top-level key.
    """
    if editor.data.get(key, UNSET) == value:
        return
    line = None if value is UNSET else f"{render_key(key)} = {editor._render(value, key)}"
    where = splice.top_level_key(editor.layout, key, line, editor.newline)
    if where is None:
        return  # not on a line of its own: the key is not there to remove
    editor._splice(*where)
    editor.top[key] = value
    if editor._full is not None:
        if value is UNSET:
            editor._full.pop(key, None)
        else:
            editor._full[key] = value
    editor.changes.append(Change("unset" if value is UNSET else "set", "", "", key))
