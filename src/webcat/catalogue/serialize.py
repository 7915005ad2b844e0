"""The canonical JSON form of a catalogue and its entities.

It mirrors the TOML file: the same top-level keys, tables keyed by id, the same field names.
Dates become ISO 8601 strings (``2022-03-22``, ``2022-03-22T10:00:00+01:00``); a text field is
a string or a language table exactly as in the file. ``webcat list --format json``, ``webcat
export json`` and ``webcat import`` all use this form (docs/json-format.md).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from typing import Any

from webcat.catalogue.model import ENTITY_CLASSES, Catalogue, Entity, Text


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


# dataclasses.fields(), not __dataclass_fields__, which also lists the ClassVar `table`
# (it is not data, and docs/json-format.md has no such key).
_FIELD_NAMES: dict[type[Entity], tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls) if f.name != "id") for cls in ENTITY_CLASSES.values()
}


def entity_data(entity: Entity) -> dict[str, Any]:
    """``{"id": ..., field: value, ...}`` with only the fields that are set.

    Written for speed (it runs once per entry of ``webcat list --format json``): type checks
    by identity for the common cases, the general :func:`jsonable` for the rest.
    """
    data: dict[str, Any] = {"id": entity.id}
    for name in _FIELD_NAMES[type(entity)]:
        value = getattr(entity, name)
        if value is None or value == "" or value == []:
            continue
        kind = type(value)
        if kind is str or kind is int:
            data[name] = value
        elif kind is Text:
            data[name] = value.to_data()
        elif kind is list:
            data[name] = list(value)
        else:
            data[name] = jsonable(value)
    return data


def catalogue_data(catalogue: Catalogue) -> dict[str, Any]:
    """The whole catalogue in its canonical JSON form."""
    data: dict[str, Any] = {"schema_version": catalogue.schema_version}
    if catalogue.language:
        data["language"] = catalogue.language
    if catalogue.title:
        data["title"] = catalogue.title.to_data()
    if catalogue.check:
        data["check"] = jsonable(catalogue.check)
    if catalogue.validate:
        data["validate"] = jsonable(catalogue.validate)
    for name, table in catalogue.tables():
        if table:
            data[name] = {
                id: {k: v for k, v in entity_data(e).items() if k != "id"}
                for id, e in table.items()
            }
    return data
