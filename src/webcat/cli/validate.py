"""``webcat validate``: every problem in the catalogue, each with file:line, entry and field."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from webcat.cli._common import CatalogueOption, DocFormat, handle_errors
from webcat.errors import CatalogueError, ExitCode


@handle_errors
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
    from webcat.catalogue.build import build_catalogue
    from webcat.catalogue.load import load_document, locate_catalogue
    from webcat.cli._common import err, write_stdout

    path = locate_catalogue(catalogue)
    try:
        doc = load_document(path)
    except CatalogueError as error:
        if fmt is DocFormat.json:
            # Scripts get the unreadable file in the same shape as any other problem.
            loc, _, message = error.message.partition(": ")
            parts = loc.rsplit(":", 2)
            line = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None
            col = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else None
            problem = {
                "file": str(path),
                "line": line,
                "column": col,
                "code": "unreadable",
                "entity": None,
                "field": None,
                "message": message or error.message,
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
    _, problems = build_catalogue(doc)
    name = str(doc.path)
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
        from webcat.cli.render import visible

        for p in problems:
            text = Text(p.location(name) + ": ", style="bold")
            if p.entity or p.field:
                where = ".".join(x for x in (p.entity, p.field) if x)
                text.append(visible(where, single_line=True), style="cyan")
                text.append(": ")
            text.append(visible(p.message, single_line=True))
            if p.hint:
                text.append(f" ({visible(p.hint, single_line=True)})", style="yellow")
            text.append(f" [{p.code}]", style="dim")
            out().print(text, soft_wrap=True)
        if problems:
            n = len(problems)
            err().print(
                Text(f"{n} problem{'s' if n != 1 else ''} in {name}", style="red"), soft_wrap=True
            )
        else:
            err().print(Text(f"{name}: valid", style="green"), soft_wrap=True)
    if problems:
        raise typer.Exit(int(ExitCode.PROBLEMS))
