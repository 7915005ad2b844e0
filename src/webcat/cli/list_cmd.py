"""``webcat list``: entities as a table for people, or JSON/CSV/TSV/ids for scripts."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from webcat.cli._common import CatalogueOption, ListFormat, handle_errors
from webcat.errors import UsageError

KIND_NAMES = "series|webinars|resources|people|organisations|projects|tags"


def parse_date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{flag} {value!r} is not a date", hint="write dates as YYYY-MM-DD"
        ) from None


def resolve_kind(kind: str) -> str:
    from webcat.catalogue.build import suggest
    from webcat.catalogue.fields import KIND_ALIASES

    table = KIND_ALIASES.get(kind.lower())
    if table is None:
        raise UsageError(
            f"unknown kind '{kind}'",
            hint=suggest(kind, list(KIND_ALIASES)) or f"kinds are: {KIND_NAMES}",
        )
    return table


@handle_errors
def list_(
    kind: Annotated[
        str, typer.Argument(help=f"What to list: {KIND_NAMES}.", metavar="[KIND]")
    ] = "webinars",
    series: Annotated[
        list[str] | None, typer.Option("--series", help="Only in this series (id); repeatable.")
    ] = None,
    speaker: Annotated[
        list[str] | None, typer.Option("--speaker", help="Only with this speaker (id); repeatable.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only with this tag; repeat to need all.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="On or after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="YYYY-MM-DD", help="On or before this date.")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Only entries in this language; show texts in it."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", help="Words to find in titles, descriptions and names (any case)."
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option("--sort", metavar="FIELD", help="Sort by a field; -FIELD for descending."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, help="Show at most N entries.")
    ] = None,
    fmt: Annotated[
        ListFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: table on a terminal, tsv otherwise.",
            show_default=False,
        ),
    ] = None,
    catalogue: CatalogueOption = None,
) -> None:
    """List the catalogue's webinars (or another KIND).

    Examples:

      webcat list

      webcat list people --search torfing

      webcat list --tag ledelse --format json | jq '.[].title'
    """
    from webcat.catalogue.query import Filters, select, sort_entities
    from webcat.cli._common import open_catalogue

    table = resolve_kind(kind)
    filters = Filters(
        series=series or [],
        speakers=speaker or [],
        tags=tag or [],
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        lang=lang,
        search=search,
    )
    # Listing shows entries as they are; `webcat validate` reports dangling references.
    cat, _ = open_catalogue(catalogue, cross_checks=False)
    entities = sort_entities(select(cat, table, filters), table, sort)
    if limit is not None:
        entities = entities[:limit]
    if fmt is None:
        fmt = ListFormat.table if sys.stdout.isatty() else ListFormat.tsv

    from webcat.cli import output

    output.emit(cat, table, entities, fmt, lang)
