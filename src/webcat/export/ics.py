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
from webcat.catalogue.model import Catalogue, Webinar
from webcat.export.safety import clean, safe_url
from webcat.export.stamp import catalogue_stamp, utc

_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


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
    return utc(value).strftime("%Y%m%dT%H%M%SZ")


def _duration(value: str | None) -> timedelta | None:
    m = _DURATION.match(value or "")
    if not m or not any(m.groups()):
        return None
    d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    return timedelta(days=d, hours=h, minutes=mi, seconds=s)


def _host(url: str | None) -> str | None:
    url = safe_url(url)
    if url is None:
        return None
    host = urlsplit(url).hostname
    return host or None


def render(cat: Catalogue, lang: str | None = None, source_date_epoch: int | None = None) -> str:
    want = lang or cat.language
    dtstamp = _stamp(catalogue_stamp(cat, source_date_epoch))
    title = cat.title.text(want) if cat.title else "webcat"
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
        if w.date is not None:
            lines += _event(cat, w, want, dtstamp, by_webinar.get(w.id, []))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def _event(
    cat: Catalogue, w: Webinar, want: str | None, dtstamp: str, attachments: list[str]
) -> list[str]:
    series = cat.series.get(w.series)
    host = _host(series.url if series else None) or "webcat.invalid"
    lang = cat.language_of(w)
    lang_param = f";LANGUAGE={lang}" if lang and re.fullmatch(r"[A-Za-z0-9-]+", lang) else ""
    out = ["BEGIN:VEVENT", f"UID:{escape_text(w.table + '-' + w.id)}@{host}", f"DTSTAMP:{dtstamp}"]
    assert w.date is not None
    if isinstance(w.date, datetime):
        out.append(f"DTSTART:{_stamp(w.date)}")
        length = _duration(w.duration)
        if length is not None:
            out.append(f"DTEND:{_stamp(w.date + length)}")
    else:
        day: date = w.date
        out.append(f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}")
        out.append(f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}")
    out.append(f"SUMMARY{lang_param}:{escape_text(w.title.text(want))}")
    parts = []
    if w.topic:
        parts.append(w.topic.text(want))
    if w.speakers:
        names = [cat.people[p].name if p in cat.people else p for p in w.speakers]
        parts.append(", ".join(names))
    if w.description:
        parts.append(w.description.text(want))
    if parts:
        out.append(f"DESCRIPTION{lang_param}:{escape_text(chr(10).join(parts))}")
    if w.tags:
        tags = [cat.tags[t].title.text(want) if t in cat.tags else t for t in w.tags]
        out.append("CATEGORIES:" + ",".join(escape_text(t) for t in tags))
    url = safe_url(w.url) or safe_url(series.url if series else None)
    if url:
        out.append(f"URL:{url}")
    for a in attachments:
        out.append(f"ATTACH:{a}")
    if series is not None and series.organiser in cat.organisations:
        org = cat.organisations[series.organiser]
        out.append(f"X-WEBCAT-ORGANISER:{escape_text(org.name.text(want))}")
    out.append("END:VEVENT")
    return out
