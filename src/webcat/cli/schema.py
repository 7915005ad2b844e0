"""``webcat schema``: the JSON Schema of the catalogue format."""

from __future__ import annotations


def schema() -> None:
    """Print a JSON Schema of the catalogue format, for editors that check TOML as you type.

    Example:

    \b
      webcat schema > catalogue.schema.json
    """
    from webcat.catalogue.schema import json_schema
    from webcat.cli._common import write_stdout
    from webcat.export.safety import json_text

    write_stdout(json_text(json_schema(), indent=2) + "\n")
