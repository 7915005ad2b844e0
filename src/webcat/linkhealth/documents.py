"""Links in documents, for ``webcat check FILE``: Markdown, HTML, or plain text (a list of URLs
one a line is plain text too), each link with the line and column it is written at.

Extraction follows lychee's rules, with maintained parsers rather than a regex: Markdown
links, images and autolinks through markdown-it-py (so code blocks and inline code are left
alone and reference links resolve), ``href`` and ``src`` attributes of HTML, and bare URLs in
prose through linkify-it-py, which trims trailing punctuation and unbalanced brackets (the
full stop of a sentence is not part of its link). Only absolute links with a scheme are
taken: a relative link has no meaning without the site it is published on.

In plain text, a line starting with ``#`` is a comment, as in a list of URLs; a line holding
a single token with ``://`` that linkify does not take whole is taken as it is, so a list of
URLs keeps every line and the engine can say what is wrong with it. The parsers are imported
only here, when a document is checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from webcat.errors import UsageError
from webcat.linkhealth.reports import STDIN, Use

if TYPE_CHECKING:
    from linkify_it import LinkifyIt

#: The largest document read: a link list or a page, not a disk image.
MAX_BYTES = 64 * 1024 * 1024
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Content written into the page (an inline image, a script), not an address to check.
_NOT_A_LINK = re.compile(r"^\s*(?:data|javascript):", re.IGNORECASE)
_TOKEN_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
#: A URL that linkify would take whole: http(s), a plain host, a path of plain characters,
#: ending in neither punctuation nor a bracket.
_PLAIN_URL = re.compile(
    r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~%/=&?+-]*[A-Za-z0-9_~/=&+-])?/?$"
)


class Links:
    """Distinct links in order of first appearance, each with every place it is written."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.places: dict[str, list[Use]] = {}

    def add(self, url: str, line: int, column: int | None = None) -> None:
        url = url.strip()
        if not url or not _SCHEME.match(url) or _NOT_A_LINK.match(url):
            return
        use = Use(entity="", field="", file=self.file, line=line, column=column)
        found = self.places.setdefault(url, [])
        if use not in found:
            found.append(use)


def _lines(text: str) -> list[str]:
    """Lines as editors and markdown-it count them: cut at LF, CRLF or CR only (U+2028 and
    friends are text, as in the catalogue)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_links(source: str, stdin: TextIO) -> dict[str, list[Use]]:
    """The links in the file ``source`` (``-``: stdin, read as plain text), with places."""
    if source == "-":
        text = stdin.read(MAX_BYTES + 1)
        if len(text) > MAX_BYTES:
            raise UsageError(f"stdin: more than {MAX_BYTES // 1048576} MiB of text")
        return links_in_text(text, STDIN)
    from webcat.files import read_input

    text = read_input(source, "a document or a list of URLs", stdin=False).removeprefix("\ufeff")
    suffix = Path(source).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return links_in_markdown(text, source)
    if suffix in HTML_SUFFIXES:
        return links_in_html(text, source)
    return links_in_text(text, source)


def new_linkify() -> LinkifyIt:
    from linkify_it import LinkifyIt

    # Links with a scheme only: "example.org" in prose is not a link to check.
    return LinkifyIt(options={"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})


#: Characters that end a sentence rather than a bare URL (linkify keeps a colon after "/"),
#: and the quotes and ellipsis of prose, which linkify keeps too: Norwegian quotes with
#: «guillemets», English with “curly quotes” (a URL would have them percent-encoded).
_TRAILING = ".,:;!?\u00ab\u00bb\u201c\u201d\u201e\u2018\u2019\u201a\u2039\u203a\u2026"


def bare_urls(linkify: LinkifyIt, text: str) -> Iterable[tuple[str, int]]:
    """(url, offset) of each bare URL in ``text``."""
    if not linkify.test(text):
        return []
    return [(m.url.rstrip(_TRAILING), m.index) for m in linkify.match(text) or []]


def links_in_text(text: str, file: str) -> dict[str, list[Use]]:
    """Bare URLs in prose, or one URL a line; ``#`` lines are comments."""
    linkify: LinkifyIt | None = None
    links = Links(file)
    for number, line in enumerate(_lines(text), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or ":" not in stripped:
            continue
        if _PLAIN_URL.match(stripped):
            # The common line of a list: nothing for linkify to trim (and no regex to compile).
            links.add(stripped, number, line.index(stripped) + 1)
            continue
        linkify = linkify or new_linkify()
        found = list(bare_urls(linkify, line))
        if _TOKEN_URL.match(stripped):
            found = [(_list_entry(stripped, found), line.index(stripped))]
        for url, offset in found:
            links.add(url, number, offset + 1)
    return links.places


def _list_entry(token: str, found: list[tuple[str, int]]) -> str:
    """The URL of a line that is one token: linkify's reading when it only trimmed a
    sentence's trailing punctuation, else the token as written (the engine will say what is
    wrong with it rather than the link being dropped)."""
    if len(found) == 1:
        url = found[0][0]
        rest = token[len(url) :] if token.startswith(url) else None
        if rest is not None and all(c in _TRAILING or c in "'\")]}>" for c in rest):
            return url
    return token


def links_in_markdown(text: str, file: str) -> dict[str, list[Use]]:
    """Links, images and autolinks (and bare URLs) of CommonMark, outside code."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")
    md.linkify = new_linkify()
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]  # report it as written
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    lines = _lines(text)
    links = Links(file)
    finder = _Finder(lines)
    for token in md.parse(text):
        if token.map is None:
            continue
        start, end = token.map
        if token.type in ("html_block",):
            _html_into(token.content, links, start)
            continue
        if token.type != "inline":
            continue
        finder.block(start, end)
        for child in token.children or []:
            url: Any = None
            if child.type == "link_open":
                url = child.attrGet("href")
                if child.markup == "linkify" and isinstance(url, str):
                    url = url.rstrip(_TRAILING)
            elif child.type == "image":
                url = child.attrGet("src")
            elif child.type == "html_inline":
                line, _ = finder.find(child.content)
                _html_into(child.content, links, line - 1)
                continue
            if isinstance(url, str) and url:
                line, column = finder.find(url)
                links.add(url, line, column)
    return links.places


class _Finder:
    """Where a link of a Markdown block is written: the next place its text appears in the
    block's lines (so the same URL twice gets two lines), else anywhere in the document
    (a reference definition), else the block's first line."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.start = self.end = 0
        self.cursor = (0, 0)

    def block(self, start: int, end: int) -> None:
        self.start, self.end = start, end
        self.cursor = (start, 0)

    def find(self, needle: str) -> tuple[int, int | None]:
        row, col = self.cursor
        for number in range(row, self.end):
            at = self.lines[number].find(needle, col if number == row else 0)
            if at >= 0:
                self.cursor = (number, at + len(needle))
                return number + 1, at + 1
        for number, line in enumerate(self.lines):
            at = line.find(needle)
            if at >= 0:
                return number + 1, at + 1
        return self.start + 1, None


def links_in_html(text: str, file: str) -> dict[str, list[Use]]:
    """``href`` and ``src`` attributes, and bare URLs in the text outside scripts and code."""
    links = Links(file)
    _html_into(text, links, 0)
    return links.places


def _html_into(text: str, links: Links, first_line: int) -> None:
    from webcat.linkhealth.html_links import LinkParser

    parser = LinkParser(links, first_line)
    parser.feed(text)
    parser.close()
