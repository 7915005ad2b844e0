"""JUnit XML: one test case per URL, so CI systems show broken links as failed tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from webcat.linkhealth.reports import Item

#: Outcomes that say nothing about the link itself: JUnit's "skipped", with the reason.
NOT_VERIFIED = frozenset({"excluded", "skipped", "not-checked", "blocked"})


def _clean(text: str) -> str:
    # XML 1.0 cannot carry most control characters, even escaped.
    return "".join(
        c
        if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c > "\uffff"
        else f"\\x{ord(c):02x}"
        for c in text
    )


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
        case = ET.SubElement(
            suite,
            "testcase",
            name=_clean(item.url),
            classname=_clean(where),
            time=f"{item.elapsed_ms / 1000:.3f}",
        )
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
            fail = ET.SubElement(
                case, "failure", message=_clean(message), type=item.reason or item.outcome
            )
            fail.text = _clean(places)
        elif item.outcome in NOT_VERIFIED:
            ET.SubElement(case, "skipped", message=_clean(message))
        elif item.status in ("failing", "notice"):
            out = ET.SubElement(case, "system-out")
            out.text = _clean(message + ("\n" + places if places else ""))
    suites = ET.Element("testsuites", name=name, tests=str(len(items)), failures=str(failures))
    suites.append(suite)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
