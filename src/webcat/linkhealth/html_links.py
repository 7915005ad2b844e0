"""The HTML side of :mod:`webcat.linkhealth.documents`: ``href`` and ``src`` attributes and
bare URLs in text (outside scripts, styles and code), each at its line and column. A module
of its own so that html.parser is imported only when HTML is read."""

from __future__ import annotations

from html.parser import HTMLParser

from webcat.linkhealth.documents import Links, bare_urls, new_linkify


class LinkParser(HTMLParser):
    _ATTRIBUTES = frozenset({"href", "src"})
    _NO_TEXT = frozenset({"script", "style", "code", "pre", "textarea"})

    def __init__(self, links: Links, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.links = links
        self.first_line = first_line
        self.linkify = new_linkify()
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._NO_TEXT:
            self.skipping += 1
        line, column = self.getpos()
        raw = self.get_starttag_text() or ""
        for name, value in attrs:
            if name in self._ATTRIBUTES and value:
                at = raw.find(value)  # not found when the value held an entity
                if at < 0:
                    self.links.add(value, self.first_line + line, column + 1)
                    continue
                extra = raw.count("\n", 0, at)
                col = at - raw.rfind("\n", 0, at) if extra else column + at + 1
                self.links.add(value, self.first_line + line + extra, col)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._NO_TEXT:
            self.skipping -= 1  # balanced by handle_starttag below
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._NO_TEXT and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        line, column = self.getpos()
        for url, offset in bare_urls(self.linkify, data):
            before = data[:offset]
            extra = before.count("\n")
            col = offset - before.rfind("\n") if extra else column + offset + 1
            self.links.add(url, self.first_line + line + extra, col)
