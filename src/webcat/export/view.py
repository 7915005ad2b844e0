"""The catalogue as the document exports see it: series with their webinars, each with its
speakers and resources resolved, texts picked in one language and tagged with theirs.

Built once, in one pass over each table (resources are grouped by webinar up front), so that
a 20,000-webinar catalogue renders in linear time. The Markdown and HTML templates, and custom
``--template`` files, receive these objects; docs/export.md documents them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from webcat.catalogue.durations import parse_duration
from webcat.catalogue.model import (
    Catalogue,
    Entity,
    Organisation,
    Person,
    Project,
    Resource,
    Series,
    Text,
    Webinar,
    fold,
)
from webcat.catalogue.query import Filters, select
from webcat.errors import ProblemsFound
from webcat.export.labels import UI, date_label, ui_language
from webcat.export.platforms import video_platform
from webcat.export.safety import clean, safe_url
from webcat.export.texts import LangText, Words, pick

#: Turns an ``image`` file path (relative to the catalogue) into the ``src`` a document
#: uses, or None to leave the image out.
ImageSource = Callable[[str], str | None]


def subset(cat: Catalogue, filters: Filters) -> Catalogue:
    """The catalogue cut down to the webinars ``filters`` select (as ``webcat list``).

    Resources go with their webinar; a series stays if it keeps a webinar or was asked for by
    ``--series``. People, organisations, projects and tags stay whole so that every reference
    still resolves. Without filters this is the catalogue itself.
    """
    if not filters.active():
        return cat
    webinars = {w.id: w for w in select(cat, "webinars", filters) if isinstance(w, Webinar)}
    kept_series = {w.series for w in webinars.values()} | set(filters.series)
    series = {k: s for k, s in cat.series.items() if k in kept_series}
    resources = {
        k: r
        for k, r in cat.resources.items()
        if (r.webinar in webinars) or (r.webinar is None and r.series in series)
    }
    return replace(
        cat,
        series=series,
        webinars=webinars,
        resources=resources,
    )


class NothingSelected(ProblemsFound):
    """An export would hold no webinar: a typo in a filter, or an empty catalogue, that a
    CI job would otherwise publish as an empty page (exit 1)."""


def selection(cat: Catalogue, filters: Filters, *, allow_empty: bool = False) -> Catalogue:
    """:func:`subset`, refusing (:class:`NothingSelected`) a result without webinars."""
    chosen = subset(cat, filters)
    if chosen.webinars or allow_empty:
        return chosen
    if filters.active():
        raise NothingSelected(
            "no webinar matches the filters; nothing was exported",
            hint="try the filters with `webcat list`, or pass --allow-empty to export anyway",
        )
    raise NothingSelected(
        "the catalogue has no webinars; nothing was exported",
        hint="pass --allow-empty to export it anyway",
    )


@dataclass(slots=True)
class ImageView:
    """An image with its alt text, and its credit, which is only ever shown with it."""

    src: str  # an http(s) URL, a data: URI (single page) or a path from the site's root
    alt: LangText
    credit: LangText | None
    file: str | None  # the catalogue-relative path of a local file


@dataclass(slots=True)
class OrgView:
    id: str
    name: LangText
    url: str | None
    kind: str | None


@dataclass(slots=True)
class PersonView:
    id: str
    anchor: str
    name: str
    role: LangText | None
    bio: LangText | None
    url: str | None
    affiliations: list[OrgView]


@dataclass(slots=True)
class ResourceView:
    id: str
    kind: str
    kind_label: str
    format: str | None
    label: str  # what it is, for link text: "Lysark (PowerPoint)"
    title: LangText
    url: str | None  # None when the URL may not be a link
    raw_url: str
    lang: str | None  # the resource's own language (for hreflang), if not the page's
    published: str | None
    description: LangText | None  # for readers; the editors' ``note`` is never published
    platform: str | None = None  # "YouTube" for a recording on a known video platform


@dataclass(slots=True)
class TagView:
    id: str
    title: LangText


@dataclass(slots=True)
class ProjectView:
    id: str
    title: LangText
    description: LangText | None
    url: str | None
    lead: OrgView | None
    partners: list[OrgView]


@dataclass(slots=True)
class WebinarView:
    id: str
    anchor: str
    series_id: str
    number: int | None
    title: LangText
    topic: LangText | None
    description: LangText | None
    date: str | None  # ISO 8601 as written
    date_label: str | None
    duration: str | None
    duration_label: str | None
    speakers: list[PersonView]
    tags: list[TagView]
    url: str | None
    lang: str | None
    resources: list[ResourceView]
    tag_ids: str  # space-separated, for the page's filters
    speaker_ids: str
    image: ImageView | None = None
    registration: str | None = None
    contact: PersonView | None = None
    upcoming: bool = False  # dated on or after the build's "today"


@dataclass(slots=True)
class SeriesView:
    id: str
    anchor: str
    title: LangText
    description: LangText | None
    published: str | None
    published_label: str | None
    organiser: OrgView | None
    project: ProjectView | None
    url: str | None
    image_credit: LangText | None
    lang: str | None
    tags: list[TagView]
    webinars: list[WebinarView] = field(default_factory=list)
    resources: list[ResourceView] = field(default_factory=list)
    image: ImageView | None = None
    registration: str | None = None
    contact: PersonView | None = None
    #: The webinars split by the build's "today": upcoming soonest first, then the others
    #: (past and undated) in catalogue order. ``upcoming`` is empty without a today.
    upcoming: list[WebinarView] = field(default_factory=list)
    past: list[WebinarView] = field(default_factory=list)


@dataclass(slots=True)
class Option:
    value: str
    label: str


@dataclass(slots=True)
class DocumentView:
    """Everything a document template gets (besides ``ui`` and the JSON-LD)."""

    lang: str
    title: LangText
    description: LangText | None
    series: list[SeriesView]
    people: list[PersonView]
    webinar_count: int
    tag_options: list[Option]
    series_options: list[Option]
    speaker_options: list[Option]
    og_url: str | None
    today: str | None = None  # the date upcoming and past are split by
    upcoming_count: int = 0
    #: A table of contents helps only with many sections; with few, it pushes the
    #: first webinar down the page.
    show_toc: bool = False


#: Sections (series) from which the single page shows a table of contents.
TOC_MIN_SECTIONS = 4


@lru_cache(maxsize=1024)
def duration_label(value: str, ui_lang: str) -> str:
    """``PT1H30M`` as ``1 t 30 min``, ``PT90.5S`` as ``1 min 30,5 s``; a duration in years or
    months (whose length depends on the start), or one that is not valid, as written."""
    try:
        d = parse_duration(value)
    except ValueError:
        return value
    if d.fixed is None:
        return value
    ui = UI[ui_lang]
    whole, micro = divmod(d.length // timedelta(microseconds=1), 1_000_000)
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} {ui['hours']}")
    if minutes:
        parts.append(f"{minutes} {ui['minutes']}")
    if seconds or micro:
        number = f"{seconds}.{micro:06d}".rstrip("0").rstrip(".") if micro else str(seconds)
        parts.append(f"{number.replace('.', ui['decimal'])} {ui['seconds']}")
    return " ".join(parts) or f"0 {ui['minutes']}"


class Builder:
    """Turns a (filtered) catalogue into a :class:`DocumentView` in one page language."""

    def __init__(
        self,
        cat: Catalogue,
        lang: str | None = None,
        *,
        today: date | None = None,
        images: ImageSource | None = None,
    ) -> None:
        self.cat = cat
        self.words = Words(cat, lang)
        self.today = today
        self.images = images
        self.want = lang or cat.language
        self.fallback = cat.language
        self.page_lang = (lang or cat.language or "en").lower()
        self.ui_lang = ui_language(self.page_lang)
        self.ui = UI[self.ui_lang]
        if ui_language(self.page_lang) != self.page_lang.split("-")[0]:
            # No words in this language: the page is English around the catalogue's text.
            self.page_lang = "en" if self.ui is UI["en"] else ui_language(self.page_lang)
        self._orgs: dict[str, OrgView] = {}
        self._people: dict[str, PersonView] = {}
        self._tags: dict[str, TagView] = {}

    # -- text ---------------------------------------------------------------------------
    def _mark(self, lang: str | None) -> str | None:
        """``lang`` if it differs from the page's, for a ``lang`` attribute."""
        if not lang:
            return None
        return None if lang.lower() == self.page_lang else lang

    def text(self, t: Text | None, plain_lang: str | None) -> LangText | None:
        """``t`` in the wanted language (else the catalogue's, field by field), tagged with
        the language it is really in (:func:`webcat.export.texts.pick`)."""
        found = pick(t, self.want, plain_lang, self.fallback)
        if found is None:
            return None
        return LangText(clean(found[0]), self._mark(found[1]))

    def lang_of(self, e: Entity) -> str | None:
        return self.cat.language_of(e)

    # -- entities -------------------------------------------------------------------------
    def org(self, oid: str | None) -> OrgView | None:
        if not oid:
            return None
        if oid in self._orgs:
            return self._orgs[oid]
        o: Organisation | None = self.cat.organisations.get(oid)
        if o is None:
            view = OrgView(oid, LangText(clean(oid)), None, None)
        else:
            name = self.text(o.name, self.cat.language) or LangText(oid)
            view = OrgView(oid, name, safe_url(o.url), o.kind)
        self._orgs[oid] = view
        return view

    def person(self, pid: str) -> PersonView:
        if pid in self._people:
            return self._people[pid]
        p: Person | None = self.cat.people.get(pid)
        if p is None:
            view = PersonView(pid, f"person-{pid}", clean(pid), None, None, None, [])
        else:
            lang = self.cat.language
            affs = [a for a in (self.org(x) for x in p.affiliations) if a is not None]
            view = PersonView(
                pid,
                f"person-{pid}",
                clean(p.name),
                self.text(p.role, lang),
                self.text(p.bio, lang),
                safe_url(p.url),
                affs,
            )
        self._people[pid] = view
        return view

    def tag(self, tid: str) -> TagView:
        if tid not in self._tags:
            t = self.cat.tags.get(tid)
            title = self.text(t.title, self.cat.language) if t else None
            self._tags[tid] = TagView(tid, title or LangText(clean(tid)))
        return self._tags[tid]

    def project(self, pid: str | None) -> ProjectView | None:
        if not pid:
            return None
        p: Project | None = self.cat.projects.get(pid)
        if p is None:
            return None
        lang = self.cat.language
        return ProjectView(
            pid,
            self.text(p.title, lang) or LangText(pid),
            self.text(p.description, lang),
            safe_url(p.url),
            self.org(p.lead),
            [o for o in (self.org(x) for x in p.partners) if o is not None],
        )

    def resource(self, r: Resource) -> ResourceView:
        own = self.lang_of(r)
        label = clean(self.words.resource_label(r))
        platform = video_platform(r.url) if r.kind in ("recording", "link") else None
        if platform is not None and safe_url(r.url):
            label = self.ui["watch_on"].replace("{platform}", platform)
        return ResourceView(
            id=r.id,
            kind=r.kind,
            kind_label=self.words.kind_label(r.kind),
            format=clean(r.format) if r.format else None,
            label=label,
            title=self.text(r.title, own) or LangText(r.id),
            url=safe_url(r.url),
            raw_url=clean(r.url),
            lang=self._mark(own) if r.language else None,
            published=r.published.isoformat() if r.published else None,
            description=self.text(r.description, own),
            platform=platform,
        )

    def image(
        self, src: str | None, alt: Text | None, credit: Text | None, own: str | None
    ) -> ImageView | None:
        """The image, or None when there is none or it may not be shown (no alt text, an
        unsafe URL, a file the document cannot carry)."""
        from webcat.catalogue.rules import check_image

        # Checked again here, as URLs are: a model built in code may hold any string, and a
        # path with ".." must never make an export read or copy a file outside the folder.
        if not src or not alt or check_image(src) is not None:
            return None
        if "://" in src:
            shown = safe_url(src)
            if shown is None or shown.startswith("mailto:"):
                return None
            local = None
        else:
            shown = self.images(src) if self.images is not None else None
            local = src
        if shown is None:
            return None
        return ImageView(shown, self.text(alt, own) or LangText(""), self.text(credit, own), local)

    def webinar(self, w: Webinar, resources: list[ResourceView]) -> WebinarView:
        own = self.lang_of(w)
        speakers = [self.person(p) for p in w.speakers]
        tags = [self.tag(t) for t in w.tags]
        title = self.text(w.title, own) or LangText(w.id)
        day = w.day
        past = self.today is not None and day is not None and day < self.today
        topic = self.text(w.topic, own)
        description = self.text(w.description, own)
        when = w.date
        return WebinarView(
            id=w.id,
            anchor=f"webinar-{w.id}",
            series_id=w.series,
            number=w.number,
            title=title,
            topic=topic,
            description=description,
            date=when.isoformat() if when else None,
            date_label=date_label(when, self.ui) if when else None,
            duration=w.duration,
            duration_label=duration_label(w.duration, self.ui_lang) if w.duration else None,
            speakers=speakers,
            tags=tags,
            url=safe_url(w.url),
            lang=self._mark(w.language) if w.language else None,
            resources=resources,
            tag_ids=" ".join(w.tags),
            speaker_ids=" ".join(w.speakers),
            image=self.image(w.image, w.image_alt, w.image_credit, own),
            # Signing up for a webinar that is over is no use.
            registration=None if past else safe_url(w.registration),
            contact=self.person(w.contact) if w.contact else None,
            upcoming=self.today is not None and w.day is not None and not past,
        )

    def series(self, s: Series) -> SeriesView:
        own = self.lang_of(s)
        image = self.image(s.image, s.image_alt, s.image_credit, own)
        return SeriesView(
            id=s.id,
            anchor=f"series-{s.id}",
            title=self.text(s.title, own) or LangText(s.id),
            description=self.text(s.description, own),
            published=s.published.isoformat() if s.published else None,
            published_label=date_label(s.published, self.ui) if s.published else None,
            organiser=self.org(s.organiser),
            project=self.project(s.project),
            url=safe_url(s.url),
            image_credit=image.credit if image else None,
            lang=self._mark(s.language) if s.language else None,
            tags=[self.tag(t) for t in s.tags],
            image=image,
            registration=safe_url(s.registration),
            contact=self.person(s.contact) if s.contact else None,
        )

    def build(self) -> DocumentView:
        cat = self.cat
        by_webinar: dict[str, list[ResourceView]] = {}
        by_series: dict[str, list[ResourceView]] = {}
        for r in cat.resources.values():
            if r.webinar is not None:
                by_webinar.setdefault(r.webinar, []).append(self.resource(r))
            elif r.series is not None:
                by_series.setdefault(r.series, []).append(self.resource(r))
        series: dict[str, SeriesView] = {}
        for s in cat.series.values():
            view = self.series(s)
            view.resources = by_series.get(s.id, [])
            series[s.id] = view
        for w in cat.webinars.values():
            sv = series.get(w.series)
            if sv is None:  # only in a model built by hand: keep the webinar visible
                sv = series[w.series] = SeriesView(
                    w.series,
                    f"series-{w.series}",
                    LangText(clean(w.series)),
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    [],
                )
            sv.webinars.append(self.webinar(w, by_webinar.get(w.id, [])))
        series_list = list(series.values())
        upcoming_count = 0
        for sv in series_list:
            soon = [wv for wv in sv.webinars if wv.upcoming]
            soon.sort(key=lambda wv: wv.date or "")
            sv.upcoming = soon
            sv.past = [wv for wv in sv.webinars if not wv.upcoming] if soon else sv.webinars
            upcoming_count += len(soon)
        people: dict[str, PersonView] = {}
        tags: dict[str, TagView] = {}
        for sv in series_list:
            for wv in sv.webinars:
                for p in wv.speakers:
                    people.setdefault(p.id, p)
                for t in wv.tags:
                    tags.setdefault(t.id, t)
        title = self.text(cat.title, cat.language) if cat.title else None
        if title is None and len(series_list) == 1:
            title = series_list[0].title
        description = None
        if len(series_list) == 1 and series_list[0].description:
            description = series_list[0].description
        count = sum(len(sv.webinars) for sv in series_list)
        return DocumentView(
            lang=self.page_lang,
            title=title or LangText(self.ui["webinars"].capitalize()),
            description=description,
            series=series_list,
            people=list(people.values()),
            webinar_count=count,
            tag_options=[Option(t.id, t.title.text) for t in tags.values()],
            series_options=[Option(s.id, s.title.text) for s in series_list if s.webinars],
            speaker_options=sorted(
                (Option(p.id, p.name) for p in people.values()), key=lambda o: fold(o.label)
            ),
            og_url=series_list[0].url if len(series_list) == 1 else None,
            today=self.today.isoformat() if self.today else None,
            upcoming_count=upcoming_count,
            show_toc=len(series_list) >= TOC_MIN_SECTIONS,
        )
