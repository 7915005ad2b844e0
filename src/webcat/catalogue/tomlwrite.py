"""How webcat writes TOML: keys, values and new entries, in the canonical style.

Values come from the data rtoml parsed or from the CLI and JSON converters; whatever is
written here must read back as exactly that value in any TOML 1.0 parser, and stay one line.
Strings are basic strings with JSON's escapes (they are TOML's), plus ``\\u007f`` for DEL
and ``\\uXXXX`` for characters that some editors and tools take for line breaks, or that
reorder what a screen shows (U+0085, U+2028, U+2029, bidi embeddings, overrides and
isolates): TOML allows them raw, but escaped they can neither split a line in someone's
editor nor disguise a line in a review. The data is the same either way.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from webcat.catalogue.lex import BARE_KEY_RE

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1

_ESCAPE_TOO = re.compile("[\x7f\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_SURROGATE = re.compile("[\ud800-\udfff]")


class NotTomlValue(ValueError):
    """A value TOML cannot hold (a 65-bit integer, a time with a time zone, None, ...)."""


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def render_string(value: str) -> str:
    """A TOML basic string, on one line."""
    if _SURROGATE.search(value):
        raise NotTomlValue("a lone surrogate (from a \\ud800-style JSON escape) is not text")
    out = json.dumps(value, ensure_ascii=False)
    return _ESCAPE_TOO.sub(_escape, out)


def render_key(key: str) -> str:
    return key if BARE_KEY_RE.match(key) else render_string(key)


def _check_offset(value: datetime) -> None:
    delta = value.utcoffset()
    if delta is not None and delta % timedelta(minutes=1):
        raise NotTomlValue(f"{value.isoformat()}: TOML offsets are whole minutes")


#: Arrays and inline tables inside one value: the format needs two or three, and the
#: reader (rtoml) refuses a file nested 80 deep, so a deeper value would be a file that
#: webcat could not read back (or, far deeper, a RecursionError here).
MAX_NESTING = 32


def render_value(value: Any, _depth: int = 0) -> str:
    """``value`` as TOML in webcat's canonical style (inline tables for language tables).

    Raises :class:`NotTomlValue` for what TOML cannot hold, rather than write a file that
    no parser would read back.
    """
    if isinstance(value, list | tuple | dict) and _depth >= MAX_NESTING:
        raise NotTomlValue(f"arrays or tables nested more than {MAX_NESTING} deep")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return render_string(value)
    if isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            raise NotTomlValue(f"{value}: TOML integers are 64-bit")
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if any(c in text for c in ".eEn") else text + ".0"
    if isinstance(value, datetime):
        _check_offset(value)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        if value.utcoffset() is not None:
            raise NotTomlValue(f"{value.isoformat()}: TOML times have no time zone")
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(render_value(v, _depth + 1) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ", ".join(
            f"{render_key(k)} = {render_value(v, _depth + 1)}" for k, v in value.items()
        )
        return "{ " + inner + " }"
    raise NotTomlValue(f"cannot write {type(value).__name__} to TOML")


def render_entry(table: str, id: str, values: dict[str, Any], newline: str = "\n") -> str:
    """A new entry block: header and one ``key = value`` line per field, in the given order."""
    lines = [f"[{render_key(table)}.{render_key(id)}]"]
    lines += [f"{render_key(k)} = {render_value(v)}" for k, v in values.items()]
    return newline.join(lines) + newline
