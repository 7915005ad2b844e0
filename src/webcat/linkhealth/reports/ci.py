"""The CI formats' shared shapes, for anything found at a line of a file: a GitHub workflow
annotation, a SARIF 2.1.0 log and location, a JUnit XML document.

``webcat check`` (a link, at the lines that use it) and ``webcat validate`` (a catalogue
problem, at its line) both write through here, so the two commands' reports look alike and
clean untrusted text by the same rules (:mod:`webcat.export.safety`).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from webcat import PROJECT_URL, __version__
from webcat.export.safety import github_message, github_property, json_text, xml_text
from webcat.linkhealth.reports import STDIN

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def located(file: str | None) -> bool:
    """Whether ``file`` names a file a CI system can open (not stdin, not nothing)."""
    return bool(file) and file != STDIN


def annotation(
    level: str,
    message: str,
    *,
    title: str,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
) -> str:
    """``::error file=F,line=L,col=C,title=T::MESSAGE``: one GitHub Actions annotation,
    shown on the pull request at that line. ``level`` is error, warning or notice."""
    props = []
    if file and located(file):
        props.append(f"file={github_property(file)}")
        if line:
            props.append(f"line={line}")
        if column:
            props.append(f"col={column}")
    props.append(f"title={github_property(title)}")
    return f"::{level} {','.join(props)}::{github_message(message)}"


def sarif_uri(file: str) -> str:
    """A file's name as a SARIF ``artifactLocation.uri``: a relative reference (resolved
    against the checkout, as code-scanning expects), or a ``file:`` URI for an absolute path."""
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(file.replace(os.sep, "/"))


def sarif_location(
    file: str, line: int | None, column: int | None = None, name: str = ""
) -> dict[str, Any]:
    """A SARIF location: the file, its line (1 when not known) and column, and the logical
    place (``webinars.x.url``) when there is one."""
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": sarif_uri(file)},
            "region": {"startLine": line or 1, **({"startColumn": column} if column else {})},
        }
    }
    if name:
        location["logicalLocations"] = [{"fullyQualifiedName": name}]
    return location


def sarif_log(rules: Iterable[tuple[str, str]], results: list[dict[str, Any]]) -> str:
    """A SARIF 2.1.0 log of one run of webcat: its ``rules`` (id, short description) and
    ``results``, JSON-escaped as every JSON webcat writes."""
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "webcat",
                        "version": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": [
                            {"id": rid, "shortDescription": {"text": text}} for rid, text in rules
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json_text(log, indent=2) + "\n"


def junit_case(suite: ET.Element, name: str, classname: str, *, time: float = 0.0) -> ET.Element:
    """A ``<testcase>`` in ``suite``, its names cleaned for XML."""
    return ET.SubElement(
        suite, "testcase", name=xml_text(name), classname=xml_text(classname), time=f"{time:.3f}"
    )


def junit_outcome(
    case: ET.Element, tag: str, message: str, text: str | None = None, **attrs: str
) -> None:
    """A ``<failure>``, ``<skipped>`` or ``<system-out>`` of ``case``; ``system-out`` holds
    the message itself (and ``text`` below it), the others carry it as an attribute and
    ``text`` as their body."""
    if tag == "system-out":
        ET.SubElement(case, tag).text = xml_text(message + ("\n" + text if text else ""))
        return
    attrib = {"message": xml_text(message), **{k: xml_text(v) for k, v in attrs.items()}}
    element = ET.SubElement(case, tag, attrib)
    if text is not None:
        element.text = xml_text(text)


def junit_document(suite: ET.Element) -> str:
    """The JUnit XML document of one ``<testsuite>``, inside ``<testsuites>``."""
    suites = ET.Element(
        "testsuites",
        name=suite.get("name", ""),
        tests=suite.get("tests", "0"),
        failures=suite.get("failures", "0"),
    )
    suites.append(suite)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
