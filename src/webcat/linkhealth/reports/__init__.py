"""Reports of a link check. Each module is a pure function from items to text: ``text``
(plain lines for logs), ``json`` (the stable, documented shape), ``github``, ``junit``,
``sarif`` and ``markdown``.

An :class:`Item` joins what the checker found about a URL (its outcome and machine-readable
reason, in the one outcome vocabulary of :mod:`webcat.linkcheck.results`) with where it is
written (a catalogue entry's field, or a line of a document), so every report can point at
the exact line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from webcat.export.safety import one_line
from webcat.linkcheck.results import Outcome

__all__ = ["GROUP_ORDER", "STDIN", "Item", "Status", "Use", "one_line"]

#: Order of the outcomes in every report: what needs fixing first.
GROUP_ORDER: tuple[Outcome, ...] = (
    Outcome.BROKEN,
    Outcome.TIMEOUT,
    Outcome.ERROR,
    Outcome.REDIRECTED,
    Outcome.BLOCKED,
    Outcome.NOT_CHECKED,
    Outcome.EXCLUDED,
    Outcome.SKIPPED,
    Outcome.OK,
)


class Status(StrEnum):
    """What a link means for the build, given its history (``--fail-after``)."""

    BROKEN = "broken"  # fails the build
    FAILING = "failing"  # failed, but not yet on --fail-after days or for that long
    NOTICE = "notice"  # a permanent redirect to update
    PASS = "pass"


#: How standard input is named in places (never a file a CI system could open).
STDIN = "<stdin>"


@dataclass(frozen=True, slots=True)
class Use:
    """One place a URL is written: the entity and field (empty for a URL found in a document
    or a list of URLs), and its position in the file."""

    entity: str  # "webinars.some-id", or "" outside a catalogue
    field: str
    title: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def where(self) -> str:
        """``entity (file:line)``, or the part of it that is known."""
        place = f"{self.file}:{self.line}" if self.file and self.line else (self.file or "")
        if self.entity:
            return f"{self.entity} ({place})" if place else self.entity
        return place


@dataclass(slots=True)
class Item:
    """One distinct URL of the run: what was found, whether it fails the build, where it is."""

    url: str
    outcome: Outcome
    status: Status
    http_status: int | None = None
    final_url: str | None = None
    error: str | None = None
    attempts: int = 0
    elapsed_ms: int = 0
    failures: int = 0
    failing_since: str | None = None
    cached: bool = False
    uses: list[Use] = field(default_factory=list)
    reason: str = ""  # machine-readable, stable (docs/link-checking.md, "Reasons")
    #: The redirect chain went from https to http somewhere / ended on another host.
    redirect_downgrade: bool = False
    redirect_cross_host: bool = False

    def __post_init__(self) -> None:
        # Plain words are accepted (and checked) so that items can be written by hand.
        self.outcome = Outcome(self.outcome)
        self.status = Status(self.status)

    def describe(self) -> str:
        """One plain sentence about the URL, for every report format."""
        code = f" (HTTP {self.http_status})" if self.http_status else ""
        if self.outcome == "redirected":
            text = f"permanent redirect{code} to {self.final_url}"
            if self.redirect_downgrade:
                text += " (from https to http: not to be written in)"
            elif self.redirect_cross_host:
                text += " (on another host)"
            return text
        if self.outcome == "not-checked":
            return "not checked in this run (budget spent, interrupted, or offline without history)"
        text = f"{self.outcome}{code}"
        if self.error and self.error != f"HTTP {self.http_status}":
            text += f": {self.error}"
        if self.status == "failing":
            days = f"{self.failures} day{'s' if self.failures != 1 else ''}"
            text += f"; failing on {days}"
            if self.failing_since:
                text += f" since {self.failing_since}"
            text += ", not yet counted as broken"
        return text
