"""Links from documents: Markdown, HTML and plain text, each link at its line and column."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webcat.errors import UsageError
from webcat.linkhealth.documents import (
    links_in_html,
    links_in_markdown,
    links_in_text,
    read_links,
)

MARKDOWN = """\
# Notes

See [the page](https://example.org/page) and ![img](https://img.example.org/a.png).
Autolink <https://auto.example.org/x> and a bare one: https://bare.example.org/y.
(In brackets https://paren.example.org/z) and `https://code.example.org/` no.

```
https://fenced.example.org/
```

    https://indented.example.org/

[ref]: https://ref.example.org/r
Use [a reference][ref].

<a href="https://inline-html.example.org/">x</a>

Relative [link](../other.md), [anchor](#notes), and the page again: https://example.org/page
"""


def _where(places: dict) -> dict[str, list[tuple[int | None, int | None]]]:  # type: ignore[type-arg]
    return {url: [(u.line, u.column) for u in uses] for url, uses in places.items()}


def test_markdown_links_images_autolinks_and_bare_urls_at_their_lines() -> None:
    found = _where(links_in_markdown(MARKDOWN, "notes.md"))
    assert found == {
        "https://example.org/page": [(3, 16), (18, 69)],
        "https://img.example.org/a.png": [(3, 53)],
        "https://auto.example.org/x": [(4, 11)],
        "https://bare.example.org/y": [(4, 55)],  # the sentence's full stop is not in it
        "https://paren.example.org/z": [(5, 14)],  # nor the closing bracket
        "https://ref.example.org/r": [(13, 8)],  # a reference link, at its definition
        "https://inline-html.example.org/": [(16, 10)],
    }
    # code (inline, fenced, indented) and relative links are not checked, as lychee does


def test_html_href_and_src_and_bare_urls_in_text() -> None:
    html = (
        "<html><body>\n"
        '<a href="https://a.example.org/?x=1&amp;y=2">A</a>\n'
        "<img\n"
        '  src="https://img.example.org/b.png">\n'
        "<p>Text with https://text.example.org/c, and more.</p>\n"
        '<script>var u = "https://script.example.org/";</script>\n'
        '<a href="/relative">r</a> <a href="mailto:a@example.org">m</a>\n'
        "</body></html>\n"
    )
    assert _where(links_in_html(html, "page.html")) == {
        "https://a.example.org/?x=1&y=2": [(2, 1)],  # entity decoded; not found as written
        "https://img.example.org/b.png": [(4, 8)],
        "https://text.example.org/c": [(5, 14)],
        "mailto:a@example.org": [(7, 36)],
    }


def test_plain_text_prose_and_url_lists() -> None:
    text = (
        "# a comment with https://comment.example.org/\n"
        "\n"
        "Read https://a.example.org/page. Then (see https://b.example.org/x).\n"
        "  https://c.example.org/list-entry  \n"
        "https://d.example.org/sentence-end.\n"
        "ftp://e.example.org/file\n"
        "https://f.example.org/a_(b)\n"
        "http://127.0.0.1:99999/bad-port\n"
    )
    assert _where(links_in_text(text, "notes.txt")) == {
        "https://a.example.org/page": [(3, 6)],
        "https://b.example.org/x": [(3, 44)],
        "https://c.example.org/list-entry": [(4, 3)],
        "https://d.example.org/sentence-end": [(5, 1)],
        "ftp://e.example.org/file": [(6, 1)],
        "https://f.example.org/a_(b)": [(7, 1)],  # balanced brackets are part of the URL
        "http://127.0.0.1:99999/bad-port": [(8, 1)],  # kept, for the engine to judge
    }


def test_the_readme_grep_example_keeps_no_full_stop() -> None:
    # grep -o 'https://[^ )]*' notes.md  on "Read https://example.org/page." gives:
    assert list(links_in_text("https://example.org/page.\n", "-")) == ["https://example.org/page"]


@given(
    st.lists(
        st.from_regex(r"https://[a-z]{1,8}\.example\.org/[a-z0-9/_-]{0,12}", fullmatch=True),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["", ".", ",", ")", "!", "?", ";", ":", "'"]),
)
def test_a_list_of_urls_gives_each_url_once_whatever_punctuation_follows(
    urls: list[str], tail: str
) -> None:
    text = "".join(f"{url}{tail}\n" for url in urls)
    found = links_in_text(text, "urls.txt")
    assert list(found) == list(dict.fromkeys(urls))
    assert all(use.line for uses in found.values() for use in uses)


def test_read_links_picks_the_parser_by_suffix_and_reads_stdin_as_text(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_text("`https://code.example.org/` [x](https://x.example.org/)\n", "utf-8")
    assert list(read_links(str(md), io.StringIO())) == ["https://x.example.org/"]
    stdin = io.StringIO("https://s.example.org/\n")
    places = read_links("-", stdin)
    assert [(u.file, u.line) for u in places["https://s.example.org/"]] == [("<stdin>", 1)]


def test_unreadable_documents_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9 https://x.example.org/\n")
    for name, message in (
        ("missing.txt", "no such file"),
        (".", "is a folder"),
        ("latin1.txt", "not valid UTF-8"),
    ):
        with pytest.raises(UsageError, match=message):
            read_links(str(tmp_path / name), io.StringIO())
    with pytest.raises(UsageError, match="not a regular file"):
        read_links("/dev/zero", io.StringIO())


@given(
    st.from_regex(
        r"https?://[a-z0-9]{1,8}(\.[a-z0-9-]{1,8}){0,2}(:[0-9]{1,5})?(/[A-Za-z0-9._~%/=&?+-]{0,15})?",
        fullmatch=True,
    )
)
def test_the_fast_path_for_list_lines_agrees_with_linkify(token: str) -> None:
    """A plain URL line skips linkify (start-up); it must read the line as linkify would."""
    from webcat.linkhealth.documents import _list_entry, bare_urls, new_linkify

    slow = _list_entry(token, list(bare_urls(new_linkify(), token)))
    assert list(links_in_text(token + "\n", "urls.txt")) == [slow]
