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

from webcat.cli._common import CatalogueOption
from webcat.cli.filters import (
    InLanguageOption,
    LangOption,
    SearchOption,
    SeriesOption,
    SinceOption,
    SpeakerOption,
    TagOption,
    UntilOption,
    build_filters,
    check_language,
)
from webcat.errors import UsageError
from webcat.export import DOCUMENT_FORMATS, FORMATS, FRONT_MATTER, PER

# The choices come from the exporter registry, so a new format needs no change here.
if TYPE_CHECKING:
    ExportFormat: TypeAlias = StrEnum
    FrontMatter: TypeAlias = StrEnum
    Per: TypeAlias = StrEnum
else:
    ExportFormat = StrEnum("ExportFormat", {name: name for name in FORMATS})
    FrontMatter = StrEnum("FrontMatter", {name: name for name in FRONT_MATTER})
    Per = StrEnum("Per", {name: name for name in PER})


def export(
    fmt: Annotated[
        ExportFormat,
        typer.Argument(metavar="FORMAT", help=", ".join(FORMATS[:-1]) + f" or {FORMATS[-1]}."),
    ],
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
            help="Jinja2 template for markdown or html (context: docs/export.md).",
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
    series: SeriesOption = None,
    speaker: SpeakerOption = None,
    tag: TagOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    in_language: InLanguageOption = None,
    search: SearchOption = None,
    lang: LangOption = None,
    catalogue: CatalogueOption = None,
) -> None:
    """Export the catalogue (or the webinars the filters select) as FORMAT.

    Examples:

      webcat export html -o webinarer.html

      webcat export markdown --front-matter hugo -o content/webinarer.md

      webcat export ics --series samskaping-webinarer > webinarer.ics
    """
    from webcat.cli._common import open_catalogue

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

    options = Options(
        lang=lang,
        template=source,
        template_dir=str(template.parent) if template is not None else None,
        front_matter=front_matter.value if front_matter else None,
        per=per.value,
        source_date_epoch=_source_date_epoch(),
    )
    text = _render(cat, fmt.value, options)
    data = text.encode("utf-8")
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
