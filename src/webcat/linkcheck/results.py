"""What checking one URL found: the one outcome vocabulary shared by the engine and every report.

Every result carries three things a reader or a script may rely on:

* ``outcome`` — one word from :class:`Outcome`; only :data:`FAILING` outcomes fail a check;
* ``reason`` — a stable machine-readable word (:class:`Reason`, or ``http-NNN`` from
  :func:`http_reason`) saying *why*, so reports, history and scripts can tell a soft 404
  from a removed video or a sign-in wall without parsing prose;
* ``error`` — the human text beside it (one line; ``None`` when all is well).

The words are documented in docs/link-checking.md ("Reasons"); add, never rename. The JSON
report is built by the callers (``webcat check``) from these typed fields, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """One word per link; only :data:`FAILING` outcomes make a check fail.

    A ``StrEnum``, so ``"broken" in FAILING`` and ``Outcome.BROKEN == "broken"`` both hold and
    the words can be stored as plain strings (a state file) and compared again later.
    """

    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    TIMEOUT = "timeout"
    ERROR = "error"
    BLOCKED = "blocked"
    EXCLUDED = "excluded"
    SKIPPED = "skipped"
    #: Never produced by the engine for a URL it started; for callers that report URLs they
    #: did not get to (a spent budget, offline with no history).
    NOT_CHECKED = "not-checked"

    @property
    def failing(self) -> bool:
        return self in FAILING


#: The outcomes that fail a check. A permanent redirect, a bot wall or a rate limit, an
#: exclusion or a mailto link are facts to report, not reasons to fail a nightly build.
FAILING: frozenset[Outcome] = frozenset({Outcome.BROKEN, Outcome.TIMEOUT, Outcome.ERROR})


class Reason(StrEnum):
    """Why a link got its outcome (besides ``http-NNN``, see :func:`http_reason`)."""

    # ok / redirected
    OK = "ok"  # a 2xx answer, possibly after temporary redirects
    ACCEPTED = "accepted"  # a status the configuration accepts (accept = ...)
    LOGIN_WALL_ACCEPTED = "login-wall-accepted"  # a sign-in page on a host set to accept it
    PERMANENT_REDIRECT = "permanent-redirect"  # outcome redirected: update the link
    # broken (besides http-NNN)
    SOFT_404 = "soft-404"  # 200, but the page is the site's "not found" page
    LOGIN_WALL = "login-wall"  # the redirect chain ends on a sign-in page
    VIDEO_UNAVAILABLE = "video-unavailable"  # a provider says the video is removed or private
    DNS = "dns"  # the host name does not resolve
    # timeout
    TIMEOUT = "timeout"
    # error
    TLS = "tls"
    CONNECTION = "connection"  # refused, reset or closed without an answer
    INVALID_RESPONSE = "invalid-response"  # not valid HTTP
    REDIRECT_LOOP = "redirect-loop"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    INVALID_REDIRECT = "invalid-redirect"  # Location missing, malformed or not http(s)
    INVALID_URL = "invalid-url"
    # blocked
    RATE_LIMITED = "rate-limited"  # still 429 after the retries
    BOT_WALL = "bot-wall"  # 999, or a Cloudflare challenge
    # excluded
    NON_PUBLIC_ADDRESS = "non-public-address"  # the address policy refused the address
    EXCLUDED_PATTERN = "excluded-pattern"  # matches an exclude regex
    EXCLUDED_HOST = "excluded-host"  # its host has exclude = true
    # skipped
    MAILTO = "mailto"  # a well-formed mailto: address (not checked)
    UNSUPPORTED_SCHEME = "unsupported-scheme"  # ftp:, tel:, ... (not checked)


def http_reason(status: int) -> str:
    """``http-404``, ``http-410``, ``http-503``...: the reason for an HTTP error answer."""
    return f"http-{status}"


def default_reason(outcome: Outcome, http_status: int | None) -> str:
    """The reason a result gets when its maker named none (plain outcomes, older callers)."""
    if outcome is Outcome.OK:
        return Reason.OK
    if outcome is Outcome.REDIRECTED:
        return Reason.PERMANENT_REDIRECT
    if outcome is Outcome.TIMEOUT:
        return Reason.TIMEOUT
    if http_status is not None and outcome is Outcome.BROKEN:
        return http_reason(http_status)
    if outcome is Outcome.BROKEN:
        return Reason.DNS
    if outcome is Outcome.ERROR:
        return Reason.CONNECTION
    if outcome is Outcome.BLOCKED:
        return Reason.RATE_LIMITED if http_status == 429 else Reason.BOT_WALL
    if outcome is Outcome.EXCLUDED:
        return Reason.EXCLUDED_PATTERN
    if outcome is Outcome.SKIPPED:
        return Reason.UNSUPPORTED_SCHEME
    return outcome.value


@dataclass(slots=True)
class LinkResult:
    """The verdict on one distinct URL after all its attempts and redirects.

    ``final_url`` is the end of the redirect chain (``None`` without redirects).
    ``redirect_downgrade`` says that some hop of the chain went from https to http, and
    ``redirect_cross_host`` that the chain ends on another host than it began: a caller
    rewriting links to ``final_url`` must never take the first, and should say so for the
    second. URLs in results never carry userinfo (``user:password@``).
    """

    url: str
    outcome: Outcome
    http_status: int | None = None
    final_url: str | None = None
    error: str | None = None
    attempts: int = 0
    elapsed_ms: int = 0
    reason: str = ""
    redirect_downgrade: bool = False
    redirect_cross_host: bool = False

    def __post_init__(self) -> None:
        if not self.reason:
            self.reason = default_reason(self.outcome, self.http_status)

    @property
    def failing(self) -> bool:
        return self.outcome in FAILING

    @property
    def display_url(self) -> str:
        """``url`` fit to print: userinfo (``user:password@``) replaced by ``***``. ``url``
        itself stays as given, since callers map results back to their input by it."""
        return redact(self.url)


_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@")


def redact(url: str) -> str:
    """A URL with any userinfo (``user:password@``, or a token as user) replaced by ``***``."""
    return _USERINFO.sub(r"\1***@", url, count=1)


def summarise(results: list[LinkResult]) -> dict[str, int]:
    """Counts per outcome (every outcome present, zero included) plus the total."""
    counts = {outcome.value: 0 for outcome in Outcome}
    for result in results:
        counts[result.outcome.value] += 1
    counts["total"] = len(results)
    return counts


#: Answers that say "not now" rather than "not here" (kept in step with the engine's retries).
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

#: Reasons of failures that another try later in the run may not repeat.
TRANSIENT_REASONS = frozenset({Reason.TIMEOUT, Reason.CONNECTION})


def is_transient(result: LinkResult) -> bool:
    """A failure that another try later in the run may not repeat: a timeout, a reset or
    refused connection, or a 408/425/5xx answer. Unknown hosts, 404s, soft 404s, TLS failures
    and links that are not failing (a rate limit is ``blocked``) are not.

    Here rather than in the engine so that deciding costs no import of the HTTP client.
    """
    if result.outcome not in FAILING:
        return False
    if result.reason in TRANSIENT_REASONS:
        return True
    return result.outcome is Outcome.BROKEN and result.http_status in TRANSIENT_STATUSES
