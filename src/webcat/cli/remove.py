"""``webcat remove ID``: remove an entry, refusing while other entries refer to it."""

from __future__ import annotations

from typing import Annotated

import typer

from webcat.cli._common import CatalogueOption
from webcat.cli.complete import ids_of


def remove(
    ref: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Id of the entry; KIND.ID if ids clash.", autocompletion=ids_of()
        ),
    ],
    drop_references: Annotated[
        bool,
        typer.Option(
            "--drop-references",
            help="Also remove the id from every entry that refers to it.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Remove it even if it is the catalogue's last entry."),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check the change and show it as a diff; write nothing."),
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Remove an entry. While others refer to it, it is refused and they are listed.

    With --drop-references the id is also taken out of those entries' fields (a list loses
    the id; a single reference is unset). If that leaves an entry without a required field
    (a webinar without its series), the whole change is refused. Removing the last entry
    of the catalogue needs --force.

    Examples:

    \b
      webcat remove opptak-komme-i-gang
      webcat remove kommune --drop-references
    """
    from webcat.catalogue.load import locate_catalogue
    from webcat.catalogue.operations import remove_entry
    from webcat.cli._edit import apply, report, show_diff

    path = locate_catalogue(catalogue)
    result = apply(
        remove_entry, path, ref, drop_references=drop_references, force=force, dry_run=dry_run
    )
    report(result)
    if dry_run:
        show_diff(result)
