"""Where each URL of a catalogue is written: entity, field, title, file, line and column.

This is the join between the link checker (URLs) and the catalogue (entries), made once per
run so that every report can point at the exact line to fix. Every field that holds a web
address is checked (``url``, ``registration``, an ``image`` given as a URL), each use named
by its entry and field. URLs that the catalogue's
validation refuses (a space inside, an ``ftp:`` scheme) are kept apart with the reason, so a
check reports them at their line instead of passing over them in silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from webcat.catalogue.load import read_catalogue
from webcat.catalogue.model import Catalogue
from webcat.catalogue.rules import check_image, check_url
from webcat.linkhealth.reports import Use

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(slots=True)
class CatalogueLinks:
    catalogue: Catalogue
    #: each distinct valid URL, with the places that use it (in the catalogue's order)
    places: dict[str, list[Use]] = field(default_factory=dict)
    #: each distinct invalid URL value, with why it is invalid and where it is written
    invalid: dict[str, tuple[str, list[Use]]] = field(default_factory=dict)


def url_places(path: Path) -> CatalogueLinks:
    """The catalogue at ``path`` and, for each distinct URL in it, the places that use it."""
    reading = read_catalogue(path, cross_checks=False)
    doc, cat, problems = reading.document, reading.catalogue, reading.problems
    links = CatalogueLinks(cat)
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
                    file=doc.name,
                    line=pos[0] if pos else None,
                    column=pos[1] if pos else None,
                )
            )
        links.places[url] = out
    for problem in problems:
        if problem.code not in ("bad-url", "bad-image") or not (
            problem.table and problem.id and problem.field
        ):
            continue
        raw = doc.data.get(problem.table, {}).get(problem.id, {}).get(problem.field)
        if not isinstance(raw, str):
            continue
        if problem.code == "bad-url":
            reason = check_url(raw)
        else:  # an image file name is no link; an image URL is
            reason = check_image(raw) if _SCHEME.match(raw) else None
        if reason is None:
            continue
        owner = cat.table(problem.table).get(problem.id)
        place = Use(
            entity=f"{problem.table}.{problem.id}",
            field=problem.field,
            title=owner.display_name() if owner else "",
            file=str(path),
            line=problem.line,
            column=problem.column,
        )
        links.invalid.setdefault(raw, (reason, []))[1].append(place)
    return links
