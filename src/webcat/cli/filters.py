"""The filter options ``webcat list`` and ``webcat export`` share, defined once so that the
two commands select the same entries with the same flags."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from webcat.cli.complete import ids_of
from webcat.errors import UsageError

if TYPE_CHECKING:
    from webcat.catalogue.query import Filters

SeriesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--series",
        metavar="ID",
        help="Only in this series (id); repeatable.",
        autocompletion=ids_of("series"),
    ),
]
SpeakerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--speaker",
        metavar="ID",
        help="Only with this speaker (id); repeatable.",
        autocompletion=ids_of("people"),
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TAG",
        help="Only with this tag; repeat to need all.",
        autocompletion=ids_of("tags"),
    ),
]
SinceOption = Annotated[
    str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="On or after this date.")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", metavar="YYYY-MM-DD", help="On or before this date.")
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Show texts in this language, else in the catalogue's (field by field).",
    ),
]
InLanguageOption = Annotated[
    str | None,
    typer.Option(
        "--in-language",
        metavar="LANG",
        help="Only entries in this language (their own, their series', or a translation).",
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        metavar="WORDS",
        help="Words to find in titles, descriptions and names (any case).",
    ),
]


TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help="Split upcoming from past webinars by this date (default: SOURCE_DATE_EPOCH's "
        "date, else today), for reproducible builds.",
    ),
]


def build_today(value: str | None, source_date_epoch: int | None) -> date:
    """The date that splits upcoming from past: ``--today``, else ``SOURCE_DATE_EPOCH``'s
    (UTC) date, else the clock's."""
    given = parse_date(value, "--today")
    if given is not None:
        return given
    if source_date_epoch is not None:
        from datetime import UTC, datetime

        return datetime.fromtimestamp(source_date_epoch, UTC).date()
    return date.today()


def parse_date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{flag} {value!r} is not a date", hint="write dates as YYYY-MM-DD"
        ) from None


def check_language(value: str | None, flag: str) -> str | None:
    """``value`` if it is a BCP 47 language tag (as the catalogue's ``language``), else a
    usage error: it ends up in ``lang`` attributes and iCalendar parameters."""
    if value is None:
        return None
    from webcat.catalogue.rules import LANG_RE

    if not LANG_RE.match(value):
        raise UsageError(
            f"{flag} {value!r} is not a language tag", hint="write e.g. nb, nn, en or en-GB"
        )
    return value


def build_filters(
    series: list[str] | None,
    speaker: list[str] | None,
    tag: list[str] | None,
    since: str | None,
    until: str | None,
    in_language: str | None,
    search: str | None,
) -> Filters:
    from webcat.catalogue.query import Filters

    return Filters(
        series=series or [],
        speakers=speaker or [],
        tags=tag or [],
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        in_language=check_language(in_language, "--in-language"),
        search=search,
    )
