"""``webcat validate``: every problem in the catalogue, each with file:line, entry and field."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from webcat.cli._common import CatalogueOption, DocFormat
from webcat.errors import CatalogueError, ProblemsFound


def validate(
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DocFormat.text
    ),
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings too, not only on errors.")
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Check the catalogue and report every problem at once.

    Each problem is an error or a warning (docs/problems.md; a [validate] table changes the
    levels). Exit 1 if there is an error, or with --strict any problem; warnings alone exit 0.

    Examples:

    \b
      webcat validate
      webcat validate --strict
      webcat validate --format json | jq '.problems[].message'
    """
    from webcat.catalogue.document import shown
    from webcat.catalogue.load import locate_catalogue, read_catalogue
    from webcat.catalogue.problems import count, summary
    from webcat.cli._common import err, write_stdout

    path = locate_catalogue(catalogue, stdin=True)
    try:
        reading = read_catalogue(path)
    except CatalogueError as error:
        if fmt is DocFormat.json:
            # Scripts get the unreadable file in the same shape as any other problem.
            problem = {
                "file": shown(path),
                "line": error.line,
                "column": error.column,
                "code": "unreadable",
                "severity": "error",
                "entity": None,
                "field": None,
                "message": error.reason,
                "hint": error.hint,
            }
            write_stdout(
                json.dumps(
                    {"file": shown(path), "valid": False, "problems": [problem]},
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n"
            )
        raise
    problems = reading.problems
    name = reading.document.name
    errors, warnings = count(problems)
    failed = bool(errors or (strict and warnings))
    if fmt is DocFormat.json:
        data = {
            "file": name,
            "valid": not errors,
            "errors": errors,
            "warnings": warnings,
            "problems": [p.to_data(name) for p in problems],
        }
        from webcat.export.safety import json_escape

        write_stdout(json_escape(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
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
