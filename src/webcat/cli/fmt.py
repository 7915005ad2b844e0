"""``webcat fmt``: bring the catalogue to its canonical layout, or check that it is in it."""

from __future__ import annotations

from typing import Annotated

import typer

from webcat.cli._common import CatalogueOption
from webcat.errors import ProblemsFound

#: Lines of the file compared for the diff of `fmt --check` on large files.
DIFF_WINDOW = 2000


def fmt(
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 and show a diff if not canonical."),
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Rewrite the catalogue in the canonical layout (see docs/editing.md).

    Entries are grouped by kind, fields put in the format's order, one blank line between
    entries; comments are kept. The data does not change (checked before writing).

    Examples:

    \b
      webcat fmt
      webcat fmt --check      # in CI or a pre-commit hook
    """
    import difflib
    from pathlib import Path

    from webcat.catalogue.canonical import canonical_text
    from webcat.catalogue.document import shown
    from webcat.catalogue.lex import split_lines_keepends
    from webcat.catalogue.load import locate_catalogue, parse_toml, read_text
    from webcat.cli._common import err, write_stdout
    from webcat.cli.render import visible

    # --check only reads, so it may read a catalogue piped in (-c -), as a pre-commit hook
    # does with the staged file: git show :data/catalogue.toml | webcat fmt --check -c -
    path = Path(locate_catalogue(catalogue, stdin=check))
    if check:
        name = shown(path)
        raw = read_text(path)
        text = raw.replace("\r\n", "\n")
        new = canonical_text(text, parse_toml(raw, path), name)
        if new == text:
            err().print(f"{name}: canonical", soft_wrap=True, markup=False, highlight=False)
            return
        old_lines = split_lines_keepends(text)  # LF only: U+2028 and friends are text
        new_lines = split_lines_keepends(new)
        # difflib is quadratic on big, widely changed files (minutes at 20,000 webinars):
        # show the diff of a window from the first difference, and say so.
        first = next(
            (i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b),
            min(len(old_lines), len(new_lines)),
        )
        start = max(0, first - 3)
        end = start + DIFF_WINDOW
        truncated = len(old_lines) > end or len(new_lines) > end
        diff = difflib.unified_diff(
            old_lines[start:end] if truncated else old_lines,
            new_lines[start:end] if truncated else new_lines,
            name,
            f"{name} (canonical)",
        )
        # Catalogue text is shown with control characters made visible (render.visible).
        write_stdout(visible("".join(diff)))
        if truncated:
            err().print(
                f"(diff shows lines {start + 1}-{end} only; `webcat fmt` changes more)",
                soft_wrap=True,
                markup=False,
            )
        err().print(
            f"{name}: not in the canonical layout; run `webcat fmt`",
            soft_wrap=True,
            markup=False,
        )
        raise ProblemsFound()

    from webcat.catalogue.operations import format_catalogue
    from webcat.cli._edit import apply

    result = apply(format_catalogue, path)
    if result.written:
        err().print(f"formatted {path}", soft_wrap=True, markup=False)
    else:
        err().print(f"{path}: already canonical", soft_wrap=True, markup=False)
