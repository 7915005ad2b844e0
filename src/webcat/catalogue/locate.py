"""Which catalogue a command works on, found the way git and ruff find their files.

``--catalogue PATH`` wins, then ``$WEBCAT_CATALOGUE``, then a search from the current folder
up through each parent for ``data/catalogue.toml`` or ``catalogue.toml``, so that webcat works
from any subfolder of a project (``docs/``, ``data/``). The search stops at the top of a git
repository (a folder holding ``.git``) or at the file system's root: a catalogue outside the
project is never picked up by accident. ``-`` means stdin, for the commands that only read.

Kept apart from the loader so that shell completion can find the file without importing the
model.
"""

from __future__ import annotations

import os
from pathlib import Path

from webcat.errors import CatalogueError, UsageError

ENV_VAR = "WEBCAT_CATALOGUE"
#: Where a catalogue is looked for in each folder of the search, in order.
DEFAULT_PLACES = (Path("data/catalogue.toml"), Path("catalogue.toml"))
#: ``-c -``: the catalogue is read from stdin.
STDIN = Path("-")
#: How a catalogue read from stdin is named in messages.
STDIN_NAME = "<stdin>"


def is_stdin(path: str | os.PathLike[str]) -> bool:
    return str(path) == str(STDIN)


def search_folders(start: Path | None = None) -> list[Path]:
    """The folders the search looks in, nearest first: ``start`` (the current folder) and
    each parent, up to and including the first that holds ``.git``, else up to the root."""
    here = Path(os.getcwd()) if start is None else start
    folders: list[Path] = []
    for folder in (here, *here.parents):
        folders.append(folder)
        if (folder / ".git").exists():
            break
    return folders


def find_catalogue(start: Path | None = None) -> Path | None:
    """The nearest ``data/catalogue.toml`` or ``catalogue.toml`` from ``start`` upwards, as
    a path relative to ``start`` (``../data/catalogue.toml``) so that messages stay short and
    clickable; ``None`` when there is none."""
    for depth, folder in enumerate(search_folders(start)):
        for place in DEFAULT_PLACES:
            if (folder / place).is_file():
                return Path(*([".."] * depth), place) if depth else place
    return None


def locate_catalogue(
    explicit: str | os.PathLike[str] | None = None, *, stdin: bool = False
) -> Path:
    """The catalogue to use: ``explicit``, else $WEBCAT_CATALOGUE, else the search.

    ``-`` (from either) gives :data:`STDIN`, allowed only with ``stdin=True`` (the commands
    that only read the catalogue); a command that would write it gets a usage error.
    """
    if explicit is not None and str(explicit) != "":
        path = Path(explicit)
    else:
        env = os.environ.get(ENV_VAR)
        if env and not is_stdin(env) and not Path(env).exists():
            raise CatalogueError.at(
                env,
                f"no such catalogue file (named by ${ENV_VAR})",
                hint=f"fix or unset {ENV_VAR}, or give the path with --catalogue PATH",
            )
        path = Path(env) if env else _searched()
    if is_stdin(path) and not stdin:
        raise UsageError(
            "this command writes the catalogue, so it cannot be read from stdin (-c -)",
            hint="give the catalogue's path with -c PATH",
        )
    return path


def _searched() -> Path:
    found = find_catalogue()
    if found is not None:
        return found
    folders = search_folders()
    places = " or ".join(str(p) for p in DEFAULT_PLACES)
    raise CatalogueError(
        f"no catalogue found: looked for {places} in "
        + ", ".join(str(f) for f in folders)
        + (" (the top of the git repository)" if (folders[-1] / ".git").exists() else ""),
        hint="point to one with --catalogue PATH or WEBCAT_CATALOGUE=PATH, "
        "or create one with `webcat init`",
    )


__all__ = [
    "DEFAULT_PLACES",
    "ENV_VAR",
    "STDIN",
    "STDIN_NAME",
    "find_catalogue",
    "is_stdin",
    "locate_catalogue",
    "search_folders",
]
