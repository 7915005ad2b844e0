"""``webcat show ID``: one entity, every field, and what refers to it."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from webcat.cli._common import CatalogueOption, DocFormat
from webcat.cli.complete import ids_of
from webcat.cli.filters import LangOption, check_language

#: Wide enough that no value is wrapped when the output is not a terminal.
PIPED_WIDTH = 100_000


def show(
    ref: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Id of any entry; KIND.ID when ids clash.", autocompletion=ids_of()
        ),
    ],
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DocFormat.text
    ),
    lang: LangOption = None,
    catalogue: CatalogueOption = None,
) -> None:
    """Show one entry with all its fields and everything that refers to it.

    Examples:

    \b
      webcat show jacob-torfing
      webcat show webinars.samskaping-hvorfor-hva-og-hvordan --format json
    """
    from webcat.catalogue.operations import resolve
    from webcat.catalogue.serialize import entity_data
    from webcat.cli._common import open_catalogue, write_stdout

    lang = check_language(lang, "--lang")
    cat, _ = open_catalogue(catalogue)
    table, id = resolve(cat, ref)
    entity = cat.table(table)[id]
    refs = cat.referrers(entity)
    if fmt is DocFormat.json:
        doc: dict[str, Any] = {
            "table": entity.table,
            "id": entity.id,
            "data": entity_data(entity),
            "referenced_by": [{"table": e.table, "id": e.id, "field": f} for e, f in refs],
        }
        from webcat.export.safety import json_text

        write_stdout(json_text(doc, indent=2) + "\n")
        return
    from webcat.cli._common import out
    from webcat.cli.detail import entity_detail

    console = out()
    detail = entity_detail(cat, entity, refs, lang)
    if console.is_terminal:
        console.print(detail)
        return
    # Piped: a value is not wrapped at an imagined width nor padded with spaces, so that
    # grep and diff see each field on its line as written.
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=PIPED_WIDTH, color_system=None, highlight=False).print(detail)
    write_stdout("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
