"""``webcat import FILE|-``: add (or with --update, change) entries from canonical JSON."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from webcat.cli._common import CatalogueOption
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
    from webcat.catalogue.load import locate_catalogue
    from webcat.catalogue.operations import import_document
    from webcat.cli._common import write_stdout
    from webcat.cli._edit import apply, report

    name = "<stdin>" if source == "-" else source
    doc = read_json(source)
    path = locate_catalogue(catalogue)
    result = apply(import_document, path, doc, name=name, update=update, dry_run=dry_run)
    if dry_run:
        from webcat.cli.render import visible

        write_stdout(
            "".join(visible(f"would {c}", single_line=True) + "\n" for c in result.changes)
        )
    else:
        report(result)
