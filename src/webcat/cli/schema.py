"""``webcat schema``: the JSON Schema of the catalogue format."""

from __future__ import annotations


def schema() -> None:
    """Print a JSON Schema of the catalogue format, for editors that check TOML as you type.

    Example:

    \b
      webcat schema > catalogue.schema.json
    """
    import json

    from webcat.catalogue.schema import json_schema
    from webcat.cli._common import write_stdout

    write_stdout(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
