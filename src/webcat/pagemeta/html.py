"""The metadata an HTML page carries in its markup: ``<title>``, ``<html lang>``, ``<meta>``,
the oEmbed discovery link and schema.org JSON-LD.

The standard library's tolerant parser is enough: pages are read for a handful of tags, and
broken markup (the normal case on the web) must never stop the reading, only leave a fact
unknown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

#: ``<meta>`` keys worth keeping (OpenGraph and its article/video extensions, the plain
#: description, Twitter's cards as a last resort).
_META_PREFIXES = ("og:", "article:", "video:", "twitter:")
_META_NAMES = frozenset({"description", "title", "author", "dc.title", "dc.date", "dc.language"})
_OEMBED_TYPES = frozenset({"application/json+oembed", "text/json+oembed"})


@dataclass(slots=True)
class HtmlMeta:
    """Facts read from one HTML page, each as the page wrote it."""

    title: str | None = None
    lang: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    oembed_url: str | None = None
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    has_password_field: bool = False


class _Reader(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.found = HtmlMeta()
        self._in_title = False
        self._title: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang") and self.found.lang is None:
            self.found.lang = a["lang"].strip()
        elif tag == "title" and self.found.title is None:
            self._in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            content = a.get("content")
            if key and content is not None and (
                key.startswith(_META_PREFIXES) or key in _META_NAMES
            ):
                self.found.meta.setdefault(key, content.strip())
        elif tag == "link":
            rels = a.get("rel", "").lower().split()
            is_oembed = "alternate" in rels and a.get("type", "").lower() in _OEMBED_TYPES
            if is_oembed and a.get("href") and self.found.oembed_url is None:
                self.found.oembed_url = urljoin(self.base_url, a["href"].strip())
        elif tag == "script" and a.get("type", "").strip().lower() == "application/ld+json":
            self._script = []
        elif tag == "input" and a.get("type", "").lower() == "password":
            self.found.has_password_field = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            text = " ".join("".join(self._title).split())
            self.found.title = text or None
        elif tag == "script" and self._script is not None:
            self.found.jsonld.extend(_json_nodes("".join(self._script)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif self._script is not None:
            self._script.append(data)


def _json_nodes(text: str) -> list[dict[str, Any]]:
    """Every object in a JSON-LD block, ``@graph`` and top-level lists flattened."""
    text = text.strip()
    for wrapper in (("<!--", "-->"), ("<![CDATA[", "]]>")):
        if text.startswith(wrapper[0]) and text.endswith(wrapper[1]):
            text = text[len(wrapper[0]) : -len(wrapper[1])].strip()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    nodes: list[dict[str, Any]] = []
    stack = [data]
    while stack and len(nodes) < 200:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)
            if "@type" in item:
                nodes.append(item)
    return nodes


def read_html(text: str, base_url: str) -> HtmlMeta:
    """Read the metadata of an HTML document; never raises on bad markup."""
    reader = _Reader(base_url)
    try:
        reader.feed(text)
        reader.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken declarations
        pass
    if reader._in_title and reader.found.title is None:
        reader.found.title = " ".join("".join(reader._title).split()) or None
    return reader.found
