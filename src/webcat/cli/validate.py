"""``webcat validate``: every problem in the catalogue, each with file:line, entry and field."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from webcat.cli._common import CatalogueOption
from webcat.errors import CatalogueError, ProblemsFound

if TYPE_CHECKING:
    from webcat.catalogue.problems import Problem


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"


def validate(
    fmt: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format: github (annotations), junit and sarif point at the line.",
        ),
    ] = ValidateFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings too, not only on errors.")
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Check the catalogue and report every problem at once.

    Each problem is an error or a warning (docs/problems.md in webcat's repository; a
    [validate] table changes the levels). Exit 1 if there is an error, or with --strict any
    problem; warnings alone exit 0.

    Examples:

    \b
      webcat validate
      webcat validate --strict
      webcat validate --format json | jq '.problems[].message'
    """
    from webcat.catalogue.document import shown
    from webcat.catalogue.load import locate_catalogue, read_catalogue
    from webcat.catalogue.problems import count, summary
    from webcat.cli._common import err

    path = locate_catalogue(catalogue, stdin=True)
    try:
        reading = read_catalogue(path)
    except CatalogueError as error:
        if fmt is not ValidateFormat.text:
            # CI and scripts get the unreadable file in the same shape as any other problem.
            from webcat.catalogue.problems import Problem
            from webcat.linkhealth.reports.problems import UNREADABLE

            problem = Problem(
                UNREADABLE, error.reason, line=error.line, column=error.column, hint=error.hint
            )
            _report(fmt, [problem], shown(path), strict)
        raise
    problems = reading.problems
    name = reading.document.name
    errors, warnings = count(problems)
    failed = bool(errors or (strict and warnings))
    if fmt is not ValidateFormat.text:
        _report(fmt, problems, name, strict)
    else:
        from rich.text import Text

        from webcat.cli._common import out
        from webcat.cli.render import problem_text

        for p in problems:
            out().print(problem_text(p, p.location(name) + ": "), soft_wrap=True)
        n = len(problems)
        if errors:
            line = Text(f"{n:,} problem{'s' if n != 1 else ''} in {name} ({summary(problems)})")
            line.stylize("red")
        elif warnings:
            line = Text(f"{name}: valid, with {summary(problems)}", style="yellow")
        else:
            line = Text(f"{name}: valid", style="green")
        err().print(line, soft_wrap=True)
    if failed:
        raise ProblemsFound()


def _report(fmt: ValidateFormat, problems: list[Problem], name: str, strict: bool) -> None:
    """The problems on stdout in a format for scripts (json) or CI (github, junit, sarif)."""
    from webcat.catalogue.problems import count
    from webcat.cli._common import write_stdout
    from webcat.linkhealth.reports import problems as reports

    if fmt is ValidateFormat.json:
        from webcat.export.safety import json_text

        errors, warnings = count(problems)
        data = {
            "file": name,
            "valid": not errors,
            "errors": errors,
            "warnings": warnings,
            "problems": [p.to_data(name) for p in problems],
        }
        write_stdout(json_text(data, indent=2) + "\n")
    elif fmt is ValidateFormat.github:
        write_stdout(reports.github(problems, name))
    elif fmt is ValidateFormat.junit:
        write_stdout(reports.junit(problems, name, strict=strict))
    else:
        write_stdout(reports.sarif(problems, name))
