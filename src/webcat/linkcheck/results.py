"""What checking one URL found: the outcome vocabulary shared by the engine and every report.

The outcome names and the keys of :meth:`LinkResult.to_data` are part of the documented JSON
shape (docs/link-checking.md), so scripts may rely on them; add, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    """One word per link; only :data:`FAILING` outcomes make a check fail."""

    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    TIMEOUT = "timeout"
    ERROR = "error"
    BLOCKED = "blocked"
    EXCLUDED = "excluded"
    SKIPPED = "skipped"

    @property
    def failing(self) -> bool:
        return self in FAILING


#: A permanent redirect, a bot wall, an exclusion or a mailto link are facts to report, not
#: reasons to fail a nightly build.
FAILING = frozenset({Outcome.BROKEN, Outcome.TIMEOUT, Outcome.ERROR})


@dataclass(slots=True)
class LinkResult:
    """The verdict on one distinct URL after all its attempts and redirects."""

    url: str
    outcome: Outcome
    http_status: int | None = None
    final_url: str | None = None
    error: str | None = None
    attempts: int = 0
    elapsed_ms: int = 0

    def to_data(self) -> dict[str, Any]:
        """The stable JSON form; every key is always present (null when unknown)."""
        return {
            "url": self.url,
            "outcome": self.outcome.value,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "error": self.error,
            "attempts": self.attempts,
            "elapsed_ms": self.elapsed_ms,
        }


def summarise(results: list[LinkResult]) -> dict[str, int]:
    """Counts per outcome (every outcome present, zero included) plus the total."""
    counts = {outcome.value: 0 for outcome in Outcome}
    for result in results:
        counts[result.outcome.value] += 1
    counts["total"] = len(results)
    return counts


#: Answers that say "not now" rather than "not here" (kept in step with the engine's retries).
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


def is_transient(result: LinkResult) -> bool:
    """A failure that another try later in the run may not repeat: a timeout, a reset or
    refused connection, a 429 or a 5xx. Unknown hosts, 404s and TLS failures are not.

    Here rather than in the engine so that deciding costs no import of the HTTP client.
    """
    if result.outcome is Outcome.TIMEOUT:
        return True
    if result.outcome is Outcome.ERROR:
        return (result.error or "").startswith(
            ("connection closed", "connection failed", "cannot connect")
        )
    if result.outcome is Outcome.BROKEN:
        return result.http_status in TRANSIENT_STATUSES
    return False
