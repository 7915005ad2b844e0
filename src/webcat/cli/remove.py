"""``webcat remove ID``: remove an entry, refusing while other entries refer to it."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from webcat.cli._common import CatalogueOption, handle_errors
from webcat.errors import UsageError


@handle_errors
def remove(
    ref: Annotated[
        str, typer.Argument(metavar="ID", help="Id of the entry; KIND.ID if ids clash.")
    ],
    drop_references: Annotated[
        bool,
        typer.Option(
            "--drop-references",
            help="Also remove the id from every entry that refers to it.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and show the change; write nothing.")
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Remove an entry. While others refer to it, it is refused and they are listed.

    With --drop-references the id is also taken out of those entries' fields (a list loses
    the id; a single reference is unset). If that leaves an entry without a required field
    (a webinar without its series), the whole change is refused.

    Examples:

      webcat remove opptak-komme-i-gang

      webcat remove kommune --drop-references
    """
    from webcat.catalogue.edit import UNSET
    from webcat.cli._edit import report, run_edit
    from webcat.cli.set_cmd import resolve

    def change(editor: Any) -> None:
        table, id = resolve(editor, ref)
        refs = editor.referrers(table, id)
        if refs and not drop_references:
            shown = ", ".join(f"{t}.{i}.{f}" for t, i, f in refs[:10])
            more = f" and {len(refs) - 10} more" if len(refs) > 10 else ""
            raise UsageError(
                f"{table}.{id} is referred to by {len(refs)} field(s): {shown}{more}",
                hint="change those first, or remove the references too with --drop-references",
            )
        for t, i, f in refs:
            current = editor.table(t)[i][f]
            if isinstance(current, list):
                rest = [x for x in current if x != id]
                editor.set(t, i, f, rest if rest else UNSET)
            else:
                editor.set(t, i, f, UNSET)
        editor.remove(table, id)

    report(run_edit(catalogue, change, dry_run=dry_run))
