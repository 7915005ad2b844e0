"""Which permanent redirects may be written back into the catalogue, and which may not.

A permanent redirect usually means the page moved: its new address belongs in the
catalogue. But sites also redirect pages that are gone to their front page, and pages that
need a login to a login form; writing those in would replace a meaningful (if dead) address
with a useless one, so they are reported for a person to decide. A chain that passes from
https to http is never written in (it would downgrade the link), and a move to another host
is written in but said aloud, since that is where a hijacked or parked domain shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from webcat.linkhealth.reports import Item, Use

if TYPE_CHECKING:
    from webcat.catalogue.edit import Editor

_LOGIN = re.compile(
    r"(^|[/._?=&-])(login|log-in|logon|signin|sign-in|sign_in|sso|saml|oauth|auth|"
    r"authenticate|cas|idp|logg-inn|innlogging|accounts?)([/._?=&-]|$)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Fix:
    """Write ``new`` in place of ``old`` at ``use``."""

    use: Use
    old: str
    new: str
    cross_host: bool = False


def refusal(old: str, new: str, *, downgrade: bool = False) -> str | None:
    """Why the redirect from ``old`` to ``new`` must not be written in, or None if it may.
    ``downgrade`` says that some hop of the chain went from https to http."""
    a, b = urlsplit(old), urlsplit(new)
    if b.scheme not in ("http", "https") or not b.hostname:
        return "the redirect does not end at a web address"
    if downgrade or (a.scheme == "https" and b.scheme == "http"):
        return "redirects from https to http (a downgrade)"
    if b.path in ("", "/") and not b.query and a.path not in ("", "/"):
        return "redirects to the site's front page (the page is probably gone)"
    to_login = _LOGIN.search(b.path) or _LOGIN.search(b.query)
    if to_login and not _LOGIN.search(a.path):
        return "redirects to a login page"
    return None


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def plan_redirect_fixes(items: Sequence[Item]) -> tuple[list[Fix], list[tuple[Item, str]]]:
    """The fixes to write (one per place), and (item, reason) for redirects left alone."""
    fixes: list[Fix] = []
    refused: list[tuple[Item, str]] = []
    for item in items:
        if item.outcome != "redirected" or not item.final_url or item.final_url == item.url:
            continue
        reason = refusal(item.url, item.final_url, downgrade=item.redirect_downgrade)
        if reason:
            refused.append((item, reason))
            continue
        cross = item.redirect_cross_host or _host(item.url) != _host(item.final_url)
        fixes += [Fix(use, item.url, item.final_url, cross) for use in item.uses if use.entity]
    return fixes, refused


def change_for(fixes: Sequence[Fix]) -> Callable[[Editor], None]:
    """The edit that writes ``fixes``, for the store (one edit: all of them or none)."""

    def change(editor: Editor) -> None:
        for fix in fixes:
            table, _, id = fix.use.entity.partition(".")
            editor.set(table, id, fix.use.field, fix.new)

    return change
