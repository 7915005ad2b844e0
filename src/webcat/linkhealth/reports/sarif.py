"""SARIF 2.1.0, for code-scanning views: each problem URL at its line and column in the TOML."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from webcat import PROJECT_URL, __version__
from webcat.export.safety import json_text
from webcat.linkhealth.reports import STDIN, Item

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
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": use.file},
                    "region": {
                        "startLine": use.line or 1,
                        **({"startColumn": use.column} if use.column else {}),
                    },
                },
                **(
                    {"logicalLocations": [{"fullyQualifiedName": f"{use.entity}.{use.field}"}]}
                    if use.entity
                    else {}
                ),
            }
            for use in item.uses
            if use.file and use.file != STDIN
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
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "webcat",
                        "version": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": [
                            {"id": rid, "shortDescription": {"text": text}}
                            for rid, text in RULES.values()
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json_text(log, indent=2) + "\n"
