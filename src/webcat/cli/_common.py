"""What every command shares: the consoles, the catalogue option, and the error boundary -
the one place where a :class:`~webcat.errors.WebcatError` (or a stdout that cannot be
written) becomes a message on stderr and an exit code, applied by :func:`register`.

Kept light: rich is imported when a console is first needed, not when the CLI starts.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from webcat.errors import ExitCode, OutputError, WebcatError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from webcat.catalogue import Catalogue, Problem

F = TypeVar("F", bound=Callable[..., Any])

CATALOGUE_HELP = (
    "Catalogue file; - reads it from stdin (for commands that only read it). Default: "
    "$WEBCAT_CATALOGUE, else data/catalogue.toml or catalogue.toml here or in the nearest "
    "parent folder."
)


def catalogue_before_command(ctx: typer.Context) -> str | None:
    """The ``-c`` given before the command (``webcat -c PATH list``), None when there is none."""
    root = ctx.find_root()
    if root is ctx:
        return None
    inherited = root.params.get("catalogue")
    return inherited if isinstance(inherited, str) else None


def _inherit_catalogue(ctx: typer.Context, value: str | None) -> str | None:
    """``webcat -c PATH list``: a command without its own ``-c`` takes the one given before
    the command; one given after the command wins."""
    return catalogue_before_command(ctx) if value is None else value


def _catalogue_option(help: str, callback: Callable[..., Any] | None = None) -> Any:
    """One spelling of ``-c/--catalogue`` before and after every command."""
    return typer.Option(
        "--catalogue", "-c", metavar="PATH", help=help, show_default=False, callback=callback
    )


#: ``-c/--catalogue`` of every command that reads or writes the catalogue.
CatalogueOption = Annotated[str | None, _catalogue_option(CATALOGUE_HELP, _inherit_catalogue)]

#: ``-c/--catalogue`` as given after the command alone, for a command that needs a catalogue
#: only some of the time (``check FILE`` does not): it asks :func:`catalogue_before_command`
#: itself when it needs one, so a ``-c`` before the command (an alias's) never conflicts.
OwnCatalogueOption = Annotated[str | None, _catalogue_option(CATALOGUE_HELP)]

#: The same option before the command (``webcat -c PATH list``), for every command.
GlobalCatalogueOption = Annotated[
    str | None, _catalogue_option(CATALOGUE_HELP + " A -c after the command wins.")
]


#: Format names kept working under an older name: ``list --format table`` is ``text``, the
#: one name every command now uses for the format meant for people.
FORMAT_ALIASES = {"table": "text"}


def format_alias(token: str) -> str:
    """The current name of a format (or any other choice) given under an old one."""
    return FORMAT_ALIASES.get(token, token)


class ListFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    ids = "ids"


class DocFormat(StrEnum):
    text = "text"
    json = "json"


#: The consoles of the command running now: made on first use, dropped when it ends (a
#: console reads the terminal's width and colour settings once, when it is made).
_consoles: dict[bool, Console] = {}


def _console(stderr: bool) -> Console:
    console = _consoles.get(stderr)
    if console is None:
        from rich.console import Console

        class _Console(Console):
            def on_broken_pipe(self) -> None:
                # rich would exit 1 by itself; the boundary decides (see guarded).
                raise BrokenPipeError(errno.EPIPE, "Broken pipe")

        console = _consoles[stderr] = _Console(stderr=stderr, highlight=False)
    return console


def out() -> Console:
    """The console for results (stdout)."""
    return _console(False)


def err() -> Console:
    """The console for diagnostics (stderr)."""
    return _console(True)


def progress_bar(description: str) -> Progress:
    """The one progress bar of long commands (import, check): on stderr, gone when done, so
    that only the summary line stays. Callers show it only when a person is watching."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(
        description,
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err(),
        transient=True,
    )


def fail(error: WebcatError) -> None:
    """Print ``error`` as one line on stderr (plus its hint); nothing for a bare exit 1."""
    from rich.text import Text

    from webcat.cli.render import visible

    if not error.message:
        return
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


def _silence_stdout() -> None:
    """Point stdout at /dev/null: nothing more can reach the reader, and the interpreter's
    last flush of what is still buffered must not print a traceback on the way out."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real file (a test runner's buffer)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def output_failed(error: OSError, done: str | None = None) -> OutputError:
    """The error for stdout failing with ``error``; ``done`` says what was already done
    (``added webinars.x``), so that a script that retries is not fooled."""
    _silence_stdout()
    reason = error.strerror or str(error)
    if done is not None:
        return OutputError(f"{done}, but could not write to stdout: {reason}")
    return OutputError(f"cannot write to stdout: {reason}")


def guarded(fn: F) -> F:
    """The error boundary: a WebcatError becomes its message and exit code, Ctrl-C exit
    130, a reader that left (``| head``) a quiet exit, and a stdout that cannot be written
    (``> /dev/full``) one line and exit 3 - never a traceback. Applied by :func:`register`."""
    if getattr(fn, "__webcat_guarded__", False):
        return fn

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _consoles.clear()
        try:
            result = fn(*args, **kwargs)
            sys.stdout.flush()  # a full disk shows here, not in the interpreter's exit
            return result
        except WebcatError as error:
            fail(error)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            interrupted()
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except OSError as error:
            if error.errno == errno.EPIPE:
                # `webcat list | head`: the reader left; that is not an error of ours.
                _silence_stdout()
                raise typer.Exit(int(ExitCode.OK)) from None
            if error.filename is not None:
                # A file the command did not report itself; still one line, not a traceback.
                fail(OutputError(f"{error.filename}: {error.strerror or error}"))
            else:
                fail(output_failed(error))
            raise typer.Exit(int(ExitCode.CATALOGUE)) from None
        finally:
            _consoles.clear()

    wrapper.__webcat_guarded__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


#: Kept for modules that still decorate their command; :func:`register` applies it anyway.
handle_errors = guarded


def register(app: typer.Typer, fn: Callable[..., Any], name: str | None = None) -> None:
    """Add command ``fn`` to ``app`` behind the error boundary: the one way commands are
    registered, so a new one cannot forget the boundary."""
    from webcat.cli._command_class import WebcatCommand

    app.command(name, cls=WebcatCommand)(guarded(fn))


def open_catalogue(
    path: str | None, *, strict: bool = False, cross_checks: bool = True
) -> tuple[Catalogue, list[Problem]]:
    """Locate and load the catalogue; problems are warned about once on stderr."""
    from webcat.catalogue import load_catalogue, locate_catalogue
    from webcat.catalogue.document import shown

    catalogue, problems = load_catalogue(
        locate_catalogue(path, stdin=True), strict=strict, cross_checks=cross_checks
    )
    errors = sum(1 for p in problems if p.is_error)
    if errors:
        name = shown(catalogue.path) if catalogue.path is not None else "the catalogue"
        from rich.text import Text

        err().print(
            Text(
                f"warning: {name} has {errors:,} error{'s' if errors != 1 else ''}; "
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
