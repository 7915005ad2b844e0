"""``webcat import FILE|-``: add (or with --update, change) entries from canonical JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from webcat import PROJECT_URL
from webcat.cli._common import CatalogueOption, DocFormat
from webcat.errors import ProblemsFound, UsageError

if TYPE_CHECKING:
    from webcat.catalogue.importing import ImportOutcome, Progress


def read_json(source: str) -> dict[str, Any]:
    """The JSON document in ``source`` (a path, or ``-`` for stdin), as an object."""
    name = "<stdin>" if source == "-" else source
    from webcat.files import read_input

    text = read_input(source, "a JSON document")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise UsageError(
            f"{name}:{err.lineno}:{err.colno}: not valid JSON: {err.msg}",
            hint=f"the shape is described in docs/json-format.md at {PROJECT_URL}",
        ) from None
    except RecursionError:
        raise UsageError(f"{name}: arrays or objects nested too deeply to be a catalogue") from None
    if not isinstance(data, dict):
        raise UsageError(
            f"{name}: the top level must be an object like the catalogue's JSON export",
            hint=f"see docs/json-format.md at {PROJECT_URL}",
        )
    return data


def import_(
    source: Annotated[
        str,
        typer.Argument(metavar="FILE|-", help="JSON file in the canonical form, or - for stdin."),
    ],
    update: Annotated[
        bool, typer.Option("--update", help="Change entries that exist (given fields only).")
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Write the valid entries; skip (and name) each entry with an error and "
            "those that would refer to one. Exit 1 if any was skipped.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the change as a diff; write nothing."),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="A line per entry added or changed.")
    ] = False,
    fmt: Annotated[
        DocFormat,
        typer.Option("--format", "-f", help="json: the ids added, updated and skipped."),
    ] = DocFormat.text,
    catalogue: CatalogueOption = None,
) -> None:
    """Add the entries of a JSON file (the shape of the JSON export) to the catalogue.

    Entries that already exist and are identical are left alone; different ones are an
    error unless --update is given, which sets the fields the JSON gives and keeps the
    others. Dates are ISO strings and become TOML dates. Everything is checked before
    anything is written: all of the import lands, or none of it - unless --skip-invalid,
    which writes the valid entries and names each one it skipped.

    Examples:

    \b
      webcat import new-webinars.json
      webcat import talks.json --skip-invalid --format json > imported.json
      webcat export json --with-notes | webcat import - --update --dry-run
    """
    from webcat.catalogue.load import locate_catalogue
    from webcat.catalogue.operations import import_document
    from webcat.cli._common import err, write_stdout
    from webcat.cli._edit import apply, report, show_diff

    name = "<stdin>" if source == "-" else source
    path = locate_catalogue(catalogue)  # first: -c - is refused before stdin is read
    doc = read_json(source)
    show_bar = sys.stderr.isatty() and not verbose
    with _progress_bar(show_bar) as progress:
        result = apply(
            import_document,
            path,
            doc,
            name=name,
            update=update,
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            progress=progress,
        )
    outcome: ImportOutcome = result.value
    if fmt is DocFormat.json:
        data = {"written": result.written, **outcome.to_data()}
        from webcat.export.safety import json_text

        write_stdout(json_text(data, indent=2) + "\n")
    elif dry_run:
        show_diff(result)
        if verbose:
            report(result)
    elif verbose:
        report(result)
    from rich.text import Text

    from webcat.cli.render import visible

    for skipped in outcome.skipped:
        err().print(Text(visible(f"skipped {skipped}", single_line=True)), soft_wrap=True)
    prefix = "dry run, nothing written: " if dry_run else ""
    err().print(Text(prefix + outcome.summary()), soft_wrap=True)
    if outcome.skipped:
        raise ProblemsFound()


@contextmanager
def _progress_bar(show: bool) -> Iterator[Progress | None]:
    """A progress bar on stderr while the import runs, when a person is watching."""
    if not show:
        yield None
        return
    from webcat.cli._common import progress_bar

    with progress_bar("{task.description}") as bar:
        task = bar.add_task("importing", total=None)

        def update(phase: str, done: int, total: int) -> None:
            bar.update(task, description=phase, completed=done, total=total)

        yield update
