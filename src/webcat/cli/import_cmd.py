"""``webcat import FILE|-``: add (or with --update, change) entries from canonical JSON."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from webcat.cli._common import CatalogueOption, handle_errors
from webcat.errors import UsageError


def read_json(source: str) -> dict[str, Any]:
    """The JSON document in ``source`` (a path, or ``-`` for stdin), as an object."""
    name = "<stdin>" if source == "-" else source
    from webcat.files import read_input

    text = read_input(source, "a JSON document")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise UsageError(
            f"{name}:{err.lineno}:{err.colno}: not valid JSON: {err.msg}",
            hint="the shape is described in docs/json-format.md",
        ) from None
    if not isinstance(data, dict):
        raise UsageError(
            f"{name}: the top level must be an object like the catalogue's JSON export",
            hint="see docs/json-format.md",
        )
    return data


def _check_value(value: Any, where: str) -> None:
    """JSON values TOML cannot hold (null) are refused with the field named."""
    if value is None:
        raise UsageError(f"{where}: null is not a value", hint="leave the field out instead")
    if isinstance(value, list):
        for v in value:
            _check_value(v, where)
    elif isinstance(value, dict):
        for v in value.values():
            _check_value(v, where)


@handle_errors
def import_(
    source: Annotated[
        str,
        typer.Argument(metavar="FILE|-", help="JSON file in the canonical form, or - for stdin."),
    ],
    update: Annotated[
        bool, typer.Option("--update", help="Change entries that exist (given fields only).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would change; write nothing.")
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Add the entries of a JSON file (the shape of the JSON export) to the catalogue.

    Entries that already exist and are identical are skipped; different ones are an error
    unless --update is given, which sets the fields the JSON gives and keeps the others.
    Dates are ISO strings and become TOML dates. Everything is checked before anything is
    written: all of the import lands, or none of it.

    Examples:

      webcat import new-webinars.json

      webcat list --format json ... | jq ... | webcat import - --update --dry-run
    """
    from webcat.catalogue.build import suggest
    from webcat.catalogue.convert import check_encodable, from_json
    from webcat.catalogue.edit import set_top_level
    from webcat.catalogue.fields import KINDS, TOP_LEVEL
    from webcat.cli._common import write_stdout
    from webcat.cli._edit import report, run_edit

    name = "<stdin>" if source == "-" else source
    doc = read_json(source)
    allowed = list(TOP_LEVEL) + list(KINDS)
    for key in doc:
        if key not in allowed:
            raise UsageError(
                f"{name}: unknown top-level key '{key}'",
                hint=suggest(key, allowed) or f"keys are: {', '.join(allowed)}",
            )
    for table in KINDS:
        entries = doc.get(table, {})
        if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
            raise UsageError(f"{name}: '{table}' must be an object of id -> object of fields")
    check_encodable(doc, name)
    for table in KINDS:
        for id, fields in doc.get(table, {}).items():
            for key, value in fields.items():
                _check_value(value, f"{name}: {table}.{id}.{key}")

    def change(editor: Any) -> None:
        conflicts: list[str] = []
        for key in TOP_LEVEL:
            if key not in doc:
                continue
            current = editor.data.get(key)
            if current == doc[key]:
                continue
            if key == "check":
                raise UsageError(f"{name}: import does not change [check]; edit it by hand")
            if current is None or update:
                set_top_level(editor, key, doc[key])
            else:
                conflicts.append(key)
        for table, kind in KINDS.items():
            for id, fields in doc.get(table, {}).items():
                values = {k: from_json(kind.field(k), v) for k, v in fields.items()}
                existing = editor.table(table).get(id)
                if existing is None:
                    editor.add(table, id, values)
                elif existing == values:
                    continue
                elif not update:
                    conflicts.append(f"{table}.{id}")
                else:
                    for k, v in values.items():
                        editor.set(table, id, k, v)
        if conflicts:
            shown = ", ".join(conflicts[:10]) + (
                f" and {len(conflicts) - 10} more" if len(conflicts) > 10 else ""
            )
            raise UsageError(
                f"{name}: {len(conflicts)} entr{'y' if len(conflicts) == 1 else 'ies'} "
                f"already exist with other values: {shown}",
                hint="use --update to change them, or leave them out of the JSON",
            )

    result = run_edit(catalogue, change, dry_run=dry_run)
    if dry_run:
        from webcat.cli.render import visible

        write_stdout(
            "".join(visible(f"would {c}", single_line=True) + "\n" for c in result.changes)
        )
    else:
        report(result)
