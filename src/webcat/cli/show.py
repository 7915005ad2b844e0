"""``webcat show ID``: one entity, every field, and what refers to it."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from webcat.cli._common import CatalogueOption, DocFormat
from webcat.cli.complete import ids_of
from webcat.cli.filters import LangOption, check_language


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
        from webcat.export.safety import json_escape

        write_stdout(json_escape(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n")
        return
    from webcat.cli._common import out
    from webcat.cli.detail import entity_detail

    out().print(entity_detail(cat, entity, refs, lang))
