"""Is a URL a sign-in page? Decides the ``login-wall`` reason.

A reader without an account who follows a link and lands on a sign-in form has met a dead
link, though every answer in the chain said 200 or 302. The URL usually says so: a path
such as ``/login`` or ``/account/signin``, or the host of an identity provider. (The page
itself may say so too, with a password field; see :mod:`webcat.linkcheck.pages`.)
"""

from __future__ import annotations

import re

#: A path segment that names a sign-in step (``/login``, ``/users/sign_in``,
#: ``/oauth2/authorize``, ``/saml2/sso``, ``/cas/login``, ``/logg-inn``...).
_SIGNIN_SEGMENT = re.compile(
    r"""^(?:
        log[-_]?in | log[-_]?on | sign[-_]?in | sso | auth | authenticate | authentication
        | authorize | oauth2? | openid(?:-connect)? | saml2? | cas | idp | adfs | shibboleth
        | accounts?[-_]?login | session[-_]?new | logg[-_]?inn | innlogging
    )(?:\.\w+)?$""",
    re.IGNORECASE | re.VERBOSE,
)

#: Hosts (and their subdomains) that only ever show sign-in or identity pages.
IDENTITY_HOSTS = frozenset(
    {
        "accounts.google.com",
        "login.microsoftonline.com",
        "login.microsoft.com",
        "login.live.com",
        "login.windows.net",
        "okta.com",
        "oktapreview.com",
        "auth0.com",
        "onelogin.com",
        "idp.feide.no",
        "auth.dataporten.no",
        "login.idporten.no",
        "idporten.no",
        "appleid.apple.com",
        "signin.aws.amazon.com",
        "login.salesforce.com",
        "sso.openathens.net",
        "login.openathens.net",
        "wayf.wayf.dk",
    }
)


def is_identity_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    parts = host.split(".")
    return any(".".join(parts[i:]) in IDENTITY_HOSTS for i in range(len(parts) - 1))


def is_signin_url(host: str, path: str) -> bool:
    """The URL of a sign-in page: an identity provider's host, or a sign-in path segment."""
    if is_identity_host(host):
        return True
    return any(_SIGNIN_SEGMENT.match(segment) for segment in path.split("/") if segment)
