"""The HTML page's structure, read with the standard library's parser: self-contained,
accessible markup, Open Graph and JSON-LD; and the fast escaping of the built-in template
gives exactly what Jinja's autoescaping gives."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from test_safety import evil_catalogue

from conftest import SEED
from webcat.catalogue import load_catalogue
from webcat.export import Options, export


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.lang_texts: dict[str, str] = {}
        self._lang: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "span" and a.get("lang"):
            self._lang.append((tag, str(a["lang"])))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._lang:
            self._lang.pop()

    def handle_data(self, data: str) -> None:
        if self._lang:
            self.lang_texts[data] = self._lang[-1][1]


def seed_page() -> str:
    cat, _ = load_catalogue(SEED)
    return export(cat, "html")


def test_one_h1_and_no_skipped_heading_levels() -> None:
    o = Outline()
    o.feed(seed_page())
    assert o.headings.count(1) == 1 and o.headings[0] == 1
    for before, after in zip(o.headings, o.headings[1:], strict=False):
        assert after <= before + 1, o.headings


def test_landmarks_language_and_self_containment() -> None:
    page = seed_page()
    o = Outline()
    o.feed(page)
    tags = [t for t, _ in o.tags]
    for landmark in ("header", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    assert tags.count("nav") == 0  # four webinars need no table of contents
    assert ("html", {"lang": "nb"}) in o.tags
    assert o.lang_texts["Samskabelse Telemark JT"] == "da"
    assert o.lang_texts["Opptak av foredraga i dette webinaret"] == "nn"
    # Nothing is fetched: no src attributes, no stylesheets or scripts from elsewhere.
    for tag, attrs in o.tags:
        assert "src" not in attrs, tag
        assert not (tag == "link" and attrs.get("rel") == "stylesheet")
    csp = next(a["content"] for t, a in o.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp
    assert "prefers-color-scheme: dark" in page and "@media print" in page
    assert 'aria-live="polite"' in page and "<form" in page and "hidden" in page


def test_resource_links_say_what_they_are() -> None:
    page = seed_page()
    assert '<span class="kind">Lysark (PowerPoint)</span>' in page
    assert '<span class="kind">Opptak</span>' in page
    # The seed has no header image, so no credit for one; editors' notes are never shown.
    assert "Bildekreditering" not in page
    assert "seriens side" not in page and "Lenken på" not in page
    assert "Den samskapende kommune" in page and "Nordre Follo kommune" in page


def test_open_graph_and_jsonld() -> None:
    o = Outline()
    o.feed(seed_page())
    og = {a["property"]: a["content"] for t, a in o.tags if t == "meta" and a.get("property")}
    assert og["og:title"] == "Telemarksforsking – webinarer"
    assert og["og:url"] == "https://www.telemarksforsking.no/webinar-serie-om-samskaping/"
    assert og["og:locale"] == "nb_NO"
    page = seed_page()
    start = page.index('<script type="application/ld+json">') + 35
    data = json.loads(page[start : page.index("</script>", start)])
    assert {n["@type"] for n in data["@graph"]} >= {
        "EventSeries",
        "EducationEvent",
        "ResearchProject",
    }


def test_fast_escaping_equals_autoescaping() -> None:
    """The built-in template through the escaping finalizer and through autoescape agree."""
    from webcat.export import documents

    source = documents._resource("page.html.j2")
    cat, _ = load_catalogue(SEED)
    for catalogue in (cat, evil_catalogue()):
        fast = export(catalogue, "html")
        auto = export(catalogue, "html", options=Options(template=source))

        # markupsafe writes " and ' as &#34; and &#39;, html.escape as &quot; and &#x27;.
        def same(page: str) -> str:
            return page.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")

        assert same(fast) == same(auto)
