"""Defences every exporter shares: which URLs may become links, and which characters may
appear in a document at all.

A valid catalogue only holds http, https and mailto URLs, but exporters are also called on
models built in code (or from an invalid file, whose bad entries were dropped only in part),
so each of them checks again here rather than trusting its input.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Schemes that may become links; anything else (javascript:, data:, vbscript:, file:, ...)
#: is written as plain text or left out.
SAFE_SCHEMES = ("http", "https", "mailto")

_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# C0 and C1 controls (except tab/newline), DEL, lone surrogates, and noncharacters that
# XML 1.0 forbids; none of them belongs in a published document.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@lru_cache(maxsize=65536)
def safe_url(url: str | None) -> str | None:
    """``url`` if it may be emitted as a link, else None.

    Browsers strip leading whitespace and controls and ignore tabs and newlines inside a
    scheme (``java\\tscript:``), so any such character makes the URL unsafe rather than
    being cleaned up here.
    """
    if not url or _SPACE_OR_CONTROL.search(url):
        return None
    m = _SCHEME.match(url)
    if m is None or m.group(1).lower() not in SAFE_SCHEMES:
        return None
    if m.group(1).lower() in ("http", "https") and not url[m.end() :].startswith("//"):
        return None
    return url


def clean(text: str) -> str:
    """Text without control characters and other code points documents must not hold."""
    return _BAD_CHARS.sub("\ufffd", text) if _BAD_CHARS.search(text) else text
