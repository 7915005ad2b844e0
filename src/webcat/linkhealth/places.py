"""Where each URL of a catalogue is written: entity, field, title, file, line and column.

This is the join between the link checker (URLs) and the catalogue (entries), made once per
run so that every report can point at the exact line to fix.
"""

from __future__ import annotations

from pathlib import Path

from webcat.catalogue.build import build_catalogue
from webcat.catalogue.load import load_document
from webcat.catalogue.model import Catalogue
from webcat.linkhealth.reports import Use


def url_places(path: Path) -> tuple[Catalogue, dict[str, list[Use]]]:
    """The catalogue at ``path`` and, for each distinct URL in it, the places that use it."""
    doc = load_document(path)
    cat, _ = build_catalogue(doc, cross_checks=False)
    places: dict[str, list[Use]] = {}
    for url, uses in cat.url_uses().items():
        out = []
        for use in uses:
            pos = doc.lines.position_of(use.table, use.id, use.field)
            entity = cat.table(use.table)[use.id]
            out.append(
                Use(
                    entity=f"{use.table}.{use.id}",
                    field=use.field,
                    title=entity.display_name(),
                    file=str(path),
                    line=pos[0] if pos else None,
                    column=pos[1] if pos else None,
                )
            )
        places[url] = out
    return cat, places
