"""What the first kilobytes of an HTML answer say: its title and main heading, whether they
announce "not found", whether it asks for a password, and a fingerprint to compare it with
another page.

Why: many sites answer a missing page with 200 and their "Oops" page (a soft 404), or send a
reader without a session to a sign-in form that also answers 200. Only the page itself tells.
Regexes over a bounded prefix, not an HTML parser: the engine reads at most a few tens of
KiB, the signals wanted sit near the top, and this runs for every HTML answer.
"""

from __future__ import annotations

import codecs
import html
import re
from urllib.parse import unquote, urlsplit

_TITLE = re.compile(rb"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(rb"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_PASSWORD = re.compile(rb"""<input\b[^>]*\btype\s*=\s*["']?password\b""", re.IGNORECASE)
#: Not the visible text of a page (the title is compared on its own).
_DROP = re.compile(
    rb"<(script|style|noscript|template|svg|title)\b.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_DROP_START = re.compile(rb"<(?:script|style|noscript|template|svg)\b", re.IGNORECASE)
_TAG = re.compile(rb"<[^>]*>|<!--.*?-->", re.DOTALL)
_WORD = re.compile(r"\w+")
_NUMBERISH = re.compile(r"\w*\d\w*")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)

#: Titles and main headings that announce a missing page, in English and Norwegian (Bokmål
#: and Nynorsk). Matched case-insensitively against the whole title or heading; an apostrophe
#: may be typographic (’), as WordPress and most CMSs print it.
NOT_FOUND = re.compile(
    r"""
    ^\W*404\b | \b404\W*$ | \b(?:error|feil|page|side|status)\W+404\b
    | \b404\W+(?:error|feil|page|side|not)\b
    | \bnot\ found\b | \bpage\ (?:does\ not|doesn[’']t)\ exist\b
    | \b(?:can ?not|can[’']t|could\ not|couldn[’']t)\ (?:be\ )?f(?:ou)?nd\b
    | \b(?:can ?not|can[’']t|could\ not|couldn[’']t)\ find\ (?:that|this|the|your)\ page\b
    | \bpage\ (?:is\ not|isn[’']t)\ available\b
    | \bno\ longer\ (?:exists|available)\b | \bpage\ (?:is\ )?missing\b
    | \bnothing\ (?:was\ )?found\b
    # Bokmål
    | \bfant\ ikke\b | \bfinnes\ ikke\b | \bikke\ funnet\b | \bble\ ikke\ funnet\b
    | \bfinnes\ ikke\ lenger\b | \bsiden\ er\ borte\b | \bfinner\ ikke\ (?:siden|sida)\b
    # Nynorsk
    | \bfann\ ikkje\b | \bfinst\ ikkje\b | \bikkje\ funne\b | \bvart\ ikkje\ funne\b
    | \bsida\ er\ borte\b | \bfinn\ ikkje\ sida\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

_SHINGLE = 3


class Page:
    """The parts of an HTML answer the verdicts use.

    Title, heading and the password field are read at once (a few regex searches); the text
    fingerprint, which costs far more, only when the page is compared with another, which
    happens only on sites that answer a URL that cannot exist with a page of their own.
    """

    __slots__ = (
        "_body",
        "_content_type",
        "_encoding",
        "_shingles",
        "_url",
        "has_password_field",
        "heading",
        "title",
    )

    def __init__(self, body: bytes, content_type: str | None, url: str = "") -> None:
        self._body = body
        self._content_type = content_type
        self._encoding: str | None = None
        self._url = url
        self._shingles: frozenset[int] | None = None
        title_m = _TITLE.search(body)
        h1_m = _H1.search(body)
        if h1_m is not None and _DROP_START.search(body, 0, h1_m.start()):
            # the first <h1> may sit in a script: look again in the visible part only
            h1_m = _H1.search(_DROP.sub(b" ", body))
        self.title = self._text(title_m.group(1))[:300] if title_m else ""
        self.heading = self._text(h1_m.group(1))[:300] if h1_m else ""
        self.has_password_field = _PASSWORD.search(body) is not None

    def _text(self, raw: bytes) -> str:
        raw = _TAG.sub(b" ", raw) if b"<" in raw else raw
        if raw.isascii():  # most titles: no charset needed
            text = raw.decode("ascii")
        else:
            if self._encoding is None:
                self._encoding = _encoding(self._body, self._content_type)
            text = raw.decode(self._encoding, errors="replace")
        if "&" in text:
            text = html.unescape(text)
        return " ".join(text.split())

    @property
    def says_not_found(self) -> str | None:
        """The title or main heading when it announces a missing page."""
        for text in (self.title, self.heading):
            if text and NOT_FOUND.search(text):
                return text
        return None

    @property
    def shingles(self) -> frozenset[int]:
        """The visible text's word 3-grams, without what the page echoes of its URL."""
        if self._shingles is None:
            text = self._text(_DROP.sub(b" ", self._body)).lower()
            # a one- or two-letter segment would take every "a" out of the text
            noise = sorted(
                {n.lower() for n in _echoes(self._url) if len(n) >= 3}, key=len, reverse=True
            )
            if noise:
                echoed = "|".join(re.escape(n) for n in noise)
                text = re.sub(rf"(?<!\w)(?:{echoed})(?!\w)", " ", text)
            self._shingles = _shingles(text)
        return self._shingles


def is_html(content_type: str | None) -> bool:
    if not content_type:
        return False
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml")


def _encoding(body: bytes, content_type: str | None) -> str:
    header = (content_type or "").encode("latin-1", "replace")
    match = _CHARSET.search(header) or _CHARSET.search(body[:2048])
    encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        return "utf-8"
    return encoding


def _echoes(url: str) -> tuple[str, ...]:
    """What a "not found" page may echo of its URL: the URL, its path, its last segment."""
    if not url:
        return ()
    path = urlsplit(url).path
    trimmed = path.rstrip("/")
    last = trimmed.rsplit("/", 1)[-1]
    return (url, path, unquote(path), trimmed, unquote(trimmed), last, unquote(last))


def read_page(body: bytes, content_type: str | None, url: str = "") -> Page:
    """The signals of an HTML prefix. What it echoes of its ``url`` (the URL, its path)
    is left out of the fingerprint, since "not found" pages often echo it."""
    return Page(body, content_type, url)


def _shingles(text: str) -> frozenset[int]:
    # every word with a digit counts as the same word: a request id, a nonce, the time or
    # a counter changes on every answer, and on a short page one of them alone would break
    # most of the three-word sequences it sits in
    words = _WORD.findall(_NUMBERISH.sub("0", text))
    if len(words) < _SHINGLE:
        return frozenset()  # no text to compare: an app shell that a script fills in
    return frozenset(hash(tuple(words[i : i + _SHINGLE])) for i in range(len(words) - 2))


def similarity(a: Page, b: Page) -> float:
    """How alike two pages' texts are, 0.0 to 1.0 (Jaccard of word 3-grams, every word with a
    digit taken as one word): robust to the few tokens that change per request (nonces,
    timestamps, counters, the echoed path)."""
    if not a.shingles and not b.shingles:
        return 1.0
    union = len(a.shingles | b.shingles)
    return len(a.shingles & b.shingles) / union if union else 0.0


#: How alike a page must be to the answer for a URL that cannot exist to be that answer.
SAME_PAGE = 0.9


def same_page(a: Page, b: Page) -> bool:
    """Title and text nearly equal: the page is the site's answer for any missing URL.

    Pages with next to no visible text are never the same: a single-page application
    answers every path with one empty shell that its script fills in, so alike says nothing.
    """
    if not a.shingles or not b.shingles:
        return False
    return a.title.strip().lower() == b.title.strip().lower() and similarity(a, b) >= SAME_PAGE
