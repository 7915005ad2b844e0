"""GitHub Actions workflow commands: one annotation per place a problem URL is written, then
a notice that counts what was checked (so a green run says what it did).

Untrusted text (titles, URLs, errors) is cleaned by :mod:`webcat.export.safety`'s rules for
annotations (:func:`webcat.linkhealth.reports.ci.annotation`), so it can neither start a
command of its own (``::error::`` after a newline, ``##[error]``) nor reach the log as raw
ESC or bidi controls.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from webcat.linkhealth.reports import STDIN, Item
from webcat.linkhealth.reports.ci import annotation
from webcat.linkhealth.reports.text import counts_line

if TYPE_CHECKING:
    from webcat.linkhealth.run import RunStats

LEVEL = {"broken": "error", "failing": "warning", "notice": "notice"}


def _level(item: Item) -> str | None:
    """A blocked link (bot wall, rate limit) fails nothing but is said, apart, as a notice."""
    if item.outcome == "blocked":
        return "notice"
    return LEVEL.get(item.status)


def _title(item: Item) -> str:
    return f"link {item.outcome}" + (f" ({item.reason})" if item.reason else "")


def annotation_lines(items: Iterable[Item]) -> list[str]:
    lines: list[str] = []
    for item in items:
        level = _level(item)
        if level is None:
            continue
        for use in item.uses or []:
            message = f"{item.url} — {item.describe()}"
            if use.entity:
                message += f" (used by {use.entity}" + (f" “{use.title}”)" if use.title else ")")
            elif use.file == STDIN:
                message += f" (at {use.where()})"
            lines.append(
                annotation(
                    level,
                    message,
                    title=_title(item),
                    file=use.file,
                    line=use.line,
                    column=use.column,
                )
            )
        if not item.uses:
            lines.append(annotation(level, f"{item.url} — {item.describe()}", title=_title(item)))
    return lines


def render(items: Sequence[Item], stats: RunStats | None = None) -> str:
    lines = annotation_lines(items)
    lines.append(annotation("notice", counts_line(items, stats), title="webcat check"))
    return "".join(line + "\n" for line in lines)
