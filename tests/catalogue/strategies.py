"""Hypothesis strategies for catalogue text: Unicode that trips line- and quote-handling."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from webcat.catalogue.tomlwrite import render_key, render_value

INT_MIN, INT_MAX = -(2**63), 2**63 - 1

# Characters and pieces that Python, editors or a careless lexer treat specially.
TRICKY = [
    "\u2028", "\u2029", "\x85", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x7f", "\t", "\r", "\n",
    "\r\n", '"', "'", '"""', "'''", '\\', "\\n", "#", "[x.y]", "\n[x.y]\n", "\n[webinars.w]",
    "\u200f", "\u202e", "\u2066", "e\u0301", "\U0001f600", "æøå", "=", "\ufeff", "\x00",
]  # fmt: skip

_chars = st.characters(exclude_categories=["Cs"])  # anything but lone surrogates
text = st.lists(st.one_of(st.text(_chars, max_size=8), st.sampled_from(TRICKY)), max_size=6).map(
    "".join
)
ints = st.one_of(st.integers(INT_MIN, INT_MAX), st.sampled_from([INT_MIN, INT_MAX, 0, -1]))
offsets = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
scalars: st.SearchStrategy[Any] = st.one_of(
    text,
    ints,
    st.booleans(),
    st.floats(allow_nan=False),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.datetimes(timezones=offsets),
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)


# Content safe inside a multi-line basic string (no backslash, no double quote) and inside a
# multi-line literal string (no single quote): lines that look like headers and comments.
_ml_piece = st.sampled_from(
    [
        "\n",
        "\n[webinars.x]\n",
        "[series.s]",
        "\n# not a comment\n",
        "\u2028",
        "\x85",
        "æ",
        " ",
        "=",
        "#",
    ]
)
ml_basic_body = st.lists(st.one_of(_ml_piece, st.just("'''")), max_size=6).map("".join)
ml_literal_body = st.lists(st.one_of(_ml_piece, st.just('"""')), max_size=6).map("".join)

value_text = st.one_of(
    text.map(render_value),
    ml_basic_body.map(lambda s: f'"""{s}"""'),
    ml_literal_body.map(lambda s: f"'''{s}'''"),
    st.integers(0, 9).map(str),
    st.just('["a", """b\n[c.d]\n""", \'\'\'e\'\'\']'),
)
comment = st.sampled_from(  # full-line comments, some with what looks like quotes or headers
    ["# note", "  # indented ''' note", "# [webinars.fake]", "#\u2028x"]
)
ids = st.sampled_from(["w1", "w-2", "æ", "a.b", "x y", "3"])
header_style = st.sampled_from(["{t}.{i}", " {t} . {i} ", '"{t}".{i}'])


@st.composite
def catalogues(draw: st.DrawFn) -> tuple[str, set[tuple[str, str]]]:
    lines = ['title = "T"', ""]
    if draw(st.booleans()):
        lines += ["[check]", "timeout = 5", f"note = {draw(value_text)}", ""]
    entries: set[tuple[str, str]] = set()
    for _ in range(draw(st.integers(1, 5))):
        table = draw(st.sampled_from(["series", "webinars", "people"]))
        id = draw(ids)
        if (table, id) in entries:
            continue
        entries.add((table, id))
        lines += draw(st.lists(comment, max_size=2))
        style = draw(header_style)
        lines.append(
            "["
            + style.format(t=table, i=render_key(id))
            + "]"
            + draw(st.sampled_from(["", "  # c"]))
        )
        for n in range(draw(st.integers(0, 3))):
            if draw(st.booleans()):
                lines.append(draw(comment))
            lines.append(f"k{n} = {draw(value_text)}")
        if draw(st.booleans()):
            lines += [f"[{table}.{render_key(id)}.sub]", f"x = {draw(value_text)}"]
        lines += draw(st.lists(st.sampled_from(["", "# trailing"]), max_size=2))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline, entries
