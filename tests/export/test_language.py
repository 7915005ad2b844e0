"""--lang chooses the language of the text (falling back per field to the catalogue's, each
piece marked with the language it is really in), --in-language filters, and the page's
words, dates and <html lang> follow (issue 10). Markdown escapes only where Markdown would
misread."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import SEED, Invoke
from webcat.export.documents import md_escape, md_inline

MIXED = """
[series.s]
title = "Serie"
published = 2022-03-22

[webinars.w]
series = "s"
date = 2022-03-22T10:00:00+01:00
title = { nb = "Samskaping", en = "Co-creation" }
topic = { da = "Samskabelse", nb = "Samskaping i kommunen" }
description = "Bare på bokmål."
"""


class LangOf(HTMLParser):
    """The text of each element with the ``lang`` in effect there."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        inherited = self.stack[-1][1] if self.stack else None
        if tag not in ("meta", "link", "input", "br", "img"):
            self.stack.append((tag, dict(attrs).get("lang", inherited)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        # <title> cannot hold markup; the page's lang is all it can have.
        if data.strip() and self.stack and self.stack[-1][0] != "title":
            self.found.append((data.strip(), self.stack[-1][1]))

    def lang_of(self, text: str) -> str | None:
        langs = {lang for t, lang in self.found if t == text}
        assert len(langs) == 1, (text, langs)
        return langs.pop()


def _page(invoke: Invoke, *args: str) -> tuple[str, LangOf]:
    result = invoke("export", "html", *args)
    assert result.exit_code == 0, result.stderr
    parser = LangOf()
    parser.feed(result.stdout)
    return result.stdout, parser


def test_lang_en_on_the_norwegian_seed_is_a_full_english_page(invoke: Invoke) -> None:
    page, p = _page(invoke, "--lang", "en", "-c", str(SEED))
    assert '<html lang="en">' in page
    assert "Skip to content" in page and "Speakers" in page and "Foredragsholdere" not in page
    assert "4 webinars" in page  # nothing filtered away (it used to give an empty page)
    assert "March 22, 2022" in page
    # The catalogue has no English text: each piece is Bokmål and says so.
    assert p.lang_of("Telemarksforsking – webinarer") == "nb"
    h3 = re.findall(r"<h3>(.*?)</h3>", page)
    webinars = [h for h in h3 if "Inspirasjonsforedrag" in h]  # names have no language
    assert len(webinars) == 4 and all(h.startswith('<span lang="nb">') for h in webinars)


def test_each_field_falls_back_to_the_catalogue_language(invoke: Invoke, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = str(write_catalogue(MIXED))
    _, p = _page(invoke, "--lang", "en", "-c", path)
    assert p.lang_of("Co-creation") == "en"
    # No English topic: the catalogue's Bokmål, not the Danish listed first.
    assert p.lang_of("Samskaping i kommunen") == "nb"
    assert p.lang_of("Bare på bokmål.") == "nb"
    _, p = _page(invoke, "-c", path)
    assert p.lang_of("Samskaping") == "nb" and p.lang_of("Samskaping i kommunen") == "nb"
    _, p = _page(invoke, "--lang", "da", "-c", path)  # no Danish words: an English page
    assert p.lang_of("Samskabelse") == "da" and p.lang_of("Samskaping") == "nb"
    assert p.lang_of("Skip to content") == "en"


def test_calendar_marks_the_language_each_text_is_in(invoke: Invoke, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = str(write_catalogue(MIXED))
    out = invoke("export", "ics", "--lang", "en", "-c", path).stdout_bytes
    (event,) = icalendar.Calendar.from_ical(out).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Co-creation"
    assert event["SUMMARY"].params["LANGUAGE"] == "en"
    assert str(event["DESCRIPTION"]).startswith("Samskaping i kommunen")
    assert event["DESCRIPTION"].params["LANGUAGE"] == "nb"


def test_csv_takes_lang_per_field(invoke: Invoke, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = str(write_catalogue(MIXED))
    out = invoke("export", "csv", "--lang", "en", "-c", path).stdout
    assert ",Co-creation,Samskaping i kommunen," in out


def test_in_language_filters_and_lang_does_not(invoke: Invoke, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = str(write_catalogue(MIXED))
    ids = ["list", "-f", "ids", "-c", path]
    assert invoke(*ids, "--lang", "fr").stdout == "w\n"
    assert invoke(*ids, "--in-language", "en").stdout == "w\n"
    assert invoke(*ids, "--in-language", "fr").stdout == ""
    result = invoke("export", "html", "--in-language", "fr", "-c", path)
    assert result.exit_code == 1 and "no webinar matches" in result.stderr


def test_a_bad_language_tag_is_a_usage_error(invoke: Invoke) -> None:
    for args in (
        ["list", "--lang", '"><x'],
        ["export", "html", "--lang", "e n"],
        ["list", "--in-language", "1"],
    ):
        result = invoke(*args, "-c", str(SEED))
        assert result.exit_code == 2 and "is not a language tag" in result.stderr, args


# -- Markdown -------------------------------------------------------------------------------


def test_markdown_dates_and_numbers_read_as_written(invoke: Invoke) -> None:
    md = invoke("export", "markdown", "-c", str(SEED)).stdout
    assert "- **Publisert:** 22. mars 2022" in md
    assert "### 1. Inspirasjonsforedrag" in md
    assert "\\." not in md


def _inline_text(source: str) -> str | None:
    """The text of the only paragraph or list item in ``source``, None if it is not one."""
    tokens = MarkdownIt("commonmark").parse(source)
    inlines = [t for t in tokens if t.type == "inline"]
    if len(inlines) != 1:
        return None
    children = inlines[0].children or []
    if any(c.type not in ("text", "strong_open", "strong_close") for c in children):
        return None
    return "".join(c.content for c in children)


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=30
).filter(lambda s: s.strip())


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_md_inline_after_a_label_renders_as_the_text(text: str) -> None:
    assert _inline_text("- **Dato:** " + md_inline(text)) == "Dato: " + " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_md_escape_at_a_line_start_renders_as_the_text(text: str) -> None:
    assert _inline_text(md_escape(text)) == " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_md_inline_in_a_heading_renders_as_the_text(text: str) -> None:
    tokens = MarkdownIt("commonmark").parse("### 3. " + md_inline(text))
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"]
    children = tokens[1].children or []
    assert "".join(c.content for c in children) == "3. " + " ".join(text.split())
