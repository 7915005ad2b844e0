"""``webcat add KIND``: a new entry, with one flag per field of the format.

The subcommands and their flags are made from :data:`webcat.catalogue.fields.KINDS`, so a
field added to the format gets its flag here without touching this module. List fields take
a repeatable singular flag (``--speaker a --speaker b``).
"""

from __future__ import annotations

import inspect
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from webcat.catalogue.fields import KINDS, Field, FieldType, Kind
from webcat.cli._command_class import WebcatGroup
from webcat.cli._common import CatalogueOption, register
from webcat.cli.add_from_url import FROM_URL_KINDS
from webcat.cli.complete import choices, ids_of
from webcat.errors import ProblemsFound, UsageError

if TYPE_CHECKING:
    from webcat.catalogue.model import Catalogue

#: Fields the format allows to be missing but ``add`` asks for anyway: a webinar is added
#: when it is scheduled, so it has a date.
ASKED_FOR: dict[str, tuple[str, ...]] = {"webinars": ("date",)}

EXAMPLES: dict[str, str] = {
    "series": 'webcat add series --title "Webinarer om ledelse" --organiser telemarksforsking',
    "webinars": 'webcat add webinar --series samskaping-webinarer --title "Samskaping i praksis" '
    "--date 2022-04-05 --speaker jacob-torfing --tag samskaping",
    "resources": "webcat add resource --webinar samskaping-hvorfor-hva-og-hvordan --kind recording "
    '--title "Opptak" --url https://example.org/opptak.mp4',
    "people": 'webcat add person --name "Kari Nordmann" --affiliation telemarksforsking',
    "organisations": 'webcat add organisation --name "Bø kommune" --kind kommune',
    "projects": 'webcat add project --title "Samskaping i Telemark" --lead telemarksforsking',
    "tags": 'webcat add tag --title "Ledelse"',
}

add_app = typer.Typer(
    name="add",
    cls=WebcatGroup,
    help="Add an entry: a series, webinar, resource, person, organisation, project or tag.\n\n"
    "Every field has a flag; the id is made from the title unless --id is given, and is "
    "printed on stdout.\n\n"
    "Example:\n\n\b\n"
    "  webcat add webinar --series samskaping-webinarer --title 'Samskaping i praksis' "
    "--date 2022-04-05",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def flag_of(f: Field) -> str:
    """``speakers`` -> ``--speaker``; ``image_credit`` -> ``--image-credit``."""
    name = f.name
    if f.type in (FieldType.REFS, FieldType.TAGS) and name.endswith("s"):
        name = name[:-1]
    return "--" + name.replace("_", "-")


def _help(f: Field, table: str) -> str:
    text = f.help
    if f.type in (FieldType.REFS, FieldType.TAGS):
        text += " (repeatable)"
    if f.type is FieldType.CHOICE:
        text += f": {', '.join(f.choices)}"
    if f.type is FieldType.DATE:
        text += " (YYYY-MM-DD)"
    if f.type is FieldType.WHEN:
        text += " (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)"
    if f.required or f.name in ASKED_FOR.get(table, ()):
        text += " [required]"
    return text


_METAVARS: dict[FieldType, str] = {
    FieldType.REF: "ID",
    FieldType.URL: "URL",
    FieldType.DATE: "YYYY-MM-DD",
    FieldType.WHEN: "YYYY-MM-DD",
    FieldType.INTEGER: "N",
    FieldType.DURATION: "PT1H",
    FieldType.LANGUAGE: "LANG",
    FieldType.CHOICE: "KIND",
    FieldType.IMAGE: "FILE|URL",
}


def _completion(f: Field) -> Any:
    """What Tab offers for the flag of ``f``: the ids it may name, or its choices."""
    if f.type is FieldType.REF and f.ref:
        return ids_of(f.ref)
    if f.type is FieldType.CHOICE:
        return choices(f.choices)
    return None


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _ask(label: str) -> str:
    """Ask on stderr and read one line, so stdout carries only the new id even in
    ``id=$(webcat add ...)`` (click's prompt writes a space to stdout)."""
    while True:
        sys.stderr.write(f"{label}: ")
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            raise UsageError(f"no answer for {label.split(' ')[0]}")
        if line.strip():
            return line.strip()


def _say(error: UsageError) -> None:
    """One line on stderr for an answer (or a flag) that cannot be taken."""
    from rich.text import Text

    from webcat.cli._common import err
    from webcat.cli.render import visible

    line = Text(visible(error.message, single_line=True), style="yellow")
    if error.hint:
        line.append(f" ({visible(error.hint, single_line=True)})")
    err().print(line, soft_wrap=True)


def _bad_flags(
    cat: Catalogue, kind: Kind, kwargs: dict[str, Any], missing: list[Field]
) -> list[Field]:
    """The fields whose flags cannot be taken (an unknown id, a bad date), each said in one
    line: before questions are asked, these are asked too, so that no answer is typed for an
    entry that would then be refused."""
    from webcat.catalogue.answers import check_answer

    bad = []
    for f in kind.fields:
        given = kwargs.get(f.name)
        if not given or f in missing:
            continue
        try:
            check_answer(cat, f, ",".join(given) if isinstance(given, list) else given)
        except UsageError as error:
            _say(UsageError(f"{flag_of(f)}: {error.message}", hint=error.hint))
            bad.append(f)
    return bad


def _ask_field(cat: Catalogue, f: Field) -> str | list[str]:
    """Ask for ``f`` until the answer is one the catalogue takes: an unknown id or a bad
    value is said in one line (with a did-you-mean) and the same question is asked again;
    ``?`` lists the ids a reference may take. Earlier answers are kept."""
    from rich.text import Text

    from webcat.catalogue.answers import check_answer, choices, question
    from webcat.cli._common import err
    from webcat.cli.render import visible

    label = question(cat, f)
    while True:
        answer = _ask(label)
        if answer == "?" and (options := choices(cat, f)):
            width = max(len(value) for value, _name in options)
            for value, name in options:
                err().print(Text(visible(f"  {value:<{width}}  {name}", single_line=True)))
            continue
        try:
            value = check_answer(cat, f, answer)
        except UsageError as error:
            _say(error)
            continue
        return value if isinstance(value, list) else answer


def _add(table: str, kwargs: dict[str, Any]) -> None:
    from webcat.catalogue.load import locate_catalogue
    from webcat.catalogue.operations import add_entry, check_new_id
    from webcat.cli._common import output_failed, write_stdout
    from webcat.cli._edit import apply, report, show_diff

    kind = KINDS[table]
    catalogue = kwargs.pop("catalogue")
    dry_run = bool(kwargs.pop("dry_run"))
    explicit_id: str | None = kwargs.pop("id")
    from_url: str | None = kwargs.pop("from_url", None)
    yes = bool(kwargs.pop("yes", False))
    if kwargs.pop("offline", False) and from_url is not None:
        raise ProblemsFound(
            "--from-url needs the network, and --offline was given; nothing was added",
            hint="give the fields as flags instead",
        )
    if from_url is not None:
        return _add_from_url(table, from_url, kwargs, explicit_id, catalogue, dry_run, yes)
    needed = [f for f in kind.fields if f.required or f.name in ASKED_FOR.get(table, ())]
    missing = [f for f in needed if not kwargs.get(f.name)]
    if missing:
        if not _stdin_is_terminal():
            raise UsageError(
                f"add {kind.singular}: missing " + ", ".join(flag_of(f) for f in missing),
                hint="stdin is not a terminal, so webcat does not ask; pass the flags",
            )
        from webcat.catalogue.load import locate_catalogue, read_catalogue

        cat = read_catalogue(locate_catalogue(catalogue), cross_checks=False).catalogue
        missing += _bad_flags(cat, kind, kwargs, missing)
        for f in sorted(missing, key=kind.fields.index):
            kwargs[f.name] = _ask_field(cat, f)
    values = _flag_values(kind, kwargs)
    if explicit_id is not None:
        check_new_id(explicit_id)
    path = locate_catalogue(catalogue)
    result = apply(add_entry, path, table, values, id=explicit_id, dry_run=dry_run)
    report(result)
    if dry_run:
        show_diff(result)  # the new id is in it, and in the "would add" line on stderr
        return
    try:
        write_stdout(f"{result.value}\n")
    except OSError as error:
        # The entry is in the file; say which, or a script that retries adds it twice.
        done = "added" if result.written else "would add"
        raise output_failed(error, f"{done} {table}.{result.value}") from None


def _flag_values(kind: Kind, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The flags' values, TOML-ready: lists de-duplicated, text converted per field type."""
    from webcat.catalogue.convert import check_encodable, from_text

    values: dict[str, Any] = {}
    for f in kind.fields:
        raw = kwargs.get(f.name)
        if raw is None or raw == []:
            continue
        if isinstance(raw, list):
            value: Any = list(dict.fromkeys(v.strip() for v in raw if v.strip()))
        else:
            value = from_text(f, raw, flag_of(f))
        check_encodable(value, flag_of(f))
        values[f.name] = value
    return values


def _add_from_url(
    table: str,
    source: str,
    kwargs: dict[str, Any],
    explicit_id: str | None,
    catalogue: str | None,
    dry_run: bool,
    yes: bool,
) -> None:
    """Fetch each page, fill what the flags did not give, and add every entry in one write
    (with a video page's recording for a webinar); flags always win over the page."""
    from webcat.catalogue.load import locate_catalogue, read_catalogue
    from webcat.catalogue.operations import NewEntry, add_entries
    from webcat.cli._common import write_stdout
    from webcat.cli._edit import apply, report, show_diff
    from webcat.cli.add_from_url import confirm, read_pages, show_found, urls_from
    from webcat.pagemeta.entry import entry_values, recording_values

    kind = KINDS[table]
    urls = urls_from(source)
    if explicit_id is not None and len(urls) > 1:
        raise UsageError("--id names one entry; it cannot go with several URLs")
    path = locate_catalogue(catalogue)
    language = read_catalogue(path, cross_checks=False).catalogue.language
    flags = _flag_values(kind, kwargs)
    pages = read_pages(urls, path)
    entries: list[NewEntry] = []
    ask = not yes and not dry_run and sys.stdin.isatty() and sys.stderr.isatty()
    for facts in pages:
        values = {**entry_values(table, facts, language), **flags}
        missing = [f for f in kind.required if not values.get(f.name)]
        if missing:
            raise ProblemsFound(
                f"{facts.url}: the page does not give "
                + ", ".join(flag_of(f) for f in missing)
                + "; nothing was added",
                hint="pass " + ", ".join(flag_of(f) for f in missing),
            )
        if ask or dry_run:
            show_found(table, facts, values, frozenset(flags))
        entries.append(NewEntry(table, values, explicit_id))
        recording = recording_values(facts, language) if table == "webinars" else None
        if recording is not None:
            if ask or dry_run:
                show_found("resources", facts, recording)
            entries.append(NewEntry("resources", recording, link="webinar"))
    if ask and not confirm(f"Add {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}?"):
        raise ProblemsFound("nothing was added")
    result = apply(add_entries, path, entries, dry_run=dry_run)
    report(result)
    if dry_run:
        show_diff(result)
        return
    write_stdout("".join(f"{id}\n" for id in result.value))


def _make_command(kind: Kind) -> Any:
    table = kind.table
    params: list[inspect.Parameter] = [
        inspect.Parameter(
            "id",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(
                    "--id", metavar="ID", help="Id of the new entry. Default: made from the title."
                ),
            ],
        )
    ]
    for f in kind.fields:
        flag = flag_of(f)
        if f.type in (FieldType.REFS, FieldType.TAGS):
            annotation: Any = Annotated[
                list[str] | None,
                typer.Option(
                    flag,
                    help=_help(f, table),
                    metavar="ID",
                    show_default=False,
                    autocompletion=ids_of(f.ref or "tags"),
                ),
            ]
        else:
            metavar = _METAVARS.get(f.type, "TEXT")
            annotation = Annotated[
                str | None,
                typer.Option(
                    flag,
                    help=_help(f, table),
                    metavar=metavar,
                    show_default=False,
                    autocompletion=_completion(f),
                ),
            ]
        params.append(
            inspect.Parameter(
                f.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
            )
        )
    if table in FROM_URL_KINDS:
        params += [
            inspect.Parameter(
                "from_url",
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[
                    str | None,
                    typer.Option(
                        "--from-url",
                        metavar="URL",
                        help="Fill the fields the flags do not give from the page's own "
                        "metadata (JSON-LD, OpenGraph, oEmbed, title); - reads one URL a line.",
                    ),
                ],
            ),
            inspect.Parameter(
                "yes",
                inspect.Parameter.KEYWORD_ONLY,
                default=False,
                annotation=Annotated[
                    bool, typer.Option("--yes", "-y", help="With --from-url: do not ask.")
                ],
            ),
            inspect.Parameter(
                "offline",
                inspect.Parameter.KEYWORD_ONLY,
                default=False,
                annotation=Annotated[
                    bool,
                    typer.Option("--offline", help="Refuse --from-url at once (no network)."),
                ],
            ),
        ]
    params.append(
        inspect.Parameter(
            "dry_run",
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=Annotated[
                bool,
                typer.Option(
                    "--dry-run", help="Check the change and show it as a diff; write nothing."
                ),
            ],
        )
    )
    params.append(
        inspect.Parameter(
            "catalogue", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=CatalogueOption
        )
    )

    def command(**kwargs: Any) -> None:
        _add(table, kwargs)

    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__name__ = f"add_{kind.singular}"
    article = "an" if kind.singular[0] in "aeiou" else "a"
    command.__doc__ = (
        f"Add {article} {kind.singular}; its id is printed on stdout.\n\n"
        "Missing required fields are asked for on a terminal; otherwise they are an error.\n\n"
        f"Example:\n\n\b\n  {EXAMPLES[table]}"
    )
    return command


for _kind in KINDS.values():
    register(add_app, _make_command(_kind), _kind.singular)
