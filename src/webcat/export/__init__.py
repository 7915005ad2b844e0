"""Exports: the catalogue as Markdown, HTML, JSON, CSV, iCalendar, Atom and JSON-LD.

Pure functions from the model to text (no Typer, no rich), so they are usable as a library
and testable without the CLI. Every format is deterministic: the same catalogue gives the
same bytes on every run, and nothing reads the clock (docs/export.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from webcat.catalogue.model import Catalogue
from webcat.catalogue.query import Filters

FORMATS = ("markdown", "html", "json", "csv", "ics", "atom", "jsonld")
DOCUMENT_FORMATS = ("markdown", "html")
FRONT_MATTER = ("hugo", "jekyll")
PER = ("webinar", "resource")


@dataclass(slots=True)
class Options:
    """How to export, besides the format.

    ``template`` is a Jinja2 template's source (document formats only); ``source_date_epoch``
    is used only where a time must be stamped and the catalogue holds no date at all.
    """

    lang: str | None = None
    template: str | None = None
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
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _export(cat, fmt, filters, options)
    finally:
        if was_enabled:
            gc.enable()


def _export(cat: Catalogue, fmt: str, filters: Filters | None, options: Options | None) -> str:
    from webcat.export.view import subset

    opts = options or Options()
    if filters is not None:
        cat = subset(cat, filters)
    lang = opts.lang
    if fmt == "html":
        from webcat.export.documents import render_html

        if opts.fragment:
            from webcat.export.fragment import render_fragment

            return render_fragment(cat, lang, today=opts.today)
        return render_html(cat, lang, opts.template, today=opts.today)
    if fmt == "markdown":
        from webcat.export.documents import render_markdown

        return render_markdown(cat, lang, opts.template, opts.front_matter, today=opts.today)
    if fmt == "json":
        from webcat.export.tables import render_json

        return render_json(cat, with_notes=opts.with_notes)
    if fmt == "csv":
        from webcat.export.tables import render_csv

        return render_csv(cat, lang, opts.per)
    if fmt == "ics":
        from webcat.export import ics

        return ics.render(cat, lang, opts.source_date_epoch)
    if fmt == "atom":
        from webcat.export import atom

        return atom.render(cat, lang, opts.source_date_epoch)
    if fmt == "jsonld":
        from webcat.export import jsonld
        from webcat.export.view import Builder

        return jsonld.dumps(jsonld.graph(Builder(cat, lang).build())) + "\n"
    raise ValueError(f"unknown export format {fmt!r}")


__all__ = ["DOCUMENT_FORMATS", "FORMATS", "FRONT_MATTER", "PER", "Options", "export"]
