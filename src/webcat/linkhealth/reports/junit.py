"""JUnit XML: one test case per URL, so CI systems show broken links as failed tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from webcat.linkhealth.reports import Item
from webcat.linkhealth.reports.ci import junit_case, junit_document, junit_outcome

#: Outcomes that say nothing about the link itself: JUnit's "skipped", with the reason.
NOT_VERIFIED = frozenset({"excluded", "skipped", "not-checked", "blocked"})


def render(items: Sequence[Item], *, name: str = "webcat links") -> str:
    failures = sum(1 for i in items if i.status == "broken")
    skipped = sum(1 for i in items if i.outcome in NOT_VERIFIED)
    total_ms = sum(i.elapsed_ms for i in items)
    suite = ET.Element(
        "testsuite",
        name=name,
        tests=str(len(items)),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
        time=f"{total_ms / 1000:.3f}",
    )
    for item in items:
        where = ", ".join(u.entity or u.where() for u in item.uses) or "links"
        case = junit_case(suite, item.url, where, time=item.elapsed_ms / 1000)
        places = "\n".join(
            ": ".join(
                p
                for p in (
                    f"{u.file}:{u.line}" if u.file and u.line else u.file,
                    f"{u.entity}.{u.field}" if u.entity else "",
                )
                if p
            )
            for u in item.uses
        )
        message = item.describe() + (f" [{item.reason}]" if item.reason else "")
        if item.status == "broken":
            junit_outcome(case, "failure", message, places, type=item.reason or item.outcome)
        elif item.outcome in NOT_VERIFIED:
            junit_outcome(case, "skipped", message)
        elif item.status in ("failing", "notice"):
            junit_outcome(case, "system-out", message, places)
    return junit_document(suite)
