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
    catalogue: CatalogueOption = None,
) -> None:
    """Check the catalogue and report every problem at once (exit 1 if there are any).

    Examples:

      webcat validate

      webcat validate -c other.toml --format json | jq '.problems[].message'
    """
    from webcat.catalogue.load import locate_catalogue, read_catalogue
    from webcat.cli._common import err, write_stdout

    path = locate_catalogue(catalogue)
    try:
        reading = read_catalogue(path)
    except CatalogueError as error:
        if fmt is DocFormat.json:
            # Scripts get the unreadable file in the same shape as any other problem.
            problem = {
                "file": str(path),
                "line": error.line,
                "column": error.column,
                "code": "unreadable",
                "entity": None,
                "field": None,
                "message": error.reason,
                "hint": error.hint,
            }
            write_stdout(
                json.dumps(
                    {"file": str(path), "valid": False, "problems": [problem]},
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n"
            )
        raise
    problems = reading.problems
    name = str(reading.document.path)
    if fmt is DocFormat.json:
        data = {
            "file": name,
            "valid": not problems,
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
        if problems:
            n = len(problems)
            err().print(
                Text(f"{n} problem{'s' if n != 1 else ''} in {name}", style="red"), soft_wrap=True
            )
        else:
            err().print(Text(f"{name}: valid", style="green"), soft_wrap=True)
    if problems:
        raise ProblemsFound()
