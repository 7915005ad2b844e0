"""What the editing commands share: opening the catalogue for an edit and reporting refusals.

The store (:mod:`webcat.catalogue.store`) does the work; this module only turns its results
into lines on stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from webcat.errors import ProblemsFound

if TYPE_CHECKING:
    from webcat.catalogue.edit import Editor
    from webcat.catalogue.store import EditResult


def run_edit(
    catalogue: str | None,
    change: Callable[[Editor], Any],
    *,
    dry_run: bool = False,
    check_data: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None,
) -> EditResult:
    """Locate the catalogue and apply ``change`` through the store; report what happened."""
    from rich.text import Text

    from webcat.catalogue.load import locate_catalogue
    from webcat.catalogue.store import EditRefused, edit_catalogue
    from webcat.cli._common import err
    from webcat.cli.render import visible

    path = Path(locate_catalogue(catalogue))
    try:
        result = edit_catalogue(path, change, dry_run=dry_run, check_data=check_data)
    except EditRefused as refused:
        for p in refused.problems:
            line = Text("  ")
            where = ".".join(x for x in (p.entity, p.field) if x)
            if where:
                line.append(visible(where, single_line=True), style="cyan")
                line.append(": ")
            line.append(visible(p.message, single_line=True))
            if p.hint:
                line.append(f" ({visible(p.hint, single_line=True)})", style="yellow")
            line.append(f" [{p.code}]", style="dim")
            err().print(line, soft_wrap=True)
        raise ProblemsFound(refused.message, hint=refused.hint) from None
    for note in result.notes:
        err().print(Text(f"note: {note}", style="dim"), soft_wrap=True)
    for warning in result.warnings:
        err().print(Text(f"warning: {visible(warning)}", style="yellow"), soft_wrap=True)
    return result


def report(result: EditResult) -> None:
    """One line per change on stderr (stdout is kept for ids and diffs)."""
    from rich.text import Text

    from webcat.cli._common import err
    from webcat.cli.render import visible

    verb = "" if result.written else "would "
    for change in result.changes:
        err().print(Text(visible(f"{verb}{change}", single_line=True)), soft_wrap=True)
    if not result.changes:
        err().print(Text("nothing to change"), soft_wrap=True)
