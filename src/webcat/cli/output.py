"""Writing a list of entities in each ``--format``; the machine formats are documented in
docs/output-formats.md and stable."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from webcat.catalogue.model import Catalogue, Entity
from webcat.catalogue.rows import columns, flat_rows
from webcat.catalogue.serialize import entity_data
from webcat.cli._common import ListFormat, out, write_stdout
from webcat.export.safety import csv_row, json_text, tsv_row


def emit(
    cat: Catalogue, table: str, entities: Sequence[Entity], fmt: ListFormat, lang: str | None
) -> None:
    if fmt is ListFormat.json:
        # Indented for people at a terminal; compact (and 3x faster) for pipes.
        indent = 2 if sys.stdout.isatty() else None
        data = [entity_data(e) for e in entities]
        write_stdout(json_text(data, indent=indent) + "\n")
    elif fmt is ListFormat.jsonl:
        write_stdout("".join(json_text(entity_data(e)) + "\n" for e in entities))
    elif fmt is ListFormat.ids:
        write_stdout("".join(e.id + "\n" for e in entities))
    elif fmt is ListFormat.csv:
        rows = [columns(table), *flat_rows(table, entities, lang)]
        write_stdout("".join(csv_row(row) for row in rows))
    elif fmt is ListFormat.tsv:
        rows = [columns(table), *flat_rows(table, entities, lang)]
        write_stdout("".join(tsv_row(row) for row in rows))
    else:
        from webcat.cli.tables import entity_table

        console = out()
        console.print(entity_table(cat, table, entities, lang, console.width))
