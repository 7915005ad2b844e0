"""Plain text for logs: one tab-separated line per link that is not ok (worst first), then a
line of counts. Untrusted text (URLs, entity ids, errors) is shown with its control
characters escaped, so a log line is always one line and never drives a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from webcat.linkhealth.reports import GROUP_ORDER, Item, one_line

if TYPE_CHECKING:
    from webcat.linkhealth.run import RunStats


def detail(item: Item) -> str:
    """Status code, final URL, reason and error text, history: what follows the URL."""
    parts = []
    if item.http_status is not None:
        parts.append(str(item.http_status))
    if item.final_url and item.final_url != item.url:
        parts.append(f"-> {item.final_url}")
    if item.reason and item.reason not in ("ok", f"http-{item.http_status}"):
        parts.append(f"[{item.reason}]")
    if item.error and item.error != f"HTTP {item.http_status}":
        parts.append(item.error)
    if item.redirect_downgrade:
        parts.append("(https to http)")
    elif item.redirect_cross_host and item.outcome == "redirected":
        parts.append("(another host)")
    if item.status == "failing":
        parts.append(
            f"(failing on {item.failures} day(s) since {item.failing_since}; not yet broken)"
        )
    if item.cached:
        parts.append("(from state)")
    return " ".join(parts)


def counts(items: Sequence[Item]) -> dict[str, int]:
    """Links per outcome, every outcome present (zero included)."""
    found: dict[str, int] = {outcome.value: 0 for outcome in GROUP_ORDER}
    for item in items:
        found[item.outcome] = found.get(item.outcome, 0) + 1
    return found


def counts_line(items: Sequence[Item], stats: RunStats | None = None) -> str:
    """``4 links checked: 1 broken, 1 redirected, 1 skipped, 1 ok (...)``."""
    found = counts(items)
    shown = ", ".join(f"{n} {outcome}" for outcome, n in found.items() if n)
    n = len(items)
    line = f"{n} link{'' if n == 1 else 's'} checked" + (f": {shown}" if shown else "")
    extra = []
    if stats is not None and stats.reused:
        extra.append(f"{stats.reused} reused from the state file")
    if stats is not None and stats.second_pass:
        extra.append(f"{stats.second_pass} checked again")
    failing = sum(1 for i in items if i.status == "failing")
    if failing:
        extra.append(f"{failing} failing but not yet broken")
    return line + (f" ({'; '.join(extra)})" if extra else "")


def used_by(item: Item) -> str:
    return ", ".join(use.where() for use in item.uses)


def render(items: Sequence[Item], stats: RunStats | None = None) -> str:
    lines = []
    for outcome in GROUP_ORDER[:-1]:
        for item in items:
            if item.outcome != outcome:
                continue
            fields = [outcome, item.url]
            if text := detail(item):
                fields.append(text)
            if item.uses:
                fields.append(("used by " if item.uses[0].entity else "at ") + used_by(item))
            lines.append("\t".join(one_line(f) for f in fields))
    lines.append(counts_line(items, stats))
    return "\n".join(lines) + "\n"
