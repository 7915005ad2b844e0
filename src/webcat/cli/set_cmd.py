"""``webcat set ID FIELD VALUE`` and ``webcat set ID --unset FIELD``: change one field."""

from __future__ import annotations

from typing import Annotated

import typer

from webcat.cli._common import CatalogueOption
from webcat.cli.complete import fields_of_entry, ids_of
from webcat.errors import UsageError


def set_(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="Id of the entry; KIND.ID if ids clash.",
            show_default=False,
            autocompletion=ids_of(),
        ),
    ] = None,
    field: Annotated[
        str | None,
        typer.Argument(
            metavar="FIELD",
            help="Field to set.",
            show_default=False,
            autocompletion=fields_of_entry,
        ),
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            metavar="VALUE",
            help="New value. Lists: comma-separated ids. Dates: YYYY-MM-DD.",
            show_default=False,
        ),
    ] = None,
    unset: Annotated[
        str | None,
        typer.Option(
            "--unset",
            metavar="FIELD",
            help="Remove this field instead.",
            autocompletion=fields_of_entry,
        ),
    ] = None,
    top: Annotated[
        bool,
        typer.Option(
            "--top", help="Set the catalogue's own language or title: set --top KEY VALUE."
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check the change and show it as a diff; write nothing."),
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Set one field of an entry, or remove it with --unset.

    FIELD.LANG (title.en) sets or removes one translation of a text field; a plain text
    becomes a language table holding the catalogue's default language and the new one.

    The entry's other lines, and the rest of the file, are kept byte for byte. A change
    that would make the catalogue invalid is refused (exit 1) and nothing is written.

    Examples:

    \b
      webcat set samskaping-hvorfor-hva-og-hvordan duration PT1H
      webcat set samskaping-hvorfor-hva-og-hvordan speakers jacob-torfing
      webcat set opptak-komme-i-gang --unset note
      webcat set samskaping-webinarer title.en "Webinar series on co-creation"
      webcat set --top language en
      webcat set --top --unset title
    """
    from webcat.catalogue.load import locate_catalogue
    from webcat.catalogue.operations import set_field, set_top_level_key
    from webcat.cli._edit import apply, report, show_diff

    if top:
        # No ID: the arguments are KEY VALUE (or --unset KEY).
        if value is not None:
            raise UsageError("too many arguments", hint="webcat set --top KEY VALUE")
        if unset is not None:
            if ref is not None:
                raise UsageError("give either KEY VALUE or --unset KEY, not both")
            key, new = unset, None
        elif ref is None or field is None:
            raise UsageError(
                "missing KEY and VALUE", hint="webcat set --top language en, or --unset KEY"
            )
        else:
            key, new = ref, field
        path = locate_catalogue(catalogue)
        result = apply(set_top_level_key, path, key, new, dry_run=dry_run)
    else:
        if ref is None:
            raise UsageError("missing ID", hint="webcat set ID FIELD VALUE, or --top KEY VALUE")
        if unset is not None:
            if field is not None:
                raise UsageError("give either FIELD VALUE or --unset FIELD, not both")
            name, text = unset, None
        else:
            if field is None or value is None:
                raise UsageError(
                    "missing FIELD and VALUE", hint="webcat set ID FIELD VALUE, or --unset FIELD"
                )
            name, text = field, value
        path = locate_catalogue(catalogue)
        result = apply(set_field, path, ref, name, text, dry_run=dry_run)
    report(result)
    if dry_run:
        show_diff(result)
