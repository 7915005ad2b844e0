"""``webcat set ID FIELD VALUE`` and ``webcat set ID --unset FIELD``: change one field."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from webcat.cli._common import CatalogueOption, handle_errors
from webcat.errors import UsageError


def resolve(editor: Any, ref: str) -> tuple[str, str]:
    """(table, id) of the one entry named ``ref``, or a usage error that says why not."""
    from webcat.catalogue.build import suggest

    found = editor.find(ref)
    if not found:
        ids = [i for t in editor.data if isinstance(editor.data[t], dict) for i in editor.table(t)]
        raise UsageError(
            f"no entry with id '{ref}'",
            hint=suggest(ref, ids) or "list ids with `webcat list KIND --format ids`",
        )
    if len(found) > 1:
        raise UsageError(
            f"'{ref}' is the id of several entries: " + ", ".join(f"{t}.{i}" for t, i in found),
            hint=f"name one, e.g. {found[0][0]}.{ref}",
        )
    table, id = found[0]
    return table, id


@handle_errors
def set_(
    ref: Annotated[
        str, typer.Argument(metavar="ID", help="Id of the entry; KIND.ID if ids clash.")
    ],
    field: Annotated[
        str | None, typer.Argument(metavar="[FIELD]", help="Field to set.", show_default=False)
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            metavar="[VALUE]",
            help="New value. Lists: comma-separated ids. Dates: YYYY-MM-DD.",
            show_default=False,
        ),
    ] = None,
    unset: Annotated[
        str | None, typer.Option("--unset", metavar="FIELD", help="Remove this field instead.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and show the change; write nothing.")
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Set one field of an entry, or remove it with --unset.

    FIELD.LANG (title.en) sets or removes one translation of a text field; a plain text
    becomes a language table holding the catalogue's default language and the new one.

    The entry's other lines, and the rest of the file, are kept byte for byte. A change
    that would make the catalogue invalid is refused (exit 1) and nothing is written.

    Examples:

      webcat set samskaping-hvorfor-hva-og-hvordan duration PT1H

      webcat set samskaping-hvorfor-hva-og-hvordan speakers jacob-torfing,kari-nordmann

      webcat set opptak-komme-i-gang --unset note

      webcat set samskaping-webinarer title.en "Webinar series on co-creation"
    """
    from webcat.catalogue.build import suggest
    from webcat.catalogue.convert import check_encodable, from_text
    from webcat.catalogue.edit import UNSET
    from webcat.catalogue.fields import KINDS, FieldType
    from webcat.cli._edit import report, run_edit

    if unset is not None:
        if field is not None:
            raise UsageError("give either FIELD VALUE or --unset FIELD, not both")
        name = unset
    else:
        if field is None or value is None:
            raise UsageError(
                "missing FIELD and VALUE", hint="webcat set ID FIELD VALUE, or --unset FIELD"
            )
        name = field

    def change(editor: Any) -> None:
        table, id = resolve(editor, ref)
        kind = KINDS[table]
        field_name, _, lang = name.partition(".")
        f = kind.field(field_name)
        if f is None:
            if unset is not None and name in (editor.entry(table, id) or {}):
                editor.set(table, id, name, UNSET)  # removing a key the format does not know
                return
            raise UsageError(
                f"a {kind.singular} has no field '{field_name}'",
                hint=suggest(field_name, kind.names) or f"fields are: {', '.join(kind.names)}",
            )
        if lang:
            if f.type is not FieldType.TEXT:
                raise UsageError(f"'{field_name}' has no translations; FIELD.LANG is for text")
            current = (editor.entry(table, id) or {}).get(field_name)
            if isinstance(current, dict):
                texts = dict(current)
            elif isinstance(current, str):
                default = editor.data.get("language")
                if not isinstance(default, str) or default == lang:
                    texts = {}
                else:
                    texts = {default: current}
            else:
                texts = {}
            if unset is not None:
                texts.pop(lang, None)
            else:
                assert value is not None
                texts[lang] = value
            editor.set(table, id, field_name, texts if texts else UNSET)
            return
        if unset is not None:
            editor.set(table, id, name, UNSET)
            return
        assert value is not None
        new = from_text(f, value, name)
        check_encodable(new, name)
        editor.set(table, id, name, new)

    report(run_edit(catalogue, change, dry_run=dry_run))
