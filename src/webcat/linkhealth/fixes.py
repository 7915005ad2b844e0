"""Which permanent redirects may be written back into the catalogue, and which may not.

A permanent redirect usually means the page moved: its new address belongs in the
catalogue. But sites also redirect pages that are gone to their front page, and pages that
need a login to a login form; writing those in would replace a meaningful (if dead) address
with a useless one, so they are reported for a person to decide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from webcat.linkhealth.reports import Item, Use

_LOGIN = re.compile(
    r"(^|[/._?=&-])(login|log-in|logon|signin|sign-in|sign_in|sso|saml|oauth|auth|"
    r"authenticate|cas|idp|logg-inn|innlogging|accounts?)([/._?=&-]|$)",
    re.I,
)


def refusal(old: str, new: str) -> str | None:
    """Why the redirect from ``old`` to ``new`` must not be written in, or None if it may."""
    a, b = urlsplit(old), urlsplit(new)
    if b.scheme not in ("http", "https") or not b.hostname:
        return "the redirect does not end at a web address"
    if b.path in ("", "/") and not b.query and a.path not in ("", "/"):
        return "redirects to the site's front page (the page is probably gone)"
    to_login = _LOGIN.search(b.path) or _LOGIN.search(b.query)
    if to_login and not _LOGIN.search(a.path):
        return "redirects to a login page"
    return None


def plan_redirect_fixes(
    items: Sequence[Item],
) -> tuple[list[tuple[Use, str, str]], list[tuple[Item, str]]]:
    """(use, old URL, new URL) to write, and (item, reason) for redirects left alone."""
    fixes: list[tuple[Use, str, str]] = []
    refused: list[tuple[Item, str]] = []
    for item in items:
        if item.outcome != "redirected" or not item.final_url or item.final_url == item.url:
            continue
        reason = refusal(item.url, item.final_url)
        if reason:
            refused.append((item, reason))
            continue
        fixes += [(use, item.url, item.final_url) for use in item.uses]
    return fixes, refused
