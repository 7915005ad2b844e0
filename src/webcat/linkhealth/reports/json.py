"""The JSON report: the stable shape documented in docs/link-checking.md ("Output").

Keys are only ever added, never renamed or removed, so scripts may rely on them. Built from
the typed items here, in one place (the engine's results know nothing of history or places).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from webcat.export.safety import json_text
from webcat.linkhealth.reports import Item
from webcat.linkhealth.reports.text import counts

if TYPE_CHECKING:
    from webcat.linkhealth.run import RunStats


def summary(items: Sequence[Item], stats: RunStats | None) -> dict[str, int]:
    found: dict[str, int] = dict(counts(items))
    found["total"] = len(items)
    found["failing_build"] = sum(1 for i in items if i.status == "broken")
    found["failing_not_yet_broken"] = sum(1 for i in items if i.status == "failing")
    found["requested"] = stats.requested if stats else 0
    found["reused"] = stats.reused if stats else 0
    found["second_pass"] = stats.second_pass if stats else 0
    return found


def result(item: Item) -> dict[str, Any]:
    return {
        "url": item.url,
        "outcome": item.outcome,
        "reason": item.reason,
        "http_status": item.http_status,
        "final_url": item.final_url,
        "error": item.error,
        "attempts": item.attempts,
        "elapsed_ms": item.elapsed_ms,
        "used_by": [u.entity for u in item.uses if u.entity],
        "status": item.status,
        "cached": item.cached,
        "failures": item.failures,
        "failing_since": item.failing_since,
        "redirect_downgrade": item.redirect_downgrade,
        "redirect_cross_host": item.redirect_cross_host,
        "places": [
            {
                "entity": u.entity or None,
                "field": u.field or None,
                "file": u.file,
                "line": u.line,
                "column": u.column,
            }
            for u in item.uses
        ],
    }


def render(
    items: Sequence[Item], stats: RunStats | None = None, *, indent: int | None = None
) -> str:
    data = {"summary": summary(items, stats), "results": [result(i) for i in items]}
    return json_text(data, indent=indent) + "\n"
