"""``webcat fmt``: bring the catalogue to its canonical layout, or check that it is in it."""

from __future__ import annotations

from typing import Annotated

import typer

from webcat.cli._common import CatalogueOption
from webcat.errors import ProblemsFound


def fmt(
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 and show a diff if not canonical."),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the change as a diff; write nothing (exit 0)."),
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Rewrite the catalogue in the canonical layout (docs/editing.md in webcat's repository).

    Entries are grouped by kind, fields put in the format's order, one blank line between
    entries; comments are kept. The data does not change (checked before writing).

    Examples:

    \b
      webcat fmt
      webcat fmt --check      # in CI or a pre-commit hook
    """
    from pathlib import Path

    from webcat.catalogue.document import shown
    from webcat.catalogue.load import locate_catalogue
    from webcat.cli._common import err
    from webcat.cli._edit import apply, print_diff, show_diff

    # --check only reads, so it may read a catalogue piped in (-c -), as a pre-commit hook
    # does with the staged file: git show :data/catalogue.toml | webcat fmt --check -c -
    path = Path(locate_catalogue(catalogue, stdin=check))
    if check:
        # Without the store: a pre-commit hook neither waits for the lock nor pays for
        # validating a file it only reads.
        from webcat.catalogue.canonical import canonical_text
        from webcat.catalogue.load import parse_toml, read_text

        name = shown(path)
        raw = read_text(path)
        text = raw.replace("\r\n", "\n")
        new = canonical_text(text, parse_toml(raw, path), name)
        if new == text:
            err().print(f"{name}: canonical", soft_wrap=True, markup=False, highlight=False)
            return
        print_diff(text, new, path)
        err().print(
            f"{name}: not in the canonical layout; run `webcat fmt`", soft_wrap=True, markup=False
        )
        raise ProblemsFound()

    from webcat.catalogue.operations import format_catalogue

    result = apply(format_catalogue, path, dry_run=dry_run)
    if dry_run:
        show_diff(result)
        if not result.value:
            err().print(f"{path}: canonical", soft_wrap=True, markup=False, highlight=False)
    elif result.written:
        err().print(f"formatted {path}", soft_wrap=True, markup=False)
    else:
        err().print(f"{path}: already canonical", soft_wrap=True, markup=False)
