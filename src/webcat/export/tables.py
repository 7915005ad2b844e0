"""JSON (the canonical form) and CSV exports."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from webcat.catalogue.model import Catalogue, Resource, Text, Webinar
from webcat.catalogue.rows import neutralise_formula
from webcat.catalogue.serialize import catalogue_data
from webcat.export.safety import clean, safe_url

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
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _t(value: Text | None, lang: str | None) -> str:
    return value.text(lang) if value else ""


def _cell(value: Any) -> str:
    return neutralise_formula(clean("" if value is None else str(value)))


def render_csv(cat: Catalogue, lang: str | None = None, per: str = "webinar") -> str:
    """One row per webinar (or per resource), RFC 4180 with CRLF, formula-neutralised."""
    want = lang or cat.language
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if per == "resource":
        writer.writerow(RESOURCE_COLUMNS)
        for r in cat.resources.values():
            writer.writerow([_cell(v) for v in _resource_row(cat, r, want)])
    else:
        writer.writerow(WEBINAR_COLUMNS)
        by_webinar: dict[str, list[str]] = {}
        for r in cat.resources.values():
            url = safe_url(r.url)
            if r.webinar is not None and url is not None:
                by_webinar.setdefault(r.webinar, []).append(url)
        for w in cat.webinars.values():
            writer.writerow([_cell(v) for v in _webinar_row(cat, w, want, by_webinar)])
    return buf.getvalue()


def _webinar_row(
    cat: Catalogue, w: Webinar, want: str | None, by_webinar: dict[str, list[str]]
) -> list[Any]:
    series = cat.series.get(w.series)
    names = [cat.people[p].name if p in cat.people else p for p in w.speakers]
    return [
        w.id,
        w.series,
        _t(series.title, want) if series else "",
        w.number,
        _t(w.title, want),
        _t(w.topic, want),
        w.date.isoformat() if w.date else "",
        w.duration,
        "; ".join(w.speakers),
        "; ".join(names),
        "; ".join(w.tags),
        cat.language_of(w),
        safe_url(w.url),
        " ".join(by_webinar.get(w.id, [])),
        _t(w.description, want),
    ]


def _resource_row(cat: Catalogue, r: Resource, want: str | None) -> list[Any]:
    w = cat.webinars.get(r.webinar) if r.webinar else None
    series = r.series or (w.series if w else None)
    return [
        r.id,
        r.kind,
        _t(r.title, want),
        r.format,
        safe_url(r.url),
        r.webinar,
        _t(w.title, want) if w else "",
        series,
        cat.language_of(r),
        r.published.isoformat() if r.published else "",
        _t(r.description, want),
    ]
