"""Turning text from the command line, and JSON values from ``webcat import``, into the
TOML values a field holds (dates become TOML dates, lists stay lists).

Only the *type* is decided here; whether a value is acceptable (a URL's scheme, a reference
that exists) is left to validation of the edited file, so there is one set of rules.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from webcat.catalogue.fields import Field, FieldType
from webcat.errors import UsageError

LIST_TYPES = (FieldType.REFS, FieldType.TAGS)


def parse_when(text: str, f: Field, where: str) -> date | datetime:
    """A date (``2022-03-22``) or, for date-and-time fields, a datetime with offset."""
    text = text.strip()
    if f.type is FieldType.WHEN and "T" in text.upper():
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            value = None
        if value is None or value.tzinfo is None:
            raise UsageError(
                f"{where}: {text!r} is not a date-time with offset",
                hint="write e.g. 2022-04-05T10:00:00+02:00",
            )
        return value
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{where}: {text!r} is not a date", hint="write YYYY-MM-DD") from None


def from_text(f: Field, text: str, where: str) -> Any:
    """The value of field ``f`` given as command-line text (lists: comma-separated)."""
    if f.type in LIST_TYPES:
        return [part.strip() for part in text.split(",") if part.strip()]
    if f.type in (FieldType.DATE, FieldType.WHEN):
        return parse_when(text, f, where)
    if f.type is FieldType.INTEGER:
        try:
            return int(text.strip())
        except ValueError:
            raise UsageError(f"{where}: {text!r} is not a whole number") from None
    return text


def from_json(f: Field | None, value: Any) -> Any:
    """A JSON value in the TOML type of ``f``: ISO strings become dates or datetimes.

    A string that is not a valid date is kept as it is, so that validation reports it with
    the entry and field.
    """
    if f is None or not isinstance(value, str):
        return value
    if f.type is FieldType.DATE:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if f.type is FieldType.WHEN:
        try:
            if "T" in value.upper() or " " in value:
                return datetime.fromisoformat(value)
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def check_encodable(value: Any, where: str) -> None:
    """Refuse text that cannot be written as UTF-8 (e.g. a lone surrogate from bad argv)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(f"{where}: not valid UTF-8 text") from None
    elif isinstance(value, list):
        for v in value:
            check_encodable(v, where)
    elif isinstance(value, dict):
        for k, v in value.items():
            check_encodable(k, where)
            check_encodable(v, where)
