"""SARIF 2.1.0, for code-scanning views: each problem URL at its line and column in the TOML."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from webcat.linkhealth.reports import Item
from webcat.linkhealth.reports.ci import located, sarif_location, sarif_log

RULES = {
    "broken": ("link-broken", "The link answers with an error or its host does not exist."),
    "timeout": ("link-timeout", "The link did not answer within the deadline."),
    "error": ("link-error", "The connection failed (reset, refused, TLS, redirect loop)."),
    "redirected": ("link-redirected", "The link redirects permanently; update the URL."),
    "blocked": (
        "link-blocked",
        "The site refuses automated checks or is rate-limiting them; not a failure.",
    ),
}
LEVEL = {"broken": "error", "failing": "warning", "notice": "note"}


def render(items: Sequence[Item]) -> str:
    results: list[dict[str, Any]] = []
    for item in items:
        level = "note" if item.outcome == "blocked" else LEVEL.get(item.status)
        rule = RULES.get(item.outcome)
        if level is None or rule is None:
            continue
        locations = [
            sarif_location(
                use.file, use.line, use.column, f"{use.entity}.{use.field}" if use.entity else ""
            )
            for use in item.uses
            if use.file and located(use.file)
        ]
        results.append(
            {
                "ruleId": rule[0],
                "level": level,
                "message": {"text": f"{item.url}: {item.describe()}"},
                "locations": locations,
                "partialFingerprints": {"url": item.url},
                "properties": {"reason": item.reason},
            }
        )
    return sarif_log(RULES.values(), results)
