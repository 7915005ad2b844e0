"""Selecting and ordering entities: the filters behind ``webcat list`` and the exporters.

Filters apply where they mean something for a kind (``--speaker`` to webinars, and to the
resources of those webinars); a filter that cannot apply to a kind selects nothing rather
than being silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from webcat.catalogue.fields import KINDS
from webcat.catalogue.model import (
    Catalogue,
    Entity,
    Person,
    Resource,
    Series,
    Text,
    Webinar,
    fold,
)
from webcat.errors import UsageError


@dataclass(slots=True)
class Filters:
    series: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    in_language: str | None = None  # entries in this language (not the language of texts)
    search: str | None = None

    def active(self) -> bool:
        return bool(
            self.series
            or self.speakers
            or self.tags
            or self.since
            or self.until
            or self.in_language
            or self.search
        )


#: The filters that name ids: (flag, Filters attribute, table the ids are in, noun).
ID_FILTERS = (
    ("--series", "series", "series", "series"),
    ("--speaker", "speakers", "people", "person"),
    ("--tag", "tags", "tags", "tag"),
)


def check_filters(cat: Catalogue, f: Filters) -> None:
    """Refuse a filter naming an id the catalogue does not have (a typo would otherwise give
    a silent empty result), with a did-you-mean. Tags are the ``[tags]`` table's, plus any
    tag in use, since a catalogue without that table takes free words."""
    from webcat.catalogue.rules import suggest

    for flag, attr, table, noun in ID_FILTERS:
        wanted: list[str] = getattr(f, attr)
        if not wanted:
            continue
        known = set(cat.table(table))
        if table == "tags":
            for entities in (cat.series, cat.webinars):
                for e in entities.values():
                    known.update(e.tags)
        for value in wanted:
            if value not in known:
                where = f" in {cat.path}" if cat.path else ""
                raise UsageError(
                    f"{flag} {value!r}: no {noun} with that id{where}",
                    hint=suggest(value, sorted(known)) or f"see `webcat list {table} -f ids`",
                )


def _entity_date(cat: Catalogue, e: Entity) -> date | None:
    if isinstance(e, Webinar):
        return e.day
    if isinstance(e, Series | Resource):
        if e.published:
            return e.published
        if isinstance(e, Resource) and e.webinar in cat.webinars:
            return cat.webinars[e.webinar].day
    return None


def _series_of(cat: Catalogue, e: Entity) -> set[str]:
    if isinstance(e, Series):
        return {e.id}
    if isinstance(e, Webinar):
        return {e.series}
    if isinstance(e, Resource):
        out = {e.series} if e.series else set()
        if e.webinar in cat.webinars:
            out.add(cat.webinars[e.webinar].series)
        return out
    if isinstance(e, Person):
        return {w.series for w in cat.webinars.values() if e.id in w.speakers}
    return set()


def _speakers_of(cat: Catalogue, e: Entity) -> set[str] | None:
    if isinstance(e, Webinar):
        return set(e.speakers)
    if isinstance(e, Resource) and e.webinar in cat.webinars:
        return set(cat.webinars[e.webinar].speakers)
    if isinstance(e, Person):
        return {e.id}
    if isinstance(e, Series):
        return {s for w in cat.webinars.values() if w.series == e.id for s in w.speakers}
    return None


def _tags_of(cat: Catalogue, e: Entity) -> set[str]:
    tags = getattr(e, "tags", None)
    if isinstance(tags, list):
        return set(tags)
    if isinstance(e, Resource) and e.webinar in cat.webinars:
        return set(cat.webinars[e.webinar].tags)
    return set()


def _languages_of(cat: Catalogue, e: Entity) -> set[str]:
    langs: set[str] = set()
    own = cat.language_of(e)
    if own:
        langs.add(own)
    for value in e._values():
        if isinstance(value, Text):
            langs |= value.languages()
    return {lang.lower() for lang in langs}


def matches(cat: Catalogue, e: Entity, f: Filters, needle: str | None = None) -> bool:
    if f.series and not (_series_of(cat, e) & set(f.series)):
        return False
    if f.speakers:
        speakers = _speakers_of(cat, e)
        if speakers is None or not (speakers & set(f.speakers)):
            return False
    if f.tags and not (_tags_of(cat, e) >= set(f.tags)):
        return False
    if f.since or f.until:
        d = _entity_date(cat, e)
        if d is None or (f.since and d < f.since) or (f.until and d > f.until):
            return False
    if f.in_language:
        lang = f.in_language.lower()
        primary = {x.split("-")[0] for x in _languages_of(cat, e)}
        if lang not in _languages_of(cat, e) and lang not in primary:
            return False
    if needle is not None:
        hay = fold("\n".join(_search_texts(cat, e)))
        if not all(word in hay for word in needle.split()):
            return False
    return True


def _search_texts(cat: Catalogue, e: Entity) -> Iterable[str]:
    yield e.id
    yield from e.texts()
    if isinstance(e, Webinar):
        for pid in e.speakers:
            if pid in cat.people:
                yield cat.people[pid].name


def select(cat: Catalogue, table: str, f: Filters) -> list[Entity]:
    """Entities of ``table`` that pass every filter, in file order; a filter naming an
    unknown id is a :class:`UsageError` (:func:`check_filters`)."""
    needle = fold(f.search) if f.search else None
    entities = list(cat.table(table).values())
    if not f.active():
        return entities
    check_filters(cat, f)
    return [e for e in entities if matches(cat, e, f, needle)]


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None or value == "" or value == []:
        return (1, "")
    if isinstance(value, Text):
        return (0, fold(value.text()))
    if isinstance(value, str):
        return (0, fold(value))
    if isinstance(value, datetime):
        return (0, value.date().isoformat() + value.isoformat())
    if isinstance(value, date):
        return (0, value.isoformat())
    if isinstance(value, list):
        return (0, ",".join(map(str, value)))
    return (0, value)


def sort_entities(entities: list[Entity], table: str, spec: str | None) -> list[Entity]:
    """Sort by ``spec`` (a field name, ``-field`` for descending); missing values last."""
    if not spec:
        return entities
    descending = spec.startswith("-")
    name = spec.lstrip("-+")
    kind = KINDS[table]
    if name != "id" and kind.field(name) is None:
        raise UsageError(
            f"cannot sort {table} by '{name}'",
            hint=f"fields are: id, {', '.join(kind.names)}",
        )
    present = [e for e in entities if getattr(e, name, None) not in (None, "", [])]
    missing = [e for e in entities if getattr(e, name, None) in (None, "", [])]
    present.sort(key=lambda e: _sort_key(getattr(e, name)), reverse=descending)
    return present + missing
