"""Catalogue text is untrusted in every export: markup stays text, dangerous URL schemes never
become links, and the output is the same bytes on every run. The outputs are parsed back
with real parsers (html.parser, markdown-it, csv, icalendar, ElementTree)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
from markdown_it import MarkdownIt

from conftest import SEED
from webcat.catalogue.model import (
    Catalogue,
    Organisation,
    Person,
    Project,
    Resource,
    Series,
    Tag,
    Text,
    Webinar,
)
from webcat.catalogue.query import Filters
from webcat.export import FORMATS, Options, export

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    "data:text/html,<script>alert(3)</script>",
    "vbscript:msgbox(4)",
    "file:///etc/passwd",
    " javascript:alert(5)",
    "java\tscript:alert(6)",
]
BAD_SCHEMES = ("javascript", "data", "vbscript", "file", "java")
TRICKY_URL = "https://example.no/a_(b)/[c]?q=x&amp;y=1"


def evil_catalogue() -> Catalogue:
    """Built in code, so none of the validator's checks has run on it."""
    cat = Catalogue(language="nb", title=Text(SCRIPT))
    cat.organisations["o"] = Organisation(id="o", name=Text(IMG), url=BAD_URLS[0])
    cat.projects["p"] = Project(
        id="p", title=Text(SCRIPT), url=BAD_URLS[1], lead="o", partners=["o"]
    )
    cat.series["s"] = Series(
        id="s",
        title=Text(IMG),
        description=Text("*fet* [lenke](javascript:x) <b>b</b>"),
        url=BAD_URLS[2],
        organiser="o",
        project="p",
        image_credit=Text(SCRIPT),
        tags=["t"],
        published=date(2024, 1, 1),
    )
    cat.people["x"] = Person(
        id="x", name=SCRIPT, url=BAD_URLS[3], bio=Text("{{ liquid }} {{< hugo >}}")
    )
    cat.tags["t"] = Tag(id="t", title=Text(IMG))
    cat.webinars["w"] = Webinar(
        id="w",
        series="s",
        title=Text(SCRIPT),
        topic=Text(IMG),
        description=Text("# not a heading\n\n- not a list\n<!-- x --> &amp; ]] ))"),
        date=datetime(2024, 2, 1, 10, tzinfo=timezone(timedelta(hours=1))),
        url=BAD_URLS[4],
        speakers=["x"],
        tags=["t"],
    )
    for i, url in enumerate(BAD_URLS[5:]):
        cat.resources[f"r{i}"] = Resource(
            id=f"r{i}", kind="slides", title=Text(IMG), url=url, webinar="w"
        )
    cat.resources["good"] = Resource(
        id="good",
        kind="document",
        title=Text("Rapport [2024] (utkast) med mellomrom"),
        url=TRICKY_URL,
        webinar="w",
        format="PDF",
    )
    return cat


def render(fmt: str, **kw: str) -> str:
    return export(evil_catalogue(), fmt, Filters(), Options(**kw))  # type: ignore[arg-type]


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in == "script" else self.text).append(data)


def _is_bad(url: str | None) -> bool:
    u = (url or "").strip().lower().replace("\t", "")
    return any(u.startswith(s + ":") or (u.startswith(s) and ":" in u[:12]) for s in BAD_SCHEMES)


def test_html_shows_markup_as_text_and_links_only_safe_urls() -> None:
    page = render("html")
    p = Collect()
    p.feed(page)
    names = [t for t, _ in p.tags]
    assert "img" not in names
    assert names.count("script") == 2  # the JSON-LD and the page's own script
    text = "".join(p.text)
    assert SCRIPT in text and IMG in text
    for tag, attrs in p.tags:
        for name in ("href", "src", "action", "formaction", "content"):
            if name in attrs:
                assert not _is_bad(attrs[name]), (tag, attrs)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    links = [a["href"] for t, a in p.tags if t == "a"]
    assert all(h and (h.startswith(("https://", "http://", "mailto:", "#"))) for h in links)
    assert TRICKY_URL.replace("&", "&amp;") in page  # escaped in the attribute...
    assert TRICKY_URL in links  # ...and exactly the URL once parsed
    for bad in BAD_URLS:
        assert bad not in links


def test_html_jsonld_is_escaped_and_parses() -> None:
    page = render("html")
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    body = page[start : page.index("</script>", start)]
    assert "<" not in body and ">" not in body and "&" not in body
    data = json.loads(body)
    names = [n.get("name") for n in data["@graph"]]
    assert SCRIPT in names
    assert not _any_bad_url(data)


def _any_bad_url(data: object) -> bool:
    if isinstance(data, dict):
        return any(_any_bad_url(v) or (isinstance(v, str) and _is_bad(v)) for v in data.values())
    if isinstance(data, list):
        return any(_any_bad_url(v) or (isinstance(v, str) and _is_bad(v)) for v in data)
    return False


def test_markdown_renders_text_literally_and_links_only_safe_urls() -> None:
    text = render("markdown")
    md = MarkdownIt("commonmark")
    tokens = md.parse(text)
    html_tokens = [t for t in tokens if t.type == "html_block"]
    # The only raw HTML is our own anchors.
    assert all(t.content.startswith("<a id=") for t in html_tokens), html_tokens
    inline_html = [
        c for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "html_inline"
    ]
    assert all(c.content.startswith(("<a id=", "</a>")) for c in inline_html)
    links = [
        c for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "link_open"
    ]
    hrefs = [str(c.attrs["href"]) for c in links]
    assert not any(_is_bad(h) for h in hrefs)
    rendered = md.render(text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "# not a heading - not a list &lt;!-- x --&gt; &amp;amp; ]] ))" in rendered
    assert "{{ liquid }} {{&lt; hugo &gt;}}" in rendered
    assert "*fet* [lenke](javascript:x) &lt;b&gt;b&lt;/b&gt;" in rendered
    # The tricky URL gives exactly one link, to exactly that address.
    from urllib.parse import unquote

    tricky = [h for h in hrefs if "example.no" in h]
    assert len(tricky) == 1 and unquote(tricky[0]) == TRICKY_URL
    assert "Rapport [2024] (utkast) med mellomrom" in rendered


def test_markdown_destination_with_spaces_and_brackets() -> None:
    from webcat.export.documents import md_url

    md = MarkdownIt("commonmark")
    for url in ("https://x.no/a b/(c)", "https://x.no/<d>/e)", "https://x.no/f\\g"):
        tokens = md.parseInline(f"[t]({md_url(url)})")[0].children or []
        links = [c for c in tokens if c.type == "link_open"]
        assert len(links) == 1, url
        from urllib.parse import unquote

        assert unquote(str(links[0].attrs["href"])) == url


def test_ics_atom_csv_json_never_carry_bad_urls() -> None:
    cal = icalendar.Calendar.from_ical(render("ics"))
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == SCRIPT
    assert "URL" not in event
    attach = event.get("ATTACH")
    attach = attach if isinstance(attach, list) else [attach]
    assert [str(a) for a in attach] == [TRICKY_URL]
    feed = ET.fromstring(render("atom"))
    hrefs = [el.get("href") for el in feed.iter() if el.get("href") is not None]
    assert hrefs and not any(_is_bad(h) for h in hrefs)
    assert any(el.text == SCRIPT for el in feed.iter())
    rows = list(csv.reader(io.StringIO(render("csv", per="resource"), newline="")))
    assert not any(_is_bad(cell) for row in rows for cell in row)
    assert not _any_bad_url(json.loads(render("json")))
    assert not _any_bad_url(json.loads(render("jsonld")))


def test_csv_neutralises_formulas() -> None:
    cat = evil_catalogue()
    cat.webinars["w"].title = Text('=HYPERLINK("https://evil")')
    cat.webinars["w"].topic = Text("+1")
    cat.webinars["w"].description = Text("@SUM(A1)")
    rows = list(csv.DictReader(io.StringIO(export(cat, "csv"), newline="")))
    assert rows[0]["title"] == '\'=HYPERLINK("https://evil")'
    assert rows[0]["topic"] == "'+1" and rows[0]["description"] == "'@SUM(A1)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_identical_across_runs_and_environments(fmt: str, tmp_path: Path) -> None:
    """Separate processes with other time zones, locales, hash seeds and SOURCE_DATE_EPOCH."""
    outs = []
    for i, env in enumerate(
        [
            {"TZ": "UTC", "PYTHONHASHSEED": "1", "LC_ALL": "C.UTF-8"},
            {
                "TZ": "Pacific/Kiritimati",
                "PYTHONHASHSEED": "2",
                "LC_ALL": "C",
                "SOURCE_DATE_EPOCH": "1700000000",
            },
        ]
    ):
        target = tmp_path / f"{i}.out"
        subprocess.run(
            [sys.executable, "-m", "webcat", "export", fmt, "-c", str(SEED), "-o", str(target)],
            check=True,
            env={**os.environ, **env},
        )
        outs.append(target.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0] == export_seed(fmt).encode("utf-8")


def export_seed(fmt: str) -> str:
    from webcat.catalogue import load_catalogue

    cat, _ = load_catalogue(SEED)
    return export(cat, fmt)


def test_nothing_reads_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """No clock call in the exporters' source, and exports do not change when time.time and
    time.time_ns would fail (the subprocess test above varies the zone and the epoch)."""
    import re
    import time

    import webcat.export

    root = Path(webcat.export.__file__).parent
    clock = re.compile(r"\.now\(|\.utcnow\(|\.today\(|time\.time|time_ns|localtime|gmtime")
    templates = [p for p in (root.parent / "templates").rglob("*") if p.is_file()]
    for path in [*root.rglob("*.py"), *templates]:
        assert not clock.search(path.read_text("utf-8")), path

    before = {fmt: export_seed(fmt) for fmt in FORMATS}

    def boom(*_: object) -> float:
        raise AssertionError("the clock was read")

    monkeypatch.setattr(time, "time", boom)
    monkeypatch.setattr(time, "time_ns", boom)
    assert {fmt: export_seed(fmt) for fmt in FORMATS} == before


def test_source_date_epoch_only_for_catalogues_without_dates() -> None:
    cat = Catalogue(language="nb")
    cat.series["s"] = Series(id="s", title=Text("S"))
    cat.webinars["w"] = Webinar(id="w", series="s", title=Text("W"))
    feed = export(cat, "atom", options=Options(source_date_epoch=1700000000))
    assert "<updated>2023-11-14T22:13:20Z</updated>" in feed
    assert "<updated>1970-01-01T00:00:00Z</updated>" in export(cat, "atom")
