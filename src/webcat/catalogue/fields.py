"""The catalogue format as data: every entity kind, its fields and their types.

This table is the single description of the format. Validation, model building, the JSON
Schema (``webcat schema``) and the flags of ``webcat add`` are all derived from it, so the
format cannot drift between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

SCHEMA_VERSION = 1


class FieldType(Enum):
    """How a field's value is checked (and shown in the JSON Schema)."""

    TEXT = "text"  # a string, or a table of BCP 47 language tag -> string
    STRING = "string"  # a plain string (names, notes that are not translated)
    REF = "ref"  # the id of another entity
    REFS = "refs"  # a list of ids of other entities
    URL = "url"  # http, https or mailto
    DATE = "date"  # a TOML local date
    WHEN = "when"  # a TOML local date or an offset datetime
    DURATION = "duration"  # ISO 8601 duration such as PT1H30M
    INTEGER = "integer"
    LANGUAGE = "language"  # one BCP 47 language tag
    TAGS = "tags"  # a list of tag ids / free tags (slugs)
    CHOICE = "choice"  # one of a fixed set of strings
    IMAGE = "image"  # an http(s) URL, or a file path relative to the catalogue


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: FieldType
    help: str
    required: bool = False
    ref: str | None = None  # the kind a REF/REFS points to (one of KINDS' keys)
    choices: tuple[str, ...] = ()
    #: Fields that must be set whenever this one is (an image needs its alt text).
    needs: tuple[str, ...] = ()
    #: Editors' fields are never published: no export shows them.
    editorial: bool = False


@dataclass(frozen=True, slots=True)
class Kind:
    """One entity kind: the top-level table name and its fields."""

    table: str  # "webinars"
    singular: str  # "webinar"
    fields: tuple[Field, ...]
    title_field: str  # the field shown as the entity's name
    by_name: dict[str, Field] = field(init=False, repr=False, compare=False)
    required: tuple[Field, ...] = field(init=False, repr=False, compare=False)
    needing: tuple[Field, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})
        object.__setattr__(self, "required", tuple(f for f in self.fields if f.required))
        object.__setattr__(self, "needing", tuple(f for f in self.fields if f.needs))

    def field(self, name: str) -> Field | None:
        return self.by_name.get(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.by_name)


#: Local image files an ``image`` field may name (no SVG: it can hold scripts).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")

RESOURCE_KINDS = (
    "recording",
    "slides",
    "document",
    "page",
    "link",
    "image",
    "audio",
    "dataset",
    "code",
)

T = FieldType


def _note() -> Field:
    return Field("note", T.TEXT, "Editors' note; never shown in any export", editorial=True)


def _image() -> tuple[Field, ...]:
    return (
        Field(
            "image",
            T.IMAGE,
            "Image: a file relative to the catalogue (png, jpg, gif, webp, avif) or an https URL",
            needs=("image_alt",),
        ),
        Field(
            "image_alt",
            T.TEXT,
            "What the image shows, for readers who cannot see it (required with image)",
            needs=("image",),
        ),
        Field("image_credit", T.TEXT, "Credit line, shown with the image", needs=("image",)),
    )


def _public() -> tuple[Field, ...]:
    return (
        Field("registration", T.URL, "Where readers sign up"),
        Field("contact", T.REF, "Person to contact (an id in [people])", ref="people"),
    )


KINDS: dict[str, Kind] = {
    k.table: k
    for k in (
        Kind(
            "series",
            "series",
            (
                Field("title", T.TEXT, "Title of the series", required=True),
                Field("description", T.TEXT, "Short summary"),
                Field("published", T.DATE, "Date the series was published"),
                Field("organiser", T.REF, "Organisation that runs it", ref="organisations"),
                Field("project", T.REF, "Research project it belongs to", ref="projects"),
                Field("url", T.URL, "Web page of the series"),
                *_image(),
                *_public(),
                Field("language", T.LANGUAGE, "Main language (BCP 47), if not the default"),
                Field("tags", T.TAGS, "Tags"),
                _note(),
            ),
            "title",
        ),
        Kind(
            "webinars",
            "webinar",
            (
                Field("series", T.REF, "Series it belongs to", required=True, ref="series"),
                Field("title", T.TEXT, "Title", required=True),
                Field("number", T.INTEGER, "Position in the series (1, 2, ...)"),
                Field("topic", T.TEXT, "Topic line under the title"),
                Field("description", T.TEXT, "Short summary"),
                Field("date", T.WHEN, "Date, or date and time with offset"),
                Field("duration", T.DURATION, "ISO 8601 duration, e.g. PT1H"),
                Field("speakers", T.REFS, "Speakers", ref="people"),
                Field("language", T.LANGUAGE, "Language (BCP 47), if not the default"),
                Field("url", T.URL, "Page of the webinar"),
                *_image(),
                *_public(),
                Field("tags", T.TAGS, "Tags"),
                _note(),
            ),
            "title",
        ),
        Kind(
            "resources",
            "resource",
            (
                Field("kind", T.CHOICE, "What it is", required=True, choices=RESOURCE_KINDS),
                Field("title", T.TEXT, "Title or link text", required=True),
                Field("url", T.URL, "Where it is", required=True),
                Field("webinar", T.REF, "Webinar it belongs to", ref="webinars"),
                Field("series", T.REF, "Series it belongs to", ref="series"),
                Field("format", T.STRING, "File format shown to readers, e.g. PowerPoint"),
                Field("language", T.LANGUAGE, "Language (BCP 47), if not the default"),
                Field("published", T.DATE, "Publication date"),
                Field("description", T.TEXT, "Text for readers, shown with the link"),
                _note(),
            ),
            "title",
        ),
        Kind(
            "people",
            "person",
            (
                Field("name", T.STRING, "Full name", required=True),
                Field("affiliations", T.REFS, "Organisations", ref="organisations"),
                Field("role", T.TEXT, "Position or role"),
                Field("bio", T.TEXT, "Short biography"),
                Field("url", T.URL, "Home page"),
                _note(),
            ),
            "name",
        ),
        Kind(
            "organisations",
            "organisation",
            (
                Field("name", T.TEXT, "Name", required=True),
                Field("kind", T.STRING, "e.g. research institute, municipality, university"),
                Field("url", T.URL, "Home page"),
                Field("parent", T.REF, "Organisation it is part of", ref="organisations"),
                _note(),
            ),
            "name",
        ),
        Kind(
            "projects",
            "project",
            (
                Field("title", T.TEXT, "Title", required=True),
                Field("description", T.TEXT, "Short summary"),
                Field("lead", T.REF, "Leading organisation", ref="organisations"),
                Field("partners", T.REFS, "Partner organisations", ref="organisations"),
                Field("url", T.URL, "Project page"),
                _note(),
            ),
            "title",
        ),
        Kind(
            "tags",
            "tag",
            (
                Field("title", T.TEXT, "Display name", required=True),
                Field("description", T.TEXT, "What the tag means"),
                _note(),
            ),
            "title",
        ),
    )
}

#: Keys allowed at the top of the file, besides the entity tables.
TOP_LEVEL: dict[str, str] = {
    "schema_version": "Format version; this webcat writes and reads 1",
    "language": "Default language of plain-string text fields (BCP 47), e.g. nb",
    "title": "Title of the catalogue as a whole",
    "check": "Link checker settings (see docs/link-checking.md)",
    "validate": "Problem levels per code: error, warning, ignore (see docs/problems.md)",
}

#: Singular names and common aliases, for commands that take a kind (`list people`).
KIND_ALIASES: dict[str, str] = {}
for _k in KINDS.values():
    KIND_ALIASES[_k.table] = _k.table
    KIND_ALIASES[_k.singular] = _k.table
KIND_ALIASES.update({"organizations": "organisations", "organization": "organisations"})


def link_fields(table: str) -> tuple[tuple[str, bool], ...]:
    """The fields of ``table`` that hold a web address to check, each with whether it is an
    ``image`` (a URL only when it starts with ``http://`` or ``https://``; otherwise a file
    beside the catalogue, which no link check visits)."""
    kind = KINDS.get(table)
    if kind is None:
        return ()
    return tuple(
        (f.name, f.type is FieldType.IMAGE)
        for f in kind.fields
        if f.type in (FieldType.URL, FieldType.IMAGE)
    )
