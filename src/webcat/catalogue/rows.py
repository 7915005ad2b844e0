"""Entities as flat rows of strings, for CSV, TSV and tables.

Every field of the kind becomes a column (``id`` first), in format order, so the columns are
stable and documented by the format itself. Lists are joined with ``"; "``; a text field is
given in the requested language.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from webcat.catalogue.fields import KINDS
from webcat.catalogue.model import Entity, Text


def cell(value: Any, lang: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.text(lang)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def columns(table: str) -> list[str]:
    return ["id", *KINDS[table].names]


def flat_rows(
    table: str, entities: Iterable[Entity], lang: str | None = None
) -> Iterable[list[str]]:
    names = KINDS[table].names
    for e in entities:
        yield [e.id, *(cell(getattr(e, n), lang) for n in names)]
