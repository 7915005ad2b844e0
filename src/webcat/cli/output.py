"""Writing a list of entities in each ``--format``; the machine formats are documented in
docs/output-formats.md and stable."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence

from webcat.catalogue.model import Catalogue, Entity
from webcat.catalogue.rows import columns, flat_rows, neutralise_formula, tsv_field
from webcat.catalogue.serialize import entity_data
from webcat.cli._common import ListFormat, out, write_stdout


def emit(
    cat: Catalogue, table: str, entities: Sequence[Entity], fmt: ListFormat, lang: str | None
) -> None:
    if fmt is ListFormat.json:
        # Indented for people at a terminal; compact (and 3x faster) for pipes.
        indent = 2 if sys.stdout.isatty() else None
        write_stdout(
            json.dumps([entity_data(e) for e in entities], ensure_ascii=False, indent=indent) + "\n"
        )
    elif fmt is ListFormat.jsonl:
        write_stdout(
            "".join(json.dumps(entity_data(e), ensure_ascii=False) + "\n" for e in entities)
        )
    elif fmt is ListFormat.ids:
        write_stdout("".join(e.id + "\n" for e in entities))
    elif fmt is ListFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(columns(table))
        for row in flat_rows(table, entities, lang):
            writer.writerow([neutralise_formula(c) for c in row])
        write_stdout(buf.getvalue())
    elif fmt is ListFormat.tsv:
        lines = ["\t".join(columns(table))]
        lines += ["\t".join(tsv_field(c) for c in row) for row in flat_rows(table, entities, lang)]
        write_stdout("\n".join(lines) + "\n")
    else:
        from webcat.cli.tables import entity_table

        out().print(entity_table(cat, table, entities, lang))
