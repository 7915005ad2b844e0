"""GitHub Actions workflow commands: one annotation per place a problem URL is written.

Property values and messages are escaped as the runner expects (``%``, CR, LF, and in
properties also ``:`` and ``,``), so catalogue text such as a title containing ``::error::``
or a newline cannot start a command of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from webcat.linkhealth.reports import Item

LEVEL = {"broken": "error", "failing": "warning", "notice": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(items: Iterable[Item]) -> str:
    lines: list[str] = []
    for item in items:
        level = LEVEL.get(item.status)
        if level is None:
            continue
        for use in item.uses or []:
            props = []
            if use.file:
                props.append(f"file={_prop(use.file)}")
                if use.line:
                    props.append(f"line={use.line}")
                if use.column:
                    props.append(f"col={use.column}")
            props.append(f"title={_prop('link ' + item.outcome)}")
            message = f"{item.url} — {item.describe()} (used by {use.entity}"
            message += f" “{use.title}”)" if use.title else ")"
            lines.append(f"::{level} {','.join(props)}::{_data(message)}")
        if not item.uses:
            lines.append(
                f"::{level} title=link {item.outcome}::{_data(item.url + ' — ' + item.describe())}"
            )
    return "".join(line + "\n" for line in lines)
