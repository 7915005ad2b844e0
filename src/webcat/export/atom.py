"""Atom (RFC 4287): a feed of the webinars and resources, newest first.

Each entry's date is its own (a webinar's date, a resource's publication date) or else the one
it inherits (a resource's webinar, the series' publication date). Ids are tag: URIs
(RFC 4151) minted from the host of the series' page and the series' publication date, so they
stay the same as long as the entry's id does; without those, a name-based urn:uuid.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from webcat import __version__
from webcat.catalogue.model import Catalogue, Entity, Resource, Series, Webinar
from webcat.export.notices import warn
from webcat.export.safety import clean, safe_url
from webcat.export.stamp import catalogue_stamp, iso_z, utc, utc_or_none
from webcat.export.texts import Words


def _x(text: str) -> str:
    return escape(clean(text))


def _a(text: str) -> str:
    return quoteattr(clean(text))


def _rfc3339(value: datetime) -> str:
    return iso_z(utc(value))


def entry_id(series: Series | None, e: Entity) -> str:
    """A stable id: ``tag:HOST,DATE:webcat/TABLE/ID`` where the series gives HOST and DATE."""
    url = safe_url(series.url) if series else None
    host = urlsplit(url).hostname if url else None
    if series is not None and host and series.published:
        return f"tag:{host},{series.published.isoformat()}:webcat/{e.table}/{e.id}"
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"webcat:{e.table}/{e.id}"))


def render(cat: Catalogue, lang: str | None = None, source_date_epoch: int | None = None) -> str:
    words = Words(cat, lang)
    want = words.want
    stamp = catalogue_stamp(cat, source_date_epoch)
    entries: list[tuple[datetime, str, str]] = []
    for w in cat.webinars.values():
        series = cat.series.get(w.series)
        when = _when(w.date, series, stamp, w)
        entries.append((when, entry_id(series, w), _webinar_entry(words, w, series, when)))
    for r in cat.resources.values():
        w2 = cat.webinars.get(r.webinar) if r.webinar else None
        series = cat.series.get(w2.series if w2 else (r.series or ""))
        when = _when(r.published or (w2.date if w2 else None), series, stamp, r)
        entries.append((when, entry_id(series, r), _resource_entry(words, r, w2, series, when)))
    # Newest first; the same date keeps file order (webinars before their resources).
    order = sorted(range(len(entries)), key=lambda i: (-entries[i][0].timestamp(), i))
    title = words.text(cat.title) or "webcat"
    first_series = next(iter(cat.series.values()), None)
    feed_id = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"webcat:feed:{title}"))
    if first_series is not None:
        feed_id = entry_id(first_series, first_series).replace("/series/", "/feed/")
    author = _author(words) or title
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={_a(want or "en")}>',
        f"  <id>{_x(feed_id)}</id>",
        f"  <title>{_x(title)}</title>",
        f"  <updated>{_rfc3339(stamp)}</updated>",
        f"  <author><name>{_x(author)}</name></author>",
        f'  <generator version="{__version__}">webcat</generator>',
    ]
    home = safe_url(first_series.url) if first_series else None
    if home:
        out.append(f'  <link rel="alternate" type="text/html" href={_a(home)}/>')
    out += [entries[i][2] for i in order]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _when(
    value: date | datetime | None, series: Series | None, stamp: datetime, e: Entity
) -> datetime:
    if value is not None:
        t = utc_or_none(value)
        if t is None:
            t = utc(value)
            warn(
                f"{e.table[:-1] if e.table != 'series' else 'series'} '{e.id}': its date "
                f"{value.isoformat()} is outside the years 0001-9999 in UTC; the feed gives "
                f"{iso_z(t)}"
            )
        return t
    if series is not None and series.published:
        return utc(series.published)
    return stamp


def _author(words: Words) -> str | None:
    cat = words.cat
    for s in cat.series.values():
        if s.organiser in cat.organisations:
            return words.text(cat.organisations[s.organiser].name)
    return None


def _lang_attr(lang: str | None, want: str | None) -> str:
    if lang and lang != want:
        return f" xml:lang={_a(lang)}"
    return ""


def _webinar_entry(words: Words, w: Webinar, series: Series | None, when: datetime) -> str:
    title, lang = words.pick(w.title, words.cat.language_of(w)) or ("", None)
    out = [
        f"  <entry{_lang_attr(lang, words.want)}>",
        f"    <id>{_x(entry_id(series, w))}</id>",
        f"    <title>{_x(title)}</title>",
        f"    <updated>{_rfc3339(when)}</updated>",
        f"    <published>{_rfc3339(when)}</published>",
    ]
    url = safe_url(w.url) or (safe_url(series.url) if series else None)
    if url:
        out.append(f'    <link rel="alternate" href={_a(url)}/>')
    for name in words.speaker_names(w):
        out.append(f"    <contributor><name>{_x(name)}</name></contributor>")
    for t in w.tags:
        out.append(f"    <category term={_a(t)} label={_a(words.tag_title(t))}/>")
    summary = " — ".join(words.text(x) for x in (w.topic, w.description) if x)
    if summary:
        out.append(f"    <summary>{_x(summary)}</summary>")
    out.append("  </entry>")
    return "\n".join(out)


def _resource_entry(
    words: Words, r: Resource, w: Webinar | None, series: Series | None, when: datetime
) -> str:
    text, lang = words.pick(r.title, words.cat.language_of(r)) or ("", None)
    title = f"{words.resource_label(r)}: {text}"
    out = [
        f"  <entry{_lang_attr(lang, words.want)}>",
        f"    <id>{_x(entry_id(series, r))}</id>",
        f"    <title>{_x(title)}</title>",
        f"    <updated>{_rfc3339(when)}</updated>",
        f"    <published>{_rfc3339(when)}</published>",
    ]
    url = safe_url(r.url)
    if url:
        out.append(f'    <link rel="alternate" href={_a(url)}/>')
        if r.kind == "recording":
            out.append(f'    <link rel="enclosure" href={_a(url)}/>')
    if w is not None:
        w_url = safe_url(w.url)
        if w_url:
            out.append(f'    <link rel="related" href={_a(w_url)}/>')
    parts = []
    if w is not None:
        parts.append(words.text(w.title))
    if r.description:  # never the editors' note
        parts.append(words.text(r.description))
    if parts:
        out.append(f"    <summary>{_x(' — '.join(parts))}</summary>")
    out.append("  </entry>")
    return "\n".join(out)
