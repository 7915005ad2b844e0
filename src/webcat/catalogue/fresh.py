"""Which problems an edit brings, so that it is refused for those only (errors) and reports
those only (warnings).

The sure way compares the new file's problems with the old file's, which costs a second
parse and build of the whole file - on a 65,000-entry catalogue most of an edit's time, and
needed on every edit once a catalogue has any warning (real ones share URLs). Most edits
allow a shortcut, because a problem of an entry depends only on that entry: if no entry the
edit changed has a problem of its own, the old problems of every other entry are the new
ones, and what is left to decide is whether a shared URL gained a user from the edit and
whether a reference dangles because the edit removed its target.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from webcat.catalogue.edit import Change
from webcat.catalogue.fields import KINDS, FieldType
from webcat.catalogue.problems import Problem

_CROSS = ("duplicate-url", "dangling-reference")


def fresh_problems(
    problems: list[Problem],
    changes: list[Change],
    new_data: dict[str, Any],
    old_problems: Callable[[], list[Problem]],
    *,
    whole_file: bool = False,
) -> list[Problem]:
    """The problems of ``problems`` (the new file's) that the old file did not have.

    ``old_problems`` builds the old file's, called only when the shortcut cannot decide:
    a rewrite of the whole file (``whole_file``), a change to top-level keys or to tags
    (whose table turns tag checking on), or a changed entry with a problem of its own.
    """
    if not problems:
        return []
    changed = {(c.table, c.id) for c in changes if c.table}
    sure = (
        whole_file
        or any(not c.table for c in changes)
        or any(t == "tags" for t, _ in changed)
        or any((p.table, p.id) in changed for p in problems if p.code != "duplicate-url")
    )
    if sure:
        known = {p.key: p.uses for p in old_problems()}
        # New, or a shared URL with more users than before.
        return [p for p in problems if p.key not in known or p.uses > known[p.key]]
    removed = {(c.table, c.id) for c in changes if c.action == "remove"}
    new_urls = _urls_given(changes, new_data)
    fresh = []
    for p in problems:
        if p.code == "duplicate-url":
            if p.subject in new_urls:
                fresh.append(p)
        elif p.code == "dangling-reference" and p.refers_to in removed:
            fresh.append(p)
    return fresh


def _urls_given(changes: list[Change], data: dict[str, Any]) -> set[str]:
    """URLs the edit gave to an entry (added with it, or set)."""
    urls: set[str] = set()
    for c in changes:
        if c.action not in ("add", "set"):
            continue
        kind = KINDS.get(c.table)
        table = data.get(c.table)
        entry = table.get(c.id) if isinstance(table, dict) else None
        if kind is None or not isinstance(entry, dict):
            continue
        names = (
            [f.name for f in kind.fields if f.type is FieldType.URL]
            if c.action == "add"
            else [c.field]
        )
        for name in names:
            f = kind.field(name or "")
            value = entry.get(name or "")
            if f is not None and f.type is FieldType.URL and isinstance(value, str):
                urls.add(value)
    return urls
