"""What every command shares: the consoles, the catalogue option, and the one place where a
:class:`~webcat.errors.WebcatError` becomes a message on stderr and an exit code.

Kept light: rich is imported when a console is first needed, not when the CLI starts.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from webcat.errors import ExitCode, WebcatError

if TYPE_CHECKING:
    from rich.console import Console

    from webcat.catalogue import Catalogue, Problem

F = TypeVar("F", bound=Callable[..., Any])

CatalogueOption = Annotated[
    str | None,
    typer.Option(
        "--catalogue",
        "-c",
        metavar="PATH",
        help="Catalogue file. Default: $WEBCAT_CATALOGUE, ./data/catalogue.toml, ./catalogue.toml.",
        show_default=False,
    ),
]


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    ids = "ids"


class DocFormat(StrEnum):
    text = "text"
    json = "json"


def out() -> Console:
    """The console for results (stdout)."""
    from rich.console import Console

    return Console(highlight=False)


def err() -> Console:
    """The console for diagnostics (stderr)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def fail(error: WebcatError) -> None:
    """Print ``error`` as one line on stderr (plus its hint)."""
    from rich.text import Text

    from webcat.cli.render import visible

    line = Text("error: ", style="bold red")
    line.append(visible(error.message))
    err().print(line, soft_wrap=True)
    if error.hint:
        hint = Text("hint: ", style="yellow")
        hint.append(visible(error.hint))
        err().print(hint, soft_wrap=True)


def interrupted() -> None:
    """Say "interrupted", and which catalogue edits had already reached the disk."""
    from rich.text import Text

    from webcat.cli.render import visible

    store = sys.modules.get("webcat.catalogue.store")
    written = store.landed() if store is not None else []
    if not written:
        err().print("interrupted", soft_wrap=True)
    for result in written:
        done = "; ".join(str(change) for change in result.changes)
        err().print(
            Text(visible(f"interrupted after the edit was written to {result.path}: {done}")),
            soft_wrap=True,
        )


def handle_errors(fn: F) -> F:
    """Turn a WebcatError into its message and exit code; the one place this happens."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except WebcatError as error:
            fail(error)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            interrupted()
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # `webcat list | head`: the reader left; that is not an error of ours.
            sys.stderr.close()
            raise typer.Exit(int(ExitCode.OK)) from None

    return wrapper  # type: ignore[return-value]


def open_catalogue(
    path: str | None, *, strict: bool = False, cross_checks: bool = True
) -> tuple[Catalogue, list[Problem]]:
    """Locate and load the catalogue; problems are warned about once on stderr."""
    from webcat.catalogue import load_catalogue, locate_catalogue

    catalogue, problems = load_catalogue(
        locate_catalogue(path), strict=strict, cross_checks=cross_checks
    )
    if problems:
        from rich.text import Text

        n = len(problems)
        err().print(
            Text(
                f"warning: {catalogue.path} has {n} problem{'s' if n != 1 else ''}; "
                "invalid entries are left out (run `webcat validate`)",
                style="yellow",
            ),
            soft_wrap=True,
        )
    return catalogue, problems


def write_stdout(text: str) -> None:
    """Write machine-readable output exactly as given, with no wrapping or markup."""
    sys.stdout.write(text)
    sys.stdout.flush()
