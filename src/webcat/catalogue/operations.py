"""What the editing commands do, as functions of the library: add, set, remove, import, fmt.

Each operation names its entries the way a user does (an id, or ``KIND.ID`` when ids clash),
decides what the change means (a new id from a title, one translation merged into a text,
references dropped with an entry, which imported entries are new, equal or in conflict) and
makes it through :func:`~webcat.catalogue.store.edit_catalogue`, so every guarantee of the
store holds. The CLI only parses options, calls one of these and renders the
:class:`~webcat.catalogue.store.EditResult`. Nothing here imports Typer or rich.

Mistakes of the caller are :class:`~webcat.errors.UsageError` (exit 2); an edit that would
make the catalogue invalid is :class:`~webcat.catalogue.store.EditRefused` (exit 1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from webcat.catalogue.fields import KINDS, FieldType
from webcat.catalogue.rules import ID_RE, suggest
from webcat.errors import UsageError

if TYPE_CHECKING:
    from webcat.catalogue.edit import Editor
    from webcat.catalogue.importing import ImportOutcome, Progress
    from webcat.catalogue.model import Catalogue
    from webcat.catalogue.store import EditResult

T = TypeVar("T")

#: How many entries a message lists before it says "and N more".
SHOWN = 10


def _edit(
    path: Path,
    change: Callable[[Editor], T],
    *,
    dry_run: bool = False,
    check_data: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None,
) -> EditResult:
    from webcat.catalogue.store import edit_catalogue

    return edit_catalogue(path, change, dry_run=dry_run, check_data=check_data)


def _shown(items: list[str]) -> str:
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more


# -- naming entries --------------------------------------------------------------------


def resolve(source: Editor | Catalogue, ref: str) -> tuple[str, str]:
    """(table, id) of the one entry ``ref`` names in ``source``, or a usage error saying why
    not (no such id, with a did-you-mean; or an id several kinds share, naming them).

    ``ref`` is an id, or ``KIND.ID`` / ``KIND/ID``. Works on an :class:`Editor` (the text
    being edited; only the entry's block is read when that suffices) and on a loaded
    :class:`~webcat.catalogue.model.Catalogue` alike.
    """
    from webcat.catalogue.model import Catalogue

    ids: Callable[[], Iterable[str]]
    if isinstance(source, Catalogue):
        cat = source
        found = [(e.table, e.id) for e in cat.find(ref)]
        ids = lambda: (e.id for e in cat.entities())  # noqa: E731
        where = f" in {cat.path}" if cat.path is not None else ""
    else:
        editor = source
        found = editor.find(ref)
        ids = editor.all_ids
        where = ""
    if not found:
        raise UsageError(
            f"no entry with id '{ref}'{where}",
            hint=suggest(ref, sorted(ids())) or "list ids with `webcat list KIND --format ids`",
        )
    if len(found) > 1:
        raise UsageError(
            f"'{ref}' is the id of several entries: " + ", ".join(f"{t}.{i}" for t, i in found),
            hint=f"name one, e.g. {found[0][0]}.{ref}",
        )
    return found[0]


# -- add -------------------------------------------------------------------------------


def check_new_id(id: str) -> None:
    """A usage error unless ``id`` is a valid slug for a new entry."""
    if not ID_RE.match(id):
        from webcat.catalogue.ids import slugify

        raise UsageError(
            f"--id {id!r} is not a slug (lowercase letters, digits, - and _)",
            hint=f"for example '{slugify(id) or 'my-entry'}'",
        )


@dataclass(frozen=True, slots=True)
class NewEntry:
    """One entry for :func:`add_entries`: its kind, its values and, optionally, its id.

    ``link`` names a field of this entry that is set to the id the entry just before it
    receives (a recording's ``webinar``), since that id is only known while writing.
    """

    table: str
    values: dict[str, Any]
    id: str | None = None
    link: str | None = None


def add_entry(
    path: Path,
    table: str,
    values: dict[str, Any],
    *,
    id: str | None = None,
    dry_run: bool = False,
) -> EditResult:
    """Add an entry of kind ``table`` with ``values`` (TOML-ready, e.g. from
    :func:`~webcat.catalogue.convert.from_text`). Its id is ``id``, else made from its title
    and made unique (``-2``, ``-3``...); the result's ``value`` is the id used."""
    result = add_entries(path, [NewEntry(table, values, id)], dry_run=dry_run)
    result.value = result.value[0]
    return result


def add_entries(path: Path, entries: list[NewEntry], *, dry_run: bool = False) -> EditResult:
    """Add several entries in one write (all or none); the result's ``value`` is their ids,
    in order."""
    from webcat.catalogue.convert import check_encodable
    from webcat.catalogue.ids import slugify, unique_id

    bases: list[str] = []
    for entry in entries:
        kind = KINDS[entry.table]
        for name, value in entry.values.items():
            check_encodable(value, name)
        if entry.id is not None:
            check_new_id(entry.id)
        title = entry.values.get(kind.title_field)
        if isinstance(title, dict):
            title = next(iter(title.values()), "")
        base = entry.id or slugify(str(title or ""))
        if not base:
            raise UsageError(
                f"cannot make an id from {kind.title_field} {title!r}: it has no letter or digit",
                hint="give one with --id",
            )
        bases.append(base)

    def change(editor: Editor) -> list[str]:
        ids: list[str] = []
        taken = set(editor.all_ids())
        for entry, base in zip(entries, bases, strict=True):
            kind = KINDS[entry.table]
            if entry.id is not None:
                if editor.has(entry.table, entry.id) or entry.id in ids:
                    raise UsageError(
                        f"{kind.singular} '{entry.id}' already exists",
                        hint="choose another --id, or change it with `webcat set`",
                    )
                new_id = entry.id
            else:
                new_id = unique_id(base, taken)
            values = dict(entry.values)
            if entry.link is not None and ids:
                values[entry.link] = ids[-1]
            editor.add(entry.table, new_id, values)
            taken.add(new_id)
            ids.append(new_id)
        return ids

    return _edit(path, change, dry_run=dry_run)


# -- set -------------------------------------------------------------------------------


def _language_of(editor: Editor, table: str, entry: dict[str, Any]) -> str | None:
    """The language a plain-string text of ``entry`` is in: the entry's own ``language``,
    else its series', else the catalogue's (as :meth:`Catalogue.language_of` reads it)."""
    own = entry.get("language")
    if isinstance(own, str):
        return own
    series_id = entry.get("series")
    if table != "series" and isinstance(series_id, str):
        series = editor.entry("series", series_id) or {}
        if isinstance(series.get("language"), str):
            return str(series["language"])
    default = editor.data.get("language")
    return default if isinstance(default, str) else None


def _merged_texts(
    editor: Editor, table: str, id: str, name: str, lang: str, text: str | None
) -> dict[str, str] | None:
    """The field's texts by language with ``lang`` set to ``text`` (None: removed); None
    when there is nothing to change. A plain string counts as a text in the entry's
    language; when that language is unknown, the change is refused rather than guessed."""
    entry = editor.entry(table, id) or {}
    current = entry.get(name)
    if isinstance(current, dict):
        texts = {str(k): v for k, v in current.items()}
    elif isinstance(current, str):
        known = _language_of(editor, table, entry)
        if known is None:
            raise UsageError(
                f"{table}.{id}.{name} is a plain text in no stated language, so webcat cannot "
                f"tell whether it is '{lang}'",
                hint='add `language = "nb"` (the right tag) at the top of the catalogue or to '
                f"the entry, or set the whole field with `webcat set {id} {name} ...`",
            )
        texts = {known: current}
    else:
        texts = {}
    if text is None:
        if lang not in texts:
            return None
        del texts[lang]
    else:
        texts[lang] = text
    return texts


def set_field(
    path: Path, ref: str, name: str, text: str | None, *, dry_run: bool = False
) -> EditResult:
    """Set field ``name`` of the entry ``ref`` to ``text`` (command-line text, converted by
    the field's type; lists comma-separated), or remove it when ``text`` is None.

    ``name`` may be ``FIELD.LANG`` for one translation of a text field: it is merged into
    the field's language table (a plain string becomes a table holding its own language
    and the new one), and removing one translation keeps the others.
    """
    from webcat.catalogue.convert import check_encodable, from_text
    from webcat.catalogue.edit import UNSET

    def change(editor: Editor) -> None:
        table, id = resolve(editor, ref)
        kind = KINDS[table]
        field_name, _, lang = name.partition(".")
        f = kind.field(field_name)
        if f is None:
            if text is None and name in (editor.entry(table, id) or {}):
                editor.set(table, id, name, UNSET)  # removing a key the format does not know
                return
            raise UsageError(
                f"a {kind.singular} has no field '{field_name}'",
                hint=suggest(field_name, kind.names) or f"fields are: {', '.join(kind.names)}",
            )
        if lang:
            if f.type is not FieldType.TEXT:
                raise UsageError(f"'{field_name}' has no translations; FIELD.LANG is for text")
            if text is not None:
                check_encodable(text, name)
            texts = _merged_texts(editor, table, id, field_name, lang, text)
            if texts is not None:
                editor.set(table, id, field_name, texts if texts else UNSET)
            return
        if text is None:
            editor.set(table, id, name, UNSET)
            return
        new = from_text(f, text, name)
        check_encodable(new, name)
        editor.set(table, id, name, new)

    return _edit(path, change, dry_run=dry_run)


# -- remove ----------------------------------------------------------------------------


def _drop_reference(editor: Editor, table: str, id: str, name: str, gone: str) -> None:
    from webcat.catalogue.edit import UNSET

    current = editor.table(table)[id][name]
    if isinstance(current, list):
        rest = [x for x in current if x != gone]
        editor.set(table, id, name, rest if rest else UNSET)
    else:
        editor.set(table, id, name, UNSET)


def remove_entry(
    path: Path,
    ref: str,
    *,
    drop_references: bool = False,
    force: bool = False,
    dry_run: bool = False,
) -> EditResult:
    """Remove the entry ``ref``. While other entries refer to it, refused (they are named)
    unless ``drop_references``: then the id is taken out of their fields too (a list loses
    it; a single reference is unset). Removing the catalogue's last entry needs ``force``.
    """

    def change(editor: Editor) -> None:
        table, id = resolve(editor, ref)
        refs = editor.referrers(table, id)
        if refs and not drop_references:
            raise UsageError(
                f"{table}.{id} is referred to by {len(refs)} field(s): "
                + _shown([f"{t}.{i}.{f}" for t, i, f in refs]),
                hint="change those first, or remove the references too with --drop-references",
            )
        for t, i, f in refs:
            _drop_reference(editor, t, i, f, id)
        editor.remove(table, id)
        if not force and not editor.has_entries():
            raise UsageError(
                f"{table}.{id} is the last entry: removing it would leave the catalogue "
                "with no entries",
                hint="add --force if that is what you want",
            )

    return _edit(path, change, dry_run=dry_run)


# -- top-level keys --------------------------------------------------------------------

#: Top-level keys ``webcat set --top`` changes (the settings tables are edited by hand).
TOP_KEYS = ("language", "title")


def set_top_level_key(
    path: Path, key: str, text: str | None, *, dry_run: bool = False
) -> EditResult:
    """Set the catalogue's top-level ``language`` or ``title`` to ``text``, or remove it
    when ``text`` is None. A bad language tag is refused by validation, as any edit is."""
    from webcat.catalogue.convert import check_encodable
    from webcat.catalogue.edit import UNSET, set_top_level

    if key not in TOP_KEYS:
        raise UsageError(
            f"'{key}' cannot be set with --top",
            hint=suggest(key, TOP_KEYS) or f"--top sets {' or '.join(TOP_KEYS)}",
        )
    if text is not None:
        check_encodable(text, key)

    def change(editor: Editor) -> None:
        set_top_level(editor, key, UNSET if text is None else text)

    return _edit(path, change, dry_run=dry_run)


# -- import ----------------------------------------------------------------------------


def import_document(
    path: Path,
    doc: dict[str, Any],
    *,
    name: str = "<import>",
    update: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> EditResult:
    """Add the entries of ``doc`` (canonical JSON, already parsed; ``name`` is its file for
    messages). Entries equal to existing ones are left alone; different ones are a conflict
    unless ``update``, which sets the fields given and keeps the others. Top-level keys
    follow the same rule, checked first from the head of the file; ``[check]`` and
    ``[validate]`` are never changed by an import. All of it lands, or none of it - unless
    ``skip_invalid``, which leaves out each entry with an error and each that would refer to
    a left-out one. ``value`` of the result: the
    :class:`~webcat.catalogue.importing.ImportOutcome`.
    """
    from webcat.catalogue.importing import (
        check_shape,
        conflict_error,
        import_into,
        read_top_level,
        top_level_conflicts,
    )

    check_shape(doc, name, entries=False)
    if not update and any(k in doc for k in TOP_KEYS):
        # From the head of the file, before any of the heavy work.
        current = read_top_level(path)
        conflicts = top_level_conflicts(current, doc) if current is not None else []
        if conflicts:
            raise conflict_error(name, conflicts)
    if not skip_invalid:
        check_shape(doc, name)

    def change(editor: Editor) -> ImportOutcome:
        return import_into(
            editor, doc, name=name, update=update, skip_invalid=skip_invalid, progress=progress
        )

    return _edit(path, change, dry_run=dry_run)


# -- fmt -------------------------------------------------------------------------------


def format_catalogue(path: Path, *, dry_run: bool = False) -> EditResult:
    """Rewrite the catalogue in its canonical layout (docs/editing.md); the data must not
    change and no comment may be lost, or nothing is written. ``value``: whether the text
    changed."""
    from webcat.catalogue.canonical import canonical_text, full_line_comments
    from webcat.errors import CatalogueError

    def change(editor: Editor) -> bool:
        new = canonical_text(editor.text, editor.data, str(path))
        if full_line_comments(new) != full_line_comments(editor.text):
            raise CatalogueError(
                f"{path}: formatting would lose a comment; nothing was written",
                hint="this is a bug in webcat fmt; please report it",
            )
        changed = new != editor.text
        editor.text = new
        return changed

    return _edit(path, change, dry_run=dry_run, check_data=lambda old, new: old == new)
