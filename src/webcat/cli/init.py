"""``webcat init``: start a catalogue from the embedded seed series or from nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

EMPTY = """\
# webcat catalogue. The format is described in docs/catalogue-format.md;
# add entries with `webcat add`, or by hand, then run `webcat validate`.

schema_version = 1
language = "nb"
"""


def init(
    path: Annotated[Path, typer.Argument(help="Where to create the catalogue.")] = Path(
        "catalogue.toml"
    ),
    empty: Annotated[
        bool, typer.Option("--empty", help="Start empty instead of with the example series.")
    ] = False,
) -> None:
    """Create a new catalogue file (never overwrites one).

    Examples:

      webcat init

      webcat init data/catalogue.toml --empty
    """
    from importlib.resources import files

    from webcat.cli._common import err
    from webcat.files import create_new_file

    text = EMPTY if empty else files("webcat").joinpath("data/catalogue.toml").read_text("utf-8")
    create_new_file(path, text.encode("utf-8"))
    err().print(f"created {path}", soft_wrap=True, markup=False)
    typer.echo(str(path))
