"""``webcat export site DIR``: build the static site, say what changed, optionally serve it.

Part of the ``export`` command (one module per command, this one holding its site branch so
that the others stay short); the site itself is built by :mod:`webcat.export.site`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from webcat.catalogue.query import Filters
from webcat.errors import UsageError

if TYPE_CHECKING:
    from webcat.export.site.output import WriteReport


def export_site(
    directory: Path | None,
    *,
    base_url: str | None,
    template_dir: Path | None,
    serve: bool,
    port: int,
    today: str | None,
    lang: str | None,
    template: Path | None,
    filters: Filters,
    catalogue: str | None,
) -> None:
    from webcat.catalogue.rules import check_url
    from webcat.cli._common import err, open_catalogue
    from webcat.cli.export_cmd import _source_date_epoch
    from webcat.cli.filters import build_today

    if serve and catalogue == "-":
        raise UsageError(
            "--serve rebuilds the site when the catalogue file changes; "
            "a catalogue on stdin (-c -) cannot change",
            hint="give the catalogue's path with -c PATH",
        )
    if directory is None or str(directory) == "-":
        raise UsageError("export site needs a folder", hint="webcat export site public")
    if template is not None:
        raise UsageError("--template works only with markdown and html", hint="use --template-dir")
    if template_dir is not None and not template_dir.is_dir():
        raise UsageError(f"--template-dir {template_dir} is not a folder")
    if base_url is not None and (
        check_url(base_url) is not None or not base_url.startswith(("http://", "https://"))
    ):
        raise UsageError(
            f"--base-url {base_url!r} is not an http(s) address",
            hint="e.g. --base-url https://example.org/webinarer/",
        )
    epoch = _source_date_epoch()
    from webcat.export.site import SiteOptions

    opts = SiteOptions(
        lang=lang,
        today=build_today(today, epoch),
        base_url=base_url,
        template_dir=template_dir,
        source_date_epoch=epoch,
    )

    def build() -> None:
        cat, _ = open_catalogue(catalogue, cross_checks=False)
        report = _build(cat, filters, directory, opts)
        size, largest = report.largest
        err().print(
            f"{directory}: {len(report.written)} written, {report.unchanged} unchanged, "
            f"{len(report.removed)} removed; largest file {largest} ({size / 1024:.0f} KB)",
            soft_wrap=True,
            markup=False,
        )

    build()
    if not opts.base_url:
        err().print(
            "note: no sitemap.xml without --base-url (a sitemap needs full addresses)",
            soft_wrap=True,
            markup=False,
            style="dim",
        )
    if serve:
        from webcat.catalogue import locate_catalogue
        from webcat.cli.serve import run_until_interrupted
        from webcat.errors import WebcatError
        from webcat.preview import PreviewServer, watch

        server = PreviewServer(directory, port=port)
        stop = threading.Event()

        def rebuild() -> None:
            try:
                build()
            except WebcatError as e:  # a broken edit: say so and keep serving the last build
                err().print(f"error: {e.message}", soft_wrap=True, markup=False, style="red")

        watch(locate_catalogue(catalogue), rebuild, stop)
        try:
            run_until_interrupted(server, directory)
        finally:
            stop.set()


def _build(cat: object, filters: Filters, directory: Path, opts: object) -> WriteReport:
    import jinja2

    from webcat.catalogue.model import Catalogue
    from webcat.export.site import SiteOptions, build_site
    from webcat.export.view import subset

    assert isinstance(cat, Catalogue) and isinstance(opts, SiteOptions)
    try:
        return build_site(subset(cat, filters), directory, opts)
    except jinja2.TemplateSyntaxError as e:
        raise UsageError(f"template {e.name or ''} line {e.lineno}: {e.message}") from None
    except jinja2.TemplateError as e:
        raise UsageError(f"template: {e}") from None
