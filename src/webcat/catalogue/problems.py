"""A validation problem: what is wrong, where (file:line, entity, field), how bad, and a hint.

Every problem has a stable ``code`` and every code a default level (:data:`CODES`): an
``error`` blocks an edit that would add it and makes ``webcat validate`` exit 1; a
``warning`` is reported and never blocks. A catalogue changes the levels in a ``[validate]``
table (:mod:`webcat.catalogue.levels`). docs/problems.md lists every code; a test checks
that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
Level = Literal["error", "warning", "ignore"]
LEVELS: tuple[Level, ...] = ("error", "warning", "ignore")


@dataclass(frozen=True, slots=True)
class CodeInfo:
    level: Level  # the default
    summary: str
    fixed: bool = False  # a level no [validate] table can change


#: Every problem code, its default level and what it means (docs/problems.md says more).
CODES: dict[str, CodeInfo] = {
    "unsupported-version": CodeInfo(
        "error", "schema_version is newer than this webcat reads", fixed=True
    ),
    "bad-setting": CodeInfo(
        "error", "the [validate] table names an unknown code or level", fixed=True
    ),
    "unknown-key": CodeInfo("error", "a field or top-level key the format does not have"),
    "missing-field": CodeInfo("error", "a required field is not there"),
    "wrong-type": CodeInfo("error", "a value of the wrong type (a string for a list, ...)"),
    "bad-id": CodeInfo("error", "an id that is not a slug"),
    "bad-url": CodeInfo(
        "error", "a malformed URL, a relative one, or a scheme other than http(s)/mailto"
    ),
    "bad-language-tag": CodeInfo("error", "not a BCP 47 language tag"),
    "bad-duration": CodeInfo("error", "not an ISO 8601 duration such as PT1H"),
    "bad-choice": CodeInfo("error", "not one of the field's allowed values"),
    "bad-image": CodeInfo(
        "error", "an image URL that is not http(s), a path outside the catalogue's folder, an SVG"
    ),
    "missing-file": CodeInfo("error", "an image file that is not there"),
    "datetime-without-offset": CodeInfo("error", "a datetime without its UTC offset"),
    "duplicate-item": CodeInfo("error", "a list names the same id twice"),
    "dangling-reference": CodeInfo("error", "a reference to an id that does not exist"),
    "duplicate-url": CodeInfo("warning", "one URL used by several entries"),
}

#: How many of a shared URL's users a problem names (the rest are counted).
USERS_SHOWN = 5


@dataclass(slots=True)
class Problem:
    code: str  # stable machine name, e.g. "unknown-key", "dangling-reference"
    message: str
    table: str | None = None
    id: str | None = None
    field: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    severity: Severity = "error"
    subject: str | None = None  # what the problem is about when not one entry (a shared URL)
    users: tuple[str, ...] = ()  # the first entries sharing ``subject``
    uses: int = 0  # how many entries share it
    refers_to: tuple[str, str] | None = None  # (table, id) a dangling reference names

    @property
    def entity(self) -> str | None:
        if self.table and self.id:
            return f"{self.table}.{self.id}"
        return None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def key(self) -> tuple[Any, ...]:
        """What makes two readings' problems the same problem (a shared URL stays one problem
        as its users change)."""
        if self.subject is not None:
            return (self.code, self.subject)
        return (self.code, self.table, self.id, self.field, self.message)

    def location(self, path: str) -> str:
        where = path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def to_data(self, path: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "entity": self.entity,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }
        if self.uses:
            data["users"] = list(self.users)
            data["uses"] = self.uses
        return data


def count(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings) among ``problems``."""
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors


def summary(problems: list[Problem]) -> str:
    """``2 errors, 14 warnings`` (only the kinds there are)."""
    errors, warnings = count(problems)
    parts = []
    if errors:
        parts.append(f"{errors:,} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings:,} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) or "no problems"
