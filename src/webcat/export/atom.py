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
from webcat.export.labels import UI, ui_language
from webcat.export.safety import clean, safe_url
from webcat.export.stamp import catalogue_stamp, utc


def _x(text: str) -> str:
    return escape(clean(text))


def _a(text: str) -> str:
    return quoteattr(clean(text))


def _rfc3339(value: datetime) -> str:
    return utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_id(series: Series | None, e: Entity) -> str:
    """A stable id: ``tag:HOST,DATE:webcat/TABLE/ID`` where the series gives HOST and DATE."""
    url = safe_url(series.url) if series else None
    host = urlsplit(url).hostname if url else None
    if series is not None and host and series.published:
        return f"tag:{host},{series.published.isoformat()}:webcat/{e.table}/{e.id}"
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"webcat:{e.table}/{e.id}"))


def render(cat: Catalogue, lang: str | None = None, source_date_epoch: int | None = None) -> str:
    want = lang or cat.language
    ui = UI[ui_language(want)]
    stamp = catalogue_stamp(cat, source_date_epoch)
    entries: list[tuple[datetime, str, str]] = []
    for w in cat.webinars.values():
        series = cat.series.get(w.series)
        when = _when(w.date, series, stamp)
        entries.append((when, entry_id(series, w), _webinar_entry(cat, w, series, when, want)))
    for r in cat.resources.values():
        w2 = cat.webinars.get(r.webinar) if r.webinar else None
        series = cat.series.get(w2.series if w2 else (r.series or ""))
        when = _when(r.published or (w2.date if w2 else None), series, stamp)
        entries.append(
            (when, entry_id(series, r), _resource_entry(cat, r, w2, series, when, want, ui))
        )
    # Newest first; the same date keeps file order (webinars before their resources).
    order = sorted(range(len(entries)), key=lambda i: (-entries[i][0].timestamp(), i))
    title = cat.title.text(want) if cat.title else "webcat"
    first_series = next(iter(cat.series.values()), None)
    feed_id = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"webcat:feed:{title}"))
    if first_series is not None:
        feed_id = entry_id(first_series, first_series).replace("/series/", "/feed/")
    author = _author(cat, want) or title
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


def _when(value: date | datetime | None, series: Series | None, stamp: datetime) -> datetime:
    if value is not None:
        return utc(value)
    if series is not None and series.published:
        return utc(series.published)
    return stamp


def _author(cat: Catalogue, want: str | None) -> str | None:
    for s in cat.series.values():
        if s.organiser in cat.organisations:
            return cat.organisations[s.organiser].name.text(want)
    return None


def _lang_attr(lang: str | None, want: str | None) -> str:
    if lang and lang != want:
        return f" xml:lang={_a(lang)}"
    return ""


def _webinar_entry(
    cat: Catalogue, w: Webinar, series: Series | None, when: datetime, want: str | None
) -> str:
    lang = cat.language_of(w)
    out = [
        f"  <entry{_lang_attr(lang, want)}>",
        f"    <id>{_x(entry_id(series, w))}</id>",
        f"    <title>{_x(w.title.text(want))}</title>",
        f"    <updated>{_rfc3339(when)}</updated>",
        f"    <published>{_rfc3339(when)}</published>",
    ]
    url = safe_url(w.url) or (safe_url(series.url) if series else None)
    if url:
        out.append(f'    <link rel="alternate" href={_a(url)}/>')
    for pid in w.speakers:
        name = cat.people[pid].name if pid in cat.people else pid
        out.append(f"    <contributor><name>{_x(name)}</name></contributor>")
    for t in w.tags:
        label = cat.tags[t].title.text(want) if t in cat.tags else t
        out.append(f"    <category term={_a(t)} label={_a(label)}/>")
    summary = " — ".join(x.text(want) for x in (w.topic, w.description) if x)
    if summary:
        out.append(f"    <summary>{_x(summary)}</summary>")
    out.append("  </entry>")
    return "\n".join(out)


def _resource_entry(
    cat: Catalogue,
    r: Resource,
    w: Webinar | None,
    series: Series | None,
    when: datetime,
    want: str | None,
    ui: dict[str, str],
) -> str:
    lang = cat.language_of(r) if r.language else None
    kind = ui.get(r.kind, r.kind)
    label = f"{kind} ({r.format})" if r.format else kind
    title = f"{label}: {r.title.text(want)}"
    out = [
        f"  <entry{_lang_attr(lang, want)}>",
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
        parts.append(w.title.text(want))
    if r.description:  # never the editors' note
        parts.append(r.description.text(want))
    if parts:
        out.append(f"    <summary>{_x(' — '.join(parts))}</summary>")
    out.append("  </entry>")
    return "\n".join(out)
