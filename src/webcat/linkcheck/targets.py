"""What to ask for a URL, decided before any request: the verdict for URLs that need none
(excluded, skipped, malformed, a refused IP literal), and for the others the URL to request
— a video platform's probe, or the URL without its userinfo.

Cheap on purpose: it runs for every URL of a run before the first request.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from yarl import URL

from webcat.linkcheck.addresses import host_refusal
from webcat.linkcheck.config import CheckConfig
from webcat.linkcheck.providers import Provider, find_probe
from webcat.linkcheck.results import LinkResult, Outcome, Reason

_WHITESPACE = re.compile(r"\s")
_MAILTO_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")


@dataclass(frozen=True, slots=True)
class Target:
    """A URL ready to check: what to request, and through which provider."""

    request: URL
    provider: Provider | None = None
    basic_auth: str | None = None


def precheck(url: str, config: CheckConfig) -> LinkResult | URL:
    """The verdict for a URL that needs no request (excluded, skipped, malformed, refused
    address), else the parsed URL to check. Cheap on purpose: it runs for every URL before
    the first request."""
    for pattern in config.exclude:
        if pattern.search(url):
            return LinkResult(
                url,
                Outcome.EXCLUDED,
                error=f"matches exclude {pattern.pattern!r}",
                reason=Reason.EXCLUDED_PATTERN,
            )
    if _WHITESPACE.search(url):
        return _invalid(url, "invalid URL: contains whitespace")
    try:
        parsed = URL(url)
        port = parsed.explicit_port
    except (ValueError, TypeError) as err:
        return _invalid(url, f"invalid URL: {short(err)}")
    scheme = parsed.scheme.lower()
    if scheme in ("http", "https"):
        if not parsed.host:
            return _invalid(url, "invalid URL: no host")
        if port == 0:
            return _invalid(url, "invalid URL: port 0")
        if config.hosts and config.settings_for(scheme, parsed.host, parsed.port).exclude:
            return LinkResult(
                url,
                Outcome.EXCLUDED,
                error="host excluded by configuration",
                reason=Reason.EXCLUDED_HOST,
            )
        refused = host_refusal(parsed.host, config.public_only)
        if refused is not None:
            return LinkResult(
                url,
                Outcome.EXCLUDED,
                error=f"not checked: {refused}",
                reason=Reason.NON_PUBLIC_ADDRESS,
            )
        return parsed
    if scheme == "mailto":
        addresses = [a.strip() for a in urlsplit(url).path.split(",")]
        if addresses and all(_MAILTO_ADDRESS.match(a) for a in addresses):
            return LinkResult(
                url, Outcome.SKIPPED, error="mailto: address not checked", reason=Reason.MAILTO
            )
        return _invalid(url, "invalid mailto: address")
    if not scheme:
        return _invalid(url, "invalid URL: no scheme")
    return LinkResult(
        url,
        Outcome.SKIPPED,
        error=f"{scheme}: URLs are not checked",
        reason=Reason.UNSUPPORTED_SCHEME,
    )


def _invalid(url: str, message: str) -> LinkResult:
    return LinkResult(url, Outcome.ERROR, error=message, reason=Reason.INVALID_URL)


def target_for(parsed: URL, config: CheckConfig) -> Target:
    """What to request for a checked URL: its provider's probe, or the URL without userinfo
    (sent as Basic auth only where the origin's table says ``url_credentials = true``)."""
    plain = parsed.with_user(None) if parsed.raw_user is not None else parsed
    if config.providers:
        found = find_probe(str(plain), config.providers)
        if found is not None:
            provider, probe = found
            try:
                # Encoded as the template and percent-encoding made it: yarl must not
                # decode the %2F of the {url} in a query.
                return Target(URL(probe, encoded=probe.isascii()), provider)
            except ValueError:
                pass
    basic: str | None = None
    if parsed.raw_user is not None and parsed.host:
        settings = config.settings_for(parsed.scheme, parsed.host, parsed.port)
        if settings.url_credentials:
            pair = f"{parsed.user or ''}:{parsed.password or ''}".encode()
            basic = "Basic " + base64.b64encode(pair).decode("ascii")
    return Target(plain, None, basic)


def clean(text: str) -> str:
    """One line, no control characters, bounded: server-supplied text in a result."""
    return "".join(ch if ch.isprintable() else " " for ch in text)[:200]


def short(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return clean(text.splitlines()[0] if text.strip() else type(err).__name__)
