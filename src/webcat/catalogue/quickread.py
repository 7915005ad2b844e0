"""The ids of a catalogue, read as fast as a file can be read: for shell completion.

Completion runs on every Tab press, so it parses the file with rtoml and nothing else: no
validation, no model, no line index. A file that cannot be read or parsed gives no ids
(completion must never print an error into the user's command line), and so does one that
uses TOML 1.1 syntax, which every other command refuses (:mod:`~webcat.catalogue.toml10`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from webcat.catalogue.document import MAX_BYTES


def raw_tables(path: Path) -> dict[str, Any]:
    """The parsed top level of the catalogue at ``path``, or ``{}`` when it cannot be read."""
    import rtoml

    try:
        if path.stat().st_size > MAX_BYTES or not path.is_file():
            return {}
        text = path.read_text(encoding="utf-8")
        data = rtoml.loads(text)
    except (OSError, UnicodeDecodeError, rtoml.TomlParsingError, ValueError):
        return {}
    from webcat.catalogue.toml10 import toml11_use

    if toml11_use(text) is not None:
        return {}
    return data if isinstance(data, dict) else {}


def entry_ids(data: dict[str, Any], table: str) -> list[str]:
    """The ids of ``table`` in file order; for ``tags``, also the tags entries use without
    defining them in ``[tags]`` (a tag is known either way)."""
    entries = data.get(table)
    ids = list(entries) if isinstance(entries, dict) else []
    if table == "tags":
        seen = set(ids)
        for name in ("series", "webinars", "resources", "projects"):
            kind = data.get(name)
            if not isinstance(kind, dict):
                continue
            for entry in kind.values():
                tags = entry.get("tags") if isinstance(entry, dict) else None
                for tag in tags if isinstance(tags, list) else ():
                    if isinstance(tag, str) and tag not in seen:
                        seen.add(tag)
                        ids.append(tag)
    return ids
