"""``webcat export site DIR``: the catalogue as a static site of many small pages.

A front page (the catalogue, a search over all of it, what is coming up, its series), a page
per series, per speaker and per tag (paginated, so that no page grows with the catalogue),
indexes of series, speakers and tags, an Atom feed per series and one for the newest of all,
``sitemap.xml`` when the site's address is known, and a search index in small shards
(:mod:`webcat.export.site.search`).

Pages are rendered from the same view model and templates as the single page (the webinar
card is ``card.html.j2`` in both), with links relative to each page, so the site works on any
static host and from ``file://``. The same catalogue, options and ``--today`` give the same
bytes; :mod:`webcat.export.site.output` writes only what changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from markupsafe import Markup

from webcat.catalogue.model import Catalogue, fold
from webcat.export.safety import json_text
from webcat.export.site.output import WriteReport, write_site
from webcat.export.site.search import SearchDoc, index_files
from webcat.export.texts import LangText
from webcat.export.view import (
    DocumentView,
    Option,
    PersonView,
    SeriesView,
    TagView,
    WebinarView,
)

#: Webinar cards per page: about 150 KB of HTML, far below the 1 MB a page may weigh.
PER_PAGE = 50
#: Webinars per page of a tag's list (a line each, not a card).
PER_LIST = 100
#: Entries per page of the series, speaker and tag indexes.
PER_INDEX = 300
#: Series shown on the front page (the rest are on series/index.html).
FRONT_SERIES = 24
#: Upcoming webinars shown on the front page.
FRONT_UPCOMING = 6
#: Newest webinars (with their resources) in a feed, of a series or of the whole catalogue.
FEED_ENTRIES = 50
#: URLs per sitemap file (the sitemaps.org limit).
SITEMAP_URLS = 50_000


@dataclass(slots=True)
class SiteOptions:
    lang: str | None = None
    today: date | None = None
    base_url: str | None = None  # the site's public address, for sitemap.xml and canonical
    template_dir: Path | None = None  # templates here replace the built-in ones by name
    source_date_epoch: int | None = None


class SiteLinks:
    """Where names on a page point: the speaker's, tag's and series' pages, relative to the
    page being rendered (``root`` leads back to the site's root)."""

    def __init__(self, root: str, site: _Site) -> None:
        self.root = root
        self.site = site

    def person(self, p: PersonView) -> str | None:
        if p.id not in self.site.by_speaker:
            return None
        return f"{self.root}speakers/{p.id}.html"

    def tag(self, t: TagView) -> str | None:
        return f"{self.root}tags/{t.id}.html" if t.id in self.site.by_tag else None

    def series(self, series_id: str) -> str:
        return f"{self.root}series/{series_id}.html"

    def webinar(self, w: WebinarView) -> str:
        return self.root + self.site.webinar_href[w.id]


def page_name(base: str, n: int) -> str:
    """``series/x.html`` for page 1, ``series/x.2.html`` after (ids have no dots)."""
    return f"{base}.html" if n == 1 else f"{base}.{n}.html"


@dataclass(slots=True)
class Pager:
    current: int
    pages: list[str]  # hrefs relative to the page
    previous: str | None
    next: str | None
    window: list[tuple[int, str | None]]  # (number, href); href None for a gap


def _pager(base: str, n: int, count: int) -> Pager:
    name = base.rsplit("/", 1)[-1]
    hrefs = [page_name(name, i) for i in range(1, count + 1)]
    shown = sorted({1, count, *range(max(1, n - 2), min(count, n + 2) + 1)})
    window: list[tuple[int, str | None]] = []
    for i in shown:
        if window and i - window[-1][0] > 1:
            window.append((0, None))
        window.append((i, hrefs[i - 1]))
    return Pager(
        n,
        hrefs,
        hrefs[n - 2] if n > 1 else None,
        hrefs[n] if n < count else None,
        window,
    )


def _chunks(items: list[Any], per: int) -> list[list[Any]]:
    return [items[i : i + per] for i in range(0, len(items), per)] or [[]]


class _Site:
    """The view of the whole catalogue, with what the pages need precomputed."""

    def __init__(self, cat: Catalogue, opts: SiteOptions) -> None:
        from webcat.export.view import Builder

        self.cat = cat
        self.opts = opts
        self.media: dict[str, str] = {}  # site path -> catalogue-relative file
        self.builder = Builder(cat, opts.lang, today=opts.today, images=self._image)
        self.doc: DocumentView = self.builder.build()
        self.series_titles = {s.id: s.title for s in self.doc.series}
        self.by_speaker: dict[str, list[WebinarView]] = {}
        self.by_tag: dict[str, list[WebinarView]] = {}
        self.tags: dict[str, TagView] = {}
        self.people: dict[str, PersonView] = {p.id: p for p in self.doc.people}
        self.webinar_href: dict[str, str] = {}
        self.series_pages: dict[str, list[list[WebinarView]]] = {}
        for s in self.doc.series:
            ordered = s.upcoming + s.past if s.upcoming else s.webinars
            pages = _chunks(ordered, PER_PAGE)
            self.series_pages[s.id] = pages
            for n, chunk in enumerate(pages, 1):
                for w in chunk:
                    href = page_name(f"series/{s.id}", n)
                    self.webinar_href[w.id] = f"{href}#{w.anchor}"
            for w in s.webinars:
                for p in w.speakers:
                    self.by_speaker.setdefault(p.id, []).append(w)
                for t in w.tags:
                    self.by_tag.setdefault(t.id, []).append(w)
                    self.tags.setdefault(t.id, t)
        # Newest first on speaker and tag pages; undated last, in catalogue order.
        for table in (self.by_speaker, self.by_tag):
            for key, ws in table.items():
                table[key] = _newest_first(ws)

    def _image(self, path: str) -> str:
        site_path = "media/" + path
        self.media[site_path] = path
        return quote(site_path)  # a file name may hold spaces, "#" or "?"


def _newest_first(ws: list[WebinarView]) -> list[WebinarView]:
    dated = sorted((w for w in ws if w.date), key=lambda w: w.date or "", reverse=True)
    return dated + [w for w in ws if not w.date]


def site_files(cat: Catalogue, opts: SiteOptions) -> Iterator[tuple[str, bytes]]:
    """Every file of the site, as ``(path, bytes)``, in a fixed order."""
    site = _Site(cat, opts)
    r = _Renderer(site)
    yield from r.assets()
    yield from r.front()
    yield from r.series_pages()
    yield from r.name_pages()
    yield from r.feeds()
    yield from index_files(r.search_docs())
    yield from r.media()
    if opts.base_url:
        yield from _sitemaps(opts.base_url, r.pages)


def build_site(cat: Catalogue, out: Path, opts: SiteOptions | None = None) -> WriteReport:
    """Build the site into ``out``, writing only what changed (see :mod:`.output`)."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()  # as for every export: many short-lived objects and no cycles
    try:
        return write_site(out, site_files(cat, opts or SiteOptions()))
    finally:
        if was_enabled:
            gc.enable()


class _Renderer:
    def __init__(self, site: _Site) -> None:
        from types import SimpleNamespace

        from webcat.export.documents import _OG_LOCALES, _env
        from webcat.export.labels import UI, ui_language

        self.site = site
        self.env = _env(False, finalize_escape=True, template_dir=site.opts.template_dir)
        doc = site.doc
        self.ui_words = UI[ui_language(doc.lang)]
        self.ui = SimpleNamespace(**self.ui_words)
        cat = site.cat
        self.catalogue_title = cat.title.text(site.opts.lang or cat.language) if cat.title else ""
        self.site_title = self.catalogue_title or doc.title.text
        self.og_locale = _OG_LOCALES.get(doc.lang.split("-")[0], doc.lang.replace("-", "_"))
        self.pages: list[str] = []
        self.img_src = self._img_src()
        self._card = self.env.get_template("card.html.j2")
        self._cards: dict[tuple[str, int, bool, str], Markup] = {}

    def card(self, w: WebinarView, hn: int, show_series: bool, root: str) -> Markup:
        """A webinar's card, rendered once per kind of page it is on and then reused: a
        webinar is on its series' page, its speakers' and its tags' pages."""
        key = (w.id, hn, show_series, root)
        found = self._cards.get(key)
        if found is None:
            found = self._cards[key] = Markup(
                self._card.render(
                    w=w,
                    hn=hn,
                    show_series=show_series,
                    root=root,
                    ui=self.ui,
                    links=SiteLinks(root, self.site),
                    series_titles=self.site.series_titles,
                )
            )
        return found

    def _img_src(self) -> str:
        remote = set()
        for s in self.site.doc.series:
            for img in [s.image] + [w.image for w in s.webinars]:
                if img is not None and img.file is None:
                    remote.add(img.src.split(":", 1)[0] + ":")
        return " ".join(["'self'", *sorted(remote)])

    # -- helpers ---------------------------------------------------------------------------
    def _render(self, template: str, path: str, **ctx: Any) -> tuple[str, bytes]:
        depth = path.count("/")
        root = "../" * depth
        base_url = self.site.opts.base_url
        context = {
            "doc": self.site.doc,
            "ui": self.ui,
            "catalogue_title": self.catalogue_title,
            "site_title": self.site_title,
            "og_locale": self.og_locale,
            "root": root,
            "links": SiteLinks(root, self.site),
            "show_series": False,
            "series_titles": self.site.series_titles,
            "img_src": self.img_src,
            "description": None,
            "canonical": (base_url.rstrip("/") + "/" + path) if base_url else None,
            "feeds": [{"title": self.ui.feed, "href": root + "feed.atom"}],
            "has_speakers": bool(self.site.by_speaker),
            "has_tags": bool(self.site.by_tag),
            "pager": None,
            "section": None,
            "filters": False,
            "card": self.card,
            **ctx,
        }
        html = self.env.get_template(template).render(context)
        self.pages.append(path)
        return path, html.encode("utf-8")

    def assets(self) -> Iterator[tuple[str, bytes]]:
        from webcat.export.documents import _resource

        css = _resource("page.css").strip() + "\n" + _resource("site/site.css")
        yield "assets/site.css", css.encode("utf-8")
        yield "assets/page.js", (_resource("page.js").strip() + "\n").encode("utf-8")
        yield "assets/search.js", _resource("site/search.js").encode("utf-8")
        yield "assets/icon.svg", _resource("site/icon.svg").encode("utf-8")

    # -- pages -----------------------------------------------------------------------------
    def _series_items(self, series: list[SeriesView], root: str) -> list[dict[str, Any]]:
        items = []
        for s in series:
            dated = [w for w in s.webinars if w.date]
            first = min(dated, key=lambda w: w.date or "") if dated else None
            last = max(dated, key=lambda w: w.date or "") if dated else None
            items.append(
                {
                    "s": s,
                    "href": f"{root}series/{s.id}.html",
                    "count": len(s.webinars),
                    "first": first.date_label.split(" " + self.ui.at + " ")[0]
                    if first and first.date_label
                    else None,
                    "last": last.date_label.split(" " + self.ui.at + " ")[0]
                    if last and last.date_label
                    else None,
                }
            )
        return items

    def front(self) -> Iterator[tuple[str, bytes]]:
        doc = self.site.doc
        upcoming = sorted((w for s in doc.series for w in s.upcoming), key=lambda w: w.date or "")[
            :FRONT_UPCOMING
        ]
        kinds = {
            "series": self.ui.series_one,
            "speaker": self.ui.speaker,
            "tag": self.ui.tag,
            "webinar": self.ui.webinar.capitalize(),
        }
        search_words = {
            "results": self.ui.results,
            "more": self.ui.results_more,
            "none": self.ui.no_results,
        }
        yield self._render(
            "site/index.html.j2",
            "index.html",
            section="home",
            page_title=self.site_title,
            description=doc.description.text if doc.description else None,
            upcoming=upcoming,
            series_items=self._series_items(doc.series[:FRONT_SERIES], ""),
            series_total=len(doc.series),
            speaker_total=len(self.site.by_speaker),
            search_kinds=json_text(kinds),
            search_words=json_text(search_words),
        )
        chunks = _chunks(doc.series, PER_INDEX)
        for n, chunk in enumerate(chunks, 1):
            yield self._render(
                "site/series-index.html.j2",
                page_name("series/index", n),
                section="series",
                page_title=self.ui.all_series,
                series_items=self._series_items(chunk, "../"),
                pager=_pager("series/index", n, len(chunks)),
            )

    def series_pages(self) -> Iterator[tuple[str, bytes]]:
        site = self.site
        for s in site.doc.series:
            pages = site.series_pages[s.id]
            for n, chunk in enumerate(pages, 1):
                soon = [w for w in chunk if w.upcoming]
                rest = [w for w in chunk if not w.upcoming]
                if s.upcoming:
                    groups = [(self.ui.upcoming, soon), (self.ui.past, rest)]
                    groups = [g for g in groups if g[1]]
                else:
                    groups = [(self.ui.webinar_list, chunk)]
                path = page_name(f"series/{s.id}", n)
                yield self._render(
                    "site/series.html.j2",
                    path,
                    section="series",
                    s=s,
                    page_title=s.title.text,
                    description=s.description.text if s.description else None,
                    groups=groups,
                    pager=_pager(f"series/{s.id}", n, len(pages)),
                    filters=len(pages) == 1 and len(chunk) > 1,
                    doc=self._page_doc(s, chunk) if len(pages) == 1 else site.doc,
                    feeds=[
                        {"title": f"{self.ui.feed}: {s.title.text}", "href": f"{s.id}.atom"},
                        {"title": self.ui.feed, "href": "../feed.atom"},
                    ],
                )

    def _page_doc(self, s: SeriesView, webinars: list[WebinarView]) -> DocumentView:
        """The filters' choices for one page: its own tags and speakers."""
        tags: dict[str, TagView] = {}
        people: dict[str, PersonView] = {}
        for w in webinars:
            for t in w.tags:
                tags.setdefault(t.id, t)
            for p in w.speakers:
                people.setdefault(p.id, p)
        return replace(
            self.site.doc,
            series=[s],
            people=list(people.values()),
            webinar_count=len(webinars),
            tag_options=[Option(t.id, t.title.text) for t in tags.values()],
            series_options=[],
            speaker_options=sorted(
                (Option(p.id, p.name) for p in people.values()), key=lambda o: fold(o.label)
            ),
        )

    def name_pages(self) -> Iterator[tuple[str, bytes]]:
        site = self.site
        for kind, table, section in (
            ("speakers", site.by_speaker, "speakers"),
            ("tags", site.by_tag, "tags"),
        ):
            if not table:
                continue
            names = []
            for key, ws in table.items():
                name: LangText = (
                    LangText(site.people[key].name) if kind == "speakers" else site.tags[key].title
                )
                names.append({"href": f"{key}.html", "name": name, "count": len(ws)})
            if kind == "speakers":
                names.sort(key=lambda item: fold(str(item["name"])))
            title = self.ui.all_speakers if kind == "speakers" else self.ui.all_tags
            chunks = _chunks(names, PER_INDEX)
            for n, chunk in enumerate(chunks, 1):
                yield self._render(
                    "site/names.html.j2",
                    page_name(f"{kind}/index", n),
                    section=section,
                    page_title=title,
                    names=chunk,
                    pager=_pager(f"{kind}/index", n, len(chunks)),
                )
            for key, ws in table.items():
                pages = _chunks(ws, PER_PAGE if kind == "speakers" else PER_LIST)
                person = site.people[key] if kind == "speakers" else None
                heading = LangText(person.name) if person else site.tags[key].title
                for n, chunk in enumerate(pages, 1):
                    yield self._render(
                        "site/webinars.html.j2",
                        page_name(f"{kind}/{key}", n),
                        section=section,
                        page_title=heading.text,
                        kicker=self.ui.speaker if person else self.ui.tag,
                        heading=heading,
                        person=person,
                        lead=None if person else self._tag_description(key),
                        webinars=chunk,
                        total=len(ws),
                        show_series=True,
                        compact=kind == "tags",
                        pager=_pager(f"{kind}/{key}", n, len(pages)),
                    )

    def _tag_description(self, tag_id: str) -> LangText | None:
        tag = self.site.cat.tags.get(tag_id)
        if tag is None or tag.description is None:
            return None
        return self.site.builder.text(tag.description, self.site.cat.language)

    # -- feeds, search, media, sitemap -----------------------------------------------------
    def feeds(self) -> Iterator[tuple[str, bytes]]:
        from webcat.export import atom

        cat = self.site.cat
        lang = self.site.opts.lang
        epoch = self.site.opts.source_date_epoch
        by_series: dict[str, dict[str, Any]] = {}
        for wid, w in cat.webinars.items():
            by_series.setdefault(w.series, {})[wid] = w
        res_by_webinar: dict[str, dict[str, Any]] = {}
        res_by_series: dict[str, dict[str, Any]] = {}
        for rid, r in cat.resources.items():
            if r.webinar is not None:
                res_by_webinar.setdefault(r.webinar, {})[rid] = r
            elif r.series is not None:
                res_by_series.setdefault(r.series, {})[rid] = r
        for sid, s in cat.series.items():
            ws = _newest(by_series.get(sid, {}))
            resources = dict(res_by_series.get(sid, {}))
            for wid in ws:
                resources.update(res_by_webinar.get(wid, {}))
            part = replace(cat, series={sid: s}, webinars=ws, resources=resources)
            yield f"series/{sid}.atom", atom.render(part, lang, epoch).encode("utf-8")
        keep = _newest(cat.webinars)
        resources = {}
        for wid in keep:
            resources.update(res_by_webinar.get(wid, {}))
        whole = replace(cat, webinars=keep, resources=resources)
        yield "feed.atom", atom.render(whole, lang, epoch).encode("utf-8")

    def search_docs(self) -> list[SearchDoc]:
        site = self.site
        ui = self.ui
        docs: list[SearchDoc] = []
        for s in site.doc.series:
            parts = [f"{len(s.webinars)} {ui.webinar if len(s.webinars) == 1 else ui.webinars}"]
            if s.organiser:
                parts.append(s.organiser.name.text)
            text = " ".join(x.text for x in (s.title, s.description) if x is not None)
            docs.append(
                SearchDoc("series", s.title.text, f"series/{s.id}.html", " · ".join(parts), text)
            )
        for pid in site.by_speaker:
            p = site.people[pid]
            role = p.role.text if p.role else ""
            docs.append(
                SearchDoc("speaker", p.name, f"speakers/{pid}.html", role, f"{p.name} {role}")
            )
        for tid, ws in site.by_tag.items():
            t = site.tags[tid]
            count = f"{len(ws)} {ui.webinar if len(ws) == 1 else ui.webinars}"
            docs.append(SearchDoc("tag", t.title.text, f"tags/{tid}.html", count, t.title.text))
        webinars = [w for s in site.doc.series for w in s.webinars]
        for w in _newest_first(webinars):
            names = ", ".join(p.name for p in w.speakers)
            context = " · ".join(
                x for x in (w.date_label, site.series_titles[w.series_id].text, names) if x
            )
            text = " ".join(
                [
                    w.id,
                    w.title.text,
                    w.topic.text if w.topic else "",
                    w.description.text if w.description else "",
                    names,
                    " ".join(t.title.text for t in w.tags),
                    " ".join(r.title.text for r in w.resources),
                ]
            )
            docs.append(SearchDoc("webinar", w.title.text, site.webinar_href[w.id], context, text))
        return docs

    def media(self) -> Iterator[tuple[str, bytes]]:
        base = self.site.cat.path.parent if self.site.cat.path is not None else Path(".")
        for site_path, file in sorted(self.site.media.items()):
            try:
                yield site_path, (base / file).read_bytes()
            except OSError as e:
                from webcat.errors import CatalogueError

                raise CatalogueError(f"cannot read image {base / file}: {e.strerror}") from None


def _newest(webinars: dict[str, Any]) -> dict[str, Any]:
    """The ``FEED_ENTRIES`` newest webinars (dated first, newest first; then undated, in
    catalogue order), in catalogue order: a feed tells what is new, not the whole archive."""
    if len(webinars) <= FEED_ENTRIES:
        return webinars
    dated = sorted(
        (w for w in webinars.values() if w.date is not None),
        key=lambda w: _sort_key(w.date),
        reverse=True,
    )
    undated = (w for w in webinars.values() if w.date is None)
    wanted = {w.id for w in [*dated, *undated][:FEED_ENTRIES]}
    return {k: w for k, w in webinars.items() if k in wanted}


def _sort_key(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _sitemaps(base_url: str, pages: list[str]) -> Iterator[tuple[str, bytes]]:
    base = base_url.rstrip("/") + "/"
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    chunks = [pages[i : i + SITEMAP_URLS] for i in range(0, len(pages), SITEMAP_URLS)]

    def urlset(chunk: list[str]) -> bytes:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{ns}">']
        lines += [f"<url><loc>{escape(base + p)}</loc></url>" for p in chunk]
        lines.append("</urlset>")
        return ("\n".join(lines) + "\n").encode("utf-8")

    if len(chunks) <= 1:
        yield "sitemap.xml", urlset(chunks[0] if chunks else [])
        return
    names = [f"sitemap-{i}.xml" for i in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks, strict=True):
        yield name, urlset(chunk)
    index = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{ns}">']
    index += [f"<sitemap><loc>{escape(base + n)}</loc></sitemap>" for n in names]
    index.append("</sitemapindex>")
    yield "sitemap.xml", ("\n".join(index) + "\n").encode("utf-8")


__all__ = ["SiteOptions", "WriteReport", "build_site", "site_files"]
