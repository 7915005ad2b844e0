"""``webcat init``: start a catalogue from the embedded seed series or from nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    path: Annotated[Path, typer.Argument(help="Where to create the catalogue.")] = Path(
        "catalogue.toml"
    ),
    empty: Annotated[
        bool, typer.Option("--empty", help="Start empty instead of with the example series.")
    ] = False,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            metavar="TAG",
            help="Default language of its texts (BCP 47: en, nb, de-CH). "
            "The example series is nb; an empty catalogue has none unless given.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="Title of the catalogue.", show_default=False),
    ] = None,
) -> None:
    """Create a new catalogue file (never overwrites one).

    Examples:

    \b
      webcat init
      webcat init talks.toml --empty --language en --title "Conference talks"
    """
    from webcat.catalogue.newfile import initial_text
    from webcat.cli._common import err
    from webcat.files import create_new_file

    text = initial_text(example=not empty, language=language, title=title)
    create_new_file(path, text.encode("utf-8"))
    err().print(f"created {path}", soft_wrap=True, markup=False)
    typer.echo(str(path))
