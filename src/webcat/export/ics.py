"""iCalendar (RFC 5545): one VEVENT per dated webinar.

Written by hand because the subset needed is small and exact: CRLF lines folded at 75 octets
without splitting a UTF-8 sequence, TEXT values escaped, times in UTC. The UID is the
webinar's id at the host of its series' page, so it never changes while the id does not;
DTSTAMP is the catalogue's own stamp (:mod:`webcat.export.stamp`), never the clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from webcat import __version__
from webcat.catalogue.durations import parse_duration
from webcat.catalogue.model import Catalogue, Webinar
from webcat.export.notices import warn
from webcat.export.safety import clean, safe_url
from webcat.export.stamp import catalogue_stamp, utc_or_none
from webcat.export.texts import Words


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11)."""
    value = clean(value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets, never inside a UTF-8 sequence, CRLF-ended."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts: list[str] = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines begin with one space
    return "\r\n ".join(parts) + "\r\n"


def _stamp(value: datetime) -> str:
    """A UTC DATE-TIME; ``value`` must be in range (see :func:`utc_or_none`)."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}T{value:%H%M%S}Z"


def _day(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _end(w: Webinar, start: datetime) -> datetime | None:
    """The UTC end of a timed webinar, or None (with a warning) when it cannot be written."""
    if not w.duration:
        return None
    try:
        length = parse_duration(w.duration)
    except ValueError as e:
        warn(f"webinar '{w.id}': duration {w.duration!r} is {e}; its end is left out")
        return None
    end = length.end(start)
    end_utc = utc_or_none(end) if end is not None else None
    if end_utc is None:
        warn(f"webinar '{w.id}': its end is past the year 9999 in UTC and is left out")
    return end_utc


def _host(url: str | None) -> str | None:
    url = safe_url(url)
    if url is None:
        return None
    host = urlsplit(url).hostname
    return host or None


def render(cat: Catalogue, lang: str | None = None, source_date_epoch: int | None = None) -> str:
    words = Words(cat, lang)
    dtstamp = _stamp(catalogue_stamp(cat, source_date_epoch))  # clamped to the range
    title = words.text(cat.title) or "webcat"
    by_webinar: dict[str, list[str]] = {}
    for r in cat.resources.values():
        url = safe_url(r.url)
        if r.webinar is not None and url is not None:
            by_webinar.setdefault(r.webinar, []).append(url)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//webcat//webcat {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(title)}",
        f"NAME:{escape_text(title)}",
    ]
    for w in cat.webinars.values():
        if w.date is None:
            continue
        if utc_or_none(w.date) is None:
            warn(
                f"webinar '{w.id}': its date {w.date.isoformat()} is outside the years "
                "0001-9999 in UTC; it is left out of the calendar"
            )
            continue
        lines += _event(words, w, dtstamp, by_webinar.get(w.id, []))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def _language(lang: str | None) -> str:
    """A ``;LANGUAGE=`` parameter for the language a text is really in."""
    return f";LANGUAGE={lang}" if lang and re.fullmatch(r"[A-Za-z0-9-]+", lang) else ""


def _event(words: Words, w: Webinar, dtstamp: str, attachments: list[str]) -> list[str]:
    cat = words.cat
    series = cat.series.get(w.series)
    host = _host(series.url if series else None) or "webcat.invalid"
    own = cat.language_of(w)
    out = ["BEGIN:VEVENT", f"UID:{escape_text(w.table + '-' + w.id)}@{host}", f"DTSTAMP:{dtstamp}"]
    assert w.date is not None
    if isinstance(w.date, datetime):
        start = utc_or_none(w.date)
        assert start is not None  # checked by render()
        out.append(f"DTSTART:{_stamp(start)}")
        end = _end(w, w.date)
        if end is not None:
            out.append(f"DTEND:{_stamp(end)}")
    else:
        day: date = w.date
        out.append(f"DTSTART;VALUE=DATE:{_day(day)}")
        if day < date.max:  # without DTEND, an all-day event lasts its one day anyway
            out.append(f"DTEND;VALUE=DATE:{_day(day + timedelta(days=1))}")
    title, title_lang = words.pick(w.title, own) or ("", own)
    out.append(f"SUMMARY{_language(title_lang)}:{escape_text(title)}")
    topic = words.pick(w.topic, own)
    description = words.pick(w.description, own)
    parts = [topic[0]] if topic else []
    if w.speakers:
        parts.append(", ".join(words.speaker_names(w)))
    if description:
        parts.append(description[0])
    if parts:
        lang = (topic or description or (None, own))[1]
        out.append(f"DESCRIPTION{_language(lang)}:{escape_text(chr(10).join(parts))}")
    if w.tags:
        tags = [words.tag_title(t) for t in w.tags]
        out.append("CATEGORIES:" + ",".join(escape_text(t) for t in tags))
    url = safe_url(w.url) or safe_url(series.url if series else None)
    if url:
        out.append(f"URL:{url}")
    for a in attachments:
        out.append(f"ATTACH:{a}")
    if series is not None and series.organiser in cat.organisations:
        org = cat.organisations[series.organiser]
        out.append(f"X-WEBCAT-ORGANISER:{escape_text(words.text(org.name))}")
    out.append("END:VEVENT")
    return out
