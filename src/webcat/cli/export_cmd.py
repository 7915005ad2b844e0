"""``webcat export FORMAT``: the catalogue as a page, a document, a calendar, a feed or data.

The exporters (and Jinja2) are imported when the command runs, so that other commands and
``webcat --version`` do not pay for them.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

import typer

from webcat import PROJECT_URL
from webcat.cli._common import CatalogueOption
from webcat.cli.filters import (
    InLanguageOption,
    LangOption,
    SearchOption,
    SeriesOption,
    SinceOption,
    SpeakerOption,
    TagOption,
    TodayOption,
    UntilOption,
    build_filters,
    build_today,
    check_language,
)
from webcat.errors import UsageError
from webcat.export import DOCUMENT_FORMATS, FORMATS, FRONT_MATTER, PER

#: The formats of the registry, which render text, and ``site``, which builds a folder.
CHOICES = (*FORMATS, "site")

#: A single page over this many bytes (about 1,500 webinars) is slow to load and to search
#: in a browser; the export says so and points to ``export site``.
TOO_BIG_FOR_ONE_PAGE = 5 * 1024 * 1024

# The choices come from the exporter registry, so a new format needs no change here.
if TYPE_CHECKING:
    ExportFormat: TypeAlias = StrEnum
    FrontMatter: TypeAlias = StrEnum
    Per: TypeAlias = StrEnum
else:
    ExportFormat = StrEnum("ExportFormat", {name: name for name in CHOICES})
    FrontMatter = StrEnum("FrontMatter", {name: name for name in FRONT_MATTER})
    Per = StrEnum("Per", {name: name for name in PER})


def export(
    fmt: Annotated[
        ExportFormat,
        typer.Argument(metavar="FORMAT", help=", ".join(CHOICES[:-1]) + f" or {CHOICES[-1]}."),
    ],
    directory: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help="site: the folder to build the site in."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE (atomically); default stdout."
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="FILE",
            help="Jinja2 template for markdown or html (its context: docs/export.md at "
            f"{PROJECT_URL}).",
        ),
    ] = None,
    front_matter: Annotated[
        FrontMatter | None,
        typer.Option("--front-matter", help="Markdown: front matter for hugo or jekyll."),
    ] = None,
    per: Annotated[
        Per, typer.Option("--per", help="CSV: one row per webinar or per resource.")
    ] = Per(PER[0]),
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty", help="Export even when no webinar is selected (else exit 1)."
        ),
    ] = False,
    today: TodayOption = None,
    fragment: Annotated[
        bool,
        typer.Option(
            "--fragment",
            help="HTML: a fragment with scoped styles (no <html>, no global CSS) for a CMS page.",
        ),
    ] = False,
    with_notes: Annotated[
        bool,
        typer.Option(
            "--with-notes",
            help="JSON: keep the editors' note fields (never published otherwise), "
            "to move a whole catalogue.",
        ),
    ] = False,
    series: SeriesOption = None,
    speaker: SpeakerOption = None,
    tag: TagOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    in_language: InLanguageOption = None,
    search: SearchOption = None,
    lang: LangOption = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="site: its public address, for sitemap.xml and canonical links.",
        ),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            metavar="DIR",
            help="site: templates here replace the built-in ones of the same name.",
        ),
    ] = None,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve", help="site: then preview it on 127.0.0.1, rebuilding on catalogue changes."
        ),
    ] = False,
    port: Annotated[
        int,
        typer.Option(
            "--port",
            metavar="N",
            min=0,
            max=65535,
            help="site --serve: the port (0: any free one).",
        ),
    ] = 8000,
    catalogue: CatalogueOption = None,
) -> None:
    """Export the catalogue (or the webinars the filters select) as FORMAT.

    Examples:

    \b
      webcat export html -o webinarer.html
      webcat export markdown --front-matter hugo -o webinarer.md
      webcat export ics --series samskaping-webinarer > webinarer.ics
      webcat export site public --base-url https://example.org/webinarer/
    """
    from webcat.cli._common import open_catalogue

    if fmt.value == "site":
        from webcat.cli.export_site import export_site

        export_site(
            directory or output,
            base_url=base_url,
            template_dir=template_dir,
            serve=serve,
            port=port,
            today=today,
            lang=check_language(lang, "--lang"),
            template=template,
            filters=build_filters(series, speaker, tag, since, until, in_language, search),
            catalogue=catalogue,
        )
        return
    site_only = {
        "DIR": directory is not None,
        "--base-url": base_url is not None,
        "--template-dir": template_dir is not None,
        "--serve": serve,
    }
    for flag, given in site_only.items():
        if given:
            raise UsageError(f"{flag} works only with site")
    if fragment and (fmt.value != "html" or template is not None):
        raise UsageError("--fragment works only with html, without --template")
    if with_notes and fmt.value != "json":
        raise UsageError(
            "--with-notes works only with json", hint="notes are for editors, never published"
        )

    if template is not None and fmt.value not in DOCUMENT_FORMATS:
        raise UsageError(f"--template works only with {' and '.join(DOCUMENT_FORMATS)}")
    if front_matter is not None and fmt.value != "markdown":
        raise UsageError("--front-matter works only with markdown")
    if per.value != PER[0] and fmt.value != "csv":
        raise UsageError("--per works only with csv")
    source = _read_template(template) if template is not None else None
    filters = build_filters(series, speaker, tag, since, until, in_language, search)
    lang = check_language(lang, "--lang")
    # Cross-entry checks (dangling references, duplicate URLs) never leave an entry out of
    # the model, so an export need not pay for them; `webcat validate` reports them.
    cat, _ = open_catalogue(catalogue, cross_checks=False)

    from webcat.export import Options
    from webcat.export.view import selection

    cat = selection(cat, filters, allow_empty=allow_empty)

    epoch = _source_date_epoch()
    options = Options(
        lang=lang,
        template=source,
        template_dir=str(template.parent) if template is not None else None,
        front_matter=front_matter.value if front_matter else None,
        per=per.value,
        source_date_epoch=epoch,
        today=build_today(today, epoch),
        with_notes=with_notes,
        fragment=fragment,
    )
    text = _render(cat, fmt.value, options)
    data = text.encode("utf-8")
    if fmt.value == "html" and not fragment and len(data) > TOO_BIG_FOR_ONE_PAGE:
        from webcat.cli._common import err

        err().print(
            f"warning: the page is {len(data) / 1048576:.0f} MB; browsers load a page this "
            "size slowly and its search lags. Publish a catalogue this size as a site: "
            "webcat export site DIR",
            soft_wrap=True,
            markup=False,
            style="yellow",
        )
    if output is None or str(output) == "-":
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
    else:
        from webcat.files import write_atomically

        write_atomically(output, data)


def _render(cat: object, fmt: str, options: object) -> str:
    """Render, turning a broken custom template into a usage error with its line, and
    printing the export's warnings (what it left out) on stderr."""
    import warnings

    import jinja2

    from webcat.catalogue.model import Catalogue
    from webcat.export import Options
    from webcat.export import export as run_export
    from webcat.export.notices import ExportWarning

    assert isinstance(cat, Catalogue) and isinstance(options, Options)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExportWarning)
        try:
            text = run_export(cat, fmt, None, options)
        except jinja2.TemplateSyntaxError as e:
            where = f"{e.name} " if e.name else ""
            raise UsageError(f"template {where}line {e.lineno}: {e.message}") from None
        except jinja2.TemplateNotFound as e:
            raise UsageError(
                f"template: cannot load {e.name!r} from {options.template_dir or '.'}",
                hint="a template includes files from its own folder and below",
            ) from None
        except jinja2.TemplateError as e:
            raise UsageError(f"template: {e}") from None
    _print_warnings([str(w.message) for w in caught if issubclass(w.category, ExportWarning)])
    return text


def _print_warnings(messages: list[str]) -> None:
    if not messages:
        return
    from rich.text import Text

    from webcat.cli._common import err
    from webcat.cli.render import visible

    console = err()
    for message in messages:
        console.print(Text("warning: " + visible(message), style="yellow"), soft_wrap=True)


def _read_template(path: Path) -> str:
    from webcat.files import read_input

    return read_input(str(path), "a template", stdin=False)


def _source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise UsageError(
            f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds",
            hint="unset it or give an integer such as 1647907200",
        ) from None
