"""What the editing commands share: running one operation through the store and reporting
what it did, or why it was refused.

The operations (:mod:`webcat.catalogue.operations`) do the work; this module only turns
their results into lines on stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec

from webcat.errors import ProblemsFound

if TYPE_CHECKING:
    from pathlib import Path

    from webcat.catalogue.edit import Editor
    from webcat.catalogue.store import EditResult

P = ParamSpec("P")

#: New warnings an edit lists on stderr before it says how many more there are.
WARNINGS_SHOWN = 10


def apply(operation: Callable[P, EditResult], *args: P.args, **kwargs: P.kwargs) -> EditResult:
    """Run ``operation``; list the problems of a refused edit (exit 1) and the store's notes."""
    from rich.text import Text

    from webcat.catalogue.store import EditRefused
    from webcat.cli._common import err
    from webcat.cli.render import problem_text, visible

    try:
        result = operation(*args, **kwargs)
    except EditRefused as refused:
        for p in refused.problems:
            err().print(problem_text(p, "  "), soft_wrap=True)
        raise ProblemsFound(refused.message, hint=refused.hint) from None
    for note in result.notes:
        err().print(Text(f"note: {note}", style="dim"), soft_wrap=True)
    for warning in result.warnings:
        err().print(Text(f"warning: {visible(warning)}", style="yellow"), soft_wrap=True)
    shown = result.new_warnings[:WARNINGS_SHOWN]
    for p in shown:
        err().print(problem_text(p, "  "), soft_wrap=True)
    if len(result.new_warnings) > len(shown):
        more = len(result.new_warnings) - len(shown)
        err().print(
            Text(f"  ... and {more:,} more warnings (`webcat validate` lists them)"),
            soft_wrap=True,
        )
    return result


def run_edit(
    catalogue: str | None,
    change: Callable[[Editor], Any],
    *,
    dry_run: bool = False,
    check_data: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None,
) -> EditResult:
    """Locate the catalogue and apply ``change`` through the store, as :func:`apply` does."""
    from webcat.catalogue.load import locate_catalogue
    from webcat.catalogue.store import edit_catalogue

    path = locate_catalogue(catalogue)
    return apply(edit_catalogue, path, change, dry_run=dry_run, check_data=check_data)


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


def show_diff(result: EditResult, *, stream: str = "stdout") -> None:
    """The change ``result`` makes (or would make) to the file, as a unified diff (`git
    diff`'s ``a/``/``b/`` headers): on stdout for ``--dry-run``, on stderr where stdout
    carries a report (``check --fix-redirects``)."""
    print_diff(result.old_text, result.new_text, result.path, stream=stream)


def print_diff(old_text: str, new_text: str, path: Path, *, stream: str = "stdout") -> None:
    """The diff from ``old_text`` to ``new_text`` of the file at ``path``, as
    :func:`show_diff` prints it."""
    import sys

    from webcat.cli._common import err, write_stdout
    from webcat.cli.diff import file_diff

    diff = file_diff(old_text, new_text, path)
    if stream == "stdout":
        write_stdout(diff.text)
    else:
        sys.stderr.write(diff.text)
    if diff.window is not None:
        first, last = diff.window
        err().print(
            f"(the diff shows lines {first:,}-{last:,} only; the change goes on)",
            soft_wrap=True,
            markup=False,
            highlight=False,
        )
