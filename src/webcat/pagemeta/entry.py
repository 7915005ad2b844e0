"""Facts about a page, as the fields of a catalogue entry of a given kind.

Text in a language other than the catalogue's is stored under its language tag
(``title = { en = "..." }``) and the entry's ``language`` is set, as a person editing the
file would write it; text in the catalogue's own language stays a plain string.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from webcat.pagemeta.facts import Facts

#: What a page is, as the ``kind`` of a resource.
RESOURCE_KIND: dict[str, str] = {
    "video": "recording",
    "audio": "audio",
    "slides": "slides",
    "document": "document",
    "image": "image",
    "event": "page",
    "page": "page",
}


def _primary(tag: str | None) -> str | None:
    return tag.split("-", 1)[0].lower() if tag else None


def _text(value: str | None, language: str | None) -> Any:
    if value is None:
        return None
    return {language: value} if language else value


def _day(value: dt.date | dt.datetime | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def entry_values(table: str, facts: Facts, default_language: str | None) -> dict[str, Any]:
    """The fields ``facts`` fill for a new entry of ``table``, ``None``s left out.

    ``default_language`` is the catalogue's top-level ``language``: text in it is written
    plain; text in another language is keyed by its tag.
    """
    other = facts.language if _primary(facts.language) != _primary(default_language) else None
    values: dict[str, Any] = {
        "title": _text(facts.title, other),
        "description": _text(facts.description, other),
        "language": other,
    }
    if table == "webinars":
        values.update(date=facts.date, duration=facts.duration, url=facts.url)
    elif table == "resources":
        values.update(
            kind=RESOURCE_KIND.get(facts.what, "page"),
            url=facts.url,
            format=facts.format,
            published=_day(facts.date),
        )
        del values["description"]  # resources have a title, not a summary
    elif table == "series":
        values.update(url=facts.url, published=_day(facts.date))
    return {k: v for k, v in values.items() if v is not None}


def recording_values(facts: Facts, default_language: str | None) -> dict[str, Any] | None:
    """The ``recording`` resource a video page also is, or ``None`` for other pages."""
    if facts.what != "video":
        return None
    values = entry_values("resources", facts, default_language)
    values["kind"] = "recording"
    return values
