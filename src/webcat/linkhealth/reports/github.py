"""GitHub Actions workflow commands: one annotation per place a problem URL is written, then
a notice that counts what was checked (so a green run says what it did).

Untrusted text (titles, URLs, errors) has its control characters shown as escapes, so it can
neither start a command of its own (``::error::`` after a newline, ``##[error]``) nor reach
the log as raw ESC or bidi controls; then property values and messages are escaped as the
runner expects (``%``, CR, LF, and in properties also ``:`` and ``,``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from webcat.linkhealth.reports import STDIN, Item, one_line
from webcat.linkhealth.reports.text import counts_line

if TYPE_CHECKING:
    from webcat.linkhealth.run import RunStats

LEVEL = {"broken": "error", "failing": "warning", "notice": "notice"}


def _level(item: Item) -> str | None:
    """A blocked link (bot wall, rate limit) fails nothing but is said, apart, as a notice."""
    if item.outcome == "blocked":
        return "notice"
    return LEVEL.get(item.status)


def _data(text: str) -> str:
    return one_line(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _title(item: Item) -> str:
    return f"link {item.outcome}" + (f" ({item.reason})" if item.reason else "")


def annotation_lines(items: Iterable[Item]) -> list[str]:
    lines: list[str] = []
    for item in items:
        level = _level(item)
        if level is None:
            continue
        for use in item.uses or []:
            props = []
            if use.file and use.file != STDIN:
                props.append(f"file={_prop(use.file)}")
                if use.line:
                    props.append(f"line={use.line}")
                if use.column:
                    props.append(f"col={use.column}")
            props.append(f"title={_prop(_title(item))}")
            message = f"{item.url} — {item.describe()}"
            if use.entity:
                message += f" (used by {use.entity}" + (f" “{use.title}”)" if use.title else ")")
            elif use.file == STDIN:
                message += f" (at {use.where()})"
            lines.append(f"::{level} {','.join(props)}::{_data(message)}")
        if not item.uses:
            message = f"{item.url} — {item.describe()}"
            lines.append(f"::{level} title={_prop(_title(item))}::{_data(message)}")
    return lines


def render(items: Sequence[Item], stats: RunStats | None = None) -> str:
    lines = annotation_lines(items)
    lines.append(f"::notice title=webcat check::{_data(counts_line(items, stats))}")
    return "".join(line + "\n" for line in lines)
