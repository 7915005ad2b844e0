"""The command line: this module only builds the app and registers the commands.

Each command lives in its own module and imports what it needs when it runs, so that
``webcat --version`` costs little more than Typer itself.
"""

from __future__ import annotations

from typing import Annotated

import typer

from webcat import __version__
from webcat.cli.add import add_app
from webcat.cli.check import check
from webcat.cli.export_cmd import export
from webcat.cli.fmt import fmt
from webcat.cli.import_cmd import import_
from webcat.cli.init import init
from webcat.cli.list_cmd import list_
from webcat.cli.remove import remove
from webcat.cli.schema import schema
from webcat.cli.serve import serve
from webcat.cli.set_cmd import set_
from webcat.cli.show import show
from webcat.cli.validate import validate

app = typer.Typer(
    name="webcat",
    help="Catalogue webinar series, their recordings, slides, speakers and projects.\n\n"
    "Exit codes: 0 ok, 1 problems found, 2 usage error, 3 catalogue unreadable or unwritable.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"webcat {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = None,
) -> None:
    """Catalogue webinar series, their recordings, slides, speakers and projects."""


app.command("list")(list_)
app.command()(show)
app.command()(validate)
app.command()(schema)
app.command()(init)
app.add_typer(add_app, name="add")
app.command("set")(set_)
app.command()(remove)
app.command()(fmt)
app.command("import")(import_)
app.command()(export)
app.command()(check)
app.command()(serve)


def main() -> None:
    app()
