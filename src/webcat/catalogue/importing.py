"""What an import of canonical JSON does to a catalogue, decided before the store writes:
which entries are new, equal, updated, in conflict, or (with ``skip_invalid``) left out.

Real files arrive with a few broken entries among tens of thousands (issue 9: 154 bad URLs
among 65,000 entries), so an import can skip each entry with an error - and every entry
that would then refer to a skipped one - and write the rest. Whether an entry has an error
is decided by the one validator (:func:`~webcat.catalogue.build.build_catalogue`) on the
catalogue as it would be, so the rules cannot drift from ``webcat validate``; the store then
validates the text it writes, as for every edit.

A conflict on a top-level key (``language``, ``title``) is found from the first lines of the
catalogue (:func:`top_level_conflicts`), before any of the heavy work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from webcat.catalogue.fields import KINDS, TOP_LEVEL, Kind
from webcat.catalogue.rules import suggest
from webcat.errors import UsageError

if TYPE_CHECKING:
    from webcat.catalogue.edit import Editor

#: Top-level keys that are settings, never changed by an import.
SETTINGS = ("check", "validate")

#: ``progress(phase, done, total)``: told how far an import is, for a progress bar.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry left out of an import: where, and the problem that made it so."""

    table: str
    id: str
    field: str | None
    code: str
    message: str

    @property
    def entity(self) -> str:
        return f"{self.table}.{self.id}"

    def __str__(self) -> str:
        where = f"{self.entity}.{self.field}" if self.field else self.entity
        return f"{where}: {self.message} [{self.code}]"

    def to_data(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "field": self.field,
            "code": self.code,
            "message": self.message,
        }


@dataclass(slots=True)
class ImportOutcome:
    """What an import did (or would do): ids per table, and the skipped entries."""

    added: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    top: list[str] = field(default_factory=list)  # top-level keys set
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self) -> str:
        """``added 21,570 webinars, 44,601 resources; skipped 154`` (what there is)."""
        parts = []
        for verb, tables in (("added", self.added), ("updated", self.updated)):
            counts = [f"{len(ids):,} {t}" for t, ids in tables.items() if ids]
            if counts:
                parts.append(f"{verb} {', '.join(counts)}")
        if self.top:
            parts.append(f"set {', '.join(self.top)}")
        if self.unchanged:
            parts.append(f"{self.unchanged:,} unchanged")
        if self.skipped:
            parts.append(f"skipped {len(self.skipped):,}")
        return "; ".join(parts) or "nothing to import"

    def to_data(self) -> dict[str, Any]:
        return {
            "added": {t: ids for t, ids in self.added.items() if ids},
            "updated": {t: ids for t, ids in self.updated.items() if ids},
            "unchanged": self.unchanged,
            "top_level": self.top,
            "skipped": [s.to_data() for s in self.skipped],
        }


# -- the shape of the JSON ---------------------------------------------------------------


def check_shape(doc: dict[str, Any], name: str, *, entries: bool = True) -> None:
    """A usage error naming ``name`` unless ``doc`` has the shape of the canonical JSON
    (docs/json-format.md): known top-level keys, tables that are objects and, with
    ``entries``, entries that are objects of values TOML can hold (without, such entries
    are skipped later)."""
    allowed = list(TOP_LEVEL) + list(KINDS)
    for key in doc:
        if key not in allowed:
            raise UsageError(
                f"{name}: unknown top-level key '{key}'",
                hint=suggest(key, allowed) or f"keys are: {', '.join(allowed)}",
            )
    for table in KINDS:
        if not isinstance(doc.get(table, {}), dict):
            raise UsageError(f"{name}: '{table}' must be an object of id -> object of fields")
    for key in TOP_LEVEL:
        if key in doc:
            reason = _value_problem(doc[key])
            if reason:
                raise UsageError(f"{name}: {key}: {reason}")
    if entries:
        for table in KINDS:
            for id, fields in doc.get(table, {}).items():
                bad = _entry_problem(id, fields)
                if bad is not None:
                    raise _entry_error(name, table, bad)


def _value_problem(value: Any) -> str | None:
    """Why a JSON value cannot be a TOML value (null, text that is not UTF-8), or None."""
    if value is None:
        return "null is not a value"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "not valid UTF-8 text"
    elif isinstance(value, list):
        for v in value:
            reason = _value_problem(v)
            if reason:
                return reason
    elif isinstance(value, dict):
        for k, v in value.items():
            reason = _value_problem(k) or _value_problem(v)
            if reason:
                return reason
    return None


def _entry_error(name: str, table: str, bad: Skipped) -> UsageError:
    where = f"{table}.{bad.id}" + (f".{bad.field}" if bad.field else "")
    message, _, hint = bad.message.partition(" (")
    return UsageError(f"{name}: {where}: {message}", hint=hint.rstrip(")") or None)


def _entry_problem(id: str, fields: Any) -> Skipped | None:
    """Why one entry of the JSON cannot be written at all (as a problem), or None."""
    if _value_problem(id):
        return Skipped("", id, None, "bad-id", "the id is not valid UTF-8 text")
    if not isinstance(fields, dict):
        return Skipped("", id, None, "wrong-type", "must be an object of fields")
    for key, value in fields.items():
        reason = _value_problem(key) or _value_problem(value)
        if reason:
            hint = " (leave the field out instead)" if value is None else ""
            return Skipped("", id, key, "wrong-type", reason + hint)
    return None


# -- top-level keys --------------------------------------------------------------------


def read_top_level(path: Path) -> dict[str, Any] | None:
    """The top-level keys of the catalogue at ``path``, from the text before its first table
    (which is where TOML puts them), or None when that is not enough to tell."""
    import re

    from webcat.catalogue.document import parse_toml, read_text

    text = read_text(path)
    first = re.search(r"(?m)^[ \t]*\[", text)
    head = text if first is None else text[: first.start()]
    if '"""' in head or "'''" in head:
        return None  # a multi-line string might hold a line starting with [
    try:
        return parse_toml(head, path)
    except Exception:
        return None


def top_level_conflicts(current: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    """``language is "nb" in the catalogue, "en" in the import`` for each differing key."""
    import json

    out = []
    for key in TOP_LEVEL:
        if key in SETTINGS or key not in doc or key not in current:
            continue
        if current[key] != doc[key]:
            ours = json.dumps(current[key], ensure_ascii=False, default=str)
            theirs = json.dumps(doc[key], ensure_ascii=False, default=str)
            out.append(f"{key} is {ours} in the catalogue, {theirs} in the import")
    return out


def conflict_error(name: str, conflicts: list[str]) -> UsageError:
    return UsageError(
        f"{name}: the catalogue differs at the top level: {'; '.join(conflicts)}",
        hint="use --update to take the import's values, or change the catalogue's first "
        "(webcat set --top KEY VALUE)",
    )


# -- the import itself -----------------------------------------------------------------


def import_into(
    editor: Editor,
    doc: dict[str, Any],
    *,
    name: str,
    update: bool,
    skip_invalid: bool,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Apply ``doc`` to ``editor``; the outcome says what was added, updated and skipped.

    Without ``skip_invalid`` nothing is left out here: the store refuses the whole edit if
    any of it is invalid.
    """
    from webcat.catalogue.convert import from_json
    from webcat.catalogue.edit import set_top_level

    outcome = ImportOutcome()
    conflicts: list[str] = []
    for key in TOP_LEVEL:
        if key not in doc:
            continue
        current = editor.data.get(key)
        if current == doc[key]:
            continue
        if key in SETTINGS:
            raise UsageError(f"{name}: import does not change [{key}]; edit it by hand")
        if current is None or update:
            set_top_level(editor, key, doc[key])
            outcome.top.append(key)
        else:
            conflicts.append(top_level_conflicts({key: current}, {key: doc[key]})[0])
    if conflicts:
        raise conflict_error(name, conflicts)

    total = sum(len(doc.get(t, {})) for t in KINDS)
    done = 0
    # (table, id) -> the entry's new values, for entries to add or change.
    new: dict[tuple[str, str], dict[str, Any]] = {}
    existing_ids: set[tuple[str, str]] = set()
    entry_conflicts: list[str] = []
    for table, kind in KINDS.items():
        current_table = editor.table(table)
        for id, fields in doc.get(table, {}).items():
            done += 1
            if progress is not None and done % 1000 == 0:
                progress("reading", done, total)
            bad = _entry_problem(id, fields)
            if bad is not None:
                if not skip_invalid:
                    raise _entry_error(name, table, bad)
                outcome.skipped.append(Skipped(table, id, bad.field, bad.code, bad.message))
                continue
            values = _values(kind, fields, from_json)
            old = current_table.get(id)
            if old is None:
                new[(table, id)] = values
            elif old == values:
                outcome.unchanged += 1
            elif not update:
                entry_conflicts.append(f"{table}.{id}")
            else:
                existing_ids.add((table, id))
                new[(table, id)] = {**old, **values}
    if entry_conflicts:
        from webcat.catalogue.operations import _shown

        n = len(entry_conflicts)
        raise UsageError(
            f"{name}: {n} entr{'y' if n == 1 else 'ies'} "
            f"already exist with other values: {_shown(entry_conflicts)}",
            hint="use --update to change them, or leave them out of the JSON",
        )
    if skip_invalid and new:
        if progress is not None:
            progress("checking", 0, 1)
        skipped = _invalid_entries(editor, new)
        outcome.skipped += skipped
        for s in skipped:
            new.pop((s.table, s.id), None)
    if progress is not None:
        progress("writing", 0, 1)
    for (table, id), values in new.items():
        if (table, id) in existing_ids:
            for k, v in values.items():
                editor.set(table, id, k, v)
            outcome.updated.setdefault(table, []).append(id)
        else:
            editor.add(table, id, values)
            outcome.added.setdefault(table, []).append(id)
    return outcome


def _values(
    kind: Kind, fields: dict[str, Any], convert: Callable[[Any, Any], Any]
) -> dict[str, Any]:
    by_name = kind.by_name
    return {k: convert(by_name.get(k), v) for k, v in fields.items()}


def _invalid_entries(editor: Editor, new: dict[tuple[str, str], dict[str, Any]]) -> list[Skipped]:
    """The entries of ``new`` to leave out: each with an error in the catalogue as it would
    be, and each that would then refer to a left-out one; until none is left."""
    from webcat.catalogue.build import build_catalogue
    from webcat.catalogue.document import Document
    from webcat.catalogue.levels import file_levels, parse_levels

    base = editor.data
    data = {k: (dict(v) if k in KINDS and isinstance(v, dict) else v) for k, v in base.items()}
    for (table, id), values in new.items():
        data.setdefault(table, {})[id] = values
    skipped: list[Skipped] = []
    gone: set[tuple[str, str]] = set()
    doc = Document(Path(editor.path), "", data)
    levels = file_levels(doc.path.parent).over(parse_levels(data.get("validate", {}))[0])
    for _ in range(10):  # each round only removes entries, so this ends quickly
        _, problems = build_catalogue(doc, levels=levels, locate=False, hints=False)
        round_: list[Skipped] = []
        for p in problems:
            key = (p.table or "", p.id or "")
            if p.is_error and key in new and key not in gone:
                round_.append(Skipped(key[0], key[1], p.field, p.code, p.message))
                gone.add(key)
        round_ += _dangling(data, new, gone)
        for s in round_:
            data.get(s.table, {}).pop(s.id, None)
        skipped += round_
        # Leaving entries out can only make references dangle (found above without a
        # build) or change who shares a URL: another round only if that is an error here.
        if not round_ or levels.of("duplicate-url") != "error":
            break
    return skipped


def _dangling(
    data: dict[str, Any],
    new: dict[tuple[str, str], dict[str, Any]],
    gone: set[tuple[str, str]],
) -> list[Skipped]:
    """New entries that refer to an entry just left out (found without a full build)."""
    if not gone:
        return []
    out: list[Skipped] = []
    changed = True
    while changed:
        changed = False
        for (table, id), values in new.items():
            if (table, id) in gone:
                continue
            for f in KINDS[table].fields:
                if f.ref is None or f.name not in values:
                    continue
                value = values[f.name]
                refs: Iterable[Any] = value if isinstance(value, list) else [value]
                hit = next((r for r in refs if (f.ref, r) in gone), None)
                if hit is not None:
                    out.append(
                        Skipped(
                            table,
                            id,
                            f.name,
                            "dangling-reference",
                            f"refers to {f.ref}.{hit}, which is skipped",
                        )
                    )
                    gone.add((table, id))
                    changed = True
                    break
    return out
