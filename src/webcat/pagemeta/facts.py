"""Which source wins for each fact about a page, and the facts in the catalogue's terms.

The order is the one documented in docs/editing.md: schema.org JSON-LD, then OpenGraph,
then oEmbed, then the ``<title>``, ``<html lang>`` and the response's Content-Type. A page's
own structured data is the most deliberate statement it makes; the ``<title>`` is written
for browser tabs and usually carries the site's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from webcat.pagemeta.html import HtmlMeta
from webcat.pagemeta.pdf import PdfMeta

#: schema.org types read, in order of preference when a page has several.
_LD_TYPES = (
    "VideoObject",
    "Event",
    "EducationEvent",
    "BroadcastEvent",
    "PublicationEvent",
    "Episode",
    "PodcastEpisode",
    "AudioObject",
    "PresentationDigitalDocument",
    "DigitalDocument",
    "Report",
    "ScholarlyArticle",
    "Article",
    "NewsArticle",
    "BlogPosting",
    "Course",
    "CreativeWork",
    "WebPage",
)
_EVENTS = {"Event", "EducationEvent", "BroadcastEvent", "PublicationEvent"}

#: Content types (without parameters) and the format name readers know them by.
FORMATS: dict[str, str] = {
    "application/pdf": "PDF",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "video/mp4": "MP4",
    "video/webm": "WebM",
    "audio/mpeg": "MP3",
    "audio/mp4": "M4A",
}
_DECK_TYPES = {
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.presentation",
}

#: Separators between a page's own title and the site's name in ``<title>``.
_SUFFIX = re.compile(r"^(?P<main>.+?)\s+(?:\||-|–|—|·|::|»)\s+(?P<site>[^|–—·»]+)$")


@dataclass(slots=True)
class Facts:
    """What a page says about itself, normalised; ``sources`` names where each fact came from."""

    url: str
    title: str | None = None
    description: str | None = None
    date: dt.date | dt.datetime | None = None
    duration: str | None = None
    language: str | None = None
    what: str = "page"  # video, event, audio, document, slides, image, page
    format: str | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: Any, source: str) -> None:
        """Keep the first source's value: callers offer facts in the documented order."""
        if value in (None, "") or name in self.sources:
            return
        setattr(self, name, value)
        self.sources[name] = source

    @property
    def found_anything(self) -> bool:
        return bool(self.sources.keys() - {"what", "format"})


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def facts_from_html(
    url: str, page: HtmlMeta, oembed: Mapping[str, Any] | None, content_type: str | None
) -> Facts:
    facts = Facts(url=url)
    _from_jsonld(facts, page.jsonld)
    _from_opengraph(facts, page.meta)
    if oembed:
        _from_oembed(facts, oembed)
    site = page.meta.get("og:site_name") or (oembed or {}).get("provider_name")
    facts.set("title", _strip_site(page.title, site if isinstance(site, str) else None), "title")
    facts.set("description", page.meta.get("description"), "meta description")
    facts.set("language", language_tag(page.lang), "html lang")
    facts.set("format", FORMATS.get(media_type(content_type)), "content-type")
    return facts


def facts_from_file(url: str, content_type: str | None, pdf: PdfMeta | None) -> Facts:
    """Facts about a non-HTML answer: a PDF's own title, or what the Content-Type says."""
    facts = Facts(url=url)
    kind = media_type(content_type)
    if pdf is not None:
        facts.set("title", pdf.title, "PDF metadata")
        facts.set("what", "slides" if pdf.looks_like_slides else "document", "PDF metadata")
        facts.set("format", "PDF", "content-type")
        return facts
    facts.set("format", FORMATS.get(kind), "content-type")
    if kind in _DECK_TYPES:
        facts.set("what", "slides", "content-type")
    elif kind.startswith("video/"):
        facts.set("what", "video", "content-type")
    elif kind.startswith("audio/"):
        facts.set("what", "audio", "content-type")
    elif kind.startswith("image/"):
        facts.set("what", "image", "content-type")
    elif kind.startswith(("application/", "text/plain")):
        facts.set("what", "document", "content-type")
    return facts


def _types(node: Mapping[str, Any]) -> list[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return [v.rsplit("/", 1)[-1] for v in values if isinstance(v, str)]


def _text(value: Any) -> str | None:
    """A JSON-LD text value: a string, a language-tagged value, or the first of a list."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return None


def _from_jsonld(facts: Facts, nodes: Iterable[Mapping[str, Any]]) -> None:
    ranked = sorted(
        ((min((_LD_TYPES.index(t) for t in _types(n) if t in _LD_TYPES), default=None), n)
         for n in nodes),
        key=lambda p: 99 if p[0] is None else p[0],
    )
    for rank, node in ranked:
        if rank is None:
            continue
        types = set(_types(node))
        source = "JSON-LD " + next(t for t in _LD_TYPES if t in types)
        facts.set("title", _text(node.get("name") or node.get("headline")), source)
        facts.set("description", _text(node.get("description")), source)
        start = parse_date(_text(node.get("startDate")))
        facts.set(
            "date",
            start
            or parse_date(_text(node.get("uploadDate")))
            or parse_date(_text(node.get("datePublished"))),
            source,
        )
        duration = normalise_duration(_text(node.get("duration")))
        if duration is None and types & _EVENTS:
            duration = _span(start, parse_date(_text(node.get("endDate"))))
        facts.set("duration", duration, source)
        lang = node.get("inLanguage")
        if isinstance(lang, dict):
            lang = lang.get("alternateName") or lang.get("name")
        facts.set("language", language_tag(_text(lang)), source)
        if "VideoObject" in types or "BroadcastEvent" in types:
            facts.set("what", "video", source)
        elif types & {"AudioObject", "PodcastEpisode"}:
            facts.set("what", "audio", source)
        elif types & _EVENTS:
            facts.set("what", "event", source)
        elif "PresentationDigitalDocument" in types:
            facts.set("what", "slides", source)


def _from_opengraph(facts: Facts, meta: Mapping[str, str]) -> None:
    facts.set("title", meta.get("og:title"), "OpenGraph")
    facts.set("description", meta.get("og:description"), "OpenGraph")
    facts.set(
        "date",
        parse_date(meta.get("article:published_time") or meta.get("video:release_date")),
        "OpenGraph",
    )
    seconds = meta.get("video:duration") or meta.get("og:video:duration")
    if seconds and seconds.strip().isdigit():
        facts.set("duration", _iso(int(seconds)), "OpenGraph")
    facts.set("language", language_tag(meta.get("og:locale")), "OpenGraph")
    og_type = meta.get("og:type", "").lower()
    if og_type.startswith("video"):
        facts.set("what", "video", "OpenGraph")
    elif og_type.startswith("music"):
        facts.set("what", "audio", "OpenGraph")


def _from_oembed(facts: Facts, data: Mapping[str, Any]) -> None:
    facts.set("title", _text(data.get("title")), "oEmbed")
    facts.set("description", _text(data.get("description")), "oEmbed")
    seconds = data.get("duration")
    if isinstance(seconds, int | float) and 0 < seconds < 10**7:
        facts.set("duration", _iso(round(seconds)), "oEmbed")
    facts.set("date", parse_date(_text(data.get("upload_date"))), "oEmbed")
    if data.get("type") == "video":
        facts.set("what", "video", "oEmbed")


def _strip_site(title: str | None, site: str | None) -> str | None:
    """``"Samskaping i praksis | Kanal"`` → ``"Samskaping i praksis"``.

    The part after the last separator is dropped when it is the site's name, or when it is
    short next to the rest (a site name, not half of a title that contains a dash).
    """
    if not title:
        return None
    match = _SUFFIX.match(title)
    if not match:
        return title
    main, tail = match["main"].strip(), match["site"].strip()
    if site and tail.casefold() == site.strip().casefold():
        return main
    if len(tail.split()) <= 3 and len(tail) < len(main):
        return main
    return title


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str | None) -> dt.date | dt.datetime | None:
    """A date, or a datetime that keeps its offset; a datetime without one keeps its date.

    The catalogue stores a local date or an offset datetime: a time without an offset does
    not say when the talk was, so only its day is kept.
    """
    if not text:
        return None
    text = text.strip()
    try:
        if _DATE.match(text):
            return dt.date.fromisoformat(text)
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        return value.date()
    return value.replace(microsecond=0)


def _iso(seconds: int) -> str | None:
    if seconds <= 0:
        return None
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (
        f"{secs}S" if secs else ""
    )


_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


def normalise_duration(text: str | None) -> str | None:
    """An ISO 8601 duration in whole seconds (``PT1H30M``), from ISO text or ``H:MM:SS``."""
    if not text:
        return None
    text = text.strip()
    clock = _CLOCK.match(text)
    if clock:
        h, m, s = (int(g or 0) for g in clock.groups())
        return _iso(h * 3600 + m * 60 + s)
    import isodate

    try:
        value = isodate.parse_duration(text)
    except (isodate.ISO8601Error, ValueError, OverflowError):
        return None
    if not isinstance(value, dt.timedelta):  # years or months: no talk lasts that long
        return None
    seconds = round(value.total_seconds())
    return _iso(seconds) if 0 < seconds < 10**7 else None


def _span(start: Any, end: Any) -> str | None:
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        return _iso(round((end - start).total_seconds()))
    return None


_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def language_tag(text: str | None) -> str | None:
    """A BCP 47 tag from ``nb``, ``nb-NO`` or OpenGraph's ``nb_NO``; ``None`` if not one."""
    if not text:
        return None
    tag = text.strip().replace("_", "-")
    if not _TAG.match(tag):
        return None
    first, *rest = tag.split("-")
    return "-".join([first.lower(), *(p.upper() if len(p) == 2 else p for p in rest)])
