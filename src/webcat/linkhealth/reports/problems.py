"""``webcat validate``'s CI reports: each catalogue problem at its line of the TOML, as a
GitHub annotation, a SARIF result or a JUnit test case, in the same shapes as the link
check's (:mod:`webcat.linkhealth.reports.ci`). Errors are errors; warnings are warnings
(SARIF, GitHub) or a passing test with the warning in its output (JUnit; a failure with
``--strict``, as the exit code is).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from webcat.catalogue.problems import CODES, Problem, summary
from webcat.linkhealth.reports.ci import (
    annotation,
    junit_case,
    junit_document,
    junit_outcome,
    located,
    sarif_location,
    sarif_log,
)

#: The code of a catalogue that cannot be read at all (not TOML, not UTF-8).
UNREADABLE = "unreadable"


def _where(p: Problem) -> str:
    return ".".join(x for x in (p.entity, p.field) if x)


def _message(p: Problem) -> str:
    """``webinars.x.series: no series 'y' (did you mean 'z'?)``, as ``validate`` says it."""
    where = _where(p)
    text = f"{where}: {p.message}" if where else p.message
    return text + (f" ({p.hint})" if p.hint else "")


def _outcome(problems: Sequence[Problem], path: str) -> str:
    errors = sum(1 for p in problems if p.is_error)
    if errors:
        return f"{path}: {summary(list(problems))}"
    return f"{path}: valid" + (f", with {summary(list(problems))}" if problems else "")


def github(problems: Sequence[Problem], path: str) -> str:
    """An annotation per problem at its line and column, then a notice with the outcome."""
    lines = [
        annotation(
            "error" if p.is_error else "warning",
            _message(p),
            title=f"webcat validate: {p.code}",
            file=path,
            line=p.line,
            column=p.column,
        )
        for p in problems
    ]
    lines.append(annotation("notice", _outcome(problems, path), title="webcat validate"))
    return "".join(line + "\n" for line in lines)


def sarif(problems: Sequence[Problem], path: str) -> str:
    """A SARIF result per problem (the code is its rule), located at its line and column."""
    results: list[dict[str, Any]] = []
    for p in problems:
        results.append(
            {
                "ruleId": p.code,
                "level": "error" if p.is_error else "warning",
                "message": {"text": _message(p)},
                # stdin is no file a code-scanning view could open
                "locations": (
                    [sarif_location(path, p.line, p.column, _where(p))] if located(path) else []
                ),
                "partialFingerprints": {"problem": "/".join(str(k) for k in p.key)},
            }
        )
    rules = [(code, info.summary) for code, info in CODES.items()]
    rules.append((UNREADABLE, "the catalogue cannot be read (not TOML, not UTF-8)"))
    return sarif_log(rules, results)


def junit(problems: Sequence[Problem], path: str, *, strict: bool = False) -> str:
    """A test case per problem, failed for an error (and, with ``strict``, a warning); one
    passing case for a catalogue without problems, so that no suite is empty."""
    failing = [p.is_error or strict for p in problems]
    suite = ET.Element(
        "testsuite",
        name="webcat validate",
        tests=str(max(1, len(problems))),
        failures=str(sum(failing)),
        errors="0",
        skipped="0",
        time="0.000",
    )
    if not problems:
        junit_case(suite, "valid", path)
    for p, fails in zip(problems, failing, strict=True):
        case = junit_case(suite, f"{_where(p) or path} [{p.code}]", p.entity or path)
        place = p.location(path)
        if fails:
            junit_outcome(case, "failure", _message(p), place, type=p.code)
        else:
            junit_outcome(case, "system-out", f"warning: {_message(p)}", place)
    return junit_document(suite)
