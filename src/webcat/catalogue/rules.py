"""The catalogue's shared vocabulary: what an id, a language tag and a URL look
like, how "KIND.ID" names an entry, and the did-you-mean hint.

The validator, the JSON Schema, the editing operations and the CLI all ask these questions;
they live here, light and import-free, so that asking does not load the validator.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from webcat.catalogue.fields import IMAGE_SUFFIXES, KINDS

ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$")
LANG_RE = re.compile(
    r"^(?:[a-zA-Z]{2,3}(?:-[a-zA-Z]{3}){0,3}|[a-zA-Z]{4,8})"
    r"(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|\d{3}))?"
    r"(?:-(?:[a-zA-Z\d]{5,8}|\d[a-zA-Z\d]{3}))*"
    r"(?:-[0-9a-wyzA-WYZ](?:-[a-zA-Z\d]{2,8})+)*"
    r"(?:-x(?:-[a-zA-Z\d]{1,8})+)?$|^x(?:-[a-zA-Z\d]{1,8})+$"
)
URL_SCHEMES = ("http", "https", "mailto")


#: Above this many options, only those sharing the word's first two characters are compared:
#: difflib over 13,000 ids for each of a few hundred dangling references took a minute.
MANY_OPTIONS = 500


def suggest(word: str, options: Iterable[str]) -> str | None:
    """A did-you-mean hint, or None when nothing is close."""
    import difflib

    candidates = list(options)
    if len(candidates) > MANY_OPTIONS:
        head = word[:2]
        candidates = [o for o in candidates if o.startswith(head)]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def is_language_tag(value: str) -> bool:
    return bool(LANG_RE.match(value))


#: The common case, decided without urlsplit: http(s), a plain host, an optional port.
PLAIN_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?:[/?#][!-\[\]-~]*)?$")
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s")


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing: empty, spaces, or only invisible characters."""
    import unicodedata

    return all(ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs") for ch in text)


def check_url(value: str) -> str | None:
    """Why ``value`` is not an acceptable catalogue URL, or None when it is.

    A URL that URL parsers read differently is refused: a backslash (browsers read it as
    ``/``, Python's parser as part of the host), control and bidi characters, a user name or
    password, a port out of range. One reading for the checker, the exports and readers.
    """
    if PLAIN_URL.match(value):
        return None
    if _SPACE.search(value):
        return "URL contains whitespace"
    if "\\" in value:
        return "URL contains a backslash (parsers disagree on where its host ends)"
    if _HIDDEN.search(value):
        return "URL contains a control or bidi character"
    try:
        parts = urlsplit(value)
    except ValueError as err:
        return f"malformed URL ({err})"
    scheme = parts.scheme.lower()
    if not scheme:
        return "URL has no scheme (http, https or mailto)"
    if scheme not in URL_SCHEMES:
        return f"URL scheme '{scheme}' is not allowed (use http, https or mailto)"
    if scheme == "mailto":
        return None if "@" in parts.path else "mailto: URL has no address"
    if not parts.hostname:
        return "URL has no host"
    if "@" in parts.netloc:
        return "URL contains a user name or password"
    try:
        _ = parts.port
    except ValueError:
        return "URL has an invalid port"
    return None


def check_image(value: str) -> str | None:
    """Why ``value`` is not an acceptable ``image``, or None: an http(s) URL, or a relative
    path inside the catalogue's folder to a raster image (copied into exported sites)."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        if not value.lower().startswith(("http://", "https://")):
            return "an image URL must be http or https"
        return check_url(value)
    if not value or value.startswith(("/", "\\")) or "\\" in value:
        return "an image file must be a relative path with / between folders"
    parts = value.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "an image file must be inside the catalogue's folder (no '..', '.' or '//')"
    if _SPACE.search(value.replace(" ", "")) or any(ord(c) < 32 for c in value):
        return "an image file name must not hold control characters"
    if not value.lower().endswith(IMAGE_SUFFIXES):
        return f"an image file must end in {', '.join(IMAGE_SUFFIXES)} (SVG may hold scripts)"
    return None


def entries_named(ref: str, has: Callable[[str, str], bool]) -> list[tuple[str, str]]:
    """(table, id) of every entry ``ref`` names, asking ``has(table, id)``.

    ``ref`` is an id, or ``KIND.ID`` / ``KIND/ID`` (KIND a table name) to pick one table when
    ids clash. The one reading of a reference, for the model and for the editor alike.
    """
    for sep in ("/", "."):
        head, _, tail = ref.partition(sep)
        if tail and head in KINDS and has(head, tail):
            return [(head, tail)]
    return [(table, ref) for table in KINDS if has(table, ref)]
