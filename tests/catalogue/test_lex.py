"""TOML's lexical rules: LF or CRLF ends a line, nothing else; strings hide what they hold."""

from __future__ import annotations

import pytest

from webcat.catalogue.lex import (
    BASIC,
    CODE,
    COMMENT,
    LITERAL,
    ML_BASIC,
    ML_LITERAL,
    Header,
    context_at,
    header_at,
    inline_table_fault,
    iter_lines,
    line_column,
    multiline_string_spans,
    split_key_path,
    split_lines_keepends,
)


def test_lines_end_at_lf_and_crlf_only() -> None:
    text = 'a = "x\u2028y\u2029z\x85\v\f\x1c"\r\nb = 1\n\nc = 2'
    assert list(iter_lines(text)) == [
        (0, 'a = "x\u2028y\u2029z\x85\v\f\x1c"'),
        (text.index("b"), "b = 1"),
        (text.index("\n\n") + 1, ""),
        (text.index("c"), "c = 2"),
    ]
    assert split_lines_keepends(text) == [
        'a = "x\u2028y\u2029z\x85\v\f\x1c"\r\n',
        "b = 1\n",
        "\n",
        "c = 2",
    ]
    assert "".join(split_lines_keepends(text)) == text


def test_line_and_column_count_characters_as_editors_do() -> None:
    text = 'a = "æ\u2028ø"\r\nb = "å"\n'
    assert line_column(text, text.index("ø")) == (1, 8)
    assert line_column(text, text.index("b")) == (2, 1)
    assert line_column(text, text.index("å")) == (2, 6)


@pytest.mark.parametrize(
    ("dotted", "path"),
    [
        ("webinars.w1", ("webinars", "w1")),
        ('webinars . "a.b"', ("webinars", "a.b")),
        ("'lit\\eral'.x", ("lit\\eral", "x")),
        (r'"\u00e5\U0001F600\t\"q"', ('å\U0001f600\t"q',)),
    ],
)
def test_key_paths_are_unquoted_as_toml_does(dotted: str, path: tuple[str, ...]) -> None:
    assert split_key_path(dotted) == path


def test_header_lines() -> None:
    text = '[webinars.w1]  # note\r\n[[check.x]]\n[a.b]] \n["q.r" . s]\n'
    assert header_at(text, 0) == Header(("webinars", "w1"), 0, text.index("[["), False)
    at = text.index("[[")
    assert header_at(text, at) == Header(("check", "x"), at, text.index("[a"), True)
    assert header_at(text, text.index("[a")) is None  # brackets that do not pair
    at = text.index('["q')
    assert header_at(text, at) == Header(("q.r", "s"), at, len(text), False)


def _strings(text: str) -> list[str]:
    return [text[a:b] for a, b in multiline_string_spans(text)]


def test_multi_line_strings_are_found_with_their_closing_quotes() -> None:
    text = 'a = """x\n[b.c]\n"""\nd = \'\'\'y\n\'\'\'\'\'\ne = """\\""""""\n'
    assert _strings(text) == ['"""x\n[b.c]\n"""', "'''y\n'''''", '"""\\""""""']


@pytest.mark.parametrize(
    "text",
    [
        "a = \"it's ''' here\"\n[b.c]\n",  # triple quotes inside a basic string
        'a = \'say """\'\n[b.c]\n',  # ... inside a literal string
        "# a ''' comment\n[b.c]\n",
        "a = \"x\u2028# '''\u2028'''\"\n[b.c]\n",  # U+2028 is no line break
        'a = "\\"\\"\\""\n[b.c]\n',  # escaped quotes
    ],
)
def test_triple_quotes_that_open_nothing(text: str) -> None:
    assert multiline_string_spans(text) == []


def test_a_string_left_open_runs_to_the_end() -> None:
    text = 'a = """x\n[b.c]\n'
    assert multiline_string_spans(text) == [(4, len(text))]


CONTEXT_DOC = (
    'a = "x,}" # c{\n'
    "b = 'y\\e'\n"
    'c = """\n'
    "z{ # not a comment\n"
    '""" ; d = {e = 1}\n'
    "f = '''q'''\n"
)


@pytest.mark.parametrize(
    ("marker", "kind"),
    [
        (",}", BASIC),
        ("c{", COMMENT),
        ("\\e", LITERAL),
        ("z{", ML_BASIC),
        ("# not", ML_BASIC),
        ("{e", CODE),
        ("q'", ML_LITERAL),
        ("b =", CODE),
    ],
)
def test_context_at_says_what_a_position_lies_in(marker: str, kind: str) -> None:
    spans = multiline_string_spans(CONTEXT_DOC)
    assert context_at(CONTEXT_DOC, CONTEXT_DOC.index(marker), spans)[0] == kind


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("{a = 1, b = [1,\n 2], c = {d = 1}}", None),
        ('{a = """x\ny"""}', None),
        ("{a = 1,\n b = 2}", "newline"),
        ("{a = 1, # c\n}", "newline"),
        ("{a = [1, 2], }", "comma"),
        ('{a = "}", b = {c = 1 ,}}', "comma"),
    ],
)
def test_inline_table_fault_finds_what_only_toml_1_1_allows(text: str, fault: str | None) -> None:
    found = inline_table_fault(text, 0)
    assert (found[1] if found else None) == fault
