"""A validation problem: what is wrong, where (file:line, entity, field), and a hint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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

    @property
    def entity(self) -> str | None:
        if self.table and self.id:
            return f"{self.table}.{self.id}"
        return None

    def location(self, path: str) -> str:
        where = path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def to_data(self, path: str) -> dict[str, Any]:
        return {
            "file": path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "entity": self.entity,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }
