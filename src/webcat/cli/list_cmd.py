"""``webcat list``: entities as a table for people, or JSON/CSV/TSV/ids for scripts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from webcat.cli._common import CatalogueOption, ListFormat
from webcat.cli.complete import fields_of_kind, kinds
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

KIND_NAMES = "series|webinars|resources|people|organisations|projects|tags"


def resolve_kind(kind: str) -> str:
    from webcat.catalogue.fields import KIND_ALIASES
    from webcat.catalogue.rules import suggest

    table = KIND_ALIASES.get(kind.lower())
    if table is None:
        raise UsageError(
            f"unknown kind '{kind}'",
            hint=suggest(kind, list(KIND_ALIASES)) or f"kinds are: {KIND_NAMES}",
        )
    return table


def list_(
    kind: Annotated[
        str,
        typer.Argument(
            help=f"What to list: {KIND_NAMES}.", metavar="KIND", autocompletion=kinds
        ),
    ] = "webinars",
    series: SeriesOption = None,
    speaker: SpeakerOption = None,
    tag: TagOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    in_language: InLanguageOption = None,
    search: SearchOption = None,
    lang: LangOption = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            metavar="FIELD",
            help="Sort by a field; -FIELD for descending.",
            autocompletion=fields_of_kind,
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, help="Show at most N entries.")
    ] = None,
    fmt: Annotated[
        ListFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: text (a table) on a terminal, tsv otherwise; "
            "table is accepted for text.",
            show_default=False,
        ),
    ] = None,
    catalogue: CatalogueOption = None,
) -> None:
    """List the catalogue's webinars (or another KIND).

    Examples:

    \b
      webcat list
      webcat list people --search torfing
      webcat list --tag ledelse --format json | jq '.[].title'
    """
    from webcat.catalogue.query import select, sort_entities
    from webcat.cli._common import open_catalogue

    table = resolve_kind(kind)
    filters = build_filters(series, speaker, tag, since, until, in_language, search)
    lang = check_language(lang, "--lang")
    # Listing shows entries as they are; `webcat validate` reports dangling references.
    cat, _ = open_catalogue(catalogue, cross_checks=False)
    entities = sort_entities(select(cat, table, filters), table, sort)
    if limit is not None:
        entities = entities[:limit]
    if fmt is None:
        fmt = ListFormat.text if sys.stdout.isatty() else ListFormat.tsv

    from webcat.cli import output

    output.emit(cat, table, entities, fmt, lang)
    if not entities and sys.stderr.isatty():
        # Still exit 0 (an empty list is an answer), but never a silent one for a person.
        from webcat.cli._common import err

        what = "match the filters" if filters.active() else "in the catalogue"
        err().print(f"no {table} {what}", style="yellow", soft_wrap=True, markup=False)
