"""CI reports of a link check. Each module is a pure function from items to text.

An :class:`Item` joins what the checker found about a URL with where the catalogue uses it
(file, line, column, entity), so every report can point at the exact line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Use:
    """One place a URL is written: the entity, the field, and its position in the file."""

    entity: str  # "webinars.some-id"
    field: str
    title: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None


@dataclass(slots=True)
class Item:
    url: str
    outcome: str
    status: str  # "broken" (fails the build), "failing" (not yet), "notice", "pass"
    http_status: int | None = None
    final_url: str | None = None
    error: str | None = None
    attempts: int = 0
    elapsed_ms: int = 0
    failures: int = 0
    failing_since: str | None = None
    cached: bool = False
    uses: list[Use] = field(default_factory=list)

    def describe(self) -> str:
        """One plain sentence about the URL, for every report format."""
        code = f" (HTTP {self.http_status})" if self.http_status else ""
        if self.outcome == "redirected":
            return f"permanent redirect{code} to {self.final_url}"
        if self.outcome == "not-checked":
            return "not checked in this run (budget spent or offline without history)"
        text = f"{self.outcome}{code}"
        if self.error:
            text += f": {self.error}"
        if self.status == "failing":
            text += f"; failing for {self.failures} run{'s' if self.failures != 1 else ''}"
            if self.failing_since:
                text += f" since {self.failing_since}"
            text += ", not yet counted as broken"
        return text
