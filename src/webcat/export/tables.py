"""JSON (the canonical form) and CSV exports."""

from __future__ import annotations

from typing import Any

from webcat.catalogue.model import Catalogue, Resource, Webinar
from webcat.catalogue.serialize import catalogue_data
from webcat.export.safety import csv_row, json_text, safe_url
from webcat.export.texts import Words

WEBINAR_COLUMNS = [
    "id",
    "series",
    "series_title",
    "number",
    "title",
    "topic",
    "date",
    "duration",
    "speakers",
    "speaker_names",
    "tags",
    "language",
    "url",
    "resources",
    "description",
]
RESOURCE_COLUMNS = [
    "id",
    "kind",
    "title",
    "format",
    "url",
    "webinar",
    "webinar_title",
    "series",
    "language",
    "published",
    "description",
]


def render_json(cat: Catalogue, *, with_notes: bool = False) -> str:
    """The canonical JSON form (docs/json-format.md) of the (filtered) catalogue.

    A URL that may not be a link (only possible in a model built by hand: the validator
    refuses such schemes) is left out, so that no consumer is handed one. The editors'
    fields (``note``) are left out too, unless ``with_notes`` asks for the whole catalogue.
    """
    from webcat.catalogue.fields import KINDS

    data = catalogue_data(cat)
    for name, kind in KINDS.items():
        editorial = [f.name for f in kind.fields if f.editorial] if not with_notes else []
        for entry in data.get(name, {}).values():
            if "url" in entry and safe_url(entry["url"]) is None:
                del entry["url"]
            for key in editorial:
                entry.pop(key, None)
    return json_text(data, indent=2) + "\n"


def _cells(values: list[Any]) -> list[str]:
    return ["" if v is None else str(v) for v in values]


def render_csv(cat: Catalogue, lang: str | None = None, per: str = "webinar") -> str:
    """One row per webinar (or per resource), RFC 4180 with CRLF, cleaned and
    formula-neutralised as every CSV webcat writes (:mod:`webcat.export.safety`)."""
    words = Words(cat, lang)
    if per == "resource":
        rows = [csv_row(RESOURCE_COLUMNS)]
        rows += [csv_row(_cells(_resource_row(words, r))) for r in cat.resources.values()]
        return "".join(rows)
    by_webinar: dict[str, list[str]] = {}
    for r in cat.resources.values():
        url = safe_url(r.url)
        if r.webinar is not None and url is not None:
            by_webinar.setdefault(r.webinar, []).append(url)
    rows = [csv_row(WEBINAR_COLUMNS)]
    rows += [csv_row(_cells(_webinar_row(words, w, by_webinar))) for w in cat.webinars.values()]
    return "".join(rows)


def _webinar_row(words: Words, w: Webinar, by_webinar: dict[str, list[str]]) -> list[Any]:
    cat = words.cat
    series = cat.series.get(w.series)
    return [
        w.id,
        w.series,
        words.text(series.title) if series else "",
        w.number,
        words.text(w.title),
        words.text(w.topic),
        w.date.isoformat() if w.date else "",
        w.duration,
        "; ".join(w.speakers),
        "; ".join(words.speaker_names(w)),
        "; ".join(w.tags),
        cat.language_of(w),
        safe_url(w.url),
        " ".join(by_webinar.get(w.id, [])),
        words.text(w.description),
    ]


def _resource_row(words: Words, r: Resource) -> list[Any]:
    cat = words.cat
    w = cat.webinars.get(r.webinar) if r.webinar else None
    series = r.series or (w.series if w else None)
    return [
        r.id,
        r.kind,
        words.text(r.title),
        r.format,
        safe_url(r.url),
        r.webinar,
        words.text(w.title) if w else "",
        series,
        cat.language_of(r),
        r.published.isoformat() if r.published else "",
        words.text(r.description),
    ]
