"""Which problems an edit brings, so that it is refused for those only (errors) and reports
those only (warnings).

The sure way compares the new file's problems with the old file's: a build of each whole
file, most of an edit's time on a 65,000-entry catalogue. An edit of a few entries needs
less, because the new data is checked to be the old data with only those entries changed
(:mod:`~webcat.catalogue.store`), and a problem depends on nothing else than:

- the entry's own values (its own problems, and whether it is in the model at all);
- for a reference, whether its target is in the model;
- for a shared URL, which entries of the model use it and the pages of their webinar and
  series (a resource may point to its parent's page).

So the problems that can differ between the two files are those of the touched entries, the
dangling references to touched entries that are not in the model, and the shared URLs that a
touched entry uses (or is the parent page for) in either file. :func:`edit_problems` works
those out for the old and the new data alone and compares them; every other problem is the
same in both files. Edits of the top-level keys or of tags (whose table turns tag checking
on), rewrites of the whole file (``fmt``) and edits of very many entries (imports) take the
sure way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from webcat.catalogue.document import Document
from webcat.catalogue.edit import Editor
from webcat.catalogue.fields import KINDS
from webcat.catalogue.model import ENTITY_CLASSES, Entity, UrlUse, holds_id, referring_fields
from webcat.catalogue.problems import Problem

#: Above this many touched entries an edit is judged by building both whole files.
LOCAL_LIMIT = 1000

Key = tuple[str, str]


def edit_problems(
    editor: Editor,
    new_doc: Document,
    old_doc: Callable[[], Document],
    *,
    whole_file: bool = False,
) -> list[Problem]:
    """The problems of ``new_doc`` (the edited file) that the old file did not have: new
    ones, and shared URLs with more users than before. Lines are not filled in.

    ``old_doc`` parses the old file, called only when the edit must be judged by building
    both whole files.
    """
    from webcat.catalogue.build import build_catalogue

    if not whole_file:
        local = _local_problems(editor, new_doc)
        if local is not None:
            return local
    _, problems = build_catalogue(new_doc, locate=False)
    if not problems:
        return []
    known = {p.key: p.uses for p in build_catalogue(old_doc(), locate=False)[1]}
    return [p for p in problems if p.key not in known or p.uses > known[p.key]]


def _local_problems(editor: Editor, new_doc: Document) -> list[Problem] | None:
    """The fresh problems worked out from the touched entries alone; None when the edit is
    not of that kind."""
    from webcat.catalogue.levels import file_levels, parse_levels

    touched = set(editor.touched)
    if (
        not editor.changes
        or editor.top
        or any(not c.table or c.table == "tags" for c in editor.changes)
        or len(touched) > LOCAL_LIMIT
        or any(key not in editor.before for key in touched)
    ):
        return None
    new = new_doc.data
    old = dict(new)
    for table in {t for t, _ in touched}:
        current = new.get(table, {})
        if not isinstance(current, dict):
            return None
        old[table] = dict(current)
    for (table, id), value in editor.before.items():
        if value is None:
            old[table].pop(id, None)
        else:
            old[table][id] = value
    own = parse_levels(new["validate"])[0] if "validate" in new else None
    levels = file_levels(new_doc.path.parent)
    if own is not None:
        levels = levels.over(own)
    urls = _urls_at_stake(touched, (old, new))
    seen = {p.key: p.uses for p in _Around(old, new_doc.path, touched, urls).problems()}
    fresh = []
    for p in _Around(new, new_doc.path, touched, urls).problems():
        level = levels.of(p.code)
        if level == "ignore" or (p.key in seen and p.uses <= seen[p.key]):
            continue
        p.severity = level
        fresh.append(p)
    return fresh


def _url_of(data: dict[str, Any], table: str, id: str | None) -> str | None:
    entries = data.get(table)
    entry = entries.get(id) if isinstance(entries, dict) and isinstance(id, str) else None
    url = entry.get("url") if isinstance(entry, dict) else None
    return url if isinstance(url, str) else None


def _urls_at_stake(touched: set[Key], states: tuple[dict[str, Any], ...]) -> set[str]:
    """The URLs whose sharing a change of ``touched`` can change: the touched entries' own,
    and, for a webinar, its series' page (which its resources may point to)."""
    urls: set[str] = set()
    for data in states:
        for table, id in touched:
            urls.add(_url_of(data, table, id) or "")
            if table == "webinars":
                entry = data.get(table, {}).get(id)
                if isinstance(entry, dict):
                    urls.add(_url_of(data, "series", entry.get("series")) or "")
    urls.discard("")
    return urls


class _Around:
    """The problems of one file's data that involve ``touched`` entries or ``urls``."""

    def __init__(
        self, data: dict[str, Any], path: Path, touched: set[Key], urls: set[str]
    ) -> None:
        from webcat.catalogue.build import _Builder

        self.data = data
        self.touched = touched
        self.urls = urls
        self.doc = Document(path, "", data)
        self.builder = _Builder(self.doc)
        self._models: dict[Key, Entity | None] = {}

    def table(self, table: str) -> dict[str, Any]:
        found = self.data.get(table)
        return found if isinstance(found, dict) else {}

    def model(self, table: str, id: str) -> Entity | None:
        """The entry as the model has it: None if it is not there or not valid."""
        key = (table, id)
        if key not in self._models:
            from webcat.catalogue.build import _Builder

            raw = self.table(table).get(id)
            entity = None
            if raw is not None and table in KINDS:
                entity = _Builder(self.doc).entity(KINDS[table], id, raw)
            self._models[key] = entity
        return self._models[key]

    def problems(self) -> list[Problem]:
        from webcat.catalogue.build import _reference_fields

        b = self.builder
        data_tags = self.table("tags")
        tags_on = any(self.model("tags", t) is not None for t in data_tags)
        # Each touched entry: its own problems, and its references.
        for table, id in sorted(self.touched, key=_file_order):
            raw = self.table(table).get(id)
            if raw is None:
                continue
            entity = b.entity(KINDS[table], id, raw)
            self._models[(table, id)] = entity
            if entity is None:
                continue
            for f, target in _reference_fields(table, tags_on):
                b.dangling(entity, f, target, self.exists_in(target), self.table(target))
        # References to a touched entry that is not in the model.
        for table, id in sorted(self.touched, key=_file_order):
            if self.model(table, id) is not None:
                continue
            for other, names in referring_fields(table).items():
                for other_id, raw in self.table(other).items():
                    if (other, other_id) in self.touched or not isinstance(raw, dict):
                        continue
                    if not any(holds_id(raw.get(n), id) for n in names):
                        continue
                    entity = self.model(other, other_id)
                    if entity is None:
                        continue
                    for f, target in _reference_fields(other, tags_on):
                        if target == table and f.name in names:
                            # Only this reference: the field's others are the same in both
                            # files, and looked for in neither.
                            b.dangling(entity, f, target, id.__ne__, self.table(table))
        # The URLs at stake, with every entry of the model that uses them.
        if self.urls:
            uses: dict[str, list[UrlUse]] = {}
            for table in ENTITY_CLASSES:
                for id, raw in self.table(table).items():
                    url = raw.get("url") if isinstance(raw, dict) else None
                    if url in self.urls:
                        entity = self.model(table, id)
                        if entity is not None and getattr(entity, "url", None) == url:
                            uses.setdefault(url, []).append(UrlUse(table, id, "url"))
            for url, users in uses.items():
                if len(users) >= 2:
                    b.duplicate_url(url, users, self.model)
        return b.problems

    def exists_in(self, table: str) -> Callable[[str], bool]:
        """Whether an id is that of an entry of ``table`` in the model."""
        return lambda id: self.model(table, id) is not None


def _file_order(key: Key) -> tuple[int, str]:
    return list(KINDS).index(key[0]), key[1]
