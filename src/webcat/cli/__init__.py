"""The command line: this module only builds the app and registers the commands.

Each command lives in its own module and imports what it needs when it runs, so that
``webcat --version`` costs little more than Typer itself.
"""

from __future__ import annotations

from typing import Annotated

import typer

from webcat import __version__
from webcat.cli._command_class import WebcatGroup
from webcat.cli._common import GlobalCatalogueOption, register
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
    cls=WebcatGroup,
    help="Catalogue webinar series, their recordings, slides, speakers and projects.\n\n"
    "Exit codes: 0 ok, 1 problems found, 2 usage error, 3 catalogue unreadable or unwritable.",
    no_args_is_help=True,
    add_completion=True,
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
    catalogue: GlobalCatalogueOption = None,
) -> None:
    """Catalogue webinar series, their recordings, slides, speakers and projects."""


register(app, list_, "list")
register(app, show)
register(app, validate)
register(app, schema)
register(app, init)
app.add_typer(add_app, name="add")  # its commands are registered in webcat.cli.add
register(app, set_, "set")
register(app, remove)
register(app, fmt)
register(app, import_, "import")
register(app, export)
register(app, check)
register(app, serve)


def main() -> None:
    from webcat.gcpause import freeze_after_pauses

    freeze_after_pauses()  # one command, then the process ends
    # One name however it is started (``python -m webcat`` too): usage lines say webcat,
    # and shell completion answers to _WEBCAT_COMPLETE.
    app(prog_name="webcat")
