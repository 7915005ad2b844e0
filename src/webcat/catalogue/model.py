"""The typed catalogue model: the hub that listing, showing, validation and exports read.

Entities are plain dataclasses with the fields of :mod:`webcat.catalogue.fields`. A model is
built only from a validated document (see :mod:`webcat.catalogue.build`), so code that reads
it can trust types and references without checking them again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Text:
    """A text field: one string in the default language, translations, or both.

    ``plain`` is the value written as a bare string; ``by_lang`` holds a table of BCP 47 tag
    to text. A catalogue that has no translations only ever uses ``plain``.
    """

    plain: str | None = None
    by_lang: dict[str, str] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        """The text in ``lang`` if there is one, else the default, else any translation."""
        if lang is not None and lang in self.by_lang:
            return self.by_lang[lang]
        if self.plain is not None:
            return self.plain
        if lang is not None:
            primary = lang.split("-")[0]
            for tag, value in self.by_lang.items():
                if tag.split("-")[0] == primary:
                    return value
        return next(iter(self.by_lang.values()), "")

    def all_texts(self) -> Iterator[str]:
        if self.plain is not None:
            yield self.plain
        yield from self.by_lang.values()

    def languages(self) -> set[str]:
        return set(self.by_lang)

    def to_data(self) -> str | dict[str, str]:
        """The TOML/JSON form: a string when untranslated, else the language table."""
        if not self.by_lang:
            return self.plain or ""
        return dict(self.by_lang)

    def __str__(self) -> str:
        return self.text()

    def __bool__(self) -> bool:
        return bool(self.plain) or bool(self.by_lang)


When = date | datetime
_Date = date


@dataclass(slots=True, kw_only=True)
class Entity:
    """Common to every entity: its id (the key of its table) and its kind's table name."""

    table: ClassVar[str] = ""
    id: str

    def display_name(self) -> str:
        raise NotImplementedError

    def texts(self) -> Iterator[str]:
        """Every piece of human text, for ``--search``."""
        for value in self._values():
            if isinstance(value, Text):
                yield from value.all_texts()
            elif isinstance(value, str):
                yield value

    def _values(self) -> Iterator[Any]:
        for f in fields(self):
            yield getattr(self, f.name)


@dataclass(slots=True, kw_only=True)
class Series(Entity):
    table: ClassVar[str] = "series"
    title: Text
    description: Text | None = None
    published: date | None = None
    organiser: str | None = None
    project: str | None = None
    url: str | None = None
    image: str | None = None
    image_alt: Text | None = None
    image_credit: Text | None = None
    registration: str | None = None
    contact: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    note: Text | None = None

    def display_name(self) -> str:
        return self.title.text()


@dataclass(slots=True, kw_only=True)
class Webinar(Entity):
    table: ClassVar[str] = "webinars"
    series: str
    title: Text
    number: int | None = None
    topic: Text | None = None
    description: Text | None = None
    date: When | None = None
    duration: str | None = None
    speakers: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    image: str | None = None
    image_alt: Text | None = None
    image_credit: Text | None = None
    registration: str | None = None
    contact: str | None = None
    tags: list[str] = field(default_factory=list)
    note: Text | None = None

    def display_name(self) -> str:
        return self.title.text()

    @property
    def day(self) -> _Date | None:
        """The calendar date, whether ``date`` holds a date or a datetime."""
        if isinstance(self.date, datetime):
            return self.date.date()
        return self.date


@dataclass(slots=True, kw_only=True)
class Resource(Entity):
    table: ClassVar[str] = "resources"
    kind: str
    title: Text
    url: str
    webinar: str | None = None
    series: str | None = None
    format: str | None = None
    language: str | None = None
    published: date | None = None
    description: Text | None = None
    note: Text | None = None

    def display_name(self) -> str:
        return self.title.text()


@dataclass(slots=True, kw_only=True)
class Person(Entity):
    table: ClassVar[str] = "people"
    name: str
    affiliations: list[str] = field(default_factory=list)
    role: Text | None = None
    bio: Text | None = None
    url: str | None = None
    note: Text | None = None

    def display_name(self) -> str:
        return self.name


@dataclass(slots=True, kw_only=True)
class Organisation(Entity):
    table: ClassVar[str] = "organisations"
    name: Text
    kind: str | None = None
    url: str | None = None
    parent: str | None = None
    note: Text | None = None

    def display_name(self) -> str:
        return self.name.text()


@dataclass(slots=True, kw_only=True)
class Project(Entity):
    table: ClassVar[str] = "projects"
    title: Text
    description: Text | None = None
    lead: str | None = None
    partners: list[str] = field(default_factory=list)
    url: str | None = None
    note: Text | None = None

    def display_name(self) -> str:
        return self.title.text()


@dataclass(slots=True, kw_only=True)
class Tag(Entity):
    table: ClassVar[str] = "tags"
    title: Text
    description: Text | None = None
    note: Text | None = None

    def display_name(self) -> str:
        return self.title.text()


ENTITY_CLASSES: dict[str, type[Entity]] = {
    cls.table: cls for cls in (Series, Webinar, Resource, Person, Organisation, Project, Tag)
}


@dataclass(frozen=True, slots=True)
class UrlUse:
    """One place a URL is used: which entity, and which field."""

    table: str
    id: str
    field: str


@dataclass(slots=True)
class Catalogue:
    """A whole catalogue. Tables map id -> entity, in file order."""

    path: Path | None = None
    schema_version: int = 1
    language: str | None = None
    title: Text | None = None
    check: dict[str, Any] = field(default_factory=dict)
    validate: dict[str, Any] = field(default_factory=dict)  # problem levels, as written
    series: dict[str, Series] = field(default_factory=dict)
    webinars: dict[str, Webinar] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)

    def table(self, name: str) -> dict[str, Entity]:
        table: dict[str, Entity] = getattr(self, name)
        return table

    def tables(self) -> Iterator[tuple[str, dict[str, Entity]]]:
        for name in ENTITY_CLASSES:
            yield name, self.table(name)

    def entities(self) -> Iterator[Entity]:
        for _, table in self.tables():
            yield from table.values()

    def find(self, ref: str) -> list[Entity]:
        """Entities whose id is ``ref``; ``kind.id`` or ``kind/id`` names one table
        (:func:`~webcat.catalogue.rules.entries_named`)."""
        from webcat.catalogue.rules import entries_named

        found = entries_named(ref, lambda table, id: id in self.table(table))
        return [self.table(table)[id] for table, id in found]

    def referrers(self, entity: Entity) -> list[tuple[Entity, str]]:
        """Every (entity, field) that refers to ``entity`` by id."""
        out: list[tuple[Entity, str]] = []
        for table_name, names in referring_fields(entity.table).items():
            for other in self.table(table_name).values():
                for name in names:
                    if holds_id(getattr(other, name), entity.id):
                        out.append((other, name))
        return out

    def url_uses(self, *, pages_only: bool = False) -> dict[str, list[UrlUse]]:
        """Each distinct URL in the catalogue, with every entity field that uses it: every
        field that holds a web address (``url``, ``registration``, an ``image`` given as a
        URL), or with ``pages_only`` the ``url`` fields alone (an entry's own page, which two
        entries should not share)."""
        from webcat.catalogue.fields import link_fields

        uses: dict[str, list[UrlUse]] = {}
        for table_name, table in self.tables():
            names = (("url", False),) if pages_only else link_fields(table_name)
            for entity_id, entity in table.items():
                for name, image in names:
                    url = getattr(entity, name, None)
                    if not url or not isinstance(url, str):
                        continue
                    if image and not url.lower().startswith(("http://", "https://")):
                        continue  # a file beside the catalogue
                    use = UrlUse(table_name, entity_id, name)
                    found = uses.get(url)
                    if found is None:
                        uses[url] = [use]
                    else:
                        found.append(use)
        return uses

    def language_of(self, entity: Entity) -> str | None:
        """The entity's own language, else its series', else the catalogue default."""
        lang = getattr(entity, "language", None)
        if lang:
            return str(lang)
        series_id = getattr(entity, "series", None)
        if isinstance(series_id, str) and series_id in self.series:
            lang = self.series[series_id].language
            if lang:
                return lang
        return self.language

    def webinar_resources(self, webinar_id: str) -> list[Resource]:
        return [r for r in self.resources.values() if r.webinar == webinar_id]


# The model's queries as rules on raw values, so that the editor, which works on the raw
# data of a file being changed, answers them exactly as the model does.


def referring_fields(table: str) -> dict[str, list[str]]:
    """For each table, its fields that can hold ids of ``table``'s entries (tags: TAGS)."""
    from webcat.catalogue.fields import KINDS, FieldType

    out: dict[str, list[str]] = {}
    for other, kind in KINDS.items():
        names = [
            f.name
            for f in kind.fields
            if f.ref == table or (table == "tags" and f.type is FieldType.TAGS)
        ]
        if names:
            out[other] = names
    return out


def holds_id(value: Any, id: str) -> bool:
    """Whether a field's value (one id or a list of ids) refers to ``id``."""
    return value == id or (isinstance(value, list) and id in value)


def fold(text: str) -> str:
    """Unicode-normalised, case-folded text for searching (``Å`` matches ``å``)."""
    return unicodedata.normalize("NFKC", text).casefold()
