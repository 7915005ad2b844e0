"""Exports: the catalogue as Markdown, HTML, JSON, CSV, iCalendar, Atom and JSON-LD.

Pure functions from the model to text (no Typer, no rich), so they are usable as a library
and testable without the CLI. Every format is deterministic: the same catalogue gives the
same bytes on every run, and nothing reads the clock (docs/export.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from webcat.catalogue.model import Catalogue
    from webcat.catalogue.query import Filters

FRONT_MATTER = ("hugo", "jekyll")
PER = ("webinar", "resource")


@dataclass(slots=True)
class Options:
    """How to export, besides the format.

    ``template`` is a Jinja2 template's source (document formats only), run in Jinja2's
    sandbox, and ``template_dir`` the folder its ``include``/``import``/``extends`` load
    from; ``source_date_epoch`` is used only where a time must be stamped and the catalogue
    holds no date at all.
    """

    lang: str | None = None
    template: str | None = None
    template_dir: str | None = None
    front_matter: str | None = None
    per: str = "webinar"
    source_date_epoch: int | None = None
    #: The date that splits upcoming from past webinars (None: no split).
    today: date | None = None
    #: ``json`` only: keep the editors' ``note`` fields (never published otherwise).
    with_notes: bool = False
    #: ``html`` only: an HTML fragment with scoped styles, to paste into another page.
    fragment: bool = False


def export(
    cat: Catalogue, fmt: str, filters: Filters | None = None, options: Options | None = None
) -> str:
    """The catalogue (cut down to what ``filters`` select) in format ``fmt``.

    The cyclic garbage collector is paused meanwhile (as while loading): an export makes
    hundreds of thousands of short-lived objects and no cycles, and each collection would walk
    the whole loaded catalogue; on 20,000 webinars that was a quarter of the HTML time.
    """
    from webcat.gcpause import no_gc

    with no_gc():
        return _export(cat, fmt, filters, options)


def _html(cat: Catalogue, opts: Options) -> str:
    if opts.fragment:
        from webcat.export.fragment import render_fragment

        return render_fragment(cat, opts.lang, today=opts.today)
    from webcat.export.documents import render_html

    return render_html(cat, opts.lang, opts.template, opts.template_dir, today=opts.today)


def _markdown(cat: Catalogue, opts: Options) -> str:
    from webcat.export.documents import render_markdown

    return render_markdown(
        cat, opts.lang, opts.template, opts.front_matter, opts.template_dir, today=opts.today
    )


def _json(cat: Catalogue, opts: Options) -> str:
    from webcat.export.tables import render_json

    return render_json(cat, with_notes=opts.with_notes)


def _csv(cat: Catalogue, opts: Options) -> str:
    from webcat.export.tables import render_csv

    return render_csv(cat, opts.lang, opts.per)


def _ics(cat: Catalogue, opts: Options) -> str:
    from webcat.export import ics

    return ics.render(cat, opts.lang, opts.source_date_epoch)


def _atom(cat: Catalogue, opts: Options) -> str:
    from webcat.export import atom

    return atom.render(cat, opts.lang, opts.source_date_epoch)


def _jsonld(cat: Catalogue, opts: Options) -> str:
    from webcat.export import jsonld
    from webcat.export.view import Builder

    return jsonld.dumps(jsonld.graph(Builder(cat, opts.lang).build())) + "\n"


@dataclass(frozen=True, slots=True)
class Exporter:
    """One export format: its name (the CLI's FORMAT), what it is, and how to render it.

    ``render`` imports its module when called, so that reading the registry (the CLI does,
    at start-up, for its choices) costs nothing. ``template``: it takes a Jinja2 template.
    """

    name: str
    help: str
    render: Callable[[Catalogue, Options], str]
    template: bool = False


#: Every export format, in the order the CLI lists them; the CLI's choices come from here.
EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("markdown", "one Markdown document", _markdown, template=True),
        Exporter("html", "one self-contained, searchable page", _html, template=True),
        Exporter("json", "the canonical JSON form", _json),
        Exporter("csv", "a spreadsheet, one row per webinar or resource", _csv),
        Exporter("ics", "an iCalendar file of the webinars", _ics),
        Exporter("atom", "an Atom feed of the webinars", _atom),
        Exporter("jsonld", "schema.org JSON-LD", _jsonld),
    )
}
FORMATS = tuple(EXPORTERS)
DOCUMENT_FORMATS = tuple(name for name, e in EXPORTERS.items() if e.template)


def _export(cat: Catalogue, fmt: str, filters: Filters | None, options: Options | None) -> str:
    from webcat.export.view import subset

    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ValueError(f"unknown export format {fmt!r}")
    if filters is not None:
        cat = subset(cat, filters)
    return exporter.render(cat, options or Options())


__all__ = [
    "DOCUMENT_FORMATS",
    "EXPORTERS",
    "FORMATS",
    "FRONT_MATTER",
    "PER",
    "Exporter",
    "Options",
    "export",
]
